"""The domain model: frozen, validated value types for chips, places, criteria, instruments and answer parts.

Nothing here knows about files, caches or queries. Every instance is valid when built and
never changes; derive a changed copy with ``attrs.evolve``. The public names are re-exported
by :mod:`chipcontrols.model`.
"""

from __future__ import annotations

from ._amendments import (
    AMENDMENT_KINDS,
    Amendment,
    ComplianceDelay,
    ExceptionChange,
    NonEnforcement,
    Replacement,
    Rescission,
    ReviewPolicyChange,
    ScopeChange,
    Suspension,
)
from ._answers import Caveat, FieldChange, Ground, ScheduledChange
from ._chips import Chip, Market, Throughput
from ._criteria import CriteriaVersion, Exclusion, Paragraph, Threshold
from ._enums import (
    Basis,
    CaveatKind,
    ChipCategory,
    Confidence,
    Grade,
    InstrumentKind,
    Level,
    LicenseException,
    Op,
    Release,
    Requirement,
    ReviewPolicy,
    Spec,
)
from ._instruments import Instrument, RecordInfo
from ._places import AmbiguousName, Country, CountryAlias, CountryGroup, GroupChange, Membership, Merge
from ._provisions import License, Provision, Tier
from ._scopes import Cap, Condition, DestinationScope, ItemScope, PartyScope, Touches
from ._sources import Citation, Disputed, FigureSource, Source

__all__ = [
    "AMENDMENT_KINDS",
    "AmbiguousName",
    "Amendment",
    "Basis",
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
    "ExceptionChange",
    "Exclusion",
    "FieldChange",
    "FigureSource",
    "Grade",
    "Ground",
    "GroupChange",
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
    "Provision",
    "RecordInfo",
    "Release",
    "Replacement",
    "Requirement",
    "Rescission",
    "ReviewPolicy",
    "ReviewPolicyChange",
    "ScheduledChange",
    "ScopeChange",
    "Source",
    "Spec",
    "Suspension",
    "Threshold",
    "Throughput",
    "Tier",
    "Touches",
]
