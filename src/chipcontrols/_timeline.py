"""Compiled timelines: per chip and destination, the days on which the answer can change.

The reference evaluation in ``_engine`` answers one day at a time. Here, for one chip,
destination, basis, knowledge view and headquarters, the candidate change dates are
gathered from the instruments that could matter to that pair, the regime is evaluated
once per candidate date, equal neighbours are coalesced, and answers come by binary
search. Timelines are built lazily, cached, and shared between threads.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Iterable

import attrs

from ._answer import Lazy, Regime, Status
from ._dates import Period
from ._engine import Index, ProvisionRef, amendment_start, classify, evaluate
from ._model import (
    Basis,
    Chip,
    ComplianceDelay,
    Country,
    DestinationScope,
    ExceptionChange,
    ReviewPolicyChange,
    ScheduledChange,
    ScopeChange,
)

__all__ = ["Compiled", "Timeline"]


@attrs.frozen
class Timeline:
    """Coalesced regimes: ``regimes[i]`` holds over ``[starts[i], starts[i + 1])``."""

    starts: tuple[dt.date, ...]
    regimes: tuple[Regime, ...]
    causes: tuple[tuple[str, ...], ...]
    end: dt.date  # the day after coverage ends

    def at(self, date: dt.date) -> int:
        return bisect.bisect_right(self.starts, date) - 1

    def period(self, i: int) -> Period:
        end = self.starts[i + 1] if i + 1 < len(self.starts) else self.end
        return Period(self.starts[i], end)


def _scope_groups(scope: DestinationScope | None) -> set[str]:
    if scope is None:
        return set()
    return set(scope.groups | scope.except_groups)


class Compiled:
    """Caches of timelines and statuses for one rulebook's index."""

    def __init__(self, index: Index, first: dt.date, last: dt.date) -> None:
        self.index = index
        self.first = first
        self.end = last + dt.timedelta(days=1)
        self._lock = threading.RLock()
        self._timelines: dict[tuple[object, ...], Timeline] = {}
        self._statuses: dict[tuple[object, ...], tuple[Status, ...]] = {}
        self._relevant: dict[tuple[object, ...], tuple[tuple[ProvisionRef, ...], tuple[dt.date, ...]]] = {}
        self._event_dates = self._collect_event_dates()
        self._known_dates = sorted({i.known for i in index.instruments.values()})

    # ------------------------------------------------------------ relevance

    def _collect_event_dates(self) -> dict[str, set[dt.date]]:
        """Every date on which each instrument does something."""
        out: dict[str, set[dt.date]] = {}
        idx = self.index
        for inst in idx.instruments.values():
            days = out.setdefault(inst.id, set())
            days.add(inst.known)
            days.update(d for d in (inst.effective, inst.compliance, inst.expires) if d)
            for p in inst.provisions:
                days.update(d for d in (p.effective, p.compliance, p.expires) if d)
            for a in inst.amendments:
                if isinstance(a, ComplianceDelay):
                    days.add(a.compliance)
                    continue
                days.add(amendment_start(a, inst))
                end = getattr(a, "end", None)
                if end is not None:
                    days.add(end)
            for lic in inst.licenses:
                days.update(d for d in (lic.start, lic.end) if d)
        return out

    def _possible_paragraphs(self, chip: Chip) -> tuple[set[str], bool]:
        paragraphs: set[str] = set()
        undetermined = False
        for version in self.index.criteria:
            cls = classify(self.index, chip, version.start, None)
            if cls.paragraph:
                paragraphs.add(cls.paragraph)
            if not cls.determinate:
                undetermined = True
        return paragraphs, undetermined

    def relevant(
        self, chip: Chip, country: str, hq: str | None
    ) -> tuple[tuple[ProvisionRef, ...], tuple[dt.date, ...]]:
        """The provisions that could ever bind this pair, and the dates on which its answer can change."""
        key = (chip, country, hq)
        with self._lock:
            cached = self._relevant.get(key)
        if cached is not None:
            return cached
        idx = self.index
        places = {country} | {m.into for m in idx.merges if m.code == country}
        hq_places = set() if hq is None else {hq} | {m.into for m in idx.merges if m.code == hq}
        paragraphs, undetermined = self._possible_paragraphs(chip)

        def ever_in(groups: Iterable[str], where: set[str]) -> bool:
            return any(c in idx.groups.get(g, {}) for g in groups for c in where)

        refs: list[ProvisionRef] = []
        instruments: set[str] = set()
        groups: set[str] = set()
        for ref in idx.provisions:
            scopes = [(ref.provision.items, ref.provision.destinations)]
            for _, a in idx.amendments.get(ref.key, ()):
                if isinstance(a, ScopeChange):
                    scopes.append(
                        (
                            a.items or ref.provision.items,
                            a.destinations or ref.provision.destinations,
                        )
                    )
            hit = False
            for items, dests in scopes:
                item_hit = (
                    items.all_items
                    or chip.name in items.products
                    or (undetermined and bool(items.classifications))
                    or any(p.startswith(c) for p in paragraphs for c in items.classifications)
                )
                dest_hit = dests.everywhere or bool(places & dests.countries) or ever_in(dests.groups, places)
                if item_hit and dest_hit:
                    hit = True
                    break
            if not hit:
                continue
            refs.append(ref)
            instruments.add(ref.instrument.id)
            groups |= _scope_groups(ref.provision.destinations)
            if ref.provision.parties is not None:
                groups |= set(ref.provision.parties.headquartered_in_groups)
            for by, a in idx.amendments.get(ref.key, ()):
                instruments.add(by.id)
                if isinstance(a, ScopeChange):
                    groups |= _scope_groups(a.destinations)
                    if a.parties is not None:
                        groups |= set(a.parties.headquartered_in_groups)
                if isinstance(a, ReviewPolicyChange | ExceptionChange):
                    groups |= _scope_groups(a.within_destinations)
        for inst, lic in idx.licenses:
            if chip.name in lic.products:
                instruments.add(inst.id)
                groups |= _scope_groups(lic.destinations)
        days: set[dt.date] = set()
        for inst_id in instruments:
            days |= self._event_dates[inst_id]
        for g in groups:
            for c in places | hq_places:
                for m in idx.groups.get(g, {}).get(c, ()):
                    days.update(d for d in (m.start, m.end) if d)
                    for i in (m.added_by, m.removed_by):
                        if i:
                            days.add(idx.instruments[i].known)
        for merge in idx.merges:
            if merge.code in {country, hq}:
                days.add(merge.start)
                days.add(idx.instruments[merge.instrument].known)
        for version in idx.criteria:
            days.add(version.start)
            days.add(idx.instruments[version.instrument].known)
        inside = tuple(sorted(d for d in days if self.first < d < self.end))
        result = (tuple(refs), inside)
        with self._lock:
            self._relevant[key] = result
        return result

    # ------------------------------------------------------------ timelines

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
        known = self.view(known)
        key = (chip, country, basis, known, hq)
        with self._lock:
            cached = self._timelines.get(key)
        if cached is not None:
            return cached
        refs, days = self.relevant(chip, country, hq)
        sub = self.index.restricted(refs)
        starts: list[dt.date] = []
        regimes: list[Regime] = []
        points = (self.first, *days)
        for day in points:
            regime = evaluate(sub, day, chip, country, known=known, basis=basis, hq=hq)
            if regimes and regimes[-1] == regime:
                continue
            starts.append(day)
            regimes.append(regime)
        causes = tuple(
            self._causes(starts[i], regimes[i - 1] if i else None, regimes[i], known) for i in range(len(starts))
        )
        result = Timeline(tuple(starts), tuple(regimes), causes, self.end)
        with self._lock:
            self._timelines.setdefault(key, result)
            return self._timelines[key]

    def _causes(self, day: dt.date, before: Regime | None, after: Regime, known: dt.date | None) -> tuple[str, ...]:
        """Instruments acting on ``day`` that the regimes on either side rely on or mention."""
        acting = {i for i, days in self._event_dates.items() if day in days and self.index.visible(i, known)}
        for g in self.index.groups.values():
            for members in g.values():
                for m in members:
                    if m.start == day and m.added_by:
                        acting.add(m.added_by)
                    if m.end == day and m.removed_by:
                        acting.add(m.removed_by)
        for merge in self.index.merges:
            if merge.start == day:
                acting.add(merge.instrument)
        mentioned: set[str] = set(after.instruments)
        for r in (before, after):
            if r is None:
                continue
            mentioned |= set(r.instruments)
            for c in r.caveats:
                mentioned |= set(c.instruments)
        hit = acting & mentioned
        chosen = hit or acting
        return tuple(sorted(chosen, key=lambda i: (self.index.instruments[i].known, i)))

    # ------------------------------------------------------------- statuses

    def statuses(
        self, chip: Chip, country: Country, basis: Basis, known: dt.date | None, hq: str | None
    ) -> tuple[Timeline, tuple[Status, ...]]:
        key = (chip, country.code, basis, known, hq)
        tl = self.timeline(chip, country.code, basis, known, hq)
        with self._lock:
            cached = self._statuses.get(key)
        if cached is not None:
            return tl, cached
        out = []
        for i, regime in enumerate(tl.regimes):
            period = tl.period(i)

            def schedule(start: dt.date = period.start) -> tuple[ScheduledChange, ...]:
                return self._scheduled(chip, country.code, basis, known, hq, start)

            out.append(
                Status(
                    chip=chip,
                    country=country,
                    governing=regime.governing,
                    period=period,
                    basis_kind=basis,
                    known_on=known,
                    license_required=regime.license_required,
                    review_policy=regime.review_policy,
                    exceptions=regime.exceptions,
                    classification=regime.classification,
                    tier=regime.tier,
                    licenses=regime.licenses,
                    citations=regime.citations,
                    basis=regime.basis,
                    caveats=regime.caveats,
                    schedule=Lazy(schedule),
                    determinate=regime.determinate,
                    level=regime.level,
                )
            )
        statuses = tuple(out)
        with self._lock:
            self._statuses.setdefault(key, statuses)
            return tl, self._statuses[key]

    def _scheduled(
        self,
        chip: Chip,
        country: str,
        basis: Basis,
        known: dt.date | None,
        hq: str | None,
        day: dt.date,
    ) -> tuple[ScheduledChange, ...]:
        """Changes after ``day`` already public on ``day`` (or on ``known`` if earlier)."""
        horizon = day if known is None else min(day, known)
        tl = self.timeline(chip, country, basis, horizon, hq)
        out = []
        i = tl.at(day)
        for j in range(i + 1, len(tl.starts)):
            before, after = tl.regimes[j - 1], tl.regimes[j]
            ids = tl.causes[j]
            out.append(
                ScheduledChange(
                    date=tl.starts[j],
                    instruments=ids,
                    citations=tuple(self.index.instruments[x].citation.short for x in ids),
                    summary=describe(before, after),
                )
            )
        return tuple(out)


