"""chipcontrols: what U.S. export regime applied to AI chip X shipped to country Y on day D.

The bundled record covers U.S. Export Administration Regulations controls on advanced
computing items and the country-wide embargoes that bind them, each fact with its
source. Questions are asked on two clocks (the day asked about, and the day from which
we look) and on one of three bases (legal, compliance, enforced).

>>> import chipcontrols
>>> s = chipcontrols.status_at("2025-06-01", "H20", "CN")
>>> s.license_required, s.citations[-1]
(True, 'NVIDIA Form 8-K, 2025-04-15')

This is not legal advice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from . import errors
from ._answer import Change, Classification, HistoryEntry, Status, TestResult
from ._bulk import RECORD_FIELDS, Grid
from ._data import bundled, load
from ._dates import Period, months
from ._model import (
    Amendment,
    Basis,
    Bound,
    Cap,
    Caveat,
    CaveatKind,
    Chip,
    ChipCategory,
    Citation,
    ClassificationVersion,
    ComplianceDelay,
    Confidence,
    Country,
    CountryGroup,
    Coverage,
    DestinationScope,
    ExceptionChange,
    Exclusion,
    FigureSource,
    Ground,
    Instrument,
    InstrumentKind,
    ItemScope,
    Level,
    License,
    LicenseException,
    Membership,
    Merge,
    NonEnforcement,
    Op,
    Paragraph,
    PartyScope,
    Provision,
    Replacement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScheduledChange,
    ScopeChange,
    Source,
    Spec,
    Suspension,
    Throughput,
    Tier,
)
from ._rulebook import CountryAlias, Rulebook
from ._tables import EVENT_FIELDS, HISTORY_FIELDS, Events, History
from ._version import __version__
from .errors import ChipControlsError

__all__ = [
    "Amendment",
    "Basis",
    "Bound",
    "Cap",
    "Caveat",
    "CaveatKind",
    "Change",
    "Chip",
    "ChipCategory",
    "ChipControlsError",
    "Citation",
    "Classification",
    "ClassificationVersion",
    "ComplianceDelay",
    "Confidence",
    "Country",
    "CountryAlias",
    "CountryGroup",
    "Coverage",
    "DestinationScope",
    "EVENT_FIELDS",
    "Events",
    "ExceptionChange",
    "Exclusion",
    "FigureSource",
    "Grid",
    "Ground",
    "HISTORY_FIELDS",
    "History",
    "HistoryEntry",
    "Instrument",
    "InstrumentKind",
    "ItemScope",
    "Level",
    "License",
    "LicenseException",
    "Membership",
    "Merge",
    "NonEnforcement",
    "Op",
    "Paragraph",
    "PartyScope",
    "Period",
    "Provision",
    "RECORD_FIELDS",
    "Replacement",
    "Rescission",
    "ReviewPolicy",
    "ReviewPolicyChange",
    "Rulebook",
    "ScheduledChange",
    "ScopeChange",
    "Source",
    "Spec",
    "Status",
    "Suspension",
    "TestResult",
    "Throughput",
    "Tier",
    "__version__",
    "bundled",
    "chip",
    "chips",
    "classify",
    "country",
    "diff",
    "errors",
    "explain_classification",
    "grid",
    "history",
    "instruments",
    "load",
    "months",
    "status_at",
]


def status_at(
    date: dt.date | str,
    chip: str | Chip,
    country: str | Country,
    /,
    *,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    headquartered_in: str | Country | None = None,
) -> Status:
    """The regime that applied to ``chip`` shipped to ``country`` on ``date`` (bundled record).

    See :meth:`Rulebook.status_at`.

    >>> status_at("2025-06-01", "H100", "IN", known_on="2025-02-01").license_required
    True
    """
    return bundled().status_at(date, chip, country, known_on=known_on, basis=basis, headquartered_in=headquartered_in)


def classify(chip: str | Chip, date: dt.date | str, /) -> str | None:
    """The ECCN paragraph a chip meets on a day (bundled criteria). See :meth:`Rulebook.classify`.

    >>> classify(Chip(name="Mine", tpp=5000, datacenter=True), "2024-01-01")
    '3A090.a'
    """
    return bundled().classify(chip, date)


def explain_classification(chip: str | Chip, date: dt.date | str, /) -> Classification:
    """Every classification test run for a chip on a day, with margins.

    >>> [t.prong for t in explain_classification("H20", "2024-01-01").tests][:1]
    ['3A090.a.1']
    """
    return bundled().explain_classification(chip, date)


def history(
    chip: str | Chip,
    country: str | Country,
    /,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    headquartered_in: str | Country | None = None,
    by: Sequence[str] | None = None,
) -> History:
    """Coalesced periods with their statuses (bundled record). See :meth:`Rulebook.history`."""
    return bundled().history(
        chip,
        country,
        start=start,
        end=end,
        known_on=known_on,
        basis=basis,
        headquartered_in=headquartered_in,
        by=by,
    )


def diff(
    date_a: dt.date | str,
    date_b: dt.date | str,
    /,
    *,
    chips: Sequence[str | Chip] | None = None,
    countries: Sequence[str | Country] | None = None,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
) -> tuple[Change, ...]:
    """What changed between two days (bundled record). See :meth:`Rulebook.diff`."""
    return bundled().diff(date_a, date_b, chips=chips, countries=countries, known_on=known_on, basis=basis)


def grid(
    dates: Sequence[dt.date | str],
    chips: Sequence[str | Chip] | None = None,
    countries: Sequence[str | Country] | None = None,
    *,
    known_on: dt.date | str | None = None,
    basis: Basis | str = Basis.ENFORCED,
    headquartered_in: str | Country | None = None,
) -> Grid:
    """Every date x chip x destination at once (bundled record). See :meth:`Rulebook.grid`.

    >>> g = grid(months("2025-01-01", "2025-12-01"), ["H20"], ["CN"])
    >>> sum(s.license_required for *_, s in g)  # from May: the letter took effect on 2025-04-09
    8
    """
    return bundled().grid(dates, chips, countries, known_on=known_on, basis=basis, headquartered_in=headquartered_in)


def chip(name: str) -> Chip:
    """A catalogue chip by name or alias.

    >>> chip("rtx 4090").datacenter
    False
    """
    return bundled().chip(name)


def chips() -> tuple[Chip, ...]:
    """The chip catalogue."""
    return bundled().chips


def country(value: str) -> Country:
    """A country by ISO code or common name.

    >>> country("Hong Kong").code
    'HK'
    """
    return bundled().country(value)


def instruments() -> tuple[Instrument, ...]:
    """The record's instruments, in the order they became public."""
    return bundled().instruments
