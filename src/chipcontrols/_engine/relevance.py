"""Relevance: which provisions can ever bind a chip and destination, and on which days its answer
can change. Pure functions of the index, read through the instruments' declared walk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .._model import Chip, ItemScope, ScopeChange
from .index import Index, ProvisionRef

__all__ = ["Relevance", "acting_days", "effect_days", "item_hit", "relevant"]

# the provisions that could bind, the days on which the answer can change, and the days on which
# a relevant instrument was announced ahead of its effect (what is scheduled changes then)
Relevance = tuple[tuple[ProvisionRef, ...], tuple[dt.date, ...], frozenset[dt.date]]


def effect_days(index: Index) -> dict[str, frozenset[dt.date]]:
    """The days on which each instrument acts on the regime (never its publication: the engine
    compares the day asked about with effective, compliance, expiry, amendment, licence,
    membership and merge dates)."""
    return {inst.id: inst.days() for inst in index.instruments.values()}


def acting_days(index: Index) -> dict[dt.date, frozenset[str]]:
    """For each day, the instruments that act on it or are published on it."""
    acting: dict[dt.date, set[str]] = {}
    for inst in index.instruments.values():
        for d in (*inst.days(), inst.known_from):
            acting.setdefault(d, set()).add(inst.id)
    for members in index.groups.values():
        for ms in members.values():
            for m in ms:
                if m.start is not None and m.added_by:
                    acting.setdefault(m.start, set()).add(m.added_by)
                if m.end is not None and m.removed_by:
                    acting.setdefault(m.end, set()).add(m.removed_by)
    return {d: frozenset(ids) for d, ids in acting.items()}


def item_hit(items: ItemScope, chip: Chip, paragraphs: frozenset[str], undetermined: bool) -> bool:
    """Whether an item scope could ever cover a chip with these possible classifications."""
    return (
        items.all_items
        or not (items.products or items.classifications)  # filters alone: any item may pass
        or chip.name in items.products
        or (chip.family is not None and chip.family in items.products)
        or (undetermined and bool(items.classifications))
        or any(p.startswith(c) for p in paragraphs for c in items.classifications)
    )


def relevant(
    index: Index,
    effects: dict[str, frozenset[dt.date]],
    chip: Chip,
    paragraphs: frozenset[str],
    undetermined: bool,
    country: str,
    hq: str | None,
    known: dt.date | None,
    first: dt.date,
    end: dt.date,
) -> Relevance:
    """The provisions that could ever bind this pair, the days inside ``(first, end)`` on which its
    answer can change, and the days on which a relevant instrument was announced ahead of its
    effect — as seen from the knowledge view ``known``: an amendment not yet public cannot make a
    provision relevant. ``paragraphs``: the chip's possible classifications (``undetermined``:
    some version cannot settle it)."""
    places = {country} | {m.into for m in index.merges if m.code == country}
    hq_places = set() if hq is None else {hq} | {m.into for m in index.merges if m.code == hq}

    def ever_in(groups: Iterable[str], where: set[str]) -> bool:
        return any(c in index.groups[g] for g in groups for c in where)

    refs: list[ProvisionRef] = []
    instruments: set[str] = set()
    groups: set[str] = set()
    visible = index.visible
    for ref in index.provisions:
        if not visible(ref.instrument.id, known):
            continue  # not public in this view: it binds on no day
        own = ref.provision.touches()
        scopes = [(ref.provision.items, ref.provision.destinations)]
        for by, a in index.amendments.get(ref.key, ()):
            if isinstance(a, ScopeChange) and visible(by.id, known):
                scopes.append((a.items or ref.provision.items, a.apply(ref.provision.destinations)))
        hit = False
        for items, dests in scopes:
            dest_hit = dests.everywhere or bool(places & dests.countries) or ever_in(dests.groups, places)
            if item_hit(items, chip, paragraphs, undetermined) and dest_hit:
                hit = True
                break
        if not hit:
            continue
        refs.append(ref)
        instruments.add(ref.instrument.id)
        groups |= own.groups
        for by, a in index.amendments.get(ref.key, ()):
            if not visible(by.id, known):
                continue
            instruments.add(by.id)
            instruments.update(
                stopper.id
                for stopper, _ in index.instrument_non_enforcement.get(by.id, ())
                if visible(stopper.id, known)
            )
            groups |= a.touches(by).groups
    for inst, lic in index.licenses:
        if (chip.name in lic.products or chip.family in lic.products) and visible(inst.id, known):
            instruments.add(inst.id)
            groups |= lic.touches().groups
    days: set[dt.date] = set()
    for inst_id in instruments:
        days |= effects[inst_id]
    publishers = set(instruments)  # every instrument whose publication can change what is known
    for g in groups:
        for c in places | hq_places:
            for m in index.groups[g].get(c, ()):
                for day, maker in ((m.start, m.added_by), (m.end, m.removed_by)):
                    if day is not None and visible(maker, known):
                        days.add(day)
                        if maker:
                            publishers.add(maker)
    for merge in index.merges:
        if merge.code in {country, hq} and visible(merge.instrument, known):
            assert merge.start is not None and merge.instrument is not None
            days.add(merge.start)
            publishers.add(merge.instrument)
    for version in index.criteria:
        if visible(version.instrument, known):
            days.add(version.start)
            publishers.add(version.instrument)
    inside = tuple(sorted(d for d in days if first < d < end))
    # an instrument made public before a later day of change can change what is scheduled on the
    # day it is published: a rule or a group change announced ahead of its effect, or a
    # retroactive rule that binds from a later membership change
    last = inside[-1] if inside else first
    ahead = frozenset(index.known[i] for i in publishers if index.known[i] < last)
    return tuple(refs), inside, ahead
