"""Instruments (rules, letters, notices, licence grants, events) and what the record says of itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from ..errors import InvalidValueError, UnknownIdError
from . import _fields as f
from ._amendments import Amendment
from ._enums import Confidence, InstrumentKind
from ._places import GroupChange, Merge
from ._provisions import License, Provision, Tier
from ._scopes import Touches
from ._sources import Citation, Source

__all__ = ["Instrument", "RecordInfo"]


def _kind(value: InstrumentKind | str) -> InstrumentKind:
    return f.enum_value(InstrumentKind, value)  # type: ignore[return-value]


def _confidence(value: Confidence | str) -> Confidence:
    return f.enum_value(Confidence, value)  # type: ignore[return-value]


def _tiers(values: object) -> tuple[Tier, ...]:
    found = f.to_tuple(values)  # type: ignore[arg-type]
    if isinstance(found, tuple) and all(isinstance(t, Tier) for t in found):
        return tuple(sorted(found, key=lambda t: t.rank))
    return found


_AMENDMENT_TYPES = Amendment.__args__  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class Instrument:
    """A rule, letter, notice, guidance, announcement or licence grant, with its dates.

    Knowledge time uses the earliest public date (``announced`` or ``published``); an
    instrument without provisions, amendments, licences or changes to groups and places is
    a non-binding event kept in the timeline. A ``standing`` instrument was in force before
    the record's coverage began; its dates may be left out, and it counts as known and in
    effect from the start. Everything an instrument does is stated in it: its provisions,
    amendments of others, granted licences, tiers, and the countries it moved between
    groups (``group_changes``) or merged into another (``merges``).
    """

    id: str = attrs.field(validator=f.slug())
    kind: InstrumentKind = attrs.field(converter=_kind, validator=f.enum_member(InstrumentKind))
    title: str = attrs.field(validator=f.text())
    citation: Citation = attrs.field(validator=f.instance_of(Citation, "a Citation"))
    summary: str = attrs.field(validator=f.text(), repr=False)
    announced: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    published: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    effective: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    compliance: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    expires: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    provisions: tuple[Provision, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Provision, "Provision"), repr=False
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(_AMENDMENT_TYPES, "amendments"), repr=False
    )
    licenses: tuple[License, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(License, "License"), repr=False
    )
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=_tiers, validator=f.tuple_of(Tier, "Tier"), repr=False)
    group_changes: tuple[GroupChange, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(GroupChange, "GroupChange"), repr=False
    )
    merges: tuple[Merge, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Merge, "Merge"), repr=False
    )
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Source, "Source"), repr=False
    )
    standing: bool = attrs.field(default=False, validator=f.boolean())
    confidence: Confidence = attrs.field(
        default=Confidence.HIGH, converter=_confidence, validator=f.enum_member(Confidence)
    )
    uncertainties: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(str, "texts", f.text()), repr=False
    )
    date_notes: str | None = attrs.field(default=None, validator=f.text(none=True), repr=False)

    def __attrs_post_init__(self) -> None:
        def refuse(field: str, value: object, expected: str) -> None:
            raise InvalidValueError(f"Instrument {self.id!r}", field, value, expected)

        if self.announced is None and self.published is None and not self.standing:
            refuse("published", None, "an announced or a published date (or standing = true)")
        if self.binding and self.effective is None and not self.standing:
            refuse("effective", None, "an effective date for an instrument with legal effect (or standing = true)")
        for name, ids in (
            ("provisions", [p.id for p in self.provisions]),
            ("licenses", [lic.id for lic in self.licenses]),
            ("tiers", [t.name for t in self.tiers]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                refuse(name, dupes, "ids that are not repeated")
        ranks = [t.rank for t in self.tiers]
        if len(set(ranks)) != len(ranks):
            refuse("tiers", ranks, "tiers of different ranks")
        tiers = {t.name for t in self.tiers}
        for p in self.provisions:
            if p.tier is not None and p.tier not in tiers:
                refuse(
                    f"provisions[{p.id}].tier",
                    p.tier,
                    "the name of one of this instrument's tiers: " + (", ".join(sorted(tiers)) or "it has none"),
                )

    @property
    def known_from(self) -> dt.date:
        """The first day the instrument was public: the earlier of announced and published."""
        days = [d for d in (self.announced, self.published) if d is not None]
        return min(days) if days else dt.date.min

    @property
    def in_effect_from(self) -> dt.date:
        """The effective date, or the earliest date for a standing instrument without one."""
        return self.effective or dt.date.min

    @property
    def binding(self) -> bool:
        """Whether the instrument has legal effect in the model."""
        return bool(self.provisions or self.amendments or self.licenses or self.group_changes or self.merges)

    def tier(self, name: str) -> Tier:
        """The tier of this instrument with this name.

        Raises:
            UnknownIdError: no such tier.
        """
        for t in self.tiers:
            if t.name == name:
                return t
        raise UnknownIdError("tier", name, [t.name for t in self.tiers])

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id.

        Raises:
            UnknownIdError: no such provision (the valid ids are listed).

        >>> import chipcontrols
        >>> letter = chipcontrols.bundled().instrument("2025-04-nvidia-h20-letter")
        >>> letter.provision("h20-destinations").review_policy is None
        True
        """
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise UnknownIdError("provision", provision_id, [p.id for p in self.provisions])

    def parts(self) -> Iterator[tuple[str, Touches]]:
        """Each part of the instrument with what it touches, keyed by its path in the data file
        (``"provisions[tier-1]"``, ``"amendments[0]"``, ``"licenses[nvidia-h20]"``, ``"tiers[Tier 2]"``)."""
        for p in self.provisions:
            yield f"provisions[{p.id}]", p.touches()
        for n, a in enumerate(self.amendments):
            yield f"amendments[{n}]", a.touches(self)
        for lic in self.licenses:
            yield f"licenses[{lic.id}]", lic.touches()
        for t in self.tiers:
            yield f"tiers[{t.name}]", t.touches()

    def days(self) -> frozenset[dt.date]:
        """Every day on which the instrument acts (effect, compliance, expiry, its parts' days).

        Its publication is not among them: on a fixed knowledge view, publication changes nothing.
        """
        out = {d for d in (self.effective, self.compliance, self.expires) if d}
        for _, touched in self.parts():
            out.update(touched.days)
        for change in self.group_changes:
            out.add(change.start or self.in_effect_from)
        for merge in self.merges:
            out.add(merge.start or self.in_effect_from)
        return frozenset(out)


