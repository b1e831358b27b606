"""Helpers for tests: the reference evaluation and a status's regime without its framing."""

from __future__ import annotations

import datetime as dt

from chipcontrols import Basis, Rulebook, Status
from chipcontrols._answer import REGIME_FIELDS, Regime
from chipcontrols._engine import evaluate


def regime_of(status: Status) -> tuple[object, ...]:
    """The parts of a status that state the regime (not its period or query)."""
    return tuple(getattr(status, f) for f in REGIME_FIELDS)


def reference(
    book: Rulebook,
    date: dt.date,
    chip: str,
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
