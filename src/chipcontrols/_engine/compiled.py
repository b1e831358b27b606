"""Compiled timelines: per chip and destination, the days on which the answer can change.

For one chip, destination, basis, knowledge view and headquarters, the candidate change days
come from the provisions that could bind that pair (``relevance``), the regime is evaluated
once per day on which something acts, equal neighbours are coalesced, and answers come by
binary search. Pairs seen alike share one timeline (``sharing``). Timelines are built lazily,
cached in bounded caches, and shared between threads.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

import attrs

from .._answer import Lazy, Regime, Stamp, Status
from .._dates import Period
from .._model import Basis, Chip, Country, FieldChange, Level, ScheduledChange
from .cache import Bounded
from .evaluate import evaluate
from .index import CACHE_LIMIT, Index
from .relevance import Relevance, acting_days, effect_days, relevant
from .sharing import Sharing

__all__ = ["Compiled", "Statuses", "Timeline", "changes_between"]


@attrs.frozen(slots=False)
class Timeline:
    """Coalesced regimes: ``regimes[i]`` holds over ``[starts[i], starts[i + 1])``, the last one with no
    known end (``end=None``) or until ``end``."""

    starts: tuple[dt.date, ...]
    regimes: tuple[Regime, ...]
    causes: tuple[tuple[str, ...], ...]
    end: dt.date | None
    memo: dict[str, object] = attrs.field(factory=dict, init=False, eq=False, repr=False)  # derived views, built once

    def at(self, date: dt.date) -> int:
        """The index of the period holding ``date``."""
        return bisect.bisect_right(self.starts, date) - 1

    @functools.cached_property
    def levels(self) -> tuple[Level, ...]:
        """Each period's level, computed once and shared by every destination using this timeline."""
        return tuple(r.level for r in self.regimes)

    @functools.cached_property
    def periods(self) -> tuple[Period, ...]:
        """The periods, built once and shared by every destination using this timeline."""
        ends = (*self.starts[1:], self.end)
        return tuple(Period(a, b) for a, b in zip(self.starts, ends, strict=True))


class Statuses(Sequence[Status]):
    """The statuses of a timeline's periods for one destination, each built on first use."""

    __slots__ = ("_args", "_compiled", "_items", "_lock", "_merged", "_stamp", "_tl")

    def __init__(
        self,
        compiled: Compiled,
        tl: Timeline,
        chip: Chip,
        country: Country,
        basis: Basis,
        known: dt.date | None,
        hq: str | None,
    ) -> None:
        self._compiled = compiled
        self._tl = tl
        self._args = (chip, country, basis, known, hq)
        self._merged = country.code in compiled.sharing.merged
        self._stamp = compiled.stamp
        self._items: list[Status | None] = [None] * len(tl.regimes)
        self._lock = threading.Lock()

    @property
    def timeline(self) -> Timeline:
        """The timeline the statuses describe."""
        return self._tl

    def scheduled(self, i: int) -> tuple[ScheduledChange, ...]:
        """The changes already public at the start of period ``i`` that take effect later."""
        chip, country, basis, known, hq = self._args
        return self._compiled.scheduled(chip, country.code, basis, known, hq, self._tl.starts[i])

    def _make(self, i: int) -> Status:
        tl = self._tl
        chip, country, basis, known, _ = self._args
        regime = tl.regimes[i]
        return Status(
            chip,
            country,
            regime.governing if self._merged else country.code,
            tl.periods[i],
            basis,
            known,
            tl.levels[i],
            self._stamp,
            regime,
            Lazy(self.scheduled, i),
        )

    @property
    def built(self) -> list[Status | None]:
        """The statuses built so far (``None`` where not yet): read without a lock, filled under one."""
        return self._items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Status: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Status]: ...
    def __getitem__(self, i: int | slice) -> Status | Sequence[Status]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        item = self._items[i]
        if item is None:
            with self._lock:
                item = self._items[i]
                if item is None:
                    item = self._make(i % len(self._items))
                    self._items[i] = item
        return item

    def many(self, indices: Iterable[int]) -> list[Status]:
        """The statuses of several periods (0 <= i < len), those not yet built built under one lock."""
        items = self._items
        wanted = list(indices)
        if any(items[i] is None for i in wanted):
            with self._lock:
                for i in wanted:
                    if items[i] is None:
                        items[i] = self._make(i)
        return [items[i] for i in wanted]  # type: ignore[misc]  # every one is built now


