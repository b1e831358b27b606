"""The domain model: frozen value types for chips, countries, instruments and answers.

Nothing here knows about files or caches. Every instance is valid when built and never
changes; derive a changed copy with ``attrs.evolve``.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Iterable
from typing import Union

import attrs

from .errors import InvalidSpecificationError

__all__ = [
    "Amendment",
    "Basis",
    "Bound",
    "Cap",
    "Caveat",
    "CaveatKind",
    "Chip",
    "ChipCategory",
    "Citation",
    "ClassificationVersion",
    "ComplianceDelay",
    "Confidence",
    "Country",
    "CountryGroup",
    "Coverage",
    "DestinationScope",
    "ExceptionChange",
    "Exclusion",
    "FigureSource",
    "Ground",
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
    "Provision",
    "Replacement",
    "Rescission",
    "ReviewPolicy",
    "ReviewPolicyChange",
    "ScheduledChange",
    "ScopeChange",
    "Source",
    "Spec",
    "Suspension",
    "Throughput",
    "Tier",
]


# --------------------------------------------------------------------------- enums


class _Enum(enum.Enum):
    """An enum hashed by identity: members are singletons compared by identity, and the
    engine hashes them in its inner loops (``Enum.__hash__`` is a Python-level call)."""

    __hash__ = object.__hash__


_RANKS: dict[int, int] = {}  # id(member) -> position in its enum's declaration order


class _Ordered(_Enum):
    """An enum whose members compare by their declaration order."""

    def _rank(self) -> int:
        rank = _RANKS.get(id(self))
        if rank is None:
            for i, member in enumerate(type(self)):
                _RANKS[id(member)] = i
            rank = _RANKS[id(self)]
        return rank

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank() < other._rank()

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank() <= other._rank()

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank() > other._rank()

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._rank() >= other._rank()


class ReviewPolicy(_Ordered):
    """How BIS reviews a licence application, from most to least favourable.

    >>> ReviewPolicy.CASE_BY_CASE < ReviewPolicy.PRESUMPTION_OF_DENIAL
    True
    """

    PRESUMPTION_OF_APPROVAL = "presumption-of-approval"
    CASE_BY_CASE = "case-by-case"
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    POLICY_OF_DENIAL = "policy-of-denial"


class Level(_Ordered):
    """A one-word summary of a regime, ordered from least to most restrictive.

    ``LICENSE_REQUIRED`` is a licence requirement whose review policy the record does
    not know (e.g. an "is-informed" letter that published none).

    >>> Level.NO_LICENSE_REQUIRED < Level.LICENSE_EXCEPTION < Level.POLICY_OF_DENIAL
    True
    """

    NO_LICENSE_REQUIRED = "no-license-required"
    LICENSE_EXCEPTION = "license-exception"
    LICENSE_REQUIRED = "license-required"
    PRESUMPTION_OF_APPROVAL = "presumption-of-approval"
    CASE_BY_CASE = "case-by-case"
    PRESUMPTION_OF_DENIAL = "presumption-of-denial"
    POLICY_OF_DENIAL = "policy-of-denial"


class Basis(_Ordered):
    """Which provisions count, from the widest to the narrowest (DESIGN section 2).

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
    DESTINATION_MERGED = "destination-merged"


# ------------------------------------------------------------------- converters


