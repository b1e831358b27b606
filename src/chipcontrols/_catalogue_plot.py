"""The catalogue map: chips by total processing performance and performance density against the thresholds.

Part of :mod:`chipcontrols.plots` (which exports :func:`plot_catalogue` and :data:`CLASS_COLORS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ._model import Chip, CriteriaVersion, Op, ReviewPolicyChange, Spec
from ._plot_base import book_of, check_axes, require_matplotlib, sequence
from ._rulebook import Rulebook

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["CLASS_COLORS", "plot_catalogue"]

#: The colour of each classification in :func:`plot_catalogue` (``None``: not controlled).
CLASS_COLORS: Mapping[str | None, str] = MappingProxyType(
    {"3A090.a": "#721f81", "3A090.b": "#de4968", "3A090.c": "#febf84", None: "#8c8c8c", "undetermined": "#ffffff"}
)


def _rectangles(version: CriteriaVersion) -> list[tuple[str, float, float, float, float, str]]:
    """Each paragraph as a rectangle in the (TPP, performance density) plane, with its other tests in words."""
    out = []
    for para in version.paragraphs:
        lo = {Spec.TPP: 0.0, Spec.PERFORMANCE_DENSITY: 0.0}
        hi = {Spec.TPP: float("inf"), Spec.PERFORMANCE_DENSITY: float("inf")}
        others = []
        for t in para.tests:
            if t.spec in lo and t.op in (Op.GE, Op.GT):
                lo[t.spec] = max(lo[t.spec], t.value)
            elif t.spec in lo:
                hi[t.spec] = min(hi[t.spec], t.value)
            else:
                others.append(str(t))
        if para.datacenter is not None:
            others.append("datacenter" if para.datacenter else "not datacenter")
        if para.category.value != "logic":
            continue  # memory (HBM) is not in this plane
        out.append(
            (
                para.prong,
                lo[Spec.TPP],
                hi[Spec.TPP],
                lo[Spec.PERFORMANCE_DENSITY],
                hi[Spec.PERFORMANCE_DENSITY],
                ", ".join(others),
            )
        )
    return out


def plot_catalogue(
    chips: Sequence[str | Chip] | None = None,
    *,
    on: dt.date | str | None = None,
    rulebook: Rulebook | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Chips by total processing performance and performance density, against the thresholds of a day.

    The criteria in force on ``on`` (default: the record's review day) are drawn as regions, one
    per paragraph (tests on other figures, such as the 2022 interconnect test, are named in the
    legend); limits of a review-policy change in force then (the January 2026 rule's TPP below
    21,000) are dashed lines. Each chip is a point coloured by its classification on that day; a
    chip whose die area is unknown sits on the bottom strip, hollow; a chip without TPP is left out
    (the title counts them). Chips with the same figures share one label.

    >>> import matplotlib.pyplot as plt
    >>> from chipcontrols.plots import plot_catalogue
    >>> ax = plot_catalogue(["H100 SXM", "H20", "RTX 4090"], on="2024-06-01")
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "chip-label")
    ['H100 SXM', 'H20', 'RTX 4090']
    >>> plt.close(ax.figure)
    """
    require_matplotlib("plot_catalogue()")
    book = book_of(rulebook)
    check_axes(ax)
    day = book.info.reviewed if on is None else book.day(on, "on")
    the_chips = (
        list(book.chips)
        if chips is None
        else [book.chip(c) for c in sequence(chips, "chips", "a list of chips (a single one goes in a list)")]  # type: ignore[arg-type]
    )
    in_force = [v for v in book.criteria if v.start <= day]
    version = max(in_force, key=lambda v: v.start) if in_force else None

    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(11.0, 7.0), layout="constrained")
    placed = [c for c in the_chips if c.total_processing_performance]
    known = [c.performance_density for c in placed if c.performance_density]
    x_lo = min([c.total_processing_performance or 1e3 for c in placed] + [1e3]) / 1.6
    x_hi = max([c.total_processing_performance or 1e5 for c in placed] + [1e5]) * 1.6
    y_lo = min([*known, 0.5]) / 1.6
    y_hi = max([*known, 20.0]) * 1.6
    strip = y_lo * 1.15  # chips whose density is unknown
    handles: list[object] = []
    if version is not None:
        for prong, t_lo, t_hi, d_lo, d_hi, others in _rectangles(version):
            code = prong.rsplit(".", 1)[0] if prong.count(".") > 1 else prong
            colour = CLASS_COLORS.get(code, "#cccccc")
            x0, x1 = max(t_lo, x_lo), min(t_hi, x_hi)
            y0, y1 = max(d_lo, y_lo), min(d_hi, y_hi)
            if x1 <= x0 or y1 <= y0:
                continue
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, alpha=0.12, edgecolor=colour, lw=0.8))
            label = prong + (f" (and {others})" if others else "")
            handles.append(Patch(facecolor=colour, alpha=0.3, edgecolor=colour, label=label))
    for limit, cite in _policy_limits(book, day):
        ax.axvline(limit, color="0.25", linestyle="--", linewidth=1.0)
        handles.append(Line2D([], [], color="0.25", linestyle="--", label=f"TPP < {limit:,.0f} ({cite})"))
    names_at: dict[tuple[float, float], list[str]] = {}  # chips with the same figures share one label
    for c in placed:
        tpp = c.total_processing_performance
        assert tpp is not None
        density = c.performance_density
        cls = book.explain_classification(c, day)
        key = cls.paragraph if cls.determinate else "undetermined"
        colour = CLASS_COLORS.get(key, CLASS_COLORS[None])
        y = density if density else strip
        edge = "0.2" if key == "undetermined" else colour
        ax.scatter(
            [tpp], [y], s=36, zorder=3, edgecolors=edge, facecolors=colour if density else "none", linewidths=1.4
        )
        names_at.setdefault((tpp, y), []).append(c.name)
    for (tpp, y), names in names_at.items():
        on_strip = y == strip  # labels of the strip stand up, so neighbours do not run into each other
        ax.annotate(
            ", ".join(names),
            (tpp, y),
            xytext=(2, 6) if on_strip else (4, 3),
            textcoords="offset points",
            fontsize=7,
            rotation=60 if on_strip else 0,
            rotation_mode="anchor",
            gid="chip-label",
        )
    ax.axhline(strip * 1.25, color="0.8", linewidth=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("total processing performance (TPP)")
    ax.set_ylabel("performance density (TPP / mm²); bottom strip: die area unknown")
    for key, label in (
        ("3A090.a", "3A090.a"),
        ("3A090.b", "3A090.b"),
        (None, "not controlled"),
        ("undetermined", "undetermined"),
    ):
        handles.append(
            Line2D(
                [], [], marker="o", linestyle="", markerfacecolor=CLASS_COLORS[key], markeredgecolor="0.2", label=label
            )
        )
    ax.legend(handles=handles, fontsize=7.5, loc="upper left", frameon=False)
    left_out = len(the_chips) - len(placed)
    title = f"Chips against the criteria in force on {day.isoformat()}" + (f" ({version.id})" if version else " (none)")
    title += f"\n{len(placed)} chips" + (f"; {left_out} without a TPP figure left out" if left_out else "")
    ax.set_title(title, loc="left", fontsize=10)
    return ax


def _policy_limits(book: Rulebook, day: dt.date) -> list[tuple[float, str]]:
    """TPP limits of review-policy changes in effect on ``day`` (as the whole record knows them)."""
    out: dict[float, str] = {}
    for inst in book.instruments:
        for a in inst.amendments:
            if isinstance(a, ReviewPolicyChange) and a.within_items is not None and a.start_in(inst) <= day:
                for t in a.within_items.bounds:
                    if t.spec is Spec.TPP and t.op in (Op.LT, Op.LE):
                        out.setdefault(t.value, inst.citation.short)
    return sorted(out.items())