class Compiled:
    """Timelines and statuses for one record's index, in bounded caches."""

    def __init__(self, index: Index, first: dt.date, end: dt.date | None, stamp_of: Callable[[], Stamp]) -> None:
        """``first``: the first day answered; ``end``: the day after the last (``None``: open);
        ``stamp_of``: the record's identity, computed on first use."""
        self.index = index
        self.first = first
        self.end = end
        self._stamp_of = stamp_of
        self._horizon = end or dt.date.max
        self._lock = threading.RLock()
        self.sharing = Sharing(index, self._lock)
        self._effects = effect_days(index)
        self._acting = acting_days(index)
        self._known_dates = sorted({i.known_from for i in index.instruments.values()})
        self._timelines: Bounded[tuple[object, ...], Timeline] = Bounded("timelines", CACHE_LIMIT)
        self._shared: Bounded[tuple[object, ...], Timeline] = Bounded("shared timelines", CACHE_LIMIT)
        self._statuses: Bounded[tuple[object, ...], Statuses] = Bounded("statuses", CACHE_LIMIT // 4)
        self._relevant: Bounded[tuple[object, ...], Relevance] = Bounded("relevance", CACHE_LIMIT)
        self._representative: Bounded[tuple[object, ...], str] = Bounded("destination representatives", CACHE_LIMIT)
        # equal regimes (and their caveats) kept once across timelines: many pairs share answers
        self._regimes: Bounded[tuple[Regime, str], Regime] = Bounded("regimes", CACHE_LIMIT)

    @property
    def stamp(self) -> Stamp:
        """The identity of the record the answers come from."""
        return self._stamp_of()

    @property
    def caches(self) -> tuple[Bounded[Any, Any], ...]:
        """Every cache of compiled timelines and their inputs."""
        own: tuple[Bounded[Any, Any], ...] = (
            self._timelines,
            self._shared,
            self._statuses,
            self._relevant,
            self._representative,
            self._regimes,
        )
        return (*own, *self.sharing.caches)

    def relevant(self, chip: Chip, country: str, hq: str | None, known: dt.date | None) -> Relevance:
        """The provisions and days that matter to a pair (see :func:`relevance.relevant`)."""
        key = (chip, country, hq, known)
        cached = self._relevant.get(key)
        if cached is not None:
            return cached
        paragraphs, undetermined = self.sharing.possible_paragraphs(chip)
        found = relevant(
            self.index, self._effects, chip, paragraphs, undetermined, country, hq, known, self.first, self._horizon
        )
        with self._lock:
            return self._relevant.put(key, found)

    def view(self, known: dt.date | None) -> dt.date | None:
        """The canonical knowledge cutoff: the last publication date on or before ``known``."""
        if known is None:
            return None
        i = bisect.bisect_right(self._known_dates, known)
        if i == len(self._known_dates):
            return None  # everything is known
        if i == 0:
            return dt.date.min
        return self._known_dates[i - 1]

    def timeline(self, chip: Chip, country: str, basis: Basis, known: dt.date | None, hq: str | None) -> Timeline:
        """The compiled timeline of a pair (shared with every pair seen alike)."""
        known = self.view(known)
        chip_sig = self.sharing.chip_signature(chip)
        sig = self.sharing.signature(country, chip_sig, chip)
        key = (chip_sig, sig, basis, known, hq)
        cached = self._timelines.get(key)
        if cached is not None:
            return cached
        with self._lock:
            country = self._representative.put((chip_sig, sig), country)
        chip = self.sharing.representative(chip_sig, chip)
        refs, days, ahead = self.relevant(chip, country, hq, known)
        # a new period also begins when something relevant is announced ahead of its effect:
        # what is scheduled changes then, even if the regime does not
        announced = frozenset(d for d in ahead if known is None or d <= known)
        # pairs that see the same provisions in the same way share one timeline
        shared_key = (self.sharing.pair_view(chip, country, refs), days, announced, basis, known, hq)
        shared = self._shared.get(shared_key)
        if shared is None:
            shared = self._build(chip, country, basis, known, hq, refs, days, announced)
        with self._lock:
            shared = self._shared.put(shared_key, shared)
            return self._timelines.put(key, shared)

    def _build(
        self,
        chip: Chip,
        country: str,
        basis: Basis,
        known: dt.date | None,
        hq: str | None,
        refs: Sequence[object],
        days: tuple[dt.date, ...],
        announced: frozenset[dt.date],
    ) -> Timeline:
        starts: list[dt.date] = []
        regimes: list[Regime] = []
        changes = frozenset(days)
        points = sorted({self.first, *days, *(d for d in announced if self.first < d < self._horizon)})
        for day in points:
            if regimes and day not in changes:  # a publication day only: the regime holds on
                starts.append(day)
                regimes.append(regimes[-1])
                continue
            regime = evaluate(
                self.index,
                day,
                chip,
                country,
                known=known,
                basis=basis,
                hq=hq,
                provisions=refs,  # type: ignore[arg-type]
            )
            if regimes and regimes[-1] == regime and day not in announced:
                continue
            regime = self._regimes.put((regime, regime.governing), regime)
            starts.append(day)
            regimes.append(regime)
        causes = tuple(
            self._causes(starts[i], regimes[i - 1] if i else None, regimes[i], known) for i in range(len(starts))
        )
        return Timeline(tuple(starts), tuple(regimes), causes, self.end)

    def _causes(self, day: dt.date, before: Regime | None, after: Regime, known: dt.date | None) -> tuple[str, ...]:
        """Instruments acting on ``day`` that the regimes on either side rely on or mention."""
        acting = {i for i in self._acting.get(day, ()) if self.index.visible(i, known)}
        mentioned: set[str] = set(after.instruments)
        for r in (before, after):
            if r is None:
                continue
            mentioned |= set(r.instruments)
            for c in r.caveats:
                mentioned |= set(c.instruments)
        hit = acting & mentioned
        chosen = hit or acting
        return tuple(sorted(chosen, key=lambda i: (self.index.known[i], i)))

    def statuses(self, chip: Chip, country: Country, basis: Basis, known: dt.date | None, hq: str | None) -> Statuses:
        """The statuses of one chip and destination, one per period, built on first use."""
        key = (chip, country.code, basis, known, hq)
        tl = self.timeline(chip, country.code, basis, known, hq)
        cached = self._statuses.get(key)
        if cached is not None and cached.timeline is tl:
            return cached
        with self._lock:  # one Statuses per pair and timeline, also under contention
            cached = self._statuses.get(key)
            if cached is not None and cached.timeline is tl:
                return cached
            made = Statuses(self, tl, chip, country, basis, known, hq)
            self._statuses.put(key, made)
            self._statuses[key] = made  # replaces one made for a timeline since evicted
            return made

    def scheduled(
        self, chip: Chip, country: str, basis: Basis, known: dt.date | None, hq: str | None, day: dt.date
    ) -> tuple[ScheduledChange, ...]:
        """Changes after ``day`` already public on ``day`` (or on ``known`` if earlier)."""
        horizon = day if known is None else min(day, known)
        tl = self.timeline(chip, country, basis, horizon, hq)
        out = []
        for j in range(tl.at(day) + 1, len(tl.starts)):
            ids = tl.causes[j]
            out.append(
                ScheduledChange(
                    date=tl.starts[j],
                    instruments=ids,
                    citations=tuple(self.index.instruments[x].citation.short for x in ids),
                    changes=changes_between(tl.regimes[j - 1], tl.regimes[j]),
                )
            )
        return tuple(out)


def _word(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return ",".join(_word(v) or "" for v in value) or None
    return str(getattr(value, "value", value))


def changes_between(before: Regime, after: Regime) -> tuple[FieldChange, ...]:
    """The fields of the answer that differ between two regimes, as data-file words."""
    out = []
    for field in ("requirement", "review_policy", "exceptions", "classification", "tier"):
        a, b = getattr(before, field), getattr(after, field)
        if a != b:
            out.append(FieldChange(field=field, before=_word(a), after=_word(b)))
    ids_a = tuple(sorted(lic.id for lic in before.licenses))
    ids_b = tuple(sorted(lic.id for lic in after.licenses))
    if ids_a != ids_b:
        out.append(FieldChange(field="licenses", before=",".join(ids_a) or None, after=",".join(ids_b) or None))
    if not out and before.citations != after.citations:
        out.append(FieldChange(field="citations", before="; ".join(before.citations), after="; ".join(after.citations)))
    if not out and before.caveats != after.caveats:
        out.append(FieldChange(field="caveats", before=None, after=None))
    return tuple(out)
