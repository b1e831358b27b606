"""Helpers for tests: the reference evaluation and a status's regime without its framing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from chipcontrols import Basis, Chip, Rulebook, Status
from chipcontrols._answer import REGIME_FIELDS, Regime
from chipcontrols._engine import evaluate


def regime_of(status: Status) -> tuple[object, ...]:
    """The parts of a status that state the regime (not its period or query)."""
    return tuple(getattr(status, f) for f in REGIME_FIELDS)


def reference(
    book: Rulebook,
    date: dt.date,
    chip: str | Chip,
    country: str,
    *,
    known: dt.date | None = None,
    basis: Basis = Basis.ENFORCED,
    hq: str | None = None,
) -> Regime:
    """The plain, unoptimised evaluation of one day."""
    return evaluate(
        book._state.index,
        date,
        book.chip(chip),
        book.country(country).code,
        known=known,
        basis=basis,
        hq=hq,
    )


def reference_tuple(regime: Regime) -> tuple[object, ...]:
    return tuple(getattr(regime, f) for f in REGIME_FIELDS)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def plus(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=days)


def event_days(book: Rulebook) -> list[dt.date]:
    """Every day on which anything in the record happens, read from the data (not from the engine)."""
    days: set[dt.date] = set()
    for inst in book.instruments:
        days.update(x for x in (inst.announced, inst.published, inst.effective, inst.compliance, inst.expires) if x)
        for p in inst.provisions:
            days.update(x for x in (p.effective, p.compliance, p.expires) if x)
        for a in inst.amendments:
            days.update(x for x in (getattr(a, n, None) for n in ("start", "end", "compliance")) if x)
        for lic in inst.licenses:
            days.update(x for x in (lic.start, lic.end) if x)
    for g in book.groups:
        for m in g.members:
            days.update(x for x in (m.start, m.end) if x)
    days.update(m.start for m in book.merges)
    days.update(v.start for v in book.criteria)
    return sorted(days)


def days_around_events(book: Rulebook) -> list[dt.date]:
    """Every day on which something happens in the record, with the days either side, within coverage."""
    out = {d + dt.timedelta(days=k) for d in event_days(book) for k in (-1, 0, 1)}
    return sorted(d for d in out if book.coverage.start <= d <= book.coverage.end)


def assert_pairs_agree_with_reference(
    book: Rulebook,
    chips: Iterable[Chip],
    countries: Iterable[str],
    *,
    known: dt.date | None = None,
    basis: Basis = Basis.ENFORCED,
    hq: str | None = None,
) -> None:
    """Every pair's compiled regime, asked in turn on one rulebook (so that pairs may share
    timelines), equals the reference evaluation on every day around every event."""
    days = days_around_events(book)
    for chip in chips:
        for code in countries:
            for d in days:
                got = regime_of(book.status_at(d, chip, code, known_on=known, basis=basis, headquartered_in=hq))
                want = reference_tuple(reference(book, d, chip, code, known=known, basis=basis, hq=hq))
                assert got == want, (chip.name, code, d, known, basis, hq)
