"""Plots of the regime over time: bands per destination, and a destinations x time heatmap.

Needs matplotlib (``pip install "chipcontrols[plot]"``), which is imported only when a plot
function is called: ``import chipcontrols`` and ``import chipcontrols.plots`` do not import it,
and without it the functions raise :class:`~chipcontrols.errors.MissingDependencyError`.

Both plots colour a :class:`~chipcontrols.Level` with :data:`LEVEL_COLORS`: seven evenly
spaced samples of matplotlib's ``magma`` colormap, from its light end (``magma(1.0)``) to
``magma(0.2)``. ``magma`` is perceptually uniform and readable with the common forms of
colour blindness, and its lightness falls with each step, so the order survives greyscale
printing: the paler, the less restrictive.

>>> from chipcontrols.plots import LEVEL_COLORS
>>> from chipcontrols import Level
>>> LEVEL_COLORS[Level.NO_LICENSE_REQUIRED], LEVEL_COLORS[Level.POLICY_OF_DENIAL]
('#fcfdbf', '#3b0f70')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._catalogue_plot import CLASS_COLORS, plot_catalogue
from ._dates import months
from ._model import Basis, Chip, Country, Level
from ._plot_base import (
    LEVEL_COLORS,
    LEVELS,
    book_of,
    check_axes,
    date_axis,
    level_legend,
    num,
    require_matplotlib,
    sequence,
)
from ._plot_base import subtitle as subtitle_of
from ._revisions_plot import plot_revisions
from ._rulebook import Rulebook
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from ._answer import HistoryEntry

__all__ = ["CLASS_COLORS", "LEVEL_COLORS", "plot_catalogue", "plot_heatmap", "plot_regime", "plot_revisions"]

_LABEL_SIZE = 7.5  # points: instrument labels
_LEADER = 14.0  # points: the lift of an instrument label above the axes


def _countries(book: Rulebook, countries: str | Country | Sequence[str | Country]) -> list[Country]:
    """The destinations asked for, resolved by the rulebook, without repeats, in the order given."""
    items = (
        [countries]
        if isinstance(countries, str | Country)
        else sequence(countries, "countries", "a country or a list of countries")
    )
    out: list[Country] = []
    for item in items:
        country = book.country(item)  # type: ignore[arg-type]  # refused there unless a name or a Country
        if country not in out:
            out.append(country)
    if not out:
        raise InvalidArgumentError("countries", countries, "at least one country")
    return out


def _spread(centres: Sequence[float], widths: Sequence[float], lo: float, hi: float) -> list[float]:
    """Positions as near as possible to ``centres`` (sorted) where neighbours do not overlap.

    Each label is ``widths[i]`` wide; labels are kept within ``[lo, hi]`` when they fit.

    >>> _spread([0.0, 1.0, 1.5, 9.0], [2.0, 2.0, 2.0, 2.0], 0.0, 10.0)
    [1.0, 3.0, 5.0, 9.0]
    >>> _spread([9.5, 10.0], [2.0, 2.0], 0.0, 10.0)
    [7.0, 9.0]
    """
    pos = list(centres)
    for i in range(len(pos)):
        floor = lo + widths[i] / 2 if i == 0 else pos[i - 1] + (widths[i - 1] + widths[i]) / 2
        pos[i] = max(pos[i], floor)
    for i in reversed(range(len(pos))):
        ceiling = hi - widths[i] / 2 if i == len(pos) - 1 else pos[i + 1] - (widths[i] + widths[i + 1]) / 2
        pos[i] = min(pos[i], ceiling)
    return pos


def _label_instruments(ax: Axes, fig: Figure | SubFigure, changes: dict[dt.date, list[str]]) -> float:
    """Label each day that changed the answer above the axes; return the labels' height in points."""
    if not changes:
        return 0.0
    days = sorted(changes)
    to_points = 72.0 / fig.dpi
    notes = []
    for day in days:
        x = num(day)
        note = ax.annotate(
            "\n".join(changes[day]),
            xy=(x, 1.0),
            xycoords=ax.get_xaxis_transform(),
            xytext=(0.0, _LEADER),
            textcoords="offset points",
            rotation=90,
            ha="center",
            va="bottom",
            fontsize=_LABEL_SIZE,
            linespacing=1.1,
            color="0.15",
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": "0.45", "linewidth": 0.6, "shrinkA": 1.0, "shrinkB": 0.0},
        )
        note.set_gid("instrument-label")
        notes.append(note)
    # spread the labels in display space so that none overlaps its neighbours
    box = ax.get_window_extent()
    centres = [float(ax.transData.transform((num(day), 0.0))[0]) for day in days]
    widths = [note.get_window_extent().width + 3.0 / to_points for note in notes]  # 3 points apart at least
    for note, centre, pos in zip(notes, centres, _spread(centres, widths, box.x0, box.x1), strict=True):
        note.xyann = ((pos - centre) * to_points, _LEADER)
    top = max(float(note.get_window_extent().y1) for note in notes)
    return (top - float(box.y1)) * to_points


