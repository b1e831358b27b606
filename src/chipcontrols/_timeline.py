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
import functools
import threading
from collections.abc import Iterable, Sequence
from typing import overload

import attrs

from ._answer import Lazy, Regime, Status, new_status
from ._dates import Period
from ._engine import Index, ProvisionRef, amendment_start, classify_under, evaluate, holds
from ._model import (
    Basis,
    Bound,
    Chip,
    ComplianceDelay,
    Country,
    DestinationScope,
    ExceptionChange,
    ItemScope,
    Level,
    ReviewPolicyChange,
    ScheduledChange,
    ScopeChange,
)

__all__ = ["Compiled", "Statuses", "Timeline"]

# a classification as the evaluation sees it: paragraph, determinate, missing specifications, instrument
_Seen = tuple[str | None, bool, tuple[str, ...], str | None]


class Statuses(Sequence[Status]):
    """The statuses of a timeline's periods for one destination, each built on first use."""

    __slots__ = ("_args", "_compiled", "_items", "_lock", "_tl")

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
        self._items: list[Status | None] = [None] * len(tl.regimes)
        self._lock = threading.Lock()

    def scheduled(self, i: int) -> tuple[ScheduledChange, ...]:
        """The changes already public at the start of period ``i`` that take effect later."""
        chip, country, basis, known, hq = self._args
        return self._compiled.scheduled(chip, country.code, basis, known, hq, self._tl.starts[i])

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
                    item = self._compiled.make_status(self, i % len(self._items))
                    self._items[i] = item
        return item

    def many(self, indices: Iterable[int]) -> list[Status]:
        """The statuses of several periods (0 <= i < len), those not yet built built under one lock."""
        items = self._items
        wanted = list(indices)
        if any(items[i] is None for i in wanted):
            make = self._compiled.make_status
            with self._lock:
                for i in wanted:
                    if items[i] is None:
                        items[i] = make(self, i)
        return [items[i] for i in wanted]  # type: ignore[misc]  # every one is built now


@attrs.frozen(slots=False)
class Timeline:
    """Coalesced regimes: ``regimes[i]`` holds over ``[starts[i], starts[i + 1])``."""

    starts: tuple[dt.date, ...]
    regimes: tuple[Regime, ...]
    causes: tuple[tuple[str, ...], ...]
    end: dt.date  # the day after coverage ends

    def at(self, date: dt.date) -> int:
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


def _scope_groups(scope: DestinationScope | None) -> set[str]:
    if scope is None:
        return set()
    return set(scope.groups | scope.except_groups)


def _item_hit(items: ItemScope, chip: Chip, paragraphs: frozenset[str], undetermined: bool) -> bool:
    """Whether an item scope could ever cover a chip with these possible classifications."""
    return (
        items.all_items
        or not (items.products or items.classifications)  # bounds or filters alone: any item may pass
        or chip.name in items.products
        or (undetermined and bool(items.classifications))
        or any(p.startswith(c) for p in paragraphs for c in items.classifications)
    )


