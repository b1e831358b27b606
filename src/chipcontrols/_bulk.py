"""Bulk queries: every date x chip x destination at once, and records ready for a DataFrame."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._answer import Status
from ._dates import check_strict, parse_date
from ._model import Basis, Caveat, Chip, Country
from ._names import all_countries
from ._query_cache import Entry
from ._render import html_table
from ._tables import STATUS_COLUMNS, dataframe, status_columns
from .errors import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    import pandas

    from ._rulebook import Rulebook

__all__ = ["GRID_FIELDS", "Grid", "gc_paused", "grid"]

#: The columns of :meth:`Grid.records` and :meth:`Grid.to_dataframe`.
GRID_FIELDS = ("date", "chip", "country", *STATUS_COLUMNS)


_GC_LOCK = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk work allocates many lasting objects.

    Nested and concurrent pauses are counted: the collector is re-enabled (if it was enabled
    before the first) when the last one ends, also on error.
    """
    global _gc_pauses, _gc_was_enabled
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _runs(dates: Sequence[dt.date], starts: Sequence[dt.date], split: dt.date | None) -> list[tuple[int, int]]:
    """For one pair's period starts: ``(period, hi)`` for each run of ``dates`` one period holds, a run
    ending at ``hi``; runs also split at ``split`` (the first day after the record's review day)."""
    out: list[tuple[int, int]] = []
    total = len(dates)
    if not total:
        return out
    n = len(starts)
    cut = total if split is None else bisect.bisect_left(dates, split)
    j = bisect.bisect_right(starts, dates[0]) - 1
    lo = 0
    while lo < total:  # dates are sorted: walk the periods once
        hi = bisect.bisect_left(dates, starts[j + 1], lo) if j + 1 < n else total
        if lo < cut < hi:
            out.append((j, cut))
            lo = cut
        if hi > lo:
            out.append((j, hi))
        lo = max(lo, hi)
        j += 1
    return out