def _tuple_of_str(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _frozenset_of_str(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _frozenset_of_exceptions(
    values: Iterable[LicenseException | str],
) -> frozenset[LicenseException]:
    return frozenset(v if isinstance(v, LicenseException) else LicenseException(v) for v in values)


def _nonempty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value or not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


_ID = re.compile(r"[a-z0-9][a-z0-9.\-]*")


def _slug(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must be lowercase letters, digits, '.' and '-'")


# -------------------------------------------------------------------- sources


@attrs.frozen(kw_only=True)
class Source:
    """A source for a fact: what it is, where to read it and how good it is.

    ``grade``: P primary (Federal Register, bis.gov, filings), L law-firm alert,
    R research institute, N news, S weak secondary.
    """

    title: str = attrs.field(validator=_nonempty)
    url: str | None = None
    grade: str = attrs.field(default="P", validator=attrs.validators.in_(("P", "L", "R", "N", "S")))


@attrs.frozen(kw_only=True)
class FigureSource:
    """The source of one chip figure (``field`` names the figure)."""

    field: str = attrs.field(validator=_nonempty)
    citation: str = attrs.field(validator=_nonempty)
    url: str | None = None
    grade: str = attrs.field(default="P", validator=attrs.validators.in_(("P", "L", "R", "N", "S")))


@attrs.frozen(kw_only=True)
class Citation:
    """How an instrument is cited.

    ``short`` is what answers quote (``"88 FR 73458"``, or for an unpublished letter
    e.g. ``"NVIDIA Form 8-K, 2022-08-31"``).
    """

    short: str = attrs.field(validator=_nonempty)
    federal_register: str | None = None
    document_number: str | None = None
    rin: str | None = None
    docket: str | None = None
    cfr: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    urls: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)


# ----------------------------------------------------------------------- chips


@attrs.frozen(kw_only=True)
class Throughput:
    """Dense (non-sparse) peak throughput at one precision.

    ``tera_ops`` counts a multiply-accumulate as two operations, as vendors do, so
    ``tera_ops * bits`` is the EAR's total processing performance at that precision.
    """

    bits: int = attrs.field(validator=attrs.validators.gt(0))
    tera_ops: float = attrs.field(converter=float)
    precision: str | None = None

    @tera_ops.validator
    def _check(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not math.isfinite(value) or value <= 0:
            raise InvalidSpecificationError(f"tera_ops must be a positive number, got {value!r}")


def _positive_or_none(instance: object, attribute: attrs.Attribute[float | None], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidSpecificationError(f"{attribute.name}: expected a positive number or None, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise InvalidSpecificationError(f"{attribute.name} must be a positive number, got {value!r}")


def _float_or_none(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return value
    return float(value) if isinstance(value, int | float) else value


def _throughputs(values: Iterable[Throughput]) -> tuple[Throughput, ...]:
    return tuple(sorted(values, key=lambda t: (t.bits, t.tera_ops)))


def _figure_sources(values: Iterable[FigureSource]) -> tuple[FigureSource, ...]:
    return tuple(values)


_SPEC_FIELDS = ("tpp", "die_area_mm2", "io_bandwidth_gbps", "memory_bandwidth_gbps")


@attrs.frozen(kw_only=True, cache_hash=True)
class Chip:
    """An integrated circuit and the specifications that export rules test.

    ``foreign_produced`` marks a chip made outside the United States by a foreign
    company (e.g. Huawei's Ascend): the EAR reaches it only through U.S. content or the
    foreign-direct-product rules, which answers state as a caveat.

    Build your own with keyword arguments; anything not given is unknown:

    >>> c = Chip(name="Example X1", tpp=5000, die_area_mm2=800, datacenter=True)
    >>> c.performance_density
    6.25

    TPP may also come from per-precision throughput (the maximum of bits x TOPS):

    >>> Chip(name="Y", throughput=[Throughput(bits=8, tera_ops=296)]).total_processing_performance
    2368.0
    """

    name: str = attrs.field(validator=_nonempty)
    vendor: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    category: ChipCategory = ChipCategory.LOGIC
    datacenter: bool | None = attrs.field(default=None)
    tpp: float | None = attrs.field(default=None, converter=_float_or_none, validator=_positive_or_none)
    throughput: tuple[Throughput, ...] = attrs.field(default=(), converter=_throughputs)
    die_area_mm2: float | None = attrs.field(default=None, converter=_float_or_none, validator=_positive_or_none)
    io_bandwidth_gbps: float | None = attrs.field(default=None, converter=_float_or_none, validator=_positive_or_none)
    memory_bandwidth_gbps: float | None = attrs.field(
        default=None, converter=_float_or_none, validator=_positive_or_none
    )
    memory_bandwidth_density: float | None = attrs.field(
        default=None, converter=_float_or_none, validator=_positive_or_none
    )
    launched: str | None = None
    foreign_produced: bool | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str, repr=False)
    uncertain: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str, repr=False)
    sources: tuple[FigureSource, ...] = attrs.field(default=(), converter=_figure_sources, repr=False)

    @datacenter.validator
    def _check_datacenter(self, attribute: attrs.Attribute[bool | None], value: bool | None) -> None:
        if value is not None and not isinstance(value, bool):
            raise InvalidSpecificationError(f"datacenter: expected True, False or None, got {value!r}")

    @property
    def total_processing_performance(self) -> float | None:
        """TPP: the stated figure, else the maximum of bits x dense TOPS, else ``None``."""
        if self.tpp is not None:
            return self.tpp
        if not self.throughput:
            return None
        return max(t.bits * t.tera_ops for t in self.throughput)

    @property
    def performance_density(self) -> float | None:
        """TPP divided by the applicable die area in mm², or ``None`` if either is unknown."""
        tpp = self.total_processing_performance
        if tpp is None or self.die_area_mm2 is None:
            return None
        return tpp / self.die_area_mm2

    def spec(self, which: Spec) -> float | None:
        """The value of one specification, or ``None`` when unknown.

        >>> Chip(name="Z", tpp=4800.0).spec(Spec.TPP)
        4800.0
        """
        if which is Spec.TPP:
            return self.total_processing_performance
        if which is Spec.PERFORMANCE_DENSITY:
            return self.performance_density
        value: float | None = getattr(self, which.value)
        return value

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)


# ------------------------------------------------------------------- countries


@attrs.frozen(kw_only=True, cache_hash=True)
class Country:
    """A destination, identified by its ISO 3166-1 alpha-2 code.

    >>> Country(code="CN", name="China").code
    'CN'
    """

    code: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z]{2}"))
    name: str = attrs.field(validator=_nonempty)
    alpha3: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@attrs.frozen(kw_only=True)
class Membership:
    """A country's membership of a group over ``[start, end)``.

    ``start=None`` means since before the record's coverage; ``end=None`` means still.
    ``added_by`` / ``removed_by`` name the instruments that made the change: the change
    counts only for questions asked as known on or after their publication.
    """

    country: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z]{2}"))
    start: dt.date | None = None
    end: dt.date | None = None
    added_by: str | None = None
    removed_by: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"membership of {self.country} ends ({self.end}) before it starts ({self.start})")


