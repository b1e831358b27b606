"""Amendments: instruments acting on other instruments' provisions.

Every kind states, through one method, what it touches (``touches``: the scopes it selects
or narrows, and the days it acts on) and when it starts acting (``start_in``). Timelines,
validation and tests read amendments only through these: adding a kind touches one class
(and the tag table of ``chipcontrols.serialization``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, Protocol, Union

import attrs

from ..errors import InvalidValueError
from . import _fields as f
from ._enums import LicenseException, ReviewPolicy
from ._places import _codes
from ._provisions import EXCEPTIONS, exceptions
from ._scopes import CONDITIONS, Condition, DestinationScope, ItemScope, PartyScope, Touches, conditions

__all__ = [
    "AMENDMENT_KINDS",
    "Amendment",
    "ComplianceDelay",
    "ExceptionChange",
    "NonEnforcement",
    "Replacement",
    "Rescission",
    "ReviewPolicyChange",
    "ScopeChange",
    "Suspension",
]

_TARGET = re.compile(r"[a-z0-9][a-z0-9.\-]*(/[a-z0-9][a-z0-9.\-]*)?")


def _target(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    f.text()(instance, attribute, value)
    if not _TARGET.fullmatch(str(value)):
        raise InvalidValueError(
            type(instance).__name__, attribute.name, value, "'instrument-id' or 'instrument-id/provision-id'"
        )


class _Instrumentish(Protocol):
    """What an amendment needs of the instrument that makes it."""

    @property
    def effective(self) -> dt.date | None: ...


def _default_start(start: dt.date | None, effective: dt.date | None) -> dt.date:
    if start is not None:
        return start
    return effective or dt.date.min


_START = f.day(none=True)
_NOTE = f.text(none=True)
_GROUPS = f.set_of(str, "group ids", f.text())
_ITEMS = f.instance_of(ItemScope, "an ItemScope", none=True)
_DESTINATIONS = f.instance_of(DestinationScope, "a DestinationScope", none=True)


def _policy(value: ReviewPolicy | str) -> ReviewPolicy:
    return f.enum_value(ReviewPolicy, value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Rescission:
    """The target stops having effect from ``start`` (default: the amending instrument's effective date)."""

    KIND: ClassVar[str] = "rescission"
    target: str = attrs.field(validator=_target)
    start: dt.date | None = attrs.field(default=None, validator=_START)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Nothing but a day."""
        return Touches(days=(self.start_in(by),))


@attrs.frozen(kw_only=True)
class Suspension:
    """The target has no effect during ``[start, end)``; it lapses by itself at ``end``."""

    KIND: ClassVar[str] = "suspension"
    target: str = attrs.field(validator=_target)
    end: dt.date = attrs.field(validator=f.day())
    start: dt.date | None = attrs.field(default=None, validator=_START)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end <= self.start:
            raise InvalidValueError("Suspension", "end", self.end, f"a day after the start ({self.start})")

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Its first and last days."""
        return Touches(days=(self.start_in(by), self.end))


@attrs.frozen(kw_only=True)
class NonEnforcement:
    """The agency does not enforce the target during ``[start, end)``.

    Changes only the ``enforced`` basis: the law is unchanged.
    """

    KIND: ClassVar[str] = "non-enforcement"
    target: str = attrs.field(validator=_target)
    start: dt.date | None = attrs.field(default=None, validator=_START)
    end: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Its first and last days."""
        return Touches(days=(self.start_in(by), *((self.end,) if self.end else ())))


@attrs.frozen(kw_only=True)
class Replacement:
    """From ``start`` the target gives way to provision ``by`` of the amending instrument."""

    KIND: ClassVar[str] = "replacement"
    target: str = attrs.field(validator=_target)
    by: str = attrs.field(validator=f.slug())
    start: dt.date | None = attrs.field(default=None, validator=_START)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Nothing but a day (the replacing provision has its own scopes)."""
        return Touches(days=(self.start_in(by),))


@attrs.frozen(kw_only=True)
class ScopeChange:
    """From ``start`` the target's item, destination or party scope is the one given.

    ``add_countries`` / ``remove_countries`` (and ``add_groups`` / ``remove_groups``) change the
    target's destination scope by what they name, without restating it.
    """

    KIND: ClassVar[str] = "scope-change"
    target: str = attrs.field(validator=_target)
    start: dt.date | None = attrs.field(default=None, validator=_START)
    items: ItemScope | None = attrs.field(default=None, validator=_ITEMS)
    destinations: DestinationScope | None = attrs.field(default=None, validator=_DESTINATIONS)
    parties: PartyScope | None = attrs.field(
        default=None, validator=f.instance_of(PartyScope, "a PartyScope", none=True)
    )
    add_countries: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    remove_countries: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    add_groups: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_GROUPS)
    remove_groups: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_GROUPS)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def __attrs_post_init__(self) -> None:
        if self.destinations is not None and self.delta:
            raise InvalidValueError(
                "ScopeChange", "destinations", self.destinations, "either new destinations or a change by countries"
            )
        if self.items is None and self.destinations is None and self.parties is None and not self.delta:
            raise InvalidValueError("ScopeChange", "items", None, "a new scope (items, destinations or parties)")

    @property
    def delta(self) -> bool:
        """Whether the change adds or removes destinations rather than restating them."""
        return bool(self.add_countries or self.remove_countries or self.add_groups or self.remove_groups)

    def apply(self, destinations: DestinationScope) -> DestinationScope:
        """The target's destination scope after this change."""
        if self.destinations is not None:
            return self.destinations
        if not self.delta:
            return destinations
        return attrs.evolve(
            destinations,
            countries=(destinations.countries | self.add_countries) - self.remove_countries,
            groups=(destinations.groups | self.add_groups) - self.remove_groups,
        )

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """The new scopes (a delta as the destinations it adds, except those it removes) and its day."""
        destinations = self.destinations
        if self.delta:
            destinations = DestinationScope(
                countries=self.add_countries,
                groups=self.add_groups,
                except_countries=self.remove_countries,
                except_groups=self.remove_groups,
            )
        return Touches(items=self.items, destinations=destinations, parties=self.parties, days=(self.start_in(by),))