class Grid:
    """The statuses of every date x chip x destination of a bulk query.

    Each pair's compiled timeline is walked once, when the grid is made, and the status of every
    period holding one of the dates is built then (a cell shares its period's status). Iterate
    for ``(date, chip, country, status)`` tuples, use :meth:`status` for one cell,
    :meth:`records` for JSON-safe dictionaries, or :meth:`to_dataframe` (needs pandas).

    >>> import chipcontrols
    >>> g = chipcontrols.grid(["2023-01-01", "2024-01-01"], ["H100", "H20"], ["CN", "IN"])
    >>> len(g), g.status("2024-01-01", "H100", "CN").level.value
    (8, 'presumption-of-denial')
    """

    __slots__ = ("_book", "_cells", "_chips", "_countries", "_dates", "_pairs")

    def __init__(
        self,
        book: Rulebook,
        dates: Sequence[dt.date],
        chips: Sequence[Chip],
        countries: Sequence[Country],
        pairs: Sequence[Entry],
        note: tuple[Caveat, ...] = (),
        split: dt.date | None = None,
        capped_at: dt.date | None = None,
    ) -> None:
        """``note``: caveats added to the cells from ``split`` on (days after the record's review day);
        ``capped_at``: the knowledge day those cells name, when a later one was capped (the review day)."""
        self._book = book
        self._dates = tuple(dates)
        self._chips = tuple(chips)
        self._countries = tuple(countries)
        self._pairs = tuple(pairs)
        split = split if note else None
        changes: dict[str, Any] = {"notes": note} if capped_at is None else {"notes": note, "known_on": capped_at}
        cells = []
        for entry in self._pairs:
            runs = _runs(self._dates, entry.starts, split)
            built = entry.statuses.many(j for j, _ in runs)  # type: ignore[attr-defined]
            if split is not None:
                built = [
                    attrs.evolve(s, **changes) if self._dates[hi - 1] >= split else s
                    for s, (_, hi) in zip(built, runs, strict=True)
                ]
            cells.append((tuple(built), tuple(hi for _, hi in runs)))
        self._cells = tuple(cells)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """The days, sorted, without repeats."""
        return self._dates

    @property
    def chips(self) -> tuple[Chip, ...]:
        """The chips, in the order given."""
        return self._chips

    @property
    def countries(self) -> tuple[Country, ...]:
        """The destinations, in the order given."""
        return self._countries

    def __len__(self) -> int:
        return len(self._dates) * len(self._chips) * len(self._countries)

    def __eq__(self, other: object) -> bool:
        """Equal grids have the same dates, chips and destinations and equal cells (each status names its record)."""
        if not isinstance(other, Grid):
            return NotImplemented
        return (self._dates, self._chips, self._countries, self._cells) == (
            other._dates,
            other._chips,
            other._countries,
            other._cells,
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, like a list

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its cells: the compiled timelines stay behind
        return (_rebuilt, (self._book, self._dates, self._chips, self._countries, self._cells))

    def __repr__(self) -> str:
        return f"<Grid {len(self._dates)} dates x {len(self._chips)} chips x {len(self._countries)} destinations>"

    def status(self, date: dt.date | str, chip: str | Chip, country: str | Country) -> Status:
        """The status of one cell; the date, chip and destination must be among the grid's.

        Raises:
            InvalidArgumentError: the date, chip or destination is not one of the grid's.
        """
        day = parse_date(date, "date")
        the_chip = self._book.chip(chip)
        the_country = self._book.country(country)
        chip_i = next((i for i, c in enumerate(self._chips) if c == the_chip), None)
        if chip_i is None:
            raise InvalidArgumentError(
                "chip", chip, "one of the grid's chips: " + ", ".join(c.name for c in self._chips)
            )
        country_i = next((i for i, c in enumerate(self._countries) if c.code == the_country.code), None)
        if country_i is None:
            codes = ", ".join(c.code for c in self._countries)
            raise InvalidArgumentError("country", country, "one of the grid's destinations: " + codes)
        i = bisect.bisect_left(self._dates, day)
        if i == len(self._dates) or self._dates[i] != day:
            raise InvalidArgumentError("date", day, "one of the grid's dates")
        built, ends = self._cells[chip_i * len(self._countries) + country_i]
        found: Status = built[bisect.bisect_right(ends, i)]
        return found

    def __iter__(self) -> Iterator[tuple[dt.date, Chip, Country, Status]]:
        dates = self._dates
        cells = iter(self._cells)
        for chip in self._chips:
            for country in self._countries:
                built, ends = next(cells)
                lo = 0
                for current, hi in zip(built, ends, strict=True):  # one status per run of dates
                    for day in dates[lo:hi]:
                        yield day, chip, country, current
                    lo = hi

    def records(self) -> list[dict[str, Any]]:
        """One JSON-safe dictionary per cell, with the columns of ``GRID_FIELDS``."""
        out = []
        columns: dict[int, dict[str, Any]] = {}
        for day, chip, country, s in self:
            found = columns.get(id(s))
            if found is None:
                found = columns[id(s)] = status_columns(s)
            out.append({"date": day.isoformat(), "chip": chip.name, "country": country.code, **found})
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame with typed columns (pandas is imported only now)."""
        return dataframe("Grid.to_dataframe()", self.records(), GRID_FIELDS)

    def _repr_html_(self) -> str:
        rows = [(d, c.name, k.code, s.level.value, "; ".join(s.citations)) for d, c, k, s in list(self)[:200]]
        caption = repr(self)[1:-1] + (" (first 200 cells)" if len(self) > 200 else "")
        return html_table("chipcontrols-grid", ("date", "chip", "destination", "level", "citations"), rows, caption)


def _rebuilt(
    book: Rulebook,
    dates: tuple[dt.date, ...],
    chips: tuple[Chip, ...],
    countries: tuple[Country, ...],
    cells: tuple[tuple[tuple[Status, ...], tuple[int, ...]], ...],
) -> Grid:
    """A grid from its parts, as pickled."""
    out = Grid.__new__(Grid)
    out._book, out._dates, out._chips, out._countries = book, dates, chips, countries
    out._pairs, out._cells = (), cells
    return out


def _items(value: object, argument: str) -> list[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset | tuple):
        raise InvalidTypeError("", argument, value, "a list (a single value goes in a list)")
    return list(value)


def grid(
    book: Rulebook,
    dates: object,
    chips: object,
    countries: object,
    *,
    known_on: object,
    basis: Basis | str,
    headquartered_in: str | Country | None,
    strict: bool,
) -> Grid:
    """Every date x chip x destination (see ``Rulebook.grid``)."""
    check_strict(strict)
    days = sorted({book.day(d, "dates", strict=strict) for d in _items(dates, "dates")})
    the_chips = [book.chip(c) for c in _items(chips, "chips")] if chips is not None else list(book.chips)
    the_countries = (
        [book.country(c) for c in _items(countries, "countries")] if countries is not None else list(all_countries())
    )
    known, capped = book.known(known_on)
    note = book.notes(days[-1], capped) if days else ()
    split = days[0] if capped and days else book.info.reviewed + dt.timedelta(days=1)
    with gc_paused():  # many lasting, acyclic objects at once: the cyclic collector has nothing to find
        pairs = [
            book.entry(chip, country, known, basis, headquartered_in) for chip in the_chips for country in the_countries
        ]
        return Grid(book, days, the_chips, the_countries, pairs, note, split, book.info.reviewed if capped else None)
