"""Decisions as pandas tables (pandas is imported only when asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List

from ._api import Decision

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Columns of ``to_dataframe(decisions)``: one row per decision.
WIDE_COLUMNS = [
    "school_id", "framework", "framework_version", "overlay", "assessed_on", "judged_by", "outcome", "award",
    "decided_by", "final", "limiting_failures", "n_limiting_failures", "n_findings", "n_must_findings",
    "next_target", "next_needs", "n_actions", "decided_on", "valid_until", "reapply_from",
]

#: Columns of ``to_dataframe(decisions, long=True)``: one row per node of each decision.
LONG_COLUMNS = ["school_id", "framework", "overlay", "assessed_on", "node", "depth", "claimed", "effective",
                "basis"]


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "qmark.to_dataframe needs pandas, which is not installed "
            "(on Debian: apt-get install python3-pandas)") from e
    return pandas


def _wide_row(d: Decision) -> Dict[str, Any]:
    data = d.to_dict()
    next_level = data["next_level"][0] if data["next_level"] else None
    overlay = data["framework"].get("overlay")
    return {
        "school_id": data["school"]["id"],
        "framework": data["framework"]["id"],
        "framework_version": data["framework"]["version"],
        "overlay": overlay["id"] if overlay else None,
        "assessed_on": data["assessed_on"],
        "judged_by": data["judged_by"],
        "outcome": data["outcome"],
        "award": data["award"],
        "decided_by": data["decided_by"],
        "final": bool(data.get("final", False)),
        "limiting_failures": " ".join(data["limiting_failures"]),
        "n_limiting_failures": len(data["limiting_failures"]),
        "n_findings": len(data["findings"]),
        "n_must_findings": sum(1 for f in data["findings"] if f.get("severity") == "must"),
        "next_target": next_level["target"] if next_level else None,
        "next_needs": " ".join(next_level["needs"]) if next_level else "",
        "n_actions": len(data["actions"]),
        "decided_on": data["dates"]["decided_on"],
        "valid_until": data["dates"]["valid_until"],
        "reapply_from": data["dates"]["reapply_from"],
    }


def _long_rows(d: Decision) -> List[Dict[str, Any]]:
    data = d.to_dict()
    overlay = data["framework"].get("overlay")
    depth = {n["id"]: n["depth"] for n in d.framework.nodes}
    common = {
        "school_id": data["school"]["id"],
        "framework": data["framework"]["id"],
        "overlay": overlay["id"] if overlay else None,
        "assessed_on": data["assessed_on"],
    }
    return [
        dict(common, node=node, depth=depth.get(node), claimed=level.get("claimed"),
             effective=level.get("effective"), basis=level.get("basis"))
        for node, level in data["levels"].items()
    ]


def to_dataframe(decisions: Iterable[Decision], long: bool = False) -> "pandas.DataFrame":
    """Decisions as a pandas DataFrame.

    By default one row per decision with the columns in ``WIDE_COLUMNS``: ``school_id``,
    ``framework``, ``overlay``, ``assessed_on``, ``outcome``, ``award``,
    ``limiting_failures`` (space-separated ids), ``n_findings``, ``next_needs``… With
    ``long=True``, one row per node of each decision (``LONG_COLUMNS``): ``school_id``,
    ``framework``, ``node``, ``claimed``, ``effective``, ``basis``… Dates are pandas
    timestamps. Needs pandas (imported here, not by ``import qmark``).
    """
    pandas = _import_pandas()
    decisions = list(decisions)
    for d in decisions:
        if not isinstance(d, Decision):
            raise TypeError(f"to_dataframe takes qmark.Decision objects, not {type(d).__name__}")
    if long:
        rows = [row for d in decisions for row in _long_rows(d)]
        frame = pandas.DataFrame(rows, columns=LONG_COLUMNS)
        frame["depth"] = frame["depth"].astype("Int64")
        date_columns = ["assessed_on"]
    else:
        frame = pandas.DataFrame([_wide_row(d) for d in decisions], columns=WIDE_COLUMNS)
        for column in ("n_limiting_failures", "n_findings", "n_must_findings", "n_actions"):
            frame[column] = frame[column].astype("int64")
        frame["final"] = frame["final"].astype(bool)
        date_columns = ["assessed_on", "decided_on", "valid_until", "reapply_from"]
    for column in date_columns:
        frame[column] = pandas.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
