"""Small hand-built rulebooks for the tests that pin down behaviour mutation testing found unchecked.

Coverage runs from 2020-01-01 to 2025-12-31. Every instrument is a rule published and in
effect on 2021-01-01 unless told otherwise, cited as ``Rule <id>``; every provision
requires a licence for every item to China unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import chipcontrols as cc
from small_records import day as day  # re-exported: the mutation tests build with the same helpers
from small_records import provision as provision

FIRST = dt.date(2020, 1, 1)
LAST = dt.date(2025, 12, 31)
COVERAGE = cc.Coverage(start=FIRST, end=LAST, checked=LAST, version="mutation-test")

ALPHA = cc.Chip(name="Alpha", tpp=5000, die_area_mm2=800, datacenter=True)
BETA = cc.Chip(name="Beta", tpp=5000, die_area_mm2=800, datacenter=True)
ABROAD = cc.Chip(name="Abroad", tpp=5000, die_area_mm2=800, datacenter=True, foreign_produced=True)
VAGUE = cc.Chip(name="Vague")
CHIPS = (ALPHA, BETA, ABROAD, VAGUE)

TPP_4800 = cc.Bound(spec=cc.Spec.TPP, op=cc.Op.GE, value=4800)


def instrument(
    ident: str,
    *,
    published: str | None = "2021-01-01",
    effective: str | None = "2021-01-01",
    **fields: Any,
) -> cc.Instrument:
    """A rule published and in effect on 2021-01-01 unless told otherwise."""
    fields.setdefault("kind", cc.InstrumentKind.RULE)
    return cc.Instrument(
        id=ident,
        title=f"Rule {ident} title",
        citation=cc.Citation(short=f"Rule {ident}"),
        summary=f"The rule {ident}.",
        published=None if published is None else day(published),
        effective=None if effective is None else day(effective),
        **fields,
    )


def criteria(*paragraphs: cc.Paragraph, exclusions: Iterable[cc.Exclusion] = (), start: str = "2021-01-01"):
    """Classification criteria published by the instrument ``crit``."""
    return cc.ClassificationVersion(
        id=f"criteria-{start}", instrument="crit", start=day(start), paragraphs=paragraphs, exclusions=exclusions
    )


def book(
    *instruments: cc.Instrument,
    chips: Iterable[cc.Chip] = CHIPS,
    groups: Iterable[cc.CountryGroup] = (),
    criteria: Iterable[cc.ClassificationVersion] = (),
    merges: Iterable[cc.Merge] = (),
) -> cc.Rulebook:
    return cc.Rulebook(
        coverage=COVERAGE, chips=chips, groups=groups, merges=merges, criteria=criteria, instruments=instruments
    )
