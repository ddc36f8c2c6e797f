"""qmark's exceptions: one class per error code of the C++ library (qmark::errc).

Every error qmark raises is a :class:`QmarkError`. Its subclass names the code
(``UnknownNodeError`` for ``unknown_node``…) and it carries where the problem is: a JSON
Pointer into the document and, for malformed JSON, the line and column.
"""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Type


class QmarkError(Exception):
    """Base class of every error qmark raises.

    Attributes:
        code: the error code's name, e.g. ``"unknown_node"`` (see ``qmark::errc``).
        message: what is wrong, for a person.
        pointer: JSON Pointer (RFC 6901) to the offending member, or None when the problem
            concerns the document as a whole.
        line, column: 1-based position in the JSON text for malformed JSON, else None.
        more: further problems found in the same pass (framework loading reports all).
        index: for errors from ``Framework.assess_many``, the position of the audit.
    """

    code: str = "internal"

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        pointer: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        more: Iterable["QmarkError"] = (),
        index: Optional[int] = None,
    ) -> None:
        """An error with ``code`` (by default the class's own) and where it is."""
        super().__init__(message)
        self.code = code if code is not None else type(self).code
        self.message = message
        self.pointer = pointer or None
        self.line = line or None
        self.column = column or None
        self.more = list(more)
        self.index = index

    def __str__(self) -> str:
        text = self.message
        if self.line:
            text += f" (at line {self.line}, column {self.column})"
        elif self.pointer:
            text += f" (at {self.pointer})"
        if self.more:
            text += f" (and {len(self.more)} more problem{'s' if len(self.more) > 1 else ''})"
        if self.index is not None:
            text = f"audit {self.index}: {text}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, pointer={self.pointer!r})"

    def __reduce__(self):  # type: ignore[override]
        # Keyword-only arguments do not survive BaseException's default pickling.
        return (
            _rebuild,
            (type(self), self.message, self.code, self.pointer, self.line, self.column, self.more, self.index),
        )


def _rebuild(cls: Type[QmarkError], message: str, code: str, pointer: Optional[str], line: Optional[int],
             column: Optional[int], more: Iterable[QmarkError], index: Optional[int]) -> QmarkError:
    """Recreates an unpickled error."""
    return cls(message, code=code, pointer=pointer, line=line, column=column, more=more, index=index)


class MalformedJsonError(QmarkError):
    """Not JSON at all; ``line`` and ``column`` say where the parser stopped."""

    code = "malformed_json"


class WrongFormatError(QmarkError):
    """A missing or wrong ``"qmark"`` format tag (e.g. an overlay where an audit was expected)."""

    code = "wrong_format"


class UnsupportedVersionError(QmarkError):
    """The right kind of document in a major version this reader does not know."""

    code = "unsupported_version"


class UnknownFrameworkError(QmarkError):
    """Names a framework the engine does not have."""

    code = "unknown_framework"


class InvalidDocumentError(QmarkError):
    """A missing member, a wrong type or a bad value."""

    code = "invalid_document"


class UnknownNodeError(QmarkError):
    """Names a node the framework (with its overlay) does not have."""

    code = "unknown_node"


class UnknownLevelError(QmarkError):
    """A level that is not on the node's scale."""

    code = "unknown_level"


class UnknownParameterError(QmarkError):
    """A rule or overlay names a parameter that does not exist."""

    code = "unknown_parameter"


class DuplicateIdError(QmarkError):
    """Two nodes, levels, evidence items… share an id."""

    code = "duplicate_id"


class InvalidDateError(QmarkError):
    """Not an ISO 8601 calendar date, or an impossible one (2026-02-30)."""

    code = "invalid_date"


class UnknownKindError(QmarkError):
    """An unknown evidence kind, node kind or rule type."""

    code = "unknown_kind"


class UnknownGroupError(QmarkError):
    """An unknown stakeholder group."""

    code = "unknown_group"


class NegativeCountError(QmarkError):
    """A count that must be non-negative is negative."""

    code = "negative_count"


class NotJudgeableError(QmarkError):
    """A judgement on a node whose kind takes no judgement."""

    code = "not_judgeable"


class CycleError(QmarkError):
    """A reference cycle in framework data."""

    code = "cycle"


class OverlayMismatchError(QmarkError):
    """An overlay or audit made for another framework (or overlay)."""

    code = "overlay_mismatch"


class IoError(QmarkError, OSError):
    """A file could not be read or written (also an :class:`OSError`)."""

    code = "io_error"


class LimitExceededError(QmarkError):
    """A document larger or deeper than the documented limits."""

    code = "limit_exceeded"


class InvalidArgumentError(QmarkError, ValueError):
    """The caller passed something unusable (also a :class:`ValueError`)."""

    code = "invalid_argument"


class InternalError(QmarkError):
    """A bug in qmark (or a part not written yet); please report it."""

    code = "internal"


#: The class raised for each error code.
ERROR_CLASSES: Dict[str, Type[QmarkError]] = {
    cls.code: cls
    for cls in (
        MalformedJsonError, WrongFormatError, UnsupportedVersionError, UnknownFrameworkError,
        InvalidDocumentError, UnknownNodeError, UnknownLevelError, UnknownParameterError, DuplicateIdError,
        InvalidDateError, UnknownKindError, UnknownGroupError, NegativeCountError, NotJudgeableError,
        CycleError, OverlayMismatchError, IoError, LimitExceededError, InvalidArgumentError, InternalError,
    )
}


def _from_native(code: str, message: str, pointer: str, line: int, column: int,
                 more: Iterable[QmarkError]) -> QmarkError:
    """Makes the exception for a ``qmark::error`` (called by the compiled module)."""
    cls = ERROR_CLASSES.get(code, QmarkError)
    return cls(message, code=code, pointer=pointer, line=line, column=column, more=more)
