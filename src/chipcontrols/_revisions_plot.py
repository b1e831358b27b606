"""The answer on two clocks: for each day asked about (x) and each day knowledge is taken from (y), the level.

Part of :mod:`chipcontrols.plots` (which exports :func:`plot_revisions`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ._dates import months, parse_date
from ._model import Basis, Chip, Country
from ._plot_base import (
    LEVEL_COLORS,
    LEVELS,
    book_of,
    check_axes,
    date_axis,
    level_legend,
    num,
    require_matplotlib,
)
from ._rulebook import Rulebook, as_basis
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_revisions"]


def plot_revisions(
    chip: str | Chip,
    country: str | Country,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    headquartered_in: str | Country | None = None,
    rulebook: Rulebook | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The level of one chip and destination on two clocks: each day asked about (x, by month) as known
    from each day something became public (y).

    A column read from the bottom up is :func:`chipcontrols.revisions` for that day: how its answer
    changed as knowledge grew. A row is the history as known on that day. The dashed diagonal joins
    the days on which the day asked about and the day of knowledge are the same: below it, the answer
    for a day before that day was known; above it, what was known of a day still to come (a
    schedule). The top row is everything in the record.

    Args:
        chip: a catalogue name or alias, or a ``Chip``.
        country: the destination (a code, a name or a ``Country``).
        start: the first day asked about (default: the record's first day).
        end: the day after the last one (default: the day after the record's review day).
        basis: ``"legal"``, ``"compliance"`` or ``"enforced"`` (default).
        headquartered_in: the buyer's headquarters, if a rule turns on it.
        rulebook: the record to ask (default: :func:`chipcontrols.bundled`).
        ax: the axes to draw on; by default a new figure.

    Returns:
        The axes drawn on; the cells are its one ``QuadMesh``, whose array holds each level's
        index in ``Level`` (rows: days of knowledge, oldest first; columns: days asked about).

    Raises:
        MissingDependencyError: matplotlib is not installed.
        UnknownChipError: an unknown chip (the message lists close matches).
        UnknownCountryError: an unknown destination.
        InvalidArgumentError: ``end`` not after ``start``.
        InvalidDateError: a date that is not a date or a ``YYYY-MM-DD`` string.
        OutsideCoverageError: a day before the record's first day.

    >>> import matplotlib.pyplot as plt
    >>> from chipcontrols.plots import plot_revisions
    >>> ax = plot_revisions("H100", "IN", start="2024-06-01", end="2026-01-01")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['no-license-required', 'license-exception']
    >>> plt.close(ax.figure)
    """
    require_matplotlib("plot_revisions()")
    book = book_of(rulebook)
    check_axes(ax)
    the_chip, the_country = book.chip(chip), book.country(country)
    info = book.info
    lo = info.start if start is None else book.day(start, "start")
    hi = info.reviewed + dt.timedelta(days=1) if end is None else parse_date(end, "end")
    if hi <= lo:
        raise InvalidArgumentError("end", hi, f"a day after start ({lo.isoformat()})")
    asked = [lo, *(d for d in months(lo, hi) if lo < d < hi)]
    # each day something became public is a knowledge view of its own; the last is the whole record
    views = [info.start, *sorted({i.known_from for i in book.instruments if info.start < i.known_from < info.reviewed})]

    def level(d: dt.date, k: dt.date | None) -> int:
        status = book.status_at(d, the_chip, the_country, known_on=k, basis=basis, headquartered_in=headquartered_in)
        return LEVELS.index(status.level)

    values = [[level(d, k) for d in asked] for k in views]
    values.append([level(d, None) for d in asked])  # everything in the record

    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import BoundaryNorm, ListedColormap

    if ax is None:
        _, ax = plt.subplots(figsize=(11.0, 6.0), layout="constrained")
    xedges = np.array([num(d) for d in [*asked, hi]])
    tops = [*views[1:], info.reviewed, info.reviewed + dt.timedelta(days=60)]  # the whole record: a band on top
    yedges = np.array([num(d) for d in [views[0], *tops]])
    cmap = ListedColormap([LEVEL_COLORS[level] for level in LEVELS])
    norm = BoundaryNorm(np.arange(len(LEVELS) + 1) - 0.5, cmap.N)
    ax.pcolormesh(xedges, yedges, np.array(values), cmap=cmap, norm=norm, shading="flat", antialiased=False)
    both = [max(xedges[0], yedges[0]), min(xedges[-1], yedges[-2])]
    if both[0] < both[1]:
        ax.plot(both, both, color="0.2", linestyle="--", linewidth=0.9, label="known on the day itself")
    ax.set_xlim(xedges[0], xedges[-1])
    ax.set_ylim(yedges[0], yedges[-1])
    date_axis(ax)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)  # type: ignore[no-untyped-call]
    ax.yaxis.set_major_locator(locator)
    ax.yaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.set_xlabel("day asked about")
    ax.set_ylabel("as known on (top band: everything in the record)")
    place = f"{the_country.name} ({the_country.code})"
    record = f"record {info.version} (reviewed {info.reviewed})"
    ax.set_title(
        f"{the_chip.name} -> {place}: the answer on two clocks\nbasis: {as_basis(basis).value}; {record}",
        loc="left",
        fontsize=10,
    )
    level_legend(ax, {LEVELS[v] for row in values for v in row})
    return ax
