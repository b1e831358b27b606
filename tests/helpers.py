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