@attrs.frozen(kw_only=True)
class ReviewPolicyChange:
    """From ``start`` the target's review policy is ``review_policy``, within a sub-scope.

    ``within_items`` / ``within_destinations`` narrow the cases the change applies to;
    ``conditions`` state what the model cannot check (e.g. "exports from the United States
    only") and are listed in answers that rely on the change.
    """

    KIND: ClassVar[str] = "review-policy-change"
    target: str = attrs.field(validator=_target)
    review_policy: ReviewPolicy = attrs.field(converter=_policy, validator=f.enum_member(ReviewPolicy))
    start: dt.date | None = attrs.field(default=None, validator=_START)
    within_items: ItemScope | None = attrs.field(default=None, validator=_ITEMS)
    within_destinations: DestinationScope | None = attrs.field(default=None, validator=_DESTINATIONS)
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=conditions, validator=CONDITIONS)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Its sub-scopes and its day."""
        return Touches(
            within_items=self.within_items, within_destinations=self.within_destinations, days=(self.start_in(by),)
        )


@attrs.frozen(kw_only=True)
class ExceptionChange:
    """From ``start`` the target's usable licence exceptions are ``exceptions``, within a sub-scope."""

    KIND: ClassVar[str] = "exception-change"
    target: str = attrs.field(validator=_target)
    exceptions: frozenset[LicenseException] = attrs.field(converter=exceptions, validator=EXCEPTIONS)
    start: dt.date | None = attrs.field(default=None, validator=_START)
    within_items: ItemScope | None = attrs.field(default=None, validator=_ITEMS)
    within_destinations: DestinationScope | None = attrs.field(default=None, validator=_DESTINATIONS)
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts."""
        return _default_start(self.start, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """Its sub-scopes and its day."""
        return Touches(
            within_items=self.within_items, within_destinations=self.within_destinations, days=(self.start_in(by),)
        )


@attrs.frozen(kw_only=True)
class ComplianceDelay:
    """The target's compliance date becomes ``compliance`` (from the amending instrument's effective date)."""

    KIND: ClassVar[str] = "compliance-delay"
    target: str = attrs.field(validator=_target)
    compliance: dt.date = attrs.field(validator=f.day())
    note: str | None = attrs.field(default=None, validator=_NOTE)

    def start_in(self, by: _Instrumentish) -> dt.date:
        """The first day it acts: the amending instrument's effective date."""
        return _default_start(None, by.effective)

    def touches(self, by: _Instrumentish) -> Touches:
        """The new compliance date."""
        return Touches(days=(self.compliance,))


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

#: Every amendment kind, by the tag data files give it (``kind = "suspension"``).
AMENDMENT_KINDS: dict[str, type[Any]] = {
    cls.KIND: cls
    for cls in (
        Rescission,
        Suspension,
        NonEnforcement,
        Replacement,
        ScopeChange,
        ReviewPolicyChange,
        ExceptionChange,
        ComplianceDelay,
    )
}