@attrs.frozen(kw_only=True)
class RecordInfo:
    """What a record says of itself: its version, the first day it speaks for, the day it was
    last reviewed against its sources, and the latest day its sources reach.

    >>> info = RecordInfo(version="1", start=dt.date(2019, 1, 1), reviewed=dt.date(2026, 12, 6),
    ...                   sources_through=dt.date(2026, 10, 8))
    >>> info.reviewed.isoformat()
    '2026-12-06'
    """

    version: str = attrs.field(validator=f.text())
    start: dt.date = attrs.field(validator=f.day())
    reviewed: dt.date = attrs.field(validator=f.day())
    sources_through: dt.date = attrs.field(validator=f.day())

    def __attrs_post_init__(self) -> None:
        if self.reviewed < self.start:
            raise InvalidValueError(
                "RecordInfo", "reviewed", self.reviewed, f"a day on or after the start ({self.start})"
            )
        if self.sources_through > self.reviewed:
            raise InvalidValueError(
                "RecordInfo",
                "sources_through",
                self.sources_through,
                f"a day on or before the review ({self.reviewed})",
            )
        last = dt.date.max - dt.timedelta(days=3)  # leaves room for the days computed after the review day
        if self.reviewed > last:
            raise InvalidValueError("RecordInfo", "reviewed", self.reviewed, f"a day no later than {last.isoformat()}")