def _memberships(values: Iterable[Membership]) -> tuple[Membership, ...]:
    return tuple(values)


def _sources(values: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class CountryGroup:
    """A group of destinations (an EAR Country Group, or a tier) with dated membership."""

    id: str = attrs.field(validator=_nonempty)
    name: str = attrs.field(validator=_nonempty)
    members: tuple[Membership, ...] = attrs.field(default=(), converter=_memberships, repr=False)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources, repr=False)
    note: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class Merge:
    """A destination that the EAR stops treating as separate (Hong Kong into China)."""

    code: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z]{2}"))
    into: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z]{2}"))
    start: dt.date
    instrument: str


# ----------------------------------------------------------- classification


@attrs.frozen(kw_only=True)
class Bound:
    """A threshold test on one specification: ``spec op value``."""

    spec: Spec
    op: Op
    value: float = attrs.field(converter=float)

    def __str__(self) -> str:
        return f"{self.spec.value} {self.op.value} {self.value:g}"


def _bounds(values: Iterable[Bound]) -> tuple[Bound, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Paragraph:
    """One way to meet a classification: all ``tests`` hold (and the filters match).

    ``code`` is the ECCN paragraph reported (``"3A090.a"``), ``prong`` the sub-paragraph
    that fired (``"3A090.a.2"``). ``instrument`` names the instrument that wrote the
    paragraph when it is older than the version restating it (answers cite that one).
    """

    code: str = attrs.field(validator=_nonempty)
    prong: str = attrs.field(validator=_nonempty)
    tests: tuple[Bound, ...] = attrs.field(converter=_bounds)
    category: ChipCategory = ChipCategory.LOGIC
    datacenter: bool | None = None
    instrument: str | None = None


@attrs.frozen(kw_only=True)
class Exclusion:
    """A note that takes items out of the entry (e.g. Note 2 to 3A090 of 2023)."""

    description: str = attrs.field(validator=_nonempty)
    tests: tuple[Bound, ...] = attrs.field(converter=_bounds)
    category: ChipCategory = ChipCategory.LOGIC
    datacenter: bool | None = None


def _paragraphs(values: Iterable[Paragraph]) -> tuple[Paragraph, ...]:
    return tuple(values)


def _exclusions(values: Iterable[Exclusion]) -> tuple[Exclusion, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class ClassificationVersion:
    """The technical criteria of an entry from ``start`` until the next version.

    Paragraphs are tried in order; the first that holds classifies the chip.
    """

    id: str = attrs.field(validator=_slug)
    instrument: str
    start: dt.date
    paragraphs: tuple[Paragraph, ...] = attrs.field(converter=_paragraphs)
    exclusions: tuple[Exclusion, ...] = attrs.field(default=(), converter=_exclusions)
    note: str | None = attrs.field(default=None, repr=False)


# --------------------------------------------------------------- provisions


@attrs.frozen(kw_only=True)
class ItemScope:
    """Which items a provision covers.

    An item is in scope when it is covered by ``all_items``, is named in ``products``,
    or classifies (on the day asked) under a paragraph beginning with one of
    ``classifications``; and then matches ``datacenter`` and every bound, and is not
    named in ``exclude_products``. A scope that selects nothing (only bounds or a
    datacenter filter) covers every item that passes its filters: it is meant for the
    sub-scopes of amendments; a provision must select something.
    """

    all_items: bool = False
    classifications: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    products: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    exclude_products: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    datacenter: bool | None = None
    bounds: tuple[Bound, ...] = attrs.field(default=(), converter=_bounds)


@attrs.frozen(kw_only=True)
class DestinationScope:
    """Which destinations a provision covers, on the day asked.

    A country is in scope when ``everywhere`` is set, or it is named in ``countries``,
    or it belongs to one of ``groups``; and it is neither named in ``except_countries``
    nor a member of one of ``except_groups``.
    """

    everywhere: bool = False
    countries: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    groups: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    except_countries: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    except_groups: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)


@attrs.frozen(kw_only=True)
class PartyScope:
    """A requirement that turns on who the parties are rather than where the item goes.

    ``headquartered_in_*``: the buyer (or its ultimate parent) is headquartered in one of
    these countries or groups; evaluated when the query names ``headquartered_in``.
    ``listed_parties``: parties on a list (Entity List, ...), described only: answers
    carry such a provision as a caveat.
    """

    headquartered_in_countries: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    headquartered_in_groups: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_of_str)
    listed_parties: str | None = None

    def evaluable(self) -> bool:
        """Whether the scope can be evaluated from a headquarters country."""
        return bool(self.headquartered_in_countries or self.headquartered_in_groups)


