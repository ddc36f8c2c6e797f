"""Charts of decisions with matplotlib (imported only when a chart is drawn).

The charts draw on a :class:`matplotlib.figure.Figure` of their own unless given axes, so
they work without pyplot and without a display (any backend, Agg included)::

    ax = qmark.plot.profile(decision)
    ax.figure.savefig("profile.png")
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ._api import Decision

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["profile", "profile_values"]


def _import_matplotlib() -> Any:
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError as e:
        raise ImportError(
            "qmark.plot needs matplotlib, which is not installed "
            "(on Debian: apt-get install python3-matplotlib)") from e
    return Figure


def _leaf_levels(nodes: Dict[str, Dict[str, Any]], node: Dict[str, Any]) -> Optional[List[str]]:
    """The scale of the first leaf below ``node`` (what a count aggregate counts)."""
    while node["children"]:
        node = nodes[node["children"][0]]
    return node["levels"]


def profile_values(decision: Decision) -> List[Tuple[str, str, float, float]]:
    """The values :func:`profile` draws: for each top-level node (section, element, area…)
    ``(id, title, value, top)``.

    A node with an effective level gives its index on its scale (``top`` is the index of the
    scale's top level); a count aggregate gives the share of the leaves below it at the top
    level of their scale (``top`` is 1.0). A node with neither gives 0.
    """
    nodes = {n["id"]: n for n in decision.framework.nodes}
    out = []
    for node in nodes.values():
        if node["parent"] is not None:
            continue
        level = decision.levels.get(node["id"], {})
        effective = level.get("effective")
        counts = level.get("counts")
        if effective is not None and node["levels"]:
            out.append((node["id"], node["title"], float(node["levels"].index(effective)),
                        float(len(node["levels"]) - 1)))
        elif counts:
            leaf_levels = _leaf_levels(nodes, node)
            top = leaf_levels[-1] if leaf_levels else list(counts)[-1]
            total = sum(counts.values())
            out.append((node["id"], node["title"], counts.get(top, 0) / total if total else 0.0, 1.0))
        else:
            out.append((node["id"], node["title"], 0.0, 1.0))
    return out


def profile(decision: Decision, ax: Optional["Axes"] = None, *, color: Optional[str] = None,
            title: Optional[str] = None) -> "Axes":
    """Draws a radar chart of a decision's top-level nodes (sections, elements, areas…).

    Each spoke is one top-level node: its effective level's place on its scale, or, for a
    count aggregate, the share of its standards at the top level (see
    :func:`profile_values`); spokes are scaled so the top of each is the rim. ``ax`` must be
    polar axes (``fig.add_subplot(projection="polar")``); by default a new figure is made.
    Returns the axes; save with ``ax.figure.savefig(path)``.
    """
    if not isinstance(decision, Decision):
        raise TypeError(f"profile draws a qmark.Decision, not {type(decision).__name__}")
    Figure = _import_matplotlib()
    if ax is None:
        fig = Figure(figsize=(6.4, 6.4), layout="constrained")
        ax = fig.add_subplot(projection="polar")
    elif getattr(ax, "name", None) != "polar":
        raise ValueError('profile draws on polar axes: fig.add_subplot(projection="polar")')

    values = profile_values(decision)
    n = len(values)
    if n == 0:
        raise ValueError("the framework has no nodes to draw")
    shares = [value / top if top else 0.0 for _, _, value, top in values]
    angles = [2 * math.pi * i / n for i in range(n)]
    ax.set_theta_offset(math.pi / 2)  # the first node at the top, the rest clockwise
    ax.set_theta_direction(-1)
    ax.plot(angles + angles[:1], shares + shares[:1], color=color, linewidth=2, marker="o")
    ax.fill(angles + angles[:1], shares + shares[:1], color=color or ax.lines[-1].get_color(), alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels([node_id for node_id, _, _, _ in values])
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(["25%", "50%", "75%", "100%"], fontsize="small")
    ax.set_title(title if title is not None else
                 f"{decision.school_id}: {decision.outcome}" + (f" ({decision.award})" if decision.award else ""))
    return ax
