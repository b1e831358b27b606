"""Bulk queries: every date x chip x destination at once, and records ready for a DataFrame."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._answer import Status
from ._model import Chip, Country

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Grid", "RECORD_FIELDS"]

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


class Grid:
    """The statuses of every date x chip x destination of a bulk query.

    Cells are looked up by binary search in each pair's compiled timeline and cost
    nothing more until read. Iterate for ``(date, chip, country, status)`` tuples, use
    :meth:`status` for one cell, :meth:`records` for plain dictionaries, or
    :meth:`to_dataframe` (needs pandas) for a table.

    >>> import chipcontrols
    >>> g = chipcontrols.bundled().grid(["2023-01-01", "2024-01-01"], ["H100", "H20"], ["CN", "IN"])
    >>> len(g), g.status("2024-01-01", "H100", "CN").level.value
    (8, 'presumption-of-denial')
    """

    __slots__ = ("_pairs", "chips", "countries", "dates")

    def __init__(
        self,
        dates: Sequence[dt.date],
        chips: Sequence[Chip],
        countries: Sequence[Country],
        pairs: Sequence[tuple[tuple[dt.date, ...], Sequence[Status]]] | Sequence[tuple[Any, ...]],
    ) -> None:
        self.dates = tuple(dates)
        self.chips = tuple(chips)
        self.countries = tuple(countries)
        self._pairs = tuple(pairs)

    def __len__(self) -> int:
        return len(self.dates) * len(self.chips) * len(self.countries)

    def __repr__(self) -> str:
        return f"<Grid {len(self.dates)} dates x {len(self.chips)} chips x {len(self.countries)} destinations>"

    def _pair(self, chip_i: int, country_i: int) -> tuple[tuple[dt.date, ...], Sequence[Status]]:
        pair = self._pairs[chip_i * len(self.countries) + country_i]
        return pair[0], pair[1]

    def status(self, date: dt.date | str, chip: str | Chip, country: str | Country) -> Status:
        """The status of one cell (the arguments must be among the grid's)."""
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(date)
        chip_i = next(i for i, c in enumerate(self.chips) if c == chip or (isinstance(chip, str) and chip in c.names))
        code = country.code if isinstance(country, Country) else country
        country_i = next(i for i, c in enumerate(self.countries) if c.code == code)
        starts, statuses = self._pair(chip_i, country_i)
        return statuses[bisect.bisect_right(starts, day) - 1]

    def __iter__(self) -> Iterator[tuple[dt.date, Chip, Country, Status]]:
        dates = self.dates
        total = len(dates)
        if not total:
            return
        for chip_i, chip in enumerate(self.chips):
            for country_i, country in enumerate(self.countries):
                starts, statuses = self._pair(chip_i, country_i)
                n = len(starts)
                j = bisect.bisect_right(starts, dates[0]) - 1
                lo = 0
                while lo < total:  # dates are sorted: walk the periods once, building only those asked about
                    hi = bisect.bisect_left(dates, starts[j + 1], lo) if j + 1 < n else total
                    if hi > lo:
                        current = statuses[j]
                        for day in dates[lo:hi]:
                            yield day, chip, country, current
                    lo = hi
                    j += 1

    def records(self) -> list[dict[str, Any]]:
        """One plain dictionary per cell, with the columns of ``RECORD_FIELDS``."""
        out = []
        for day, chip, country, s in self:
            out.append(
                {
                    "date": day,
                    "chip": chip.name,
                    "country": country.code,
                    "governing": s.governing,
                    "license_required": s.license_required,
                    "review_policy": s.review_policy.value if s.review_policy else None,
                    "exceptions": ",".join(e.value for e in s.exceptions),
                    "classification": s.classification,
                    "tier": s.tier,
                    "level": s.level.value,
                    "determinate": s.determinate,
                    "licenses": ",".join(lic.id for lic in s.licenses),
                    "citations": "; ".join(s.citations),
                }
            )
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame (pandas is imported only now).

        Raises:
            ImportError: pandas is not installed (``pip install chipcontrols[pandas]``).
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install 'chipcontrols[pandas]'") from exc
        return pd.DataFrame.from_records(self.records(), columns=list(RECORD_FIELDS))