@attrs.frozen(kw_only=True)
class Cap:
    """A quantity limit attached to a provision or exception (e.g. a TPP quota)."""

    description: str = attrs.field(validator=_nonempty)
    quantity: float | None = None
    unit: str | None = None


def _caps(values: Iterable[Cap]) -> tuple[Cap, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Provision:
    """A scope mapped to an obligation (DESIGN section 3).

    Dates left ``None`` are the instrument's. ``uncertain`` says why the record is
    not sure the provision exists or reaches this far: answers that rely on it are
    given on the restrictive reading and marked undetermined.
    """

    id: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_nonempty)
    items: ItemScope = ItemScope()
    destinations: DestinationScope = DestinationScope()
    parties: PartyScope | None = None
    license_required: bool = True
    review_policy: ReviewPolicy | None = None
    exceptions: frozenset[LicenseException] = attrs.field(default=frozenset(), converter=_frozenset_of_exceptions)
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    caps: tuple[Cap, ...] = attrs.field(default=(), converter=_caps)
    tier: str | None = None
    effective: dt.date | None = None
    compliance: dt.date | None = None
    expires: dt.date | None = None
    uncertain: str | None = None
    note: str | None = attrs.field(default=None, repr=False)


# --------------------------------------------------------------- amendments


def _target(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]*(/[a-z0-9][a-z0-9.\-]*)?", value):
        raise ValueError(f"target {value!r} must be 'instrument-id' or 'instrument-id/provision-id'")


