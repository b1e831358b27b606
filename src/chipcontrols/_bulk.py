"""Bulk queries: every date x chip x destination at once, and records ready for a DataFrame."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._answer import Status
from ._dates import parse_date
from ._model import Chip, Country
from ._tables import dataframe, status_columns
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from ._timeline import Statuses

__all__ = ["Grid", "RECORD_FIELDS", "gc_paused"]

#: The columns of :meth:`Grid.records` and :meth:`Grid.to_dataframe`.
RECORD_FIELDS = (
    "date",
    "chip",
    "country",
    "governing",
    "license_required",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "level",
    "determinate",
    "licenses",
    "citations",
)


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


class Grid:
    """The statuses of every date x chip x destination of a bulk query.

    Each pair's compiled timeline is walked once, when the grid is made, and the status of
    every period holding one of the dates is built then (a cell shares its period's status).
    Iterate for ``(date, chip, country, status)`` tuples, use
    :meth:`status` for one cell, :meth:`records` for plain dictionaries, or
    :meth:`to_dataframe` (needs pandas) for a table.

    >>> import chipcontrols
    >>> g = chipcontrols.bundled().grid(["2023-01-01", "2024-01-01"], ["H100", "H20"], ["CN", "IN"])
    >>> len(g), g.status("2024-01-01", "H100", "CN").level.value
    (8, 'presumption-of-denial')
    """

    __slots__ = ("_cells", "_chip_of", "_country_of", "_pairs", "chips", "countries", "dates")

    def __init__(
        self,
        dates: Sequence[dt.date],
        chips: Sequence[Chip],
        countries: Sequence[Country],
        pairs: Sequence[tuple[Any, ...]],
        *,
        chip_of: Callable[[str | Chip], Chip],
        country_of: Callable[[str | Country], Country],
    ) -> None:
        self.dates = tuple(dates)
        self.chips = tuple(chips)
        self.countries = tuple(countries)
        self._pairs = tuple(pairs)
        self._chip_of = chip_of
        self._country_of = country_of
        # per pair, in iteration order: the status of each period holding some of the dates, and
        # the index in ``dates`` where each such period's dates end (the next one's begin there);
        # every status a cell reads is built now, so iterating allocates nothing lasting
        self._cells = [self._cells_of(starts, statuses) for starts, statuses, *_ in self._pairs]

    def _cells_of(self, starts: Sequence[dt.date], statuses: Statuses) -> tuple[list[Status], tuple[int, ...]]:
        runs = tuple(self._runs(starts))
        return statuses.many(j for j, _, _ in runs), tuple(hi for _, _, hi in runs)  # built under one lock

    def __len__(self) -> int:
        return len(self.dates) * len(self.chips) * len(self.countries)

    def __repr__(self) -> str:
        return f"<Grid {len(self.dates)} dates x {len(self.chips)} chips x {len(self.countries)} destinations>"

    def _pair(self, chip_i: int, country_i: int) -> tuple[tuple[dt.date, ...], Sequence[Status]]:
        pair = self._pairs[chip_i * len(self.countries) + country_i]
        return pair[0], pair[1]

    def status(self, date: dt.date | str, chip: str | Chip, country: str | Country) -> Status:
        """The status of one cell; the date, chip and destination must be among the grid's.

        Names are resolved as :meth:`Rulebook.status_at` resolves them (aliases, country
        names, close matches in errors).

        Raises:
            InvalidArgumentError: the date, chip or destination is not one of the grid's.
            InvalidDateError: ``date`` is not a date or a ``YYYY-MM-DD`` string.
            UnknownChipError: a chip name the rulebook does not know.
            UnknownCountryError: a destination the rulebook does not know.
        """
        day = parse_date(date, "date")
        the_chip = self._chip_of(chip)
        the_country = self._country_of(country)
        chip_i = next((i for i, c in enumerate(self.chips) if c == the_chip), None)
        if chip_i is None:
            raise InvalidArgumentError(
                "chip", chip, "one of the grid's chips: " + ", ".join(c.name for c in self.chips)
            )
        country_i = next((i for i, c in enumerate(self.countries) if c.code == the_country.code), None)
        if country_i is None:
            raise InvalidArgumentError(
                "country", country, "one of the grid's destinations: " + ", ".join(c.code for c in self.countries)
            )
        i = bisect.bisect_left(self.dates, day)
        if i == len(self.dates) or self.dates[i] != day:
            raise InvalidArgumentError("date", day, "one of the grid's dates")
        starts, statuses = self._pair(chip_i, country_i)
        return statuses[bisect.bisect_right(starts, day) - 1]

    def _runs(self, starts: Sequence[dt.date]) -> Iterator[tuple[int, int, int]]:
        """For one pair's period starts: ``(period, lo, hi)`` for each period holding ``dates[lo:hi]``."""
        dates = self.dates
        total = len(dates)
        if not total:
            return
        n = len(starts)
        j = bisect.bisect_right(starts, dates[0]) - 1
        lo = 0
        while lo < total:  # dates are sorted: walk the periods once
            hi = bisect.bisect_left(dates, starts[j + 1], lo) if j + 1 < n else total
            if hi > lo:
                yield j, lo, hi
            lo = hi
            j += 1

    def __iter__(self) -> Iterator[tuple[dt.date, Chip, Country, Status]]:
        dates = self.dates
        cells = iter(self._cells)
        for chip in self.chips:
            for country in self.countries:
                built, ends = next(cells)
                lo = 0
                for current, hi in zip(built, ends, strict=True):  # one status per run of dates
                    for day in dates[lo:hi]:
                        yield day, chip, country, current
                    lo = hi

    def records(self) -> list[dict[str, Any]]:
        """One plain dictionary per cell, with the columns of ``RECORD_FIELDS``."""
        out = []
        for day, chip, country, s in self:
            out.append({"date": day, "chip": chip.name, "country": country.code, **status_columns(s)})
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame (pandas is imported only now).

        Raises:
            MissingDependencyError: pandas is not installed (``pip install "chipcontrols[pandas]"``).
        """
        return dataframe("Grid.to_dataframe()", self.records(), RECORD_FIELDS)
