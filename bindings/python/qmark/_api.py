"""Frameworks, overlays, decisions and compliance results: the Pythonic layer over the
compiled module ``qmark._qmark`` (which takes and gives JSON text)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import threading
import weakref
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _errors, _qmark

#: What qmark accepts as a document: a dict, JSON text (str or bytes) or a path.
Source = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]


# ----------------------------------------------------------------------------- reading


def _json_default(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _read_file(path: Union[str, bytes], what: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        name = os.fsdecode(path)
        raise _errors.IoError(f"{name}: cannot read the {what}: {e.strerror or e}") from e


def _read_source(source: Any, what: str) -> Union[str, bytes]:
    """The JSON text of a document given as a dict, JSON text or a path.

    A str is JSON text when it starts (after white space) with ``{`` or ``[``, and a path
    otherwise; bytes are always JSON text. Files are read as bytes, exactly as the CLI reads
    them. A dict of plain data is written by the compiled module (as json.dumps writes it,
    UTF-8 encoded); anything else in a Mapping goes through json.dumps.
    """
    if isinstance(source, Mapping):
        text = _qmark.dumps(source)
        if text is not None:
            return text
        try:
            return json.dumps(source, ensure_ascii=False, allow_nan=False, default=_json_default)
        except (TypeError, ValueError) as e:
            raise _errors.InvalidArgumentError(f"the {what} is not JSON data: {e}") from e
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str):
        if source.lstrip().startswith(("{", "[")):
            return source
        return _read_file(source, what)
    if isinstance(source, os.PathLike):
        return _read_file(os.fspath(source), what)
    raise TypeError(f"a {what} is a dict, JSON text or a path, not {type(source).__name__}")


# ----------------------------------------------------------------------------- overlays


class Overlay:
    """An ``overlay/1`` document: a partial framework that modifies a base framework (a local
    authority's thresholds, which standards are limiting, dropped areas) without copying it.

    Get one with :func:`qmark.load_overlay`; apply it with :meth:`Framework.with_overlay`.
    Pickles as its document.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _qmark.Overlay) -> None:
        """Wraps a compiled overlay; use :func:`qmark.load_overlay` to make one."""
        if not isinstance(native, _qmark.Overlay):
            raise TypeError("use qmark.load_overlay() to read an overlay")
        self._native = native

    @property
    def id(self) -> str:
        """The overlay's id."""
        return self._native.id

    @property
    def version(self) -> str:
        """The overlay's version."""
        return self._native.version

    @property
    def base(self) -> str:
        """Id of the framework the overlay applies to."""
        return self._native.base

    @property
    def document(self) -> Dict[str, Any]:
        """The overlay document, as data (a new dict each time)."""
        return json.loads(self._native.document_json())

    def __repr__(self) -> str:
        return f"<Overlay {self.id} {self.version} base={self.base}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Overlay):
            return NotImplemented
        return self._native.document_json() == other._native.document_json()

    def __hash__(self) -> int:
        return hash(self._native.document_json())

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (_restore_overlay, (self._native.document_json(),))


def _restore_overlay(document: str) -> Overlay:
    """Recreates an unpickled overlay from its document."""
    return Overlay(_qmark.Overlay.parse(document))


def load_overlay(source: Source) -> Overlay:
    """Reads an ``overlay/1`` document: a dict, JSON text or a path (str or pathlib.Path).

    Raises a :class:`qmark.QmarkError` subclass when the document is invalid.
    """
    if isinstance(source, Overlay):
        return source
    return Overlay(_qmark.Overlay.parse(_read_source(source, "overlay")))


# ----------------------------------------------------------------------------- frameworks


class Framework:
    """A compiled framework (``framework/1``), possibly with an overlay applied.

    Immutable and safe to share between threads. Get one with :func:`qmark.framework`
    (built in) or :func:`qmark.load_framework`. Pickles as its document and overlay, so it
    travels to worker processes.
    """

    __slots__ = ("_native", "_state", "_nodes", "__weakref__")

    def __init__(self, native: _qmark.Framework) -> None:
        """Wraps a compiled framework; use :func:`qmark.framework` or :func:`qmark.load_framework`."""
        if not isinstance(native, _qmark.Framework):
            raise TypeError("use qmark.framework() or qmark.load_framework() to get a framework")
        self._native = native
        self._state: Optional[Tuple[str, Optional[str]]] = None
        self._nodes: Optional[List[Dict[str, Any]]] = None

    @property
    def id(self) -> str:
        """The framework's id."""
        return self._native.id

    @property
    def version(self) -> str:
        """The framework's version."""
        return self._native.version

    @property
    def title(self) -> str:
        """The framework's title."""
        return self._native.title

    @property
    def overlay_id(self) -> Optional[str]:
        """Id of the applied overlay, or None."""
        return self._native.overlay_id or None

    @property
    def overlay_version(self) -> Optional[str]:
        """Version of the applied overlay, or None."""
        return self._native.overlay_version or None

    @property
    def overlay(self) -> Optional[Overlay]:
        """The overlay :meth:`with_overlay` applied, or None."""
        native = self._native.overlay
        return Overlay(native) if native is not None else None

    @property
    def document(self) -> Dict[str, Any]:
        """The framework document (with the overlay applied), as data (a new dict each time)."""
        return json.loads(self._native.document_json())

    @property
    def nodes(self) -> List[Dict[str, Any]]:
        """The nodes in framework order, each a dict: ``id``, ``title``, ``statement``,
        ``kind``, ``parent`` (id or None), ``depth``, ``children`` (ids), ``judgeable``,
        ``aggregate``, ``limiting``, ``levels`` (its scale's level ids, lowest first, or None).
        Treat as read-only."""
        if self._nodes is None:
            self._nodes = self._native.nodes()
        return self._nodes

    @property
    def outcomes(self) -> List[Dict[str, Any]]:
        """The outcomes the framework decides, lowest first: ``id``, ``title``, ``award``."""
        return self._native.outcomes()

    def with_overlay(self, overlay: Union[Overlay, Source]) -> "Framework":
        """This framework with an overlay applied (a new framework; this one is unchanged).

        ``overlay`` is an :class:`Overlay` or anything :func:`qmark.load_overlay` reads.
        """
        return Framework(self._native.with_overlay(load_overlay(overlay)._native))

    def assess(self, audit: Source, *, trace: bool = True) -> "Decision":
        """Assesses one ``audit/1`` document (a dict, JSON text or a path) → :class:`Decision`.

        ``trace=False`` leaves the rule trace out of the decision. Raises a
        :class:`qmark.QmarkError` subclass when the audit is invalid. Releases the GIL.
        """
        return Decision(self, self._native.assess(_read_source(audit, "audit"), trace))

    def assess_many(self, audits: Iterable[Source], threads: Optional[int] = None, *, trace: bool = True,
                    errors: str = "raise") -> List[Any]:
        """Assesses many audits on a pool of C++ threads with the GIL released.

        ``threads`` is the pool size (None or 0: one per core). Decisions come back in the
        order of ``audits`` and are the same as :meth:`assess` gives one by one. With
        ``errors="raise"`` (the default) the first invalid audit's error is raised, its
        ``index`` set; with ``errors="return"`` the error takes the audit's place in the list.
        """
        if errors not in ("raise", "return"):
            raise ValueError('errors must be "raise" or "return"')
        if threads is not None and (not isinstance(threads, int) or isinstance(threads, bool)):
            raise TypeError("threads must be an int or None")
        texts: List[Union[str, bytes]] = []
        failed: Dict[int, _errors.QmarkError] = {}
        for i, audit in enumerate(audits):
            try:
                texts.append(_read_source(audit, "audit"))
            except _errors.QmarkError as e:
                failed[i] = e
                texts.append("")
                if errors == "raise":
                    break  # an audit before this one may fail first: assess those
        results = self._native.assess_many(texts, threads or 0, trace)
        out: List[Any] = []
        for i, result in enumerate(results):
            if i in failed:
                result = failed[i]
            if not isinstance(result, BaseException):
                out.append(Decision(self, result))
                continue
            result.index = i
            if errors == "raise":
                raise result
            out.append(result)
        return out

    def check_plan(self, plan: Source) -> "Compliance":
        """Checks a school development plan (``plan/1``: a dict, JSON text or a path) against
        the framework's plan rules → :class:`Compliance`. Releases the GIL."""
        text, compliant = self._native.check_plan(_read_source(plan, "plan"))
        return Compliance(self, text, compliant)

    def _pickle_state(self) -> Tuple[str, Optional[str]]:
        if self._state is None:
            base = self._native.base_document_json()
            overlay = self._native.overlay
            self._state = (base, overlay.document_json() if overlay is not None else None)
        return self._state

    def __repr__(self) -> str:
        overlay = f" overlay={self.overlay_id}" if self.overlay_id else ""
        return f"<Framework {self.id} {self.version}{overlay}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self is other or self._native.document_json() == other._native.document_json()

    def __hash__(self) -> int:
        return hash((self.id, self.version, self.overlay_id))

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (_restore_framework, self._pickle_state())


_restored: "weakref.WeakValueDictionary[str, Framework]" = weakref.WeakValueDictionary()
_restored_lock = threading.Lock()


def _restore_framework(document: str, overlay: Optional[str]) -> Framework:
    """Recreates an unpickled framework from its document and overlay. Frameworks that are
    still alive in this process are reused, so unpickling many decisions compiles once."""
    key = hashlib.sha256(document.encode() + b"\0" + (overlay or "").encode()).hexdigest()
    with _restored_lock:
        fw = _restored.get(key)
        if fw is None:
            fw = Framework(_qmark.Framework.load(document))
            if overlay is not None:
                fw = Framework(fw._native.with_overlay(_qmark.Overlay.parse(overlay)))
            fw._state = (document, overlay)
            _restored[key] = fw
        return fw


def frameworks() -> List[str]:
    """Ids of the built-in frameworks, sorted."""
    return list(_qmark.frameworks())


def framework(id: str) -> Framework:
    """The built-in framework with this id (see :func:`frameworks`).

    Raises :class:`qmark.UnknownFrameworkError` for an id that is not built in.
    """
    if not isinstance(id, str):
        raise TypeError(f"a framework id is a str, not {type(id).__name__}")
    return Framework(_qmark.Framework.builtin(id))


def load_framework(source: Source) -> Framework:
    """Loads and compiles a ``framework/1`` document: a dict, JSON text or a path (str or
    pathlib.Path). Every problem is reported: the first is the error raised, the rest are in
    its ``more``."""
    return Framework(_qmark.Framework.load(_read_source(source, "framework")))


def assess(audit: Source, *, overlay: Union[Overlay, Source, None] = None, trace: bool = True) -> "Decision":
    """Assesses an audit against the built-in framework it names (with ``overlay`` applied,
    if given), as ``qmark assess AUDIT [--overlay F]`` does. → :class:`Decision`."""
    text = _read_source(audit, "audit")
    fw = framework(_qmark.audit_framework(text))
    if overlay is not None:
        fw = fw.with_overlay(overlay)
    return Decision(fw, fw._native.assess(text, trace))


# ----------------------------------------------------------------------------- results


class Decision:
    """The engine's decision on one audit (``decision/1``): the outcome and award, the
    effective level of every node and why, limiting failures, findings, next-level gaps, a
    draft action plan, dates and the rule trace.

    :meth:`to_dict` is the document ``qmark assess AUDIT --format json`` prints and
    :meth:`to_json` its exact text. Attribute values are shared: treat them as read-only
    (``to_dict()`` gives a fresh copy). Pickles as its JSON and its framework.
    """

    __slots__ = ("_framework", "_source", "_doc")

    def __init__(self, framework: Framework, text: Union[str, "_qmark.Decision"]) -> None:
        """A decision of ``framework`` from its ``decision/1`` text (as :meth:`to_json` gives)."""
        if not isinstance(framework, Framework):
            raise TypeError("a Decision needs the Framework that made it")
        self._framework = framework
        # The text, or the engine's decision until the text is first needed (then written once).
        self._source = text
        self._doc: Optional[Dict[str, Any]] = None

    @property
    def _text(self) -> str:
        source = self._source
        if not isinstance(source, str):
            source = self._source = source.json()
        return source

    @property
    def _data(self) -> Dict[str, Any]:
        if self._doc is None:
            self._doc = json.loads(self._text)
        return self._doc

    @property
    def framework(self) -> Framework:
        """The framework (with its overlay) that made the decision."""
        return self._framework

    @property
    def framework_id(self) -> str:
        """Id of the framework that made the decision."""
        return self._data["framework"]["id"]

    @property
    def framework_version(self) -> str:
        """Version of the framework that made the decision."""
        return self._data["framework"]["version"]

    @property
    def overlay_id(self) -> Optional[str]:
        """Id of the overlay the framework had, or None."""
        overlay = self._data["framework"].get("overlay")
        return overlay["id"] if overlay else None

    @property
    def school_id(self) -> str:
        """The school's id, as the audit gave it."""
        return self._data["school"]["id"]

    @property
    def assessed_on(self) -> _dt.date:
        """The assessment date."""
        return _dt.date.fromisoformat(self._data["assessed_on"])

    @property
    def judged_by(self) -> str:
        """Who judged the audit: self, moderator or assessor."""
        return self._data["judged_by"]

    @property
    def outcome(self) -> Optional[str]:
        """Id of the outcome decided."""
        return self._data["outcome"]

    @property
    def award(self) -> Optional[str]:
        """The award the outcome carries, or None."""
        return self._data["award"]

    @property
    def decided_by(self) -> str:
        """Id of the outcome rule that fired."""
        return self._data["decided_by"]

    @property
    def final(self) -> bool:
        """Whether the lifecycle's final judge made the decision."""
        return bool(self._data.get("final", False))

    @property
    def levels(self) -> Dict[str, Dict[str, Any]]:
        """Node id → ``{"claimed", "effective", "basis", …}`` (``counts`` for count
        aggregates, ``evidence`` where valid evidence counted), in framework order."""
        return self._data["levels"]

    @property
    def limiting_failures(self) -> List[str]:
        """Ids of the limiting nodes that did not reach the level they must."""
        return self._data["limiting_failures"]

    @property
    def findings(self) -> List[Dict[str, Any]]:
        """Findings, each ``{"code", "node", "severity", "message", …}``."""
        return self._data["findings"]

    @property
    def next_level(self) -> List[Dict[str, Any]]:
        """The next outcome up and the smallest set of nodes that would reach it:
        ``[{"target", "needs", "reachable"}]`` (empty at the top)."""
        return self._data["next_level"]

    @property
    def actions(self) -> List[Dict[str, Any]]:
        """The draft action plan: ``{"node", "title", "level", "evidence_suggestions",
        "success_criteria"}`` per node to raise."""
        return self._data["actions"]

    @property
    def dates(self) -> Dict[str, Optional[str]]:
        """``decided_on``, ``valid_until`` and ``reapply_from`` (ISO dates or None)."""
        return self._data["dates"]

    @property
    def trace(self) -> List[Dict[str, Any]]:
        """Every rule evaluated: ``{"rule", "result", "inputs"}`` (empty with trace=False)."""
        return self._data["trace"]

    def to_dict(self) -> Dict[str, Any]:
        """The ``decision/1`` document as data (a new dict each call)."""
        return json.loads(self._text)

    def to_json(self) -> str:
        """The ``decision/1`` document as text, byte for byte what
        ``qmark assess AUDIT --format json`` prints."""
        return self._text

    def __repr__(self) -> str:
        return f"<Decision {self.framework_id} {self.school_id} {self.outcome} award={self.award}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self._text == other._text

    def __hash__(self) -> int:
        return hash(self._text)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (Decision, (self._framework, self._text))


class Compliance:
    """The result of checking a school development plan (``compliance/1``): a verdict and
    one result per plan rule. Pickles as its JSON and its framework."""

    __slots__ = ("_framework", "_text", "_compliant", "_doc")

    def __init__(self, framework: Framework, text: str, compliant: bool) -> None:
        """A compliance result of ``framework`` from its ``compliance/1`` text."""
        self._framework = framework
        self._text = text
        self._compliant = bool(compliant)
        self._doc: Optional[Dict[str, Any]] = None

    @property
    def _data(self) -> Dict[str, Any]:
        if self._doc is None:
            self._doc = json.loads(self._text)
        return self._doc

    @property
    def framework(self) -> Framework:
        """The framework whose plan rules were checked."""
        return self._framework

    @property
    def compliant(self) -> bool:
        """Whether every must-rule passed (or does not apply)."""
        return self._compliant

    @property
    def verdict(self) -> Optional[str]:
        """The verdict of the ``compliance/1`` document."""
        return self._data.get("verdict")

    @property
    def school_id(self) -> Optional[str]:
        """The school's id, as the plan gave it."""
        school = self._data.get("school")
        if isinstance(school, dict):
            return school.get("id")
        return self._data.get("school_id")

    @property
    def rules(self) -> Any:
        """One entry per plan rule: ``severity``, ``result``, ``message``, …"""
        return self._data.get("rules", [])

    def to_dict(self) -> Dict[str, Any]:
        """The ``compliance/1`` document as data (a new dict each call)."""
        return json.loads(self._text)

    def to_json(self) -> str:
        """The ``compliance/1`` document as text, as ``qmark check-plan --format json`` prints it."""
        return self._text

    def __repr__(self) -> str:
        return f"<Compliance {self._framework.id} {self.school_id} {self.verdict} compliant={self.compliant}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Compliance):
            return NotImplemented
        return (self._text, self._compliant) == (other._text, other._compliant)

    def __hash__(self) -> int:
        return hash(self._text)

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (Compliance, (self._framework, self._text, self._compliant))