@attrs.frozen(kw_only=True)
class Rescission:
    """The target stops having effect from ``start`` (default: the amending instrument's effective date)."""

    target: str = attrs.field(validator=_target)
    start: dt.date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Suspension:
    """The target has no effect during ``[start, end)``; it lapses by itself at ``end``."""

    target: str = attrs.field(validator=_target)
    start: dt.date | None = None
    end: dt.date
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end <= self.start:
            raise ValueError(f"suspension of {self.target} ends ({self.end}) before it starts ({self.start})")


@attrs.frozen(kw_only=True)
class NonEnforcement:
    """The agency does not enforce the target during ``[start, end)``.

    Changes only the ``enforced`` basis: the law is unchanged.
    """

    target: str = attrs.field(validator=_target)
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Replacement:
    """From ``start`` the target gives way to provision ``by`` of the amending instrument."""

    target: str = attrs.field(validator=_target)
    by: str = attrs.field(validator=_slug)
    start: dt.date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class ScopeChange:
    """From ``start`` the target's item, destination or party scope is the one given."""

    target: str = attrs.field(validator=_target)
    start: dt.date | None = None
    items: ItemScope | None = None
    destinations: DestinationScope | None = None
    parties: PartyScope | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class ReviewPolicyChange:
    """From ``start`` the target's review policy is ``review_policy``, within a sub-scope.

    ``within_items`` / ``within_destinations`` narrow the cases the change applies to;
    ``condition`` states what the model cannot check (e.g. "exports from the United
    States only") and is carried into answers as a caveat.
    """

    target: str = attrs.field(validator=_target)
    review_policy: ReviewPolicy
    start: dt.date | None = None
    within_items: ItemScope | None = None
    within_destinations: DestinationScope | None = None
    condition: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class ExceptionChange:
    """From ``start`` the target's usable licence exceptions are ``exceptions``, within a sub-scope."""

    target: str = attrs.field(validator=_target)
    exceptions: frozenset[LicenseException] = attrs.field(converter=_frozenset_of_exceptions)
    start: dt.date | None = None
    within_items: ItemScope | None = None
    within_destinations: DestinationScope | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class ComplianceDelay:
    """The target's compliance date becomes ``compliance``."""

    target: str = attrs.field(validator=_target)
    compliance: dt.date
    note: str | None = None


Amendment = Union[  # noqa: UP007 - cattrs reads this alias at run time
    Rescission,
    Suspension,
    NonEnforcement,
    Replacement,
    ScopeChange,
    ReviewPolicyChange,
    ExceptionChange,
    ComplianceDelay,
]


# ------------------------------------------------------------------ licences


@attrs.frozen(kw_only=True)
class License:
    """A granted authorisation: it does not remove a requirement; answers report it beside it."""

    id: str = attrs.field(validator=_slug)
    holder: str = attrs.field(validator=_nonempty)
    products: frozenset[str] = attrs.field(converter=_frozenset_of_str)
    destinations: DestinationScope
    start: dt.date | None = None
    end: dt.date | None = None
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    revenue_share: float | None = None
    quantity: str | None = None
    note: str | None = attrs.field(default=None, repr=False)


# ----------------------------------------------------------------------- tiers


@attrs.frozen(kw_only=True)
class Tier:
    """A tier of a tiered framework (the AI Diffusion rule's Tier 1, 2 and 3).

    ``rank`` orders tiers from the most favoured (1); ``destinations`` says which countries
    are in it on a given day (groups keep their dated membership).
    """

    name: str = attrs.field(validator=_nonempty)
    rank: int = attrs.field(validator=attrs.validators.gt(0))
    destinations: DestinationScope


