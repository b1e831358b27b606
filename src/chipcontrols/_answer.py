"""The answers: a regime on a day, a classification, a history entry, a change."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import attrs

from ._dates import Period
from ._model import (
    Basis,
    Caveat,
    Chip,
    Condition,
    Country,
    Ground,
    Level,
    License,
    LicenseException,
    Requirement,
    ReviewPolicy,
    ScheduledChange,
    Threshold,
)
from .errors import UndeterminedAnswerError

__all__ = [
    "REGIME_FIELDS",
    "Change",
    "Classification",
    "HistoryEntry",
    "Lazy",
    "Regime",
    "Stamp",
    "Status",
    "TestResult",
]


#: The fields a Regime and a Status share: what the answer says, without its framing.
REGIME_FIELDS = (
    "requirement",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "licenses",
    "citations",
    "grounds",
    "caveats",
    "conditions",
    "determinate",
    "unclassified",
    "governing",
)


@attrs.frozen(kw_only=True)
class Regime:
    """What applies to one chip and destination, without the question's framing.

    Equal regimes on consecutive days coalesce into one period of a history. Equality leaves
    out ``governing``: destinations that the record cannot tell apart share one regime, and
    each status states its own governing destination (a merge, which changes it, also
    changes the caveats and the instruments relied on).
    """

    requirement: Requirement
    review_policy: ReviewPolicy | None
    exceptions: tuple[LicenseException, ...]
    classification: str | None
    tier: str | None
    licenses: tuple[License, ...]
    citations: tuple[str, ...]
    grounds: tuple[Ground, ...]
    caveats: tuple[Caveat, ...]
    conditions: tuple[Condition, ...]
    determinate: bool
    unclassified: tuple[str, ...]
    governing: str = attrs.field(eq=False)
    instruments: tuple[str, ...]

    @property
    def level(self) -> Level:
        """A one-word summary, ordered for comparisons and plots."""
        if self.requirement is Requirement.UNDETERMINED:
            return Level.UNDETERMINED
        if self.requirement is Requirement.NOT_REQUIRED:
            return Level.NO_LICENSE_REQUIRED
        if self.exceptions:
            return Level.LICENSE_EXCEPTION
        if self.review_policy is None:
            return Level.LICENSE_REQUIRED
        return Level[self.review_policy.name]


@attrs.frozen(kw_only=True)
class Stamp:
    """Which record produced an answer: its version, review day, the latest day its sources
    reach, and a content hash of its data (SHA-256 of its canonical JSON), for audits."""

    version: str
    reviewed: dt.date
    sources_through: dt.date
    digest: str

    def __str__(self) -> str:
        return f"record {self.version}, reviewed {self.reviewed.isoformat()}, data sha256:{self.digest[:12]}"


_LAZY_LOCK = threading.Lock()


class Lazy:
    """Scheduled changes computed on first use, once: ``compute(key)``.

    Holds a function and a key rather than a closure, and shares one lock, to stay small:
    every status carries one. Pickled or copied, it travels computed.
    """

    __slots__ = ("_compute", "_key", "_value")

    def __init__(self, compute: Callable[[int], tuple[ScheduledChange, ...]] | None, key: int = 0) -> None:
        self._compute = compute
        self._key = key
        self._value: tuple[ScheduledChange, ...] = ()

    def get(self) -> tuple[ScheduledChange, ...]:
        """The scheduled changes (computed now if they were not)."""
        if self._compute is not None:
            with _LAZY_LOCK:
                if self._compute is not None:
                    self._value = self._compute(self._key)
                    self._compute = None
        return self._value

    def __reduce__(self) -> tuple[Any, ...]:
        return (_computed, (self.get(),))


def _computed(value: tuple[ScheduledChange, ...]) -> Lazy:
    lazy = Lazy(None)
    lazy._value = value
    return lazy


@attrs.frozen(repr=False)
class Status:
    """The regime that applied to a chip shipped to a country, explained.

    A ``Status`` describes a whole ``period`` over which the answer does not change (within
    the knowledge view asked for); the day asked about lies in it. A period begins when the
    regime changes, or when something that bears on it is published (what is known to be
    coming, ``scheduled``, can change then).

    Attributes:
        chip: the chip asked about.
        country: the destination asked about.
        governing: the destination whose rules apply (``"CN"`` for Hong Kong from 2020-12-23).
        period: the days ``[start, end)`` over which this answer holds (``end=None``: no change is
            known after ``start``).
        basis: the basis answered on (legal, compliance or enforced).
        known_on: the knowledge date asked for (``None``: everything in the record).
        level: a one-word summary, ordered from the easiest shipment to the hardest.
        record: which record produced the answer.
        notes: caveats of the question rather than of the regime (a day after the record's
            review day); also listed in ``caveats``. They are not part of an answer's equality:
            the answers for two days of one period are equal whether or not a day falls after the
            review day.
    """

    chip: Chip
    country: Country
    governing: str
    period: Period
    basis: Basis
    known_on: dt.date | None
    level: Level
    record: Stamp
    _regime: Regime = attrs.field(alias="regime")
    _schedule: Lazy = attrs.field(eq=False, alias="schedule")
    notes: tuple[Caveat, ...] = attrs.field(default=(), eq=False)

    # the regime's fields, shared by every destination and period with the same answer

    @property
    def requirement(self) -> Requirement:
        """Whether a licence is required: ``REQUIRED``, ``NOT_REQUIRED`` or ``UNDETERMINED``."""
        return self._regime.requirement

    @property
    def license_required(self) -> bool:
        """Whether a licence is required.

        Raises:
            UndeterminedAnswerError: the record cannot settle it (a missing specification, an
                uncertain provision): an unknown is never read as "no". See :attr:`requirement`.
        """
        requirement = self._regime.requirement
        if requirement is Requirement.UNDETERMINED:
            raise UndeterminedAnswerError(
                self.chip.name, self.country.code, str(self.period), [c.message for c in self.unsettled]
            )
        return requirement is Requirement.REQUIRED

    @property
    def unsettled(self) -> tuple[Caveat, ...]:
        """The caveats that leave the answer open (missing specifications, uncertain provisions)."""
        from ._model import CaveatKind

        kinds = (CaveatKind.MISSING_SPECIFICATION, CaveatKind.UNCERTAIN_RECORD)
        return tuple(c for c in self._regime.caveats if c.kind in kinds and (c.provision or c.missing))

    @property
    def review_policy(self) -> ReviewPolicy | None:
        """The most restrictive review policy among the binding provisions, if any is published."""
        return self._regime.review_policy

    @property
    def exceptions(self) -> tuple[LicenseException, ...]:
        """Licence exceptions every binding requirement allows."""
        return self._regime.exceptions

    @property
    def classification(self) -> str | None:
        """The ECCN paragraph the chip meets on the day, or ``None``."""
        return self._regime.classification

    @property
    def tier(self) -> str | None:
        """The tier of a tiered framework that binds, if any."""
        return self._regime.tier

    @property
    def licenses(self) -> tuple[License, ...]:
        """Granted licences covering the case (they do not remove the requirement)."""
        return self._regime.licenses

    @property
    def citations(self) -> tuple[str, ...]:
        """One short citation per instrument relied on."""
        return self._regime.citations

    @property
    def grounds(self) -> tuple[Ground, ...]:
        """The provisions that produced the answer."""
        return self._regime.grounds

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """What the answer does not settle (the regime's caveats, then the query's ``notes``)."""
        return self._regime.caveats + self.notes if self.notes else self._regime.caveats

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The conditions of the provisions relied on, which the answer does not evaluate."""
        return self._regime.conditions

    @property
    def determinate(self) -> bool:
        """``False`` when a missing specification or an uncertain provision leaves the answer open."""
        return self._regime.determinate

    @property
    def unclassified(self) -> tuple[str, ...]:
        """The specifications that would settle an undetermined classification (empty otherwise)."""
        return self._regime.unclassified

    @property
    def scheduled(self) -> tuple[ScheduledChange, ...]:
        """Changes already public on the day asked (or on ``known_on`` if earlier) that take effect later."""
        return self._schedule.get()

    def __repr__(self) -> str:
        return (
            f"Status(chip={self.chip.name}, country={self.country.code}, governing={self.governing!r}, "
            f"period={self.period!r}, basis={self.basis!r}, known_on={self.known_on!r}, "
            f"requirement={self.requirement!r}, review_policy={self.review_policy!r}, "
            f"exceptions={self.exceptions!r}, classification={self.classification!r}, tier={self.tier!r}, "
            f"citations={self.citations!r}, determinate={self.determinate!r}, "
            f"unclassified={self.unclassified!r}, level={self.level!r})"
        )

    def explain(self) -> str:
        """A plain-text explanation with citations, caveats, conditions and scheduled changes."""
        from ._render import status_text

        return status_text(self)

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        """An HTML table for notebooks."""
        from ._render import status_html

        return status_html(self)


