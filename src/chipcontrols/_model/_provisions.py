"""Provisions (a scope mapped to an obligation), granted licences, and tiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import InvalidValueError
from . import _fields as f
from ._enums import LicenseException, ReviewPolicy
from ._scopes import (
    CONDITIONS,
    TIER_RANK,
    Cap,
    Condition,
    DestinationScope,
    ItemScope,
    PartyScope,
    Touches,
    conditions,
)

__all__ = ["License", "Provision", "Tier", "exceptions"]


def _policy(value: ReviewPolicy | str | None) -> ReviewPolicy | None:
    return f.enum_value(ReviewPolicy, value)  # type: ignore[return-value]


def exceptions(values: Iterable[LicenseException | str]) -> frozenset[LicenseException]:
    """Licence exceptions from members or their codes (anything else is refused by the validator)."""
    found = f.to_frozenset(values)
    if not isinstance(found, frozenset):
        return found
    return frozenset(f.enum_value(LicenseException, v) for v in found)  # type: ignore[misc]


EXCEPTIONS = f.set_of(LicenseException, "LicenseException codes ('NAC', 'ACA', ...)")


def _dates(*days: dt.date | None) -> tuple[dt.date, ...]:
    return tuple(d for d in days if d is not None)


@attrs.frozen(kw_only=True)
class Provision:
    """A scope mapped to an obligation.

    Dates left ``None`` are the instrument's. ``uncertain`` says why the record is not sure
    the provision exists or reaches this far: answers that rely on it are undetermined.
    ``tier`` names a tier of the same instrument (validated).
    """

    id: str = attrs.field(validator=f.slug())
    title: str = attrs.field(validator=f.text())
    items: ItemScope = attrs.field(default=ItemScope(), validator=f.instance_of(ItemScope, "an ItemScope"))
    destinations: DestinationScope = attrs.field(
        default=DestinationScope(), validator=f.instance_of(DestinationScope, "a DestinationScope")
    )
    parties: PartyScope | None = attrs.field(
        default=None, validator=f.instance_of(PartyScope, "a PartyScope", none=True)
    )
    license_required: bool = attrs.field(default=True, validator=f.boolean())
    review_policy: ReviewPolicy | None = attrs.field(
        default=None, converter=_policy, validator=f.enum_member(ReviewPolicy, none=True)
    )
    exceptions: frozenset[LicenseException] = attrs.field(
        default=frozenset(), converter=exceptions, validator=EXCEPTIONS
    )
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=conditions, validator=CONDITIONS)
    caps: tuple[Cap, ...] = attrs.field(default=(), converter=f.to_tuple, validator=f.tuple_of(Cap, "Cap"))
    tier: str | None = attrs.field(default=None, validator=f.text(none=True))
    effective: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    compliance: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    expires: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    uncertain: str | None = attrs.field(default=None, validator=f.text(none=True))
    note: str | None = attrs.field(default=None, validator=f.text(none=True), repr=False)

    def touches(self) -> Touches:
        """The provision's scopes and the days it names."""
        return Touches(
            items=self.items,
            destinations=self.destinations,
            parties=self.parties,
            days=_dates(self.effective, self.compliance, self.expires),
        )


def _share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    f.number(none=True, nonnegative=True)(instance, attribute, value)
    if isinstance(value, float) and value > 1:
        raise InvalidValueError("License", attribute.name, value, "a share from 0 to 1 (0.15 for 15%)")


@attrs.frozen(kw_only=True)
class License:
    """A granted authorisation: it does not remove a requirement; answers report it beside it.

    ``products`` names chips or chip families.
    """

    id: str = attrs.field(validator=f.slug())
    holder: str = attrs.field(validator=f.text())
    products: frozenset[str] = attrs.field(
        converter=f.to_frozenset, validator=f.set_of(str, "chip or family names", f.text())
    )
    destinations: DestinationScope = attrs.field(validator=f.instance_of(DestinationScope, "a DestinationScope"))
    start: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    end: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=conditions, validator=CONDITIONS)
    revenue_share: float | None = attrs.field(default=None, converter=f.to_float, validator=_share)
    quantity: str | None = attrs.field(default=None, validator=f.text(none=True))
    note: str | None = attrs.field(default=None, validator=f.text(none=True), repr=False)

    def touches(self) -> Touches:
        """The licence's products and places, and its dates."""
        return Touches(
            items=ItemScope(products=self.products), destinations=self.destinations, days=_dates(self.start, self.end)
        )


@attrs.frozen(kw_only=True)
class Tier:
    """A tier of a tiered framework (the AI Diffusion rule's Tier 1, 2 and 3).

    ``rank`` orders tiers from the most favoured (1); ``destinations`` says which countries
    are in it on a given day (groups keep their dated membership).
    """

    name: str = attrs.field(validator=f.text())
    rank: int = attrs.field(validator=TIER_RANK)
    destinations: DestinationScope = attrs.field(validator=f.instance_of(DestinationScope, "a DestinationScope"))

    def touches(self) -> Touches:
        """The tier's places."""
        return Touches(destinations=self.destinations)
