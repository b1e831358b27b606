"""The compiled engine agrees with the reference evaluator on the whole bundled record.

For every catalogue chip and every class of destinations (destinations that the record
cannot tell apart share a timeline; one of each is checked, plus every destination named
anywhere), on the day before, of and after every date on which anything in the record
happens, and the day after its review day. The enforced basis is checked everywhere; the
legal and compliance bases and two knowledge dates on the destinations most often asked about.

On CI (``CI`` set) or with ``HYPOTHESIS_PROFILE=thorough`` every chip is checked against every
destination class; a local run checks each chip against the destinations most asked about and a
quarter of the others, a different quarter for each chip, so that every destination and every chip
is still checked (the full run takes about four times as long).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

import chipcontrols as cc
from builders import days_around_events, event_days, reference, reference_tuple, regime_of
from chipcontrols import model as m

BOOK = cc.bundled()
#: the record's first day, the days around every event, and the day after the review day (answered as known then)
DAYS = sorted({BOOK.info.start, *days_around_events(BOOK), BOOK.info.reviewed + dt.timedelta(days=1)})


def _destinations() -> list[str]:
    """Every country the instruments name, plus one country per pattern of group memberships among those
    they do not name (a named country is a class of its own), read from the data (not from the engine)."""
    named: set[str] = set()
    for inst in BOOK.instruments:
        for _, touched in inst.parts():
            for scope in touched.destination_scopes:
                named |= scope.all_countries
        for change in inst.group_changes:
            named |= change.add | change.remove
    named |= {mg.code for mg in BOOK.record.merges} | {mg.into for mg in BOOK.record.merges}
    patterns: dict[str, list[tuple[str, str, str]]] = {}
    for g in BOOK.groups:
        for mb in g.members:
            patterns.setdefault(mb.country, []).append((g.id, str(mb.start), str(mb.end)))
    seen: dict[object, str] = {}
    for c in BOOK.countries():
        if c.code not in named:
            seen.setdefault(tuple(sorted(patterns.get(c.code, []))), c.code)
    return sorted(set(seen.values()) | named | {"HK", "MO", "CN", "IN", "DE", "AE", "SA", "US"})


DESTINATIONS = _destinations()
FOCUS = ["CN", "HK", "MO", "IN", "SA", "AE", "DE", "RU", "KH", "NI"]
FULL = bool(os.environ.get("CI")) or os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
STRIDE = 1 if FULL else 4


def _destinations_for(index: int) -> list[str]:
    """The destinations checked for the chip at ``index`` of the catalogue: all on a full run."""
    return sorted(set(FOCUS) | set(DESTINATIONS[index % STRIDE :: STRIDE]))


def _check(chip: m.Chip, country: str, basis: m.Basis, known: dt.date | None, days: list[dt.date]) -> list[str]:
    wrong = []
    for d in days:
        status = BOOK.status_at(d, chip, country, basis=basis, known_on=known)
        if regime_of(status) != reference_tuple(reference(BOOK, d, chip, country, known=known, basis=basis)):
            wrong.append(f"{chip.name} {country} {d} {basis.value} known={known}")
    return wrong


@pytest.mark.parametrize("index", range(len(BOOK.chips)), ids=[c.name for c in BOOK.chips])
def test_enforced_basis_everywhere(index):
    """Every chip x destination class x event day (+/- 1), enforced basis, everything known."""
    chip = BOOK.chips[index]
    wrong = [w for country in _destinations_for(index) for w in _check(chip, country, m.Basis.ENFORCED, None, DAYS)]
    assert not wrong, wrong[:10]


def test_a_local_run_still_checks_every_destination():
    """The local sample reaches every destination class (each with some chip) and every chip."""
    reached = {c for i in range(len(BOOK.chips)) for c in _destinations_for(i)}
    assert reached == set(DESTINATIONS) and len(BOOK.chips) >= STRIDE


@pytest.mark.parametrize("basis", [m.Basis.LEGAL, m.Basis.COMPLIANCE])
@pytest.mark.parametrize("known", [None, dt.date(2023, 10, 20), dt.date(2025, 2, 1)])
def test_other_bases_and_knowledge_dates(basis, known):
    """Legal and compliance bases, and two knowledge dates, on the destinations most asked about."""
    chips = [BOOK.chip(n) for n in ("H100", "H20", "RTX 4090", "Gaudi 3 OAM", "B200", "A800 SXM")]
    wrong = [w for chip in chips for country in FOCUS for w in _check(chip, country, basis, known, DAYS)]
    assert not wrong, wrong[:10]


def test_the_sample_holds_every_class_the_engine_tells_apart():
    """The sample holds a destination of every class the engine tells apart, and the record's days."""
    sharing = BOOK._state.compiled.sharing
    for chip in BOOK.chips:
        chip_sig = sharing.chip_signature(chip)
        every = {sharing.signature(c.code, chip_sig, chip) for c in BOOK.countries()}
        sampled = {sharing.signature(code, chip_sig, chip) for code in DESTINATIONS}
        assert every <= sampled, chip.name
    assert DAYS[0] == BOOK.info.start and DAYS[-1] == BOOK.info.reviewed + dt.timedelta(days=1)


@pytest.mark.parametrize("chip", ["H100", "H20", "H200", "MI308X", "RTX 4090D"])
def test_answers_change_only_on_event_days(chip):
    """Every history period begins on the record's first day or on a day something in it happens."""
    days = set(event_days(BOOK))
    for country in FOCUS:
        starts = [e.period.start for e in BOOK.history(chip, country)]
        assert starts[0] == BOOK.info.start
        assert set(starts[1:]) <= days, (chip, country, sorted(set(starts[1:]) - days))