@attrs.frozen(kw_only=True)
class TestResult:
    """One threshold test of a classification, with the chip's margin to it.

    ``margin`` is ``value - threshold`` (positive means above the line); ``None`` when the
    chip's value is unknown.
    """

    __test__ = False  # not a pytest test class

    prong: str
    threshold: Threshold
    value: float | None
    passed: bool | None

    @property
    def margin(self) -> float | None:
        """``value - threshold``, or ``None`` if the value is unknown."""
        return None if self.value is None else self.value - self.threshold.value


@attrs.frozen(kw_only=True)
class Classification:
    """A chip's classification on a day, with every paragraph test that was run.

    ``tests`` lists the tests of the paragraphs; an exclusion that takes the chip out is named
    by ``excluded_by`` (its own tests are not listed). ``paragraph`` is ``None`` both for "not
    controlled" (``determinate``) and for "cannot tell" (not ``determinate``; ``missing``
    names the specifications needed).
    """

    chip: str
    date: dt.date
    paragraph: str | None
    prong: str | None
    determinate: bool
    version: str | None
    instrument: str | None
    tests: tuple[TestResult, ...]
    excluded_by: str | None
    missing: tuple[str, ...]

    def __str__(self) -> str:
        from ._render import classification_text

        return classification_text(self)

    def _repr_html_(self) -> str:
        from ._render import classification_html

        return classification_html(self)


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One period of a history: the status that opens it and the instruments that began it.

    Without ``by=``, ``status.period`` is ``period``. With ``by=``, neighbouring periods equal in
    the fields named are merged into one entry: ``period`` covers them all and ``status`` is
    the first one's (its own ``period`` is that first part).
    """

    period: Period
    status: Status
    caused_by: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Change:
    """How the answer for one chip and destination differs between two dates."""

    chip: str
    country: str
    before: Status
    after: Status
    fields: tuple[str, ...]
    instruments: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.chip} -> {self.country}: {', '.join(self.fields)} changed "
            f"({self.before.level.value} -> {self.after.level.value}) by {', '.join(self.instruments) or 'unknown'}"
        )
