"""qmark — a rule engine for school inclusion and school-improvement frameworks.

Load a framework, assess audits, read the decisions::

    import qmark
    fw = qmark.framework(qmark.frameworks()[0])    # a built-in framework
    decision = fw.assess("audit.json")               # a dict, JSON text or a path
    decision.outcome, decision.award, decision.limiting_failures
    decision.to_dict()                               # the decision/1 document

Many audits at once, on C++ threads with the GIL released::

    decisions = fw.assess_many(audits, threads=4)
    qmark.to_dataframe(decisions)                    # pandas, one row per decision
    qmark.plot.profile(decisions[0])                 # matplotlib radar chart

Errors raise :class:`QmarkError` subclasses carrying ``code``, ``message``, ``pointer``,
``line`` and ``column``. Frameworks, overlays and decisions pickle, so they travel to
worker processes (multiprocessing, Dask). pandas and matplotlib are imported only by the
functions that need them.
"""

from . import _qmark
from ._api import (
    Compliance,
    Decision,
    Framework,
    Overlay,
    Source,
    assess,
    framework,
    frameworks,
    load_framework,
    load_overlay,
)
from ._errors import (
    ERROR_CLASSES,
    CycleError,
    DuplicateIdError,
    InternalError,
    InvalidArgumentError,
    InvalidDateError,
    InvalidDocumentError,
    IoError,
    LimitExceededError,
    MalformedJsonError,
    NegativeCountError,
    NotJudgeableError,
    OverlayMismatchError,
    QmarkError,
    UnknownFrameworkError,
    UnknownGroupError,
    UnknownKindError,
    UnknownLevelError,
    UnknownNodeError,
    UnknownParameterError,
    UnsupportedVersionError,
    WrongFormatError,
)
from ._frames import to_dataframe
from . import plot

#: The library's version, "MAJOR.MINOR.PATCH", as built.
__version__: str = _qmark.__version__

__all__ = [
    "__version__",
    "frameworks", "framework", "load_framework", "load_overlay", "assess", "to_dataframe", "plot",
    "Framework", "Overlay", "Decision", "Compliance", "Source",
    "QmarkError", "ERROR_CLASSES",
    "MalformedJsonError", "WrongFormatError", "UnsupportedVersionError", "UnknownFrameworkError",
    "InvalidDocumentError", "UnknownNodeError", "UnknownLevelError", "UnknownParameterError", "DuplicateIdError",
    "InvalidDateError", "UnknownKindError", "UnknownGroupError", "NegativeCountError", "NotJudgeableError",
    "CycleError", "OverlayMismatchError", "IoError", "LimitExceededError", "InvalidArgumentError",
    "InternalError",
]
