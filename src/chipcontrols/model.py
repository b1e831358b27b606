"""The record's vocabulary: every type a record is made of, and the parts of an answer.

Use these to read the record (``chipcontrols.bundled().instruments``), to build your own chips
and what-if instruments, or to write a record in Python. Every class is frozen and validated
when built: a field of the wrong type or an impossible value is refused with
:class:`~chipcontrols.errors.InvalidTypeError` or :class:`~chipcontrols.errors.InvalidValueError`
naming the class and the field — the same rule the data files are loaded under.

>>> from chipcontrols.model import Chip, Provision, ItemScope, DestinationScope
>>> Chip(name="Mine", tpp=5000, datacenter=True).total_processing_performance
5000.0
>>> Provision(id="p", title="A rule", items=ItemScope(all_items=True),
...           destinations=DestinationScope(countries=["CN"]), review_policy="case-by-case").review_policy
<ReviewPolicy.CASE_BY_CASE: 'case-by-case'>

Groups of names:

- chips: :class:`Chip`, :class:`Throughput`, :class:`Market`, :class:`FigureSource`, :class:`Disputed`;
- places: :class:`Country`, :class:`CountryAlias`, :class:`CountryGroup`, :class:`Membership`,
  :class:`GroupChange`, :class:`Merge`;
- criteria: :class:`CriteriaVersion`, :class:`Paragraph`, :class:`Exclusion`, :class:`Threshold`;
- instruments: :class:`Instrument`, :class:`Citation`, :class:`Source`, :class:`Provision`,
  :class:`ItemScope`, :class:`DestinationScope`, :class:`PartyScope`, :class:`Cap`, :class:`Condition`,
  :class:`License`, :class:`Tier`, :class:`Touches`, :class:`RecordInfo`;
- amendments: :class:`Rescission`, :class:`Suspension`, :class:`NonEnforcement`, :class:`Replacement`,
  :class:`ScopeChange`, :class:`ReviewPolicyChange`, :class:`ExceptionChange`, :class:`ComplianceDelay`
  (the union :data:`Amendment`, by tag in :data:`AMENDMENT_KINDS`);
- the record as a whole: :class:`Record`, :class:`RecordInfo`, :class:`AmbiguousName`;
- answer parts: :class:`Ground`, :class:`Caveat`, :class:`ScheduledChange`, :class:`FieldChange`,
  :class:`Period`, :class:`HistoryEntry`, :class:`Revision`, :class:`Revisions`, :class:`Events`,
  :class:`TestResult`, :class:`Stamp`, :class:`CacheInfo`;
- vocabularies: :class:`Basis`, :class:`Level`, :class:`Requirement`, :class:`ReviewPolicy`,
  :class:`LicenseException`, :class:`CaveatKind`, :class:`InstrumentKind`, :class:`Confidence`,
  :class:`Grade`, :class:`Release`, :class:`ChipCategory`, :class:`Spec`, :class:`Op`.
"""

from __future__ import annotations

from ._answer import HistoryEntry, Stamp, TestResult
from ._dates import Period
from ._model import (
    AMENDMENT_KINDS,
    AmbiguousName,
    Amendment,
    Basis,
    Cap,
    Caveat,
    CaveatKind,
    Chip,
    ChipCategory,
    Citation,
    ComplianceDelay,
    Condition,
    Confidence,
    Country,
    CountryAlias,
    CountryGroup,
    CriteriaVersion,
    DestinationScope,
    Disputed,
    ExceptionChange,
    Exclusion,
    FieldChange,
    FigureSource,
    Grade,
    Ground,
    GroupChange,
    Instrument,
    InstrumentKind,
    ItemScope,
    Level,
    License,
    LicenseException,
    Market,
    Membership,
    Merge,
    NonEnforcement,
    Op,
    Paragraph,
    PartyScope,
    Provision,
    RecordInfo,
    Release,
    Replacement,
    Requirement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScheduledChange,
    ScopeChange,
    Source,
    Spec,
    Suspension,
    Threshold,
    Throughput,
    Tier,
    Touches,
)
from ._query_cache import CacheInfo
from ._record import Record
from ._tables import Events, Revision, Revisions

__all__ = [
    "AMENDMENT_KINDS",
    "AmbiguousName",
    "Amendment",
    "Basis",
    "CacheInfo",
    "Cap",
    "Caveat",
    "CaveatKind",
    "Chip",
    "ChipCategory",
    "Citation",
    "ComplianceDelay",
    "Condition",
    "Confidence",
    "Country",
    "CountryAlias",
    "CountryGroup",
    "CriteriaVersion",
    "DestinationScope",
    "Disputed",
    "Events",
    "ExceptionChange",
    "Exclusion",
    "FieldChange",
    "FigureSource",
    "Grade",
    "Ground",
    "GroupChange",
    "HistoryEntry",
    "Instrument",
    "InstrumentKind",
    "ItemScope",
    "Level",
    "License",
    "LicenseException",
    "Market",
    "Membership",
    "Merge",
    "NonEnforcement",
    "Op",
    "Paragraph",
    "PartyScope",
    "Period",
    "Provision",
    "Record",
    "RecordInfo",
    "Release",
    "Replacement",
    "Requirement",
    "Rescission",
    "ReviewPolicy",
    "ReviewPolicyChange",
    "Revision",
    "Revisions",
    "ScheduledChange",
    "ScopeChange",
    "Source",
    "Spec",
    "Stamp",
    "Suspension",
    "TestResult",
    "Threshold",
    "Throughput",
    "Tier",
    "Touches",
]