def _tiers(values: Iterable[Tier]) -> tuple[Tier, ...]:
    return tuple(sorted(values, key=lambda t: t.rank))


# --------------------------------------------------------------- instruments


def _provisions(values: Iterable[Provision]) -> tuple[Provision, ...]:
    return tuple(values)


def _amendments(values: Iterable[Amendment]) -> tuple[Amendment, ...]:
    return tuple(values)


def _licenses(values: Iterable[License]) -> tuple[License, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Instrument:
    """A rule, letter, notice, guidance, announcement or licence grant, with its dates.

    Knowledge time uses the earliest public date (``announced`` or ``published``); an
    instrument without provisions, amendments or licences is a non-binding event kept
    in the timeline. A ``standing`` instrument was in force before the record's
    coverage began; its dates may be left out, and it counts as known and in effect
    from the start.
    """

    id: str = attrs.field(validator=_slug)
    kind: InstrumentKind
    title: str = attrs.field(validator=_nonempty)
    citation: Citation
    summary: str = attrs.field(validator=_nonempty, repr=False)
    announced: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    compliance: dt.date | None = None
    expires: dt.date | None = None
    provisions: tuple[Provision, ...] = attrs.field(default=(), converter=_provisions, repr=False)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=_amendments, repr=False)
    licenses: tuple[License, ...] = attrs.field(default=(), converter=_licenses, repr=False)
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=_tiers, repr=False)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources, repr=False)
    standing: bool = False
    confidence: Confidence = Confidence.HIGH
    uncertainties: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str, repr=False)
    date_notes: str | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.announced is None and self.published is None and not self.standing:
            raise ValueError(f"instrument {self.id!r} needs an announced or a published date (or standing = true)")
        if self.binding and self.effective is None and not self.standing:
            raise ValueError(f"instrument {self.id!r} has legal effect but no effective date (or standing = true)")
        ids = [p.id for p in self.provisions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"instrument {self.id!r} repeats provision ids {dupes}")

    @property
    def known(self) -> dt.date:
        """The first day the instrument was public: the earlier of announced and published."""
        days = [d for d in (self.announced, self.published) if d is not None]
        return min(days) if days else dt.date.min

    @property
    def in_effect_from(self) -> dt.date:
        """The effective date, or the earliest date for a standing instrument without one."""
        return self.effective or dt.date.min

    @property
    def binding(self) -> bool:
        """Whether the instrument has legal effect in the model (provisions, amendments or licences)."""
        return bool(self.provisions or self.amendments or self.licenses)

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id.

        Raises:
            KeyError: no such provision.
        """
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise KeyError(f"instrument {self.id!r} has no provision {provision_id!r}")


@attrs.frozen(kw_only=True)
class Coverage:
    """The days the record speaks for, and when it was last checked against its sources."""

    start: dt.date
    end: dt.date
    checked: dt.date
    version: str = attrs.field(validator=_nonempty)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"coverage ends ({self.end}) before it starts ({self.start})")


# -------------------------------------------------------------------- answers


@attrs.frozen(kw_only=True)
class Ground:
    """One provision relied on by an answer, and what it contributed."""

    instrument: str
    provision: str
    citation: str
    title: str
    review_policy: ReviewPolicy | None = None
    exceptions: frozenset[LicenseException] = frozenset()
    tier: str | None = None
    conditions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.citation}: {self.title}"


@attrs.frozen(kw_only=True)
class Caveat:
    """Something an answer does not settle, and which instruments it concerns."""

    kind: CaveatKind
    message: str
    instruments: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"[{self.kind.value}] {self.message}"


@attrs.frozen(kw_only=True)
class ScheduledChange:
    """A change already published that takes effect after the day asked about."""

    date: dt.date
    instruments: tuple[str, ...]
    citations: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.summary} ({', '.join(self.citations)})"