def plot_regime(
    chip: str | Chip,
    countries: str | Country | Sequence[str | Country],
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    rulebook: Rulebook | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The regime over time for one chip: a row of bands per destination, coloured by level.

    Each row is ``history(chip, country, by=["level"])``: one band per period, coloured by
    :data:`LEVEL_COLORS`, with a legend of the levels shown. Where an instrument changed
    the level, a black tick marks the row, a dotted line crosses the plot, and the
    instrument ids (``caused_by``) label the day above the axes, spread so that labels do
    not overlap.

    Args:
        chip: a catalogue name or alias, or a ``Chip``.
        countries: one destination or several (codes, names or ``Country``), top to bottom.
        start: the first day shown (default: the record's first day).
        end: the day after the last one shown (default: the day after the record's review
            day; ``"today"`` and later days are answered as known on the review day).
        known_on: answer from what was public on this day (default: the whole record).
        basis: ``"legal"``, ``"compliance"`` or ``"enforced"`` (default).
        rulebook: the record to ask (default: :func:`chipcontrols.bundled`).
        ax: the axes to draw on; by default a new figure with constrained layout, sized for
            the rows and labels. The labels sit above the axes: a figure of your own needs
            room there (``layout="constrained"`` makes it).

    Returns:
        The axes drawn on.

    Raises:
        MissingDependencyError: matplotlib is not installed.
        UnknownChipError: an unknown chip (the message lists close matches).
        UnknownCountryError: an unknown destination.
        InvalidArgumentError: an argument out of range, as for :func:`chipcontrols.history`.
        InvalidDateError: a date that is not a date or a ``YYYY-MM-DD`` string.
        OutsideCoverageError: a date before the record's first day.

    >>> import matplotlib.pyplot as plt
    >>> from chipcontrols.plots import plot_regime
    >>> ax = plot_regime("H20", ["CN", "AE"], start="2024-01-01")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['China (CN)', 'United Arab Emirates (AE)']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['no-license-required', 'license-required']
    >>> plt.close(ax.figure)
    """
    require_matplotlib("plot_regime()")
    book = book_of(rulebook)
    check_axes(ax)
    the_chip = book.chip(chip)
    rows = _countries(book, countries)
    if end is None:
        end = book.info.reviewed + dt.timedelta(days=1)
    histories: list[Sequence[HistoryEntry]] = [
        book.history(the_chip, c, start=start, end=end, known_on=known_on, basis=basis, by=["level"]) for c in rows
    ]
    subtitle = subtitle_of(book, basis, known_on)

    import matplotlib.pyplot as plt

    fig: Figure | SubFigure
    new_fig: Figure | None = None
    if ax is None:
        longest = max((len(i) for h in histories for e in h for i in e.caused_by), default=0)
        label_height = (longest * _LABEL_SIZE * 0.62 + _LEADER + 12) / 72 if longest else 0.0
        new_fig, ax = plt.subplots(figsize=(11.0, 1.5 + 0.5 * len(rows) + label_height), layout="constrained")
        fig = new_fig
    else:
        fig = ax.figure

    lo = min(h[0].period.start for h in histories)
    hi = max(h[-1].period.end or h[-1].period.start for h in histories)
    levels: set[Level] = set()
    changes: dict[dt.date, list[str]] = {}
    ticks: list[tuple[float, int]] = []
    for row, history in enumerate(histories):
        spans = []
        colours = []
        for entry in history:
            end_day = entry.period.end or hi
            spans.append((num(entry.period.start), num(end_day) - num(entry.period.start)))
            colours.append(LEVEL_COLORS[entry.status.level])
            levels.add(entry.status.level)
            if entry.caused_by:
                ticks.append((num(entry.period.start), row))
                ids = changes.setdefault(entry.period.start, [])
                ids.extend(i for i in entry.caused_by if i not in ids)
        ax.barh(
            [row] * len(spans),
            [w for _, w in spans],
            left=[s for s, _ in spans],
            height=0.72,
            color=colours,
            edgecolor="0.55",
            linewidth=0.5,
            zorder=2,
        )
    if ticks:
        tick_lines = ax.vlines(
            [x for x, _ in ticks],
            [r - 0.42 for _, r in ticks],
            [r + 0.42 for _, r in ticks],
            colors="black",
            linewidth=1.8,
            zorder=3,
        )
        tick_lines.set_gid("instrument-ticks")
    for day in changes:
        ax.axvline(num(day), color="0.35", linewidth=0.6, linestyle=":", zorder=1)

    ax.set_yticks(range(len(rows)), labels=[f"{c.name} ({c.code})" for c in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(num(lo), num(hi))
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    date_axis(ax)
    level_legend(ax, levels)
    if new_fig is not None:
        engine = new_fig.get_layout_engine()
        if engine is not None:
            engine.execute(new_fig)  # place the axes first: the labels are spread in display space
    lifted = _label_instruments(ax, fig, changes)
    ax.set_title(f"{the_chip.name}: licence regime by destination\n{subtitle}", loc="left", fontsize=10, pad=lifted + 6)
    return ax


def plot_heatmap(
    chip: str | Chip,
    countries: str | Country | Sequence[str | Country] | None = None,
    *,
    dates: Sequence[dt.date | str] | None = None,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    rulebook: Rulebook | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The level of one chip by destination (rows) and date (columns), from one grid query.

    Each column begins on its date and runs to the next (the last as wide as the one
    before it), coloured by the level on its date with :data:`LEVEL_COLORS`; a legend
    names the levels shown.

    Args:
        chip: a catalogue name or alias, or a ``Chip``.
        countries: the destinations, top to bottom. By default every destination where the
            level is above ``no-license-required`` on at least one of the dates, the most
            restricted first (most levels summed over the dates), then by code.
        dates: the days, or one day (default: the first of every month from the record's first day to its review day).
        known_on: answer from what was public on this day (default: the whole record).
        basis: ``"legal"``, ``"compliance"`` or ``"enforced"`` (default).
        rulebook: the record to ask (default: :func:`chipcontrols.bundled`).
        ax: the axes to draw on; by default a new figure sized for the rows.

    Returns:
        The axes drawn on; the cells are its one ``QuadMesh``, whose array holds each
        level's index in ``Level``.

    Raises:
        MissingDependencyError: matplotlib is not installed.
        UnknownChipError: an unknown chip (the message lists close matches).
        UnknownCountryError: an unknown destination.
        InvalidArgumentError: an argument out of range, as for :func:`chipcontrols.grid`.
        InvalidDateError: a date that is not a date or a ``YYYY-MM-DD`` string.
        OutsideCoverageError: a date before the record's first day.

    >>> import matplotlib.pyplot as plt
    >>> from chipcontrols import months
    >>> from chipcontrols.plots import plot_heatmap
    >>> ax = plot_heatmap("H100", ["CN", "AE", "SA"], dates=months("2022-01-01", "2026-11-01"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['no-license-required', 'presumption-of-approval', 'case-by-case', 'presumption-of-denial', 'license-required',
     'undetermined']
    >>> plt.close(ax.figure)
    """
    require_matplotlib("plot_heatmap()")
    book = book_of(rulebook)
    check_axes(ax)
    the_chip = book.chip(chip)
    asked = None if countries is None else _countries(book, countries)
    days: Sequence[dt.date | str]
    if dates is None:
        days = months(book.info.start, book.info.reviewed)
    else:
        days = [dates] if isinstance(dates, str | dt.date) else dates
    if not days:
        raise InvalidArgumentError("dates", dates, "at least one date")
    grid = book.grid(days, [the_chip], asked, known_on=known_on, basis=basis)
    subtitle = subtitle_of(book, basis, known_on)
    width = len(grid.dates)
    rows: list[tuple[Country, list[int]]] = []
    cells = [LEVELS.index(status.level) for *_, status in grid]
    for i, country in enumerate(grid.countries):
        rows.append((country, cells[i * width : (i + 1) * width]))
    if asked is None:
        rows = [r for r in rows if any(r[1])]
        rows.sort(key=lambda r: (-sum(r[1]), r[0].code))

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import BoundaryNorm, ListedColormap

    if ax is None:
        _, ax = plt.subplots(figsize=(11.0, 1.6 + 0.24 * max(len(rows), 2)), layout="constrained")
    title = f"{the_chip.name}: level by destination and date\n{subtitle}"
    ax.set_title(title, loc="left", fontsize=10)
    if not rows:
        ax.text(0.5, 0.5, "no licence required anywhere on these dates", ha="center", va="center")
        ax.set_axis_off()
        return ax
    starts = [num(d) for d in grid.dates]
    step = starts[-1] - starts[-2] if len(starts) > 1 else 1.0
    xedges = np.array([*starts, starts[-1] + step])
    yedges = np.arange(len(rows) + 1) - 0.5
    values = np.array([r[1] for r in rows])
    cmap = ListedColormap([LEVEL_COLORS[level] for level in LEVELS])
    norm = BoundaryNorm(np.arange(len(LEVELS) + 1) - 0.5, cmap.N)
    ax.pcolormesh(xedges, yedges, values, cmap=cmap, norm=norm, shading="flat", antialiased=False)
    for y in yedges[1:-1]:
        ax.axhline(y, color="white", linewidth=0.6)
    ax.set_yticks(range(len(rows)), labels=[f"{c.name} ({c.code})" for c, _ in rows])
    ax.tick_params(axis="y", length=0, labelsize=8 if len(rows) <= 40 else 6.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(xedges[0], xedges[-1])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    date_axis(ax)
    level_legend(ax, {LEVELS[v] for _, r in rows for v in r})
    return ax
