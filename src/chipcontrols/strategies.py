"""Hypothesis strategies for chipcontrols' types, for your property tests and ours.

Needs the ``hypothesis`` extra (``pip install ".[hypothesis]"``). The types are also registered
for ``st.from_type`` through Hypothesis's entry point, so ``st.from_type(chipcontrols.Chip)``
works once chipcontrols is installed.

Two families:

- generated records: :func:`rulebooks`, :func:`instruments`, :func:`amendments` and :func:`chips`
  build small synthetic records over the window ``[FIRST, LAST]`` (two years; :func:`dates`
  draws from it by default), using every kind of provision and amendment;
- the bundled record (or any rulebook you pass): :func:`record_dates`, :func:`catalogue_chips`,
  :func:`shipments` and :func:`statuses` draw questions about the record itself, over its whole
  span, to test your own decision rules against it.

>>> from hypothesis import given, settings
>>> from chipcontrols import strategies as ccst
>>> @settings(max_examples=5, deadline=None)
... @given(ccst.rulebooks())
... def test_round_trip(book):
...     from chipcontrols.serialization import dumps, loads
...     assert loads(dumps(book.record)) == book.record
>>> test_round_trip()
>>> @settings(max_examples=5, deadline=None)
... @given(ccst.shipments())
... def test_never_reads_unknown_as_no(row):
...     import chipcontrols
...     s = chipcontrols.status_at(row.date, row.chip, row.country, headquartered_in=row.hq)
...     assert (s.requirement.value == "undetermined") == (s.level.value == "undetermined")
>>> test_never_reads_unknown_as_no()
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

try:
    from hypothesis import strategies as st
except ImportError as _missing:  # pragma: no cover - exercised in an environment without hypothesis
    from .errors import MissingDependencyError

    raise MissingDependencyError("chipcontrols.strategies", "hypothesis", "hypothesis") from _missing

from ._answer import Status
from ._bundled import bundled
from ._generated import (
    COUNTRY_POOL,
    FIRST,
    LAST,
    amendments,
    bases,
    chips,
    countries,
    dates,
    instruments,
    memberships,
    periods,
    provisions,
    review_policies,
    rulebooks,
)
from ._model import Chip, Country
from ._rulebook import Rulebook

__all__ = [
    "COUNTRY_POOL",
    "FIRST",
    "LAST",
    "Shipment",
    "amendments",
    "bases",
    "catalogue_chips",
    "chips",
    "countries",
    "dates",
    "instruments",
    "memberships",
    "periods",
    "provisions",
    "record_dates",
    "review_policies",
    "rulebooks",
    "shipments",
    "statuses",
]


def record_dates(book: Rulebook | None = None, *, through: dt.date | None = None) -> st.SearchStrategy[dt.date]:
    """Days a record speaks for: from its first day to its review day (or ``through``)."""
    book = bundled() if book is None else book
    return dates(book.info.start, through or book.info.reviewed)


def catalogue_chips(book: Rulebook | None = None) -> st.SearchStrategy[Chip]:
    """Chips of a record's catalogue (default: the bundled one)."""
    book = bundled() if book is None else book
    return st.sampled_from(list(book.chips))


class Shipment(NamedTuple):
    """A question as a shipment: the day, the chip, the destination and (maybe) the buyer's headquarters."""

    date: dt.date
    chip: Chip
    country: Country
    hq: Country | None


@st.composite
def shipments(draw: st.DrawFn, book: Rulebook | None = None, *, through: dt.date | None = None) -> Shipment:
    """Shipments a record can be asked about: a day it speaks for, a catalogue chip, any country,
    and a headquarters country about a third of the time."""
    book = bundled() if book is None else book
    hq = draw(st.none() | st.none() | countries())
    return Shipment(draw(record_dates(book, through=through)), draw(catalogue_chips(book)), draw(countries()), hq)


@st.composite
def statuses(draw: st.DrawFn, book: Rulebook | None = None) -> Status:
    """Answers of a record (default: the bundled one) to drawn shipments."""
    book = bundled() if book is None else book
    row = draw(shipments(book))
    return book.status_at(row.date, row.chip, row.country, headquartered_in=row.hq, basis=draw(bases()))
