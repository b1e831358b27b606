"""The compiled engine agrees with the reference evaluator on the whole bundled record.

For every catalogue chip and every class of destinations (destinations that the record
cannot tell apart share a timeline; one of each is checked, plus every destination named
anywhere), on the day before, of and after every date on which anything in the record
happens. The enforced basis is checked everywhere; the legal and compliance bases and two
knowledge dates on the destinations most often asked about.
"""

from __future__ import annotations

import datetime as dt

import pytest

import chipcontrols as cc
from chipcontrols import Basis
from helpers import REGIME_FIELDS, event_days

BOOK = cc.bundled()
STATE = BOOK._state
INDEX = STATE.index


def _all_event_days() -> list[dt.date]:
    out = set()
    for d in event_days(BOOK):
        for delta in (-1, 0, 1):
            x = d + dt.timedelta(days=delta)
            if BOOK.coverage.start <= x <= BOOK.coverage.end:
                out.add(x)
    return sorted(out)


DAYS = _all_event_days()


def _destinations() -> list[str]:
    """One country per pattern of group memberships, read from the data (not from the engine),
    plus every country the instruments name."""
    patterns: dict[str, list[tuple[str, str, str]]] = {}
    for g in BOOK.groups:
        for m in g.members:
            patterns.setdefault(m.country, []).append((g.id, str(m.start), str(m.end)))
    seen: dict[object, str] = {}
    for c in BOOK.countries():
        seen.setdefault(tuple(sorted(patterns.get(c.code, []))), c.code)
    named = set()
    for inst in BOOK.instruments:
        scopes = [p.destinations for p in inst.provisions] + [lic.destinations for lic in inst.licenses]
        scopes += [
            getattr(a, n)
            for a in inst.amendments
            for n in ("destinations", "within_destinations")
            if getattr(a, n, None)
        ]
        for s in scopes:
            named |= set(s.countries | s.except_countries)
    named |= {m.code for m in BOOK.merges}
    return sorted(set(seen.values()) | named | {"HK", "MO", "CN", "IN", "DE", "AE", "SA", "US"})


DESTINATIONS = _destinations()
FOCUS = ["CN", "HK", "MO", "IN", "SA", "AE", "DE", "RU", "KH", "NI"]


def _check(chip: cc.Chip, country: str, basis: Basis, known: dt.date | None, days: list[dt.date]) -> list[str]:
    from chipcontrols._engine import evaluate

    wrong = []
    for d in days:
        status = BOOK.status_at(d, chip, country, basis=basis, known_on=known)
        ref = evaluate(INDEX, d, chip, country, known=known, basis=basis, hq=None)
        got = tuple(getattr(status, f) for f in REGIME_FIELDS)
        want = tuple(getattr(ref, f) for f in REGIME_FIELDS)
        if got != want:
            wrong.append(f"{chip.name} {country} {d} {basis.value} known={known}")
    return wrong


@pytest.mark.parametrize("chip", BOOK.chips, ids=lambda c: c.name)
def test_enforced_basis_everywhere(chip):
    """Every chip x destination class x event day (+/- 1), enforced basis, everything known."""
    wrong = [w for country in DESTINATIONS for w in _check(chip, country, Basis.ENFORCED, None, DAYS)]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("basis", [Basis.LEGAL, Basis.COMPLIANCE])
@pytest.mark.parametrize("known", [None, dt.date(2023, 10, 20), dt.date(2025, 2, 1)])
def test_other_bases_and_knowledge_dates(basis, known):
    """Legal and compliance bases, and two knowledge dates, on the destinations most asked about."""
    chips = [BOOK.chip(n) for n in ("H100", "H20", "RTX 4090", "Gaudi 3", "B200", "A800")]
    wrong = [w for chip in chips for country in FOCUS for w in _check(chip, country, basis, known, DAYS)]
    assert not wrong, wrong[:10]


def test_the_sample_is_large():
    """The check covers many days and destination classes."""
    assert len(DAYS) > 250
    assert len(DESTINATIONS) > 30
