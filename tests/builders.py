"""Builders for the tests: small hand-built records (one feature at a time, nothing else in the way),
the reference evaluation, and the days around the record's events.

Records built here speak from 2020-01-01 and were reviewed on 2025-12-31. Every instrument is a
rule published and in effect on 2021-01-01 unless told otherwise, cited as ``Rule <id>``; every
provision requires a licence for every item to China unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
import pytest

import chipcontrols as cc
from chipcontrols import model as m
from chipcontrols._answer import REGIME_FIELDS, Regime
from chipcontrols._engine.evaluate import evaluate

FIRST = dt.date(2020, 1, 1)
LAST = dt.date(2025, 12, 31)
INFO = m.RecordInfo(version="test", start=FIRST, reviewed=LAST, sources_through=LAST)

ALPHA = m.Chip(name="Alpha", tpp=5000, die_area_mm2=800, datacenter=True)
BETA = m.Chip(name="Beta", tpp=5000, die_area_mm2=800, datacenter=True)
ABROAD = m.Chip(name="Abroad", tpp=5000, die_area_mm2=800, datacenter=True, foreign_produced=True)
VAGUE = m.Chip(name="Vague")
CHIPS = (ALPHA, BETA)
MORE_CHIPS = (ALPHA, BETA, ABROAD, VAGUE)

TPP_4800 = m.Threshold(spec=m.Spec.TPP, op=m.Op.GE, value=4800)


def day(text: str) -> dt.date:
    """A day from ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


def plus(d: dt.date, days: int) -> dt.date:
    """``d`` moved by ``days``."""
    return d + dt.timedelta(days=days)


def instrument(
    ident: str,
    *,
    published: str | None = "2021-01-01",
    effective: str | None = "2021-01-01",
    short: str | None = None,
    title: str | None = None,
    **fields: Any,
) -> m.Instrument:
    """A rule published and in effect on 2021-01-01 unless told otherwise."""
    fields.setdefault("kind", m.InstrumentKind.RULE)
    return m.Instrument(
        id=ident,
        title=title or f"Rule {ident}",
        citation=m.Citation(short=short or f"Rule {ident}"),
        summary=f"The rule {ident}.",
        published=None if published is None else day(published),
        effective=None if effective is None else day(effective),
        **fields,
    )


def policy_change(
    ident: str,
    policy: m.ReviewPolicy,
    *,
    target: str = "r/p",
    published: str = "2021-01-01",
    effective: str = "2021-01-01",
    **within: Any,
) -> m.Instrument:
    """An instrument changing the review policy of ``target`` to ``policy``, within the sub-scopes given
    (``within_items``, ``within_destinations``)."""
    change = m.ReviewPolicyChange(target=target, review_policy=policy, **within)
    return instrument(ident, published=published, effective=effective, amendments=[change])


def provision(ident: str = "p", **fields: Any) -> m.Provision:
    """A licence requirement for every item to China unless told otherwise."""
    fields.setdefault("items", m.ItemScope(all_items=True))
    fields.setdefault("destinations", m.DestinationScope(countries=["CN"]))
    return m.Provision(id=ident, title=f"Provision {ident}", **fields)


def criteria(
    *paragraphs: m.Paragraph, exclusions: Iterable[m.Exclusion] = (), start: str = "2021-01-01"
) -> m.CriteriaVersion:
    """Classification criteria published by the instrument ``crit``."""
    return m.CriteriaVersion(
        id=f"criteria-{start}", instrument="crit", start=day(start), paragraphs=paragraphs, exclusions=exclusions
    )


def record(
    *instruments: m.Instrument,
    chips: Iterable[m.Chip] = CHIPS,
    groups: Iterable[m.CountryGroup] = (),
    criteria: Iterable[m.CriteriaVersion] = (),
    merges: Iterable[m.Merge] = (),
    aliases: Iterable[m.CountryAlias] = (),
    info: m.RecordInfo = INFO,
) -> m.Record:
    """A record of these parts. A merge naming an instrument is stated in that instrument."""
    by_id = {i.id: i for i in instruments}
    for merge in merges:
        owner = by_id[str(merge.instrument)]
        by_id[owner.id] = attrs.evolve(owner, merges=[*owner.merges, attrs.evolve(merge, instrument=None)])
    return m.Record(
        info=info,
        chips=chips,
        groups=groups,
        criteria=criteria,
        instruments=list(by_id.values()),
        country_aliases=aliases,
    )


def book(*instruments: m.Instrument, **parts: Any) -> cc.Rulebook:
    """A rulebook of these parts (see :func:`record`)."""
    return cc.Rulebook(record(*instruments, **parts))


def problems(*instruments: m.Instrument, **parts: Any) -> list[str]:
    """The problems a record built from these parts is refused with."""
    with pytest.raises(cc.errors.InvalidRecordError) as info:
        record(*instruments, **parts)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ reference evaluation


def regime_of(status: cc.Status) -> tuple[object, ...]:
    """The parts of a status that state the regime (not its period, its query or the query's notes)."""
    regime = status._regime
    return tuple(status.governing if f == "governing" else getattr(regime, f) for f in REGIME_FIELDS)


def reference(
    rb: cc.Rulebook,
    date: dt.date,
    chip: str | m.Chip,
    country: str,
    *,
    known: dt.date | None = None,
    basis: m.Basis = m.Basis.ENFORCED,
    hq: str | None = None,
) -> Regime:
    """The plain, unoptimised evaluation of one day."""
    return evaluate(rb._state.index, date, rb.chip(chip), rb.country(country).code, known=known, basis=basis, hq=hq)


def reference_tuple(regime: Regime) -> tuple[object, ...]:
    return tuple(getattr(regime, f) for f in REGIME_FIELDS)


def event_days(rb: cc.Rulebook) -> list[dt.date]:
    """Every day on which anything in the record happens, read from the data through the declared walk."""
    days: set[dt.date] = set()
    for inst in rb.instruments:
        days.update(x for x in (inst.announced, inst.published, inst.effective, inst.compliance, inst.expires) if x)
        for _, touched in inst.parts():
            days.update(touched.days)
        for change in inst.group_changes:
            days.add(change.start or inst.in_effect_from)
        for merge in inst.merges:
            days.add(merge.start or inst.in_effect_from)
    for g in rb.groups:
        for mb in g.members:
            days.update(x for x in (mb.start, mb.end) if x)
    days.update(v.start for v in rb.criteria)
    days.discard(dt.date.min)
    return sorted(days)


def days_around_events(rb: cc.Rulebook) -> list[dt.date]:
    """Every day on which something happens in the record, with the days either side, from its first
    day to the day after its review day."""
    out = {d + dt.timedelta(days=k) for d in event_days(rb) for k in (-1, 0, 1)}
    return sorted(d for d in out if rb.info.start <= d <= rb.info.reviewed + dt.timedelta(days=1))


def assert_pairs_agree_with_reference(
    rb: cc.Rulebook,
    chips: Iterable[m.Chip],
    countries: Iterable[str],
    *,
    known: dt.date | None = None,
    basis: m.Basis = m.Basis.ENFORCED,
    hq: str | None = None,
) -> None:
    """Every pair's compiled regime, asked in turn on one rulebook (so that pairs may share
    timelines), equals the reference evaluation on every day around every event."""
    days = days_around_events(rb)
    for chip in chips:
        for code in countries:
            for d in days:
                got = regime_of(rb.status_at(d, chip, code, known_on=known, basis=basis, headquartered_in=hq))
                want = reference_tuple(reference(rb, d, chip, code, known=known, basis=basis, hq=hq))
                assert got == want, (chip.name, code, d, known, basis, hq)
