"""Sharing: what the engine can see of a chip and of a destination, so that pairs seen alike
share one compiled timeline. Equal views give equal regimes (but for the governing destination,
which each status states for itself)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from .._model import Chip, DestinationScope, ItemScope, ScopeChange, Threshold
from .cache import Bounded
from .classify import classify_under, holds
from .index import CACHE_LIMIT, Index, ProvisionRef
from .relevance import item_hit

__all__ = ["Seen", "Sharing"]

# a classification as the evaluation sees it: paragraph, determinate, missing specifications, instrument
Seen = tuple[str | None, bool, tuple[str, ...], str | None]


class Sharing:
    """Signatures of chips and destinations, and the representative of each class."""

    def __init__(self, index: Index, lock: threading.RLock) -> None:
        self.index = index
        self._lock = lock
        self.merged = frozenset(m.code for m in index.merges)
        named: set[str] = set()
        thresholds: dict[Threshold, None] = {}
        market: dict[dt.date, None] = {}
        for inst in index.instruments.values():
            for _, touched in inst.parts():
                for scope in touched.item_scopes:
                    named |= scope.named
                    thresholds.update(dict.fromkeys(scope.bounds))
                    if scope.us_available_on is not None:
                        market[scope.us_available_on] = None
        self.named = frozenset(named)  # chip and family names any selector uses
        self.thresholds = tuple(thresholds)  # every threshold an item scope tests
        self.market_days = tuple(market)  # every day a scope tests U.S. availability on
        self.classes: Bounded[Chip, tuple[Seen, ...]] = Bounded("chip classifications", CACHE_LIMIT)
        self.chip_signatures: Bounded[Chip, tuple[object, ...]] = Bounded("chip signatures", CACHE_LIMIT)
        self.chip_representative: Bounded[tuple[object, ...], Chip] = Bounded("chip classes", CACHE_LIMIT)
        self.chip_scopes: Bounded[tuple[object, ...], tuple[frozenset[str], frozenset[str]]] = Bounded(
            "chip scopes", CACHE_LIMIT
        )
        self.signatures: Bounded[tuple[object, ...], tuple[object, ...]] = Bounded(
            "destination signatures", CACHE_LIMIT
        )

    @property
    def caches(self) -> tuple[Bounded[Any, Any], ...]:
        """Every cache it keeps."""
        return (
            self.classes,
            self.chip_signatures,
            self.chip_representative,
            self.chip_scopes,
            self.signatures,
        )

    # ------------------------------------------------------------------ chips

    def chip_classes(self, chip: Chip) -> tuple[Seen, ...]:
        """A chip's classification under each criteria version, as the evaluation sees it."""
        found = self.classes.get(chip)
        if found is None:
            found = tuple(
                (c.paragraph, c.determinate, c.missing, c.instrument)
                for c in (classify_under(v, chip, v.start) for v in self.index.criteria)
            )
            found = self.classes.put(chip, found)
        return found

    def possible_paragraphs(self, chip: Chip) -> tuple[frozenset[str], bool]:
        """The paragraphs a chip meets under any criteria version, and whether any is undetermined."""
        classes = self.chip_classes(chip)
        return frozenset(p for p, _, _, _ in classes if p), any(not d for _, d, _, _ in classes)

    def _market(self, chip: Chip) -> tuple[bool | None, ...]:
        return tuple(chip.available_in_us_on(d) for d in self.market_days)

    def chip_signature(self, chip: Chip) -> tuple[object, ...]:
        """What the engine can see of a chip: equal signatures give equal regimes.

        A chip named by any selector (by its name or its family's) is its own class; any other is
        seen only through its classification under each criteria version, its data-centre and
        foreign-production flags, the thresholds item scopes test and the market facts they read.
        """
        found = self.chip_signatures.get(chip)
        if found is not None:
            return found
        if chip.name in self.named or (chip.family is not None and chip.family in self.named):
            sig: tuple[object, ...] = ("named", chip)
        else:
            tested = tuple(holds(chip, t) for t in self.thresholds)
            sig = (
                "seen",
                chip.datacenter,
                bool(chip.foreign_produced),
                self.chip_classes(chip),
                tested,
                self._market(chip),
            )
        with self._lock:
            sig = self.chip_signatures.put(chip, sig)
            self.chip_representative.put(sig, chip)
        return sig

    def variant_view(self, chip: Chip) -> tuple[object, ...]:
        """What the record's rules can see of a variant of a family, leaving out its identity: two
        variants with equal views get equal answers everywhere (a selector naming the family
        reaches both; one naming a variant alone tells them apart)."""
        tested = tuple(holds(chip, t) for t in self.thresholds)
        return (
            chip.category,
            chip.datacenter,
            bool(chip.foreign_produced),
            self.chip_classes(chip),
            tested,
            self._market(chip),
            chip.name in self.named,  # selectors name chips and families, never aliases (validated)
        )

    def representative(self, chip_sig: tuple[object, ...], chip: Chip) -> Chip:
        """The chip that stands for its class (``chip`` if the class has none yet)."""
        with self._lock:
            return self.chip_representative.put(chip_sig, chip)

    def _chip_scope(self, chip_sig: tuple[object, ...], chip: Chip) -> tuple[frozenset[str], frozenset[str]]:
        """The groups and countries named by every destination scope that can reach a chip class."""
        found = self.chip_scopes.get(chip_sig)
        if found is not None:
            return found
        idx = self.index
        paragraphs, undetermined = self.possible_paragraphs(chip)
        groups: set[str] = set()
        countries: set[str] = set()

        def add(scopes: Iterable[DestinationScope]) -> None:
            for scope in scopes:
                groups.update(scope.all_groups)
                countries.update(scope.all_countries)

        for ref in idx.provisions:
            changes = idx.amendments.get(ref.key, ())
            item_scopes = [ref.provision.items]
            item_scopes += [a.items for _, a in changes if isinstance(a, ScopeChange) and a.items is not None]
            if not any(item_hit(items, chip, paragraphs, undetermined) for items in item_scopes):
                continue
            add(ref.provision.touches().destination_scopes)
            for by, a in changes:
                add(a.touches(by).destination_scopes)
        for _, lic in idx.licenses:
            if chip.name in lic.products or chip.family in lic.products:
                add(lic.touches().destination_scopes)
        result = (frozenset(groups), frozenset(countries))
        with self._lock:
            return self.chip_scopes.put(chip_sig, result)

    # ------------------------------------------------------------ destinations

    def signature(self, country: str, chip_sig: tuple[object, ...], chip: Chip) -> tuple[object, ...]:
        """What the engine can see of a country when asked about a chip class.

        A country named by a scope that can reach the chip class, or merged into another, is its
        own class; any other is seen only through its memberships of the groups those scopes use.
        """
        key = (chip_sig, country)
        found = self.signatures.get(key)
        if found is not None:
            return found
        groups, named = self._chip_scope(chip_sig, chip)
        if country in named or country in self.merged:
            sig: tuple[object, ...] = ("named", country)
        else:
            sig = self.memberships(country, groups)
        with self._lock:
            return self.signatures.put(key, sig)

    def memberships(self, country: str, groups: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        """A country's memberships of some groups, with their dates and instruments, in order."""
        return tuple(
            sorted(
                (gid, str(m.start), str(m.end), m.added_by or "", m.removed_by or "")
                for gid in groups
                for m in self.index.groups[gid].get(country, ())
            )
        )

    def pair_view(self, chip: Chip, country: str, refs: Sequence[ProvisionRef]) -> tuple[object, ...]:
        """Everything the evaluation of ``refs`` can see of a chip and a destination.

        Two pairs with equal views (and equal candidate days, basis, knowledge view and
        headquarters) have equal regimes, but for the governing destination (the country itself,
        unless merged into another, and then its view names it).
        """
        idx = self.index
        item_scopes: list[ItemScope] = []
        dest_scopes: list[DestinationScope] = []
        for ref in refs:
            own = ref.provision.touches()
            item_scopes.extend(own.item_scopes)
            dest_scopes.extend(own.destination_scopes)
            for by, a in idx.amendments.get(ref.key, ()):
                touched = a.touches(by)
                item_scopes.extend(touched.item_scopes)
                dest_scopes.extend(touched.destination_scopes)
        licences = []
        for inst, lic in idx.licenses:
            if chip.name in lic.products or chip.family in lic.products:
                licences.append((inst.id, lic.id))
                dest_scopes.append(lic.destinations)
        names = idx.names_of(chip)
        items_seen = []
        for scope in item_scopes:
            tested = tuple(holds(chip, t) for t in scope.bounds)
            market = chip.available_in_us_on(scope.us_available_on) if scope.us_available_on else None
            items_seen.append(
                (
                    any(n in scope.products for n in names),
                    any(n in scope.exclude_products for n in names),
                    tested,
                    market,
                )
            )
        chip_view = (
            self.chip_classes(chip),
            chip.datacenter,
            bool(chip.foreign_produced),
            tuple(items_seen),
            tuple(licences),
        )
        if country in self.merged:
            country_view: tuple[object, ...] = ("named", country)
        else:
            groups: set[str] = set()
            named = []
            for where in dest_scopes:
                groups |= where.all_groups
                named.append((country in where.countries, country in where.except_countries))
            country_view = (tuple(named), self.memberships(country, groups))
        return (tuple(r.key for r in refs), chip_view, country_view)