def describe(before: Regime, after: Regime) -> str:
    """What differs between two regimes, in words."""
    parts = []

    def yn(b: bool) -> str:
        return "yes" if b else "no"

    if before.license_required != after.license_required:
        parts.append(f"licence required {yn(before.license_required)} -> {yn(after.license_required)}")
    if before.review_policy != after.review_policy:
        a = before.review_policy.value if before.review_policy else "none"
        b = after.review_policy.value if after.review_policy else "none"
        parts.append(f"review policy {a} -> {b}")
    if before.exceptions != after.exceptions:
        a = ",".join(e.value for e in before.exceptions) or "none"
        b = ",".join(e.value for e in after.exceptions) or "none"
        parts.append(f"licence exceptions {a} -> {b}")
    if before.classification != after.classification:
        parts.append(f"classification {before.classification or 'none'} -> {after.classification or 'none'}")
    if before.tier != after.tier:
        parts.append(f"tier {before.tier or 'none'} -> {after.tier or 'none'}")
    if {lic.id for lic in before.licenses} != {lic.id for lic in after.licenses}:
        parts.append("granted licences change")
    if not parts and before.citations != after.citations:
        parts.append("grounds change: " + "; ".join(after.citations))
    if not parts and before.caveats != after.caveats:
        parts.append("caveats change")
    return "; ".join(parts) or "no change in the answer"