class Compiled:
    """Caches of timelines and statuses for one rulebook's index."""

    def __init__(self, index: Index, first: dt.date, last: dt.date) -> None:
        self.index = index
        self.first = first
        self.end = last + dt.timedelta(days=1)
        self._lock = threading.RLock()
        self._timelines: dict[tuple[object, ...], Timeline] = {}
        self._statuses: dict[tuple[object, ...], Statuses] = {}
        self._relevant: dict[
            tuple[object, ...], tuple[tuple[ProvisionRef, ...], tuple[dt.date, ...], frozenset[dt.date]]
        ] = {}
        self._event_dates = self._collect_event_dates()
        self._effect_dates = self._collect_event_dates(publication=False)
        self._acting = self._collect_acting()
        self._known_dates = sorted({i.known for i in index.instruments.values()})
        self._merged = frozenset(m.code for m in index.merges)
        self._signatures: dict[tuple[object, ...], tuple[object, ...]] = {}
        self._representative: dict[tuple[object, ...], str] = {}
        self._classes: dict[Chip, tuple[_Seen, ...]] = {}
        self._shared: dict[tuple[object, ...], Timeline] = {}
        self._chip_scopes: dict[tuple[object, ...], tuple[frozenset[str], frozenset[str]]] = {}
        self._named_chips, self._item_bounds = self._collect_item_selectors()
        self._chip_signatures: dict[Chip, tuple[object, ...]] = {}
        self._chip_representative: dict[tuple[object, ...], Chip] = {}

    def _collect_item_selectors(self) -> tuple[frozenset[str], tuple[Bound, ...]]:
        """Chip names used anywhere as selectors, and every bound an item scope tests."""
        names: set[str] = set()
        bounds: dict[Bound, None] = {}

        def add(scope: ItemScope | None) -> None:
            if scope is not None:
                names.update(scope.products | scope.exclude_products)
                bounds.update(dict.fromkeys(scope.bounds))

        for inst in self.index.instruments.values():
            for p in inst.provisions:
                add(p.items)
            for a in inst.amendments:
                add(getattr(a, "items", None))
                add(getattr(a, "within_items", None))
            for lic in inst.licenses:
                names.update(lic.products)
        return frozenset(names), tuple(bounds)

    def chip_signature(self, chip: Chip) -> tuple[object, ...]:
        """What the engine can see of a chip: equal signatures give equal regimes.

        A chip named by any selector, or produced abroad (its caveat names it), is its own
        class. Any other chip is seen only through its classification under each criteria
        version, its data-centre flag and the bounds item scopes test.
        """
        found = self._chip_signatures.get(chip)
        if found is not None:
            return found
        if chip.name in self._named_chips or chip.foreign_produced:
            sig: tuple[object, ...] = ("named", chip)
        else:
            tested = tuple(holds(chip, b) for b in self._item_bounds)
            sig = ("seen", chip.datacenter, self._chip_classes(chip), tested)
        with self._lock:
            self._chip_signatures.setdefault(chip, sig)
            self._chip_representative.setdefault(sig, chip)
        return sig

    def _chip_scope(self, chip_sig: tuple[object, ...]) -> tuple[frozenset[str], frozenset[str]]:
        """The groups and the countries named by every destination scope that can reach a chip class."""
        found = self._chip_scopes.get(chip_sig)
        if found is not None:
            return found
        idx = self.index
        chip = self._chip_representative[chip_sig]
        paragraphs, undetermined = self._possible_paragraphs(chip)
        groups: set[str] = set()
        countries: set[str] = set()

        def add(scope: DestinationScope | None) -> None:
            if scope is not None:
                groups.update(scope.groups | scope.except_groups)
                countries.update(scope.countries | scope.except_countries)

        for ref in idx.provisions:
            changes = idx.amendments.get(ref.key, ())
            item_scopes = [ref.provision.items]
            item_scopes += [a.items for _, a in changes if isinstance(a, ScopeChange) and a.items is not None]
            if not any(_item_hit(items, chip, paragraphs, undetermined) for items in item_scopes):
                continue
            add(ref.provision.destinations)
            for _, a in changes:
                add(getattr(a, "destinations", None))
                add(getattr(a, "within_destinations", None))
        for _, lic in idx.licenses:
            if chip.name in lic.products:
                add(lic.destinations)
        result = (frozenset(groups), frozenset(countries))
        with self._lock:
            self._chip_scopes.setdefault(chip_sig, result)
        return result

    def signature(self, country: str, chip_sig: tuple[object, ...]) -> tuple[object, ...]:
        """What the engine can see of a country when asked about a chip class: equal
        signatures give equal regimes (but for the governing destination, which is the
        country itself unless it was merged into another).

        A country named by a scope that can reach the chip class, or merged into another,
        is its own class; any other is seen only through its memberships of the groups
        those scopes use.
        """
        key = (chip_sig, country)
        found = self._signatures.get(key)
        if found is not None:
            return found
        groups, named = self._chip_scope(chip_sig)
        if country in named or country in self._merged:
            sig: tuple[object, ...] = ("named", country)
        else:
            sig = self._memberships(country, groups)
        with self._lock:
            self._signatures.setdefault(key, sig)
        return sig

    # ------------------------------------------------------------ relevance

    def _collect_event_dates(self, *, publication: bool = True) -> dict[str, set[dt.date]]:
        """Every date on which each instrument does something (with ``publication=False``, only
        the days on which it acts on the regime: the engine compares the day asked about with
        effective, compliance, expiry, amendment and licence dates, never with publication)."""
        out: dict[str, set[dt.date]] = {}
        idx = self.index
        for inst in idx.instruments.values():
            days = out.setdefault(inst.id, set())
            if publication:
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

    def _collect_acting(self) -> dict[dt.date, set[str]]:
        """For each day, the instruments that act on it (events, membership changes, merges)."""
        acting: dict[dt.date, set[str]] = {}
        for inst_id, days in self._event_dates.items():
            for d in days:
                acting.setdefault(d, set()).add(inst_id)
        for members in self.index.groups.values():
            for ms in members.values():
                for m in ms:
                    if m.start is not None and m.added_by:
                        acting.setdefault(m.start, set()).add(m.added_by)
                    if m.end is not None and m.removed_by:
                        acting.setdefault(m.end, set()).add(m.removed_by)
        for merge in self.index.merges:
            acting.setdefault(merge.start, set()).add(merge.instrument)
        return acting

    def _possible_paragraphs(self, chip: Chip) -> tuple[frozenset[str], bool]:
        """The paragraphs a chip meets under any criteria version, and whether any is undetermined."""
        classes = self._chip_classes(chip)
        paragraphs = frozenset(paragraph for paragraph, _, _, _ in classes if paragraph)
        return paragraphs, any(not determinate for _, determinate, _, _ in classes)

    def relevant(
        self, chip: Chip, country: str, hq: str | None, known: dt.date | None
    ) -> tuple[tuple[ProvisionRef, ...], tuple[dt.date, ...], frozenset[dt.date]]:
        """The provisions that could ever bind this pair, the dates on which its answer can change,
        and the days on which a relevant instrument was announced ahead of its effect (what is
        scheduled changes then), as seen from the knowledge view ``known``: an amendment not yet
        public cannot make a provision relevant."""
        key = (chip, country, hq, known)
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
        visible = idx.visible
        for ref in idx.provisions:
            if not visible(ref.instrument.id, known):
                continue  # not public in this view: it binds on no day
            scopes = [(ref.provision.items, ref.provision.destinations)]
            for by, a in idx.amendments.get(ref.key, ()):
                if isinstance(a, ScopeChange) and visible(by.id, known):
                    scopes.append(
                        (
                            a.items or ref.provision.items,
                            a.destinations or ref.provision.destinations,
                        )
                    )
            hit = False
            for items, dests in scopes:
                item_hit = _item_hit(items, chip, paragraphs, undetermined)
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
                if not idx.visible(by.id, known):
                    continue
                instruments.add(by.id)
                instruments.update(
                    stopper.id
                    for stopper, _ in idx.instrument_non_enforcement.get(by.id, ())
                    if idx.visible(stopper.id, known)
                )
                if isinstance(a, ScopeChange):
                    groups |= _scope_groups(a.destinations)
                    if a.parties is not None:
                        groups |= set(a.parties.headquartered_in_groups)
                if isinstance(a, ReviewPolicyChange | ExceptionChange):
                    groups |= _scope_groups(a.within_destinations)
        for inst, lic in idx.licenses:
            if chip.name in lic.products and visible(inst.id, known):
                instruments.add(inst.id)
                groups |= _scope_groups(lic.destinations)
        # candidate days: only what is public in this view can act
        # the days on which the regime can change (in a fixed knowledge view, publication days
        # are not among them)
        days: set[dt.date] = set()
        for inst_id in instruments:
            days |= self._effect_dates[inst_id]
        publishers = set(instruments)  # every instrument whose publication can change what is known
        for g in groups:
            for c in places | hq_places:
                for m in idx.groups.get(g, {}).get(c, ()):
                    for day, by in ((m.start, m.added_by), (m.end, m.removed_by)):
                        if day is not None and visible(by, known):
                            days.add(day)
                            if by:
                                publishers.add(by)
        for merge in idx.merges:
            if merge.code in {country, hq} and visible(merge.instrument, known):
                days.add(merge.start)
                publishers.add(merge.instrument)
        for version in idx.criteria:
            if visible(version.instrument, known):
                days.add(version.start)
                publishers.add(version.instrument)
        inside = tuple(sorted(d for d in days if self.first < d < self.end))
        # an instrument made public before a later day of change can change what is scheduled on
        # the day it is published: a rule or a group change announced ahead of its effect, or a
        # retroactive rule that binds from a later membership change
        last = inside[-1] if inside else self.first
        ahead = frozenset(idx.known[i] for i in publishers if idx.known[i] < last)
        result = (tuple(refs), inside, ahead)
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
        chip_sig = self.chip_signature(chip)
        sig = self.signature(country, chip_sig)
        key = (chip_sig, sig, basis, known, hq)
        cached = self._timelines.get(key)
        if cached is not None:
            return cached
        with self._lock:
            country = self._representative.setdefault((chip_sig, sig), country)
            chip = self._chip_representative[chip_sig]
        refs, days, ahead = self.relevant(chip, country, hq, known)
        # a new period also begins when something relevant is announced ahead of its effect:
        # what is scheduled changes then, even if the regime does not
        announced = frozenset(d for d in ahead if known is None or d <= known)
        # pairs that see the same provisions in the same way share one timeline
        shared_key = (self._pair_view(chip, country, refs), days, announced, basis, known, hq)
        shared = self._shared.get(shared_key)
        if shared is not None:
            with self._lock:
                self._timelines.setdefault(key, shared)
                return self._timelines[key]
        sub = self.index.restricted(refs)
        starts: list[dt.date] = []
        regimes: list[Regime] = []
        changes = frozenset(days)
        points = sorted({self.first, *days, *(d for d in announced if self.first < d < self.end)})
        for day in points:
            if regimes and day not in changes:  # a publication day only: the regime holds on
                starts.append(day)
                regimes.append(regimes[-1])
                continue
            regime = evaluate(sub, day, chip, country, known=known, basis=basis, hq=hq)
            if regimes and regimes[-1] == regime and day not in announced:
                continue
            starts.append(day)
            regimes.append(regime)
        causes = tuple(
            self._causes(starts[i], regimes[i - 1] if i else None, regimes[i], known) for i in range(len(starts))
        )
        result = Timeline(tuple(starts), tuple(regimes), causes, self.end)
        with self._lock:
            result = self._shared.setdefault(shared_key, result)
            self._timelines.setdefault(key, result)
            return self._timelines[key]

    def _pair_view(self, chip: Chip, country: str, refs: Sequence[ProvisionRef]) -> tuple[object, ...]:
        """Everything the evaluation of ``refs`` can see of a chip and a destination.

        Two pairs with equal views (and equal candidate days, basis, knowledge view and
        headquarters) have equal regimes, but for the governing destination (the country
        itself, unless merged into another, and then its view names it).
        """
        idx = self.index
        item_scopes: list[ItemScope] = []
        dest_scopes: list[DestinationScope] = []
        for ref in refs:
            item_scopes.append(ref.provision.items)
            dest_scopes.append(ref.provision.destinations)
            for _, a in idx.amendments.get(ref.key, ()):
                for scope in (getattr(a, "items", None), getattr(a, "within_items", None)):
                    if scope is not None:
                        item_scopes.append(scope)
                for where in (getattr(a, "destinations", None), getattr(a, "within_destinations", None)):
                    if where is not None:
                        dest_scopes.append(where)
        licences = []
        for inst, lic in idx.licenses:
            if chip.name in lic.products:
                licences.append((inst.id, lic.id))
                dest_scopes.append(lic.destinations)
        items_seen = []
        for scope in item_scopes:
            tested = tuple(holds(chip, b) for b in scope.bounds)
            items_seen.append((chip.name in scope.products, chip.name in scope.exclude_products, tested))
        chip_view = (
            self._chip_classes(chip),
            chip.datacenter,
            chip.name if chip.foreign_produced else None,
            tuple(items_seen),
            tuple(licences),
        )
        if country in self._merged:
            country_view: tuple[object, ...] = ("named", country)
        else:
            groups: set[str] = set()
            named = []
            for where in dest_scopes:
                groups |= where.groups | where.except_groups
                named.append((country in where.countries, country in where.except_countries))
            country_view = (tuple(named), self._memberships(country, groups))
        return (tuple(r.key for r in refs), chip_view, country_view)

    def _memberships(self, country: str, groups: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        """A country's memberships of some groups, with their dates and instruments, in order."""
        return tuple(
            sorted(
                (gid, str(m.start), str(m.end), m.added_by or "", m.removed_by or "")
                for gid in groups
                for m in self.index.groups.get(gid, {}).get(country, ())
            )
        )

    def _chip_classes(self, chip: Chip) -> tuple[_Seen, ...]:
        """A chip's classification under each criteria version, as the evaluation sees it."""
        found = self._classes.get(chip)
        if found is None:
            found = tuple(
                (c.paragraph, c.determinate, c.missing, c.instrument)
                for c in (classify_under(v, chip, v.start) for v in self.index.criteria)
            )
            self._classes[chip] = found
        return found

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

    # ------------------------------------------------------------- statuses

    def statuses(
        self, chip: Chip, country: Country, basis: Basis, known: dt.date | None, hq: str | None
    ) -> tuple[Timeline, Statuses]:
        """The statuses of one chip and destination, one per period, built on first use."""
        key = (chip, country.code, basis, known, hq)
        tl = self.timeline(chip, country.code, basis, known, hq)
        cached = self._statuses.get(key)
        if cached is not None:
            return tl, cached
        made = Statuses(self, tl, chip, country, basis, known, hq)
        with self._lock:
            self._statuses.setdefault(key, made)
            return tl, self._statuses[key]

    def make_status(self, owner: Statuses, i: int) -> Status:
        """The status of period ``i`` of a destination's timeline (``owner`` holds both)."""
        tl = owner._tl
        chip, country, basis, known, _ = owner._args
        regime = tl.regimes[i]
        return new_status(
            chip,
            country,
            regime.governing if country.code in self._merged else country.code,
            tl.periods[i],
            basis,
            known,
            tl.levels[i],
            regime,
            Lazy(owner, i),
        )

    def scheduled(
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
