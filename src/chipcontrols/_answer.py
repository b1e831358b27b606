"""The answers: a regime on a day, a classification, a history, a diff."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

import attrs

from ._dates import Period
from ._model import (
    Basis,
    Bound,
    Caveat,
    Chip,
    Country,
    Ground,
    Level,
    License,
    LicenseException,
    ReviewPolicy,
    ScheduledChange,
)

__all__ = [
    "REGIME_FIELDS",
    "Change",
    "Classification",
    "HistoryEntry",
    "Regime",
    "Status",
    "TestResult",
]


#: The fields a Regime and a Status share: what the answer says, without its framing.
REGIME_FIELDS = (
    "license_required",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "licenses",
    "citations",
    "basis",
    "caveats",
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

    license_required: bool
    review_policy: ReviewPolicy | None
    exceptions: tuple[LicenseException, ...]
    classification: str | None
    tier: str | None
    licenses: tuple[License, ...]
    citations: tuple[str, ...]
    basis: tuple[Ground, ...]
    caveats: tuple[Caveat, ...]
    determinate: bool
    unclassified: tuple[str, ...]
    governing: str = attrs.field(eq=False)
    instruments: tuple[str, ...]

    @property
    def level(self) -> Level:
        """A one-word summary, ordered for comparisons and plots."""
        if not self.license_required:
            return Level.NO_LICENSE_REQUIRED
        if self.exceptions:
            return Level.LICENSE_EXCEPTION
        if self.review_policy is None:
            return Level.LICENSE_REQUIRED
        return Level[self.review_policy.name]


_LAZY_LOCK = threading.Lock()


class ScheduleSource(Protocol):
    """Anything that can compute the scheduled changes of one of its periods."""

    def scheduled(self, key: int, /) -> tuple[ScheduledChange, ...]: ...


class Lazy:
    """Scheduled changes computed on first use, once: ``source.scheduled(key)``.

    Holds its source and a key rather than a closure, and shares one lock, to stay
    small: every status carries one.
    """

    __slots__ = ("_key", "_source", "_value")

    def __init__(self, source: ScheduleSource | None, key: int = 0) -> None:
        self._source = source
        self._key = key
        self._value: tuple[ScheduledChange, ...] = ()

    def get(self) -> tuple[ScheduledChange, ...]:
        if self._source is not None:
            with _LAZY_LOCK:
                if self._source is not None:
                    self._value = self._source.scheduled(self._key)
                    self._source = None
        return self._value


@attrs.frozen(kw_only=True, repr=False)
class Status:
    """The regime that applied to a chip shipped to a country, explained.

    A ``Status`` describes a whole ``period`` over which the answer does not change
    (within the knowledge view asked for); the day asked about lies in it. A period begins
    when the regime changes, or when something that bears on it is published (what is known
    to be coming, ``scheduled``, can change then).

    Attributes:
        chip: the chip asked about.
        country: the destination asked about.
        governing: the destination whose rules apply (``"CN"`` for Hong Kong from 2020-12-23).
        period: the days ``[start, end)`` over which this answer holds.
        basis_kind: the basis answered on (legal, compliance or enforced).
        known_on: the knowledge date asked for (``None``: everything in the record).
        license_required: whether any binding provision requires a licence.
        review_policy: the most restrictive review policy among them, or ``None`` when no
            licence is required or the record knows no published policy (see caveats).
        exceptions: licence exceptions every binding requirement allows.
        classification: the ECCN paragraph the chip meets on the day, or ``None``.
        tier: the tier of a tiered framework that binds, if any.
        licenses: granted licences covering the case (they do not remove the requirement).
        citations: one short citation per instrument relied on.
        basis: the provisions that produced the answer.
        caveats: what the answer does not settle.
        scheduled: changes already published, as known on the day asked (or on
            ``known_on`` if earlier), that take effect later.
        determinate: ``False`` when a missing specification, or a provision the record is
            unsure of, leaves the answer open.
        unclassified: when the chip's classification on the day cannot be settled, the
            specifications that would settle it (empty otherwise). The answer can still be
            determinate if no provision in scope depends on the classification.
    """

    chip: Chip
    country: Country
    governing: str
    period: Period
    basis_kind: Basis
    known_on: dt.date | None
    level: Level
    _regime: Regime = attrs.field(alias="regime")
    _schedule: Lazy = attrs.field(eq=False, alias="schedule")

    # the regime's fields, shared by every destination and period with the same answer

    @property
    def license_required(self) -> bool:
        """Whether any binding provision requires a licence."""
        return self._regime.license_required

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
    def basis(self) -> tuple[Ground, ...]:
        """The provisions that produced the answer."""
        return self._regime.basis

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """What the answer does not settle."""
        return self._regime.caveats

    @property
    def determinate(self) -> bool:
        """``False`` when a missing specification or an uncertain provision leaves the answer open."""
        return self._regime.determinate

    @property
    def unclassified(self) -> tuple[str, ...]:
        """The specifications that would settle an undetermined classification (empty otherwise)."""
        return self._regime.unclassified

    def __repr__(self) -> str:
        return (
            f"Status(chip={self.chip.name}, country={self.country.code}, governing={self.governing!r}, "
            f"period={self.period!r}, basis_kind={self.basis_kind!r}, known_on={self.known_on!r}, "
            f"license_required={self.license_required!r}, review_policy={self.review_policy!r}, "
            f"exceptions={self.exceptions!r}, classification={self.classification!r}, tier={self.tier!r}, "
            f"citations={self.citations!r}, determinate={self.determinate!r}, "
            f"unclassified={self.unclassified!r}, level={self.level!r})"
        )

    @property
    def scheduled(self) -> tuple[ScheduledChange, ...]:
        """Changes already public on the day asked (or on ``known_on`` if earlier) that take effect later."""
        return self._schedule.get()

    def explain(self) -> str:
        """A plain-text explanation with citations, caveats and scheduled changes."""
        lines = [
            f"{self.chip.name} -> {self.country.name} ({self.country.code})"
            + (f", governed as {self.governing}" if self.governing != self.country.code else ""),
            f"  period:            {self.period}  (basis: {self.basis_kind.value}"
            + (f", as known on {self.known_on.isoformat()}" if self.known_on else "")
            + ")",
            "  classification:    "
            + (
                self.classification
                or (
                    f"undetermined (missing {', '.join(self.unclassified)})"
                    if self.unclassified
                    else "none under the advanced-computing criteria on this day"
                )
            ),
            f"  licence required:  {'yes' if self.license_required else 'no'}"
            + ("" if self.determinate else "  (undetermined: see caveats)"),
        ]
        if self.license_required:
            policy = self.review_policy.value if self.review_policy else "not published"
            lines.append(f"  review policy:     {policy}")
            exc = ", ".join(e.value for e in self.exceptions) or "none"
            lines.append(f"  licence exceptions: {exc}")
        if self.tier:
            lines.append(f"  tier:              {self.tier}")
        lines.append(f"  level:             {self.level.value}")
        if self.basis:
            lines.append("  because:")
            lines.extend(f"    - {g}" for g in self.basis)
        if self.licenses:
            lines.append("  granted licences:")
            lines.extend(f"    - {lic.holder}: {lic.id}" for lic in self.licenses)
        if self.caveats:
            lines.append("  caveats:")
            lines.extend(f"    - {c}" for c in self.caveats)
        if self.scheduled:
            lines.append("  scheduled:")
            lines.extend(f"    - {s}" for s in self.scheduled)
        if self.citations:
            lines.append("  citations: " + "; ".join(self.citations))
        lines.append("  (not legal advice)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        """An HTML table for notebooks."""
        from html import escape

        rows = [
            ("chip", self.chip.name),
            (
                "destination",
                f"{self.country.name} ({self.country.code})"
                + (f", governed as {self.governing}" if self.governing != self.country.code else ""),
            ),
            ("period", str(self.period)),
            ("basis", self.basis_kind.value + (f", as known on {self.known_on}" if self.known_on else "")),
            (
                "licence required",
                ("yes" if self.license_required else "no") + ("" if self.determinate else " (undetermined)"),
            ),
            ("review policy", self.review_policy.value if self.review_policy else "—"),
            ("licence exceptions", ", ".join(e.value for e in self.exceptions) or "—"),
            ("classification", self.classification or "—"),
            ("tier", self.tier or "—"),
            ("level", self.level.value),
            ("because", "<br>".join(escape(str(g)) for g in self.basis) or "—"),
            ("granted licences", "<br>".join(escape(f"{lic.holder}: {lic.id}") for lic in self.licenses) or "—"),
            ("caveats", "<br>".join(escape(str(c)) for c in self.caveats) or "—"),
            ("citations", escape("; ".join(self.citations)) or "—"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>"
            + (v if k in {"because", "granted licences", "caveats", "citations"} else escape(v))
            + "</td></tr>"
            for k, v in rows
        )
        return f"<table class='chipcontrols-status'>{body}</table>"


_NEW = object.__new__
_SET = object.__setattr__


def new_status(
    chip: Chip,
    country: Country,
    governing: str,
    period: Period,
    basis_kind: Basis,
    known_on: dt.date | None,
    level: Level,
    regime: Regime,
    schedule: Lazy,
) -> Status:
    """``Status(...)`` without keyword parsing: the compiled engine builds one per period.

    Equal to the attrs constructor's result (a test checks it field by field).
    """
    s: Status = _NEW(Status)
    _SET(s, "chip", chip)
    _SET(s, "country", country)
    _SET(s, "governing", governing)
    _SET(s, "period", period)
    _SET(s, "basis_kind", basis_kind)
    _SET(s, "known_on", known_on)
    _SET(s, "level", level)
    _SET(s, "_regime", regime)
    _SET(s, "_schedule", schedule)
    return s


@attrs.frozen(kw_only=True)
class TestResult:
    """One threshold test of a classification, with the chip's margin to it.

    ``margin`` is ``value - threshold`` (positive means above the line); ``None``
    when the chip's value is unknown.
    """

    __test__ = False  # not a pytest test class

    prong: str
    bound: Bound
    value: float | None
    passed: bool | None

    @property
    def margin(self) -> float | None:
        """``value - threshold``, or ``None`` if the value is unknown."""
        return None if self.value is None else self.value - self.bound.value


@attrs.frozen(kw_only=True)
class Classification:
    """A chip's classification on a day, with every paragraph test that was run.

    ``tests`` lists the tests of the paragraphs; an exclusion that takes the chip out is
    named by ``excluded_by`` (its own tests are not listed). ``paragraph`` is ``None`` both
    for "not controlled" (``determinate``) and for "cannot tell" (not ``determinate``;
    ``missing`` names the specifications needed).
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


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One period of a history: the status over it and the instruments that began it."""

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
