"""The query cache: what a warm ``status_at`` reads, keyed by the arguments as they were passed.

A warm query is a dictionary lookup and a binary search over an :class:`Entry`. Every map is
bounded (``Bounded``): a stream of distinct inputs never grows memory without limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

import attrs

from ._answer import Status
from ._engine.cache import Bounded
from ._model import Chip, Country

__all__ = ["CacheInfo", "Entry", "QueryCache"]

LIMIT = 100_000  # entries per map


class Entry(NamedTuple):
    """The periods of one chip, destination and view, and their statuses (built on first use)."""

    starts: tuple[dt.date, ...]
    statuses: Sequence[Status]
    chip: Chip
    country: Country
    built: list[Status | None]  # the statuses built so far: read without a lock


@attrs.frozen
class CacheInfo:
    """The size of one of a rulebook's caches: entries now, its limit, and how often it was emptied."""

    name: str
    entries: int
    limit: int
    clears: int


class QueryCache:
    """The maps a warm query reads; safe to read from many threads (a dict lookup is atomic and
    entries never change once stored)."""

    def __init__(self) -> None:
        self.raw: Bounded[tuple[object, ...], Entry] = Bounded("queries by argument", LIMIT)
        self.typed: Bounded[tuple[object, ...], Entry] = Bounded("queries by name", LIMIT)
        # chip name -> country code -> entry, for the commonest call (typed, default options)
        self.defaults: Bounded[str, dict[str, Entry]] = Bounded("default queries by chip", 4_096)
        self.days: Bounded[str, dt.date] = Bounded("dates", LIMIT)

    @property
    def maps(self) -> tuple[Bounded[Any, Any], ...]:
        """Every map."""
        return (self.raw, self.typed, self.defaults, self.days)

    def clear(self) -> None:
        """Empty every map."""
        for m in self.maps:
            m.clear()
