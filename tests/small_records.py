"""Small hand-built rulebooks for edge-case tests: one feature at a time, nothing else in the way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import chipcontrols as cc

FIRST = dt.date(2020, 1, 1)
LAST = dt.date(2025, 12, 31)
COVERAGE = cc.Coverage(start=FIRST, end=LAST, checked=LAST, version="test")

ALPHA = cc.Chip(name="Alpha", tpp=5000, die_area_mm2=800, datacenter=True)
BETA = cc.Chip(name="Beta", tpp=5000, die_area_mm2=800, datacenter=True)
CHIPS = (ALPHA, BETA)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def instrument(
    ident: str,
    *,
    published: str | None = "2021-01-01",
    effective: str | None = "2021-01-01",
    short: str | None = None,
    **fields: Any,
) -> cc.Instrument:
    """A rule published and in effect on 2021-01-01 unless told otherwise."""
    return cc.Instrument(
        id=ident,
        kind=cc.InstrumentKind.RULE,
        title=f"Rule {ident}",
        citation=cc.Citation(short=short or f"Rule {ident}"),
        summary=f"The rule {ident}.",
        published=None if published is None else day(published),
        effective=None if effective is None else day(effective),
        **fields,
    )


def provision(ident: str = "p", **fields: Any) -> cc.Provision:
    """A licence requirement for every item to China unless told otherwise."""
    fields.setdefault("items", cc.ItemScope(all_items=True))
    fields.setdefault("destinations", cc.DestinationScope(countries=["CN"]))
    return cc.Provision(id=ident, title=f"Provision {ident}", **fields)


def book(
    *instruments: cc.Instrument,
    chips: Iterable[cc.Chip] = CHIPS,
    groups: Iterable[cc.CountryGroup] = (),
    criteria: Iterable[cc.ClassificationVersion] = (),
    merges: Iterable[cc.Merge] = (),
    aliases: Iterable[cc.CountryAlias] = (),
) -> cc.Rulebook:
    return cc.Rulebook(
        coverage=COVERAGE,
        chips=chips,
        groups=groups,
        merges=merges,
        criteria=criteria,
        instruments=instruments,
        country_aliases=aliases,
    )


def problems(**parts: Any) -> list[str]:
    """The problems a rulebook built from these parts is refused with."""
    import pytest

    parts.setdefault("coverage", COVERAGE)
    parts.setdefault("chips", CHIPS)
    with pytest.raises(cc.errors.InvalidRecordError) as info:
        cc.Rulebook(**parts)
    return [str(p) for p in info.value.problems]
