"""The index: lookups over a validated record, built once, and the evaluation caches it shares."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .._model import (
    Amendment,
    Chip,
    ComplianceDelay,
    CriteriaVersion,
    Instrument,
    License,
    Membership,
    Merge,
    NonEnforcement,
    Provision,
)
from .._record import Record
from .cache import Bounded

if TYPE_CHECKING:
    from .._answer import Classification
    from .reference import ProvisionState

__all__ = ["CACHE_LIMIT", "Index", "ProvisionRef"]

CACHE_LIMIT = 200_000  # entries per evaluation cache


class ProvisionRef:
    """A provision together with the instrument that made it (with its key and dates precomputed)."""

    __slots__ = ("effective", "instrument", "key", "known_from", "provision")

    def __init__(self, instrument: Instrument, provision: Provision) -> None:
        self.instrument = instrument
        self.provision = provision
        self.key = f"{instrument.id}/{provision.id}"
        self.effective = provision.effective or instrument.in_effect_from
        self.known_from = instrument.known_from

    def __repr__(self) -> str:
        return f"ProvisionRef({self.key})"


def _acts_from(amendment: Amendment, by: Instrument) -> dt.date:
    """The order in which a provision's amendments are folded: a delay by its own instrument's date."""
    if isinstance(amendment, ComplianceDelay):
        return by.in_effect_from
    return amendment.start_in(by)


class Index:
    """Lookups over a validated record's parts, built once, and its evaluation caches."""

    def __init__(self, record: Record) -> None:
        self.record = record
        instruments = record.instruments
        self.instruments = {i.id: i for i in instruments}
        self.known = {i.id: i.known_from for i in instruments}
        self.provisions: tuple[ProvisionRef, ...] = tuple(ProvisionRef(i, p) for i in instruments for p in i.provisions)
        # amendments by the key of each provision they act on, in the order they act
        amendments: dict[str, list[tuple[Instrument, Amendment]]] = {}
        for inst in instruments:
            for amendment in inst.amendments:
                for key in self.targets(amendment.target):
                    amendments.setdefault(key, []).append((inst, amendment))
        for lst in amendments.values():
            lst.sort(key=lambda pair: (_acts_from(pair[1], pair[0]), pair[0].known_from))
        self.amendments: dict[str, tuple[tuple[Instrument, Amendment], ...]] = {
            k: tuple(v) for k, v in amendments.items()
        }
        # non-enforcement of whole instruments (their amendments stop acting on the enforced basis)
        stoppers: dict[str, list[tuple[Instrument, NonEnforcement]]] = {}
        for inst in instruments:
            for amendment in inst.amendments:
                if isinstance(amendment, NonEnforcement) and "/" not in amendment.target:
                    stoppers.setdefault(amendment.target, []).append((inst, amendment))
        self.instrument_non_enforcement = {k: tuple(v) for k, v in stoppers.items()}
        self.groups: dict[str, dict[str, tuple[Membership, ...]]] = {}
        for gid, members in record.memberships.items():
            by_country: dict[str, list[Membership]] = {}
            for m in members:
                by_country.setdefault(m.country, []).append(m)
            self.groups[gid] = {c: tuple(ms) for c, ms in by_country.items()}
        self.merges: tuple[Merge, ...] = record.merges
        self.criteria: tuple[CriteriaVersion, ...] = record.criteria
        self.licenses: tuple[tuple[Instrument, License], ...] = tuple(
            (i, lic) for i in instruments for lic in i.licenses
        )
        # evaluation caches, bounded; shared by every chip and destination
        self.classified: Bounded[tuple[Chip, str], Classification] = Bounded("classifications", CACHE_LIMIT)
        self.states: Bounded[tuple[str, dt.date, dt.date | None], ProvisionState] = Bounded(
            "provision states", CACHE_LIMIT
        )
        self.item_matches: Bounded[tuple[object, ...], tuple[bool | None, bool]] = Bounded("item scopes", CACHE_LIMIT)
        self.destination_matches: Bounded[tuple[object, ...], tuple[bool, tuple[str, ...]]] = Bounded(
            "destination scopes", CACHE_LIMIT
        )

    @property
    def caches(self) -> tuple[Bounded[Any, Any], ...]:
        """Every cache of the index."""
        return (self.classified, self.states, self.item_matches, self.destination_matches)

    def targets(self, target: str) -> list[str]:
        """The provision keys an amendment target names (an instrument names all of its provisions)."""
        if "/" in target:
            return [target]
        inst = self.instruments.get(target)
        if inst is None:
            return []
        return [f"{inst.id}/{p.id}" for p in inst.provisions]

    def visible(self, instrument_id: str | None, known: dt.date | None) -> bool:
        """Whether an instrument was public on ``known`` (``None``: everything is)."""
        if instrument_id is None or known is None:
            return True
        day = self.known.get(instrument_id)
        return day is not None and day <= known

    def version(self, date: dt.date, known: dt.date | None) -> CriteriaVersion | None:
        """The criteria version in force on ``date`` as known on ``known``."""
        found = None
        for v in self.criteria:
            if v.start <= date and self.visible(v.instrument, known):
                found = v
        return found

    def names_of(self, chip: Chip) -> tuple[str, ...]:
        """The names a product selector can use for a chip: its own, and its family's."""
        family = chip.family
        return (chip.name,) if family is None else (chip.name, family)
