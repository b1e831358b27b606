"""The record's vocabularies: enums whose values are the words of the data files."""

from __future__ import annotations

import enum
from typing import Any

__all__ = [
    "Basis",
    "CaveatKind",
    "ChipCategory",
    "Confidence",
    "Grade",
    "InstrumentKind",
    "Level",
    "LicenseException",
    "Op",
    "Release",
    "Requirement",
    "ReviewPolicy",
    "Spec",
]


class _Enum(enum.Enum):
    """An enum hashed by identity: members are singletons compared by identity, and the
    engine hashes them in its inner loops (``Enum.__hash__`` is a Python-level call)."""

    __hash__ = object.__hash__


class _Ordered(_Enum):
    """An enum whose members compare by their declaration order (``rank``)."""

    rank: int

    def __init__(self, *args: Any) -> None:
        self.rank = len(type(self).__members__)

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank


class ReviewPolicy(_Ordered):
    """How BIS reviews a licence application, from most to least favourable.

    >>> ReviewPolicy.CASE_BY_CASE < ReviewPolicy.PRESUMPTION_OF_DENIAL
    True
    """

    PRESUMPTION_OF_APPROVAL = "presumption-of-approval"
    CASE_BY_CASE = "case-by-case"
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    POLICY_OF_DENIAL = "policy-of-denial"


class Requirement(_Enum):
    """Whether a licence is required: yes, no, or not settled by the record.

    >>> Requirement("undetermined").name
    'UNDETERMINED'
    """

    NOT_REQUIRED = "not-required"
    REQUIRED = "required"
    UNDETERMINED = "undetermined"


class Level(_Ordered):
    """A one-word summary of a regime, ordered from the easiest shipment to the hardest.

    ``LICENSE_REQUIRED`` is a licence requirement whose review policy the record does not
    know (e.g. an "is-informed" letter that published none): it ranks above the presumption
    of denial, since the unpublished policy may be as strict as any. ``UNDETERMINED``: the
    record cannot say whether a licence is required (a missing specification, an uncertain
    provision); it ranks last, as the answer that most needs a person.

    >>> Level.NO_LICENSE_REQUIRED < Level.PRESUMPTION_OF_APPROVAL < Level.LICENSE_REQUIRED < Level.UNDETERMINED
    True
    """

    NO_LICENSE_REQUIRED = "no-license-required"
    LICENSE_EXCEPTION = "license-exception"
    PRESUMPTION_OF_APPROVAL = "presumption-of-approval"
    CASE_BY_CASE = "case-by-case"
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    LICENSE_REQUIRED = "license-required"
    POLICY_OF_DENIAL = "policy-of-denial"
    UNDETERMINED = "undetermined"


class Basis(_Ordered):
    """Which provisions count, from the widest to the narrowest.

    - ``LEGAL``: in effect in the text of the law;
    - ``COMPLIANCE``: of those, the ones whose compliance date has come;
    - ``ENFORCED``: of those, the ones the agency enforces (the default).
    """

    LEGAL = "legal"
    COMPLIANCE = "compliance"
    ENFORCED = "enforced"


class LicenseException(_Enum):
    """EAR licence exceptions, named by their codes in 15 CFR part 740."""

    ACA = "ACA"  # Advanced Computing Authorized, section 740.8(b) (from 2024-04-04)
    ACM = "ACM"  # Advanced Compute Manufacturing, section 740.28 (AI Diffusion rule)
    AIA = "AIA"  # Artificial Intelligence Authorization, section 740.27 (AI Diffusion rule)
    GOV = "GOV"
    HBM = "HBM"  # section 740.25 (December 2024 rule)
    LPP = "LPP"  # Low Processing Performance, section 740.29 (AI Diffusion rule)
    NAC = "NAC"  # Notified Advanced Computing, section 740.8
    RPL = "RPL"
    SPP = "SPP"  # Syria peace and prosperity, section 740.5 (2025)
    TMP = "TMP"


class InstrumentKind(_Enum):
    """What sort of act an instrument is."""

    RULE = "rule"
    LETTER = "letter"  # an "is-informed" letter to a company
    NOTICE = "notice"  # an immediate-effect notice to a company
    GUIDANCE = "guidance"
    ANNOUNCEMENT = "announcement"
    LICENSE_GRANT = "license-grant"
    STATEMENT = "statement"
    PROCLAMATION = "proclamation"
    EXECUTIVE_ORDER = "executive-order"
    LEGAL_OPINION = "legal-opinion"
    LEGISLATION = "legislation"
    ENFORCEMENT_ACTION = "enforcement-action"
    REPORT = "report"


class Confidence(_Enum):
    """How firmly the record's sources establish an instrument's facts."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Grade(_Enum):
    """How good a source is: P primary (Federal Register, bis.gov, filings, vendor documents),
    L law-firm alert, R research institute, N news, S weak secondary."""

    P = "P"
    L = "L"
    R = "R"
    N = "N"
    S = "S"


class Release(_Enum):
    """How far a chip had come: on sale, announced with figures, or only reported in the press."""

    RELEASED = "released"
    ANNOUNCED = "announced"
    REPORTED = "reported"


class ChipCategory(_Enum):
    """Logic ICs (GPUs, accelerators) or memory (HBM stacks)."""

    LOGIC = "logic"
    MEMORY = "memory"


class Spec(_Enum):
    """A numeric chip specification that a classification test or scope can read."""

    TPP = "tpp"
    PERFORMANCE_DENSITY = "performance_density"
    DIE_AREA = "die_area_mm2"
    IO_BANDWIDTH = "io_bandwidth_gbps"
    MEMORY_BANDWIDTH = "memory_bandwidth_gbps"
    MEMORY_BANDWIDTH_DENSITY = "memory_bandwidth_density"


class Op(_Enum):
    """A comparison in a threshold test."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    def holds(self, value: float, threshold: float) -> bool:
        """Whether ``value <op> threshold``.

        >>> Op.GE.holds(4800, 4800), Op.LT.holds(4800, 4800)
        (True, False)
        """
        if self is Op.GE:
            return value >= threshold
        if self is Op.GT:
            return value > threshold
        if self is Op.LE:
            return value <= threshold
        return value < threshold


class CaveatKind(_Enum):
    """Why an answer does not settle everything."""

    PARTY_RULE = "party-rule"  # turns on who buys (headquarters rule); not evaluated
    END_USER = "end-user"  # Entity List, end-use controls: described, not evaluated
    BASIS_DIFFERS = "basis-differs"  # binds on a wider basis, not on the one asked
    MISSING_SPECIFICATION = "missing-specification"
    UNCERTAIN_RECORD = "uncertain-record"
    NOT_EVALUATED = "not-evaluated"  # a condition of the provision the model cannot check
    FOREIGN_PRODUCED = "foreign-produced"  # the EAR reaches the chip only through U.S. content or FDP rules
    DESTINATION_MERGED = "destination-merged"
    RECORD_AGE = "record-age"  # the day asked is after the record's review day
