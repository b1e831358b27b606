"""Scopes (which items, destinations and parties a provision reaches), caps, conditions, and
``Touches``: the one declared account of what a part of an instrument reads or changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import InvalidTypeError, InvalidValueError
from . import _fields as f
from ._criteria import Threshold
from ._places import _codes
from ._sources import Source

__all__ = ["Cap", "Condition", "DestinationScope", "ItemScope", "PartyScope", "Touches"]

_NAMES = f.set_of(str, "strings", f.text())


@attrs.frozen(kw_only=True)
class ItemScope:
    """Which items a provision covers.

    An item is in scope when it is covered by ``all_items``, is named in ``products`` (by
    its name or its family's), or classifies (on the day asked) under a paragraph beginning
    with one of ``classifications``; and then matches ``datacenter``, every threshold, and
    ``us_available_on`` (commercially available in the United States on that day, a market
    fact of the chip); and is not named in ``exclude_products``. A scope that selects nothing
    (only filters) covers every item that passes its filters: it is meant for the sub-scopes
    of amendments; a provision must select something.
    """

    all_items: bool = attrs.field(default=False, validator=f.boolean())
    classifications: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)
    products: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)
    exclude_products: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)
    datacenter: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    bounds: tuple[Threshold, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Threshold, "Threshold")
    )
    us_available_on: dt.date | None = attrs.field(default=None, validator=f.day(none=True))

    @property
    def selects(self) -> bool:
        """Whether the scope names what it covers (all items, products or classifications)."""
        return bool(self.all_items or self.classifications or self.products)

    @property
    def named(self) -> frozenset[str]:
        """Every chip or family name the scope mentions (included or excluded)."""
        return self.products | self.exclude_products


@attrs.frozen(kw_only=True)
class DestinationScope:
    """Which destinations a provision covers, on the day asked.

    A country is in scope when ``everywhere`` is set, or it is named in ``countries``,
    or it belongs to one of ``groups``; and it is neither named in ``except_countries``
    nor a member of one of ``except_groups`` (unless it is also a member of one of
    ``keep_groups``: the EAR's "other than D:1, D:4 or D:5 (excluding any destination also
    specified in Country Groups A:5 or A:6)" keeps Israel, in D:4 and A:6).

    >>> scope = DestinationScope(everywhere=True, except_groups={"D:4"}, keep_groups={"A:6"})
    >>> sorted(scope.all_groups)
    ['A:6', 'D:4']
    """

    everywhere: bool = attrs.field(default=False, validator=f.boolean())
    countries: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    groups: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)
    except_countries: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    except_groups: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)
    keep_groups: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_NAMES)

    @property
    def all_groups(self) -> frozenset[str]:
        """Every group the scope reads (included, excepted or kept)."""
        return self.groups | self.except_groups | self.keep_groups

    @property
    def all_countries(self) -> frozenset[str]:
        """Every country the scope names (included or excepted)."""
        return self.countries | self.except_countries

    @property
    def covers_something(self) -> bool:
        """Whether the scope can cover any destination at all."""
        return bool(self.everywhere or self.countries or self.groups)


@attrs.frozen(kw_only=True)
class PartyScope:
    """A requirement that turns on who the parties are rather than where the item goes.

    ``headquartered_in_*``: the buyer (or its ultimate parent) is headquartered in one of
    these countries or groups; evaluated when the query names ``headquartered_in``.
    ``listed_parties``: parties on a list (Entity List, ...), described only: answers
    carry such a provision as a caveat.
    """

    headquartered_in_countries: frozenset[str] = attrs.field(
        default=frozenset(), converter=f.to_frozenset, validator=_codes
    )
    headquartered_in_groups: frozenset[str] = attrs.field(
        default=frozenset(), converter=f.to_frozenset, validator=_NAMES
    )
    listed_parties: str | None = attrs.field(default=None, validator=f.text(none=True))

    def evaluable(self) -> bool:
        """Whether the scope can be evaluated from a headquarters country."""
        return bool(self.headquartered_in_countries or self.headquartered_in_groups)

    @property
    def places(self) -> tuple[str, ...]:
        """The groups and countries of headquarters it names, sorted."""
        return tuple(sorted(self.headquartered_in_groups | self.headquartered_in_countries))


@attrs.frozen(kw_only=True)
class Cap:
    """A quantity limit attached to a provision or exception (e.g. a TPP quota)."""

    description: str = attrs.field(validator=f.text())
    quantity: float | None = attrs.field(default=None, converter=f.to_float, validator=f.number(none=True))
    unit: str | None = attrs.field(default=None, validator=f.text(none=True))


@attrs.frozen(kw_only=True)
class Condition:
    """A condition on a provision's obligation that the engine does not evaluate, with its source.

    Answers list the conditions of every provision they rely on (``Status.conditions``).

    >>> Condition(text="exports from the United States only", id="us-exports-only").id
    'us-exports-only'
    """

    text: str = attrs.field(validator=f.text())
    id: str | None = attrs.field(default=None, validator=f.slug(none=True))
    cfr: str | None = attrs.field(default=None, validator=f.text(none=True))
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Source, "Source"), repr=False
    )

    def __str__(self) -> str:
        return self.text


def conditions(values: Iterable[Condition | str]) -> tuple[Condition, ...]:
    """Conditions, a plain string being a condition's text."""
    found = f.to_tuple(values)
    if not isinstance(found, tuple):
        return found
    return tuple(Condition(text=v) if isinstance(v, str) and v.strip() else v for v in found)


CONDITIONS = f.tuple_of(Condition, "Condition (or its text)")


def _scope(cls: type, what: str) -> f.Validator:
    return f.instance_of(cls, what, none=True)


@attrs.frozen(kw_only=True)
class Touches:
    """What one part of an instrument reads or changes: the walk every consumer uses.

    ``items``, ``destinations`` and ``parties`` are scopes that select what the part covers
    (a provision's scopes, a scope change's new ones, a licence's products and places, a
    tier's places); ``within_items`` and ``within_destinations`` narrow a change of
    obligation to a sub-scope. ``days`` are the days on which the part acts.
    """

    items: ItemScope | None = attrs.field(default=None, validator=_scope(ItemScope, "an ItemScope"))
    destinations: DestinationScope | None = attrs.field(
        default=None, validator=_scope(DestinationScope, "a DestinationScope")
    )
    parties: PartyScope | None = attrs.field(default=None, validator=_scope(PartyScope, "a PartyScope"))
    within_items: ItemScope | None = attrs.field(default=None, validator=_scope(ItemScope, "an ItemScope"))
    within_destinations: DestinationScope | None = attrs.field(
        default=None, validator=_scope(DestinationScope, "a DestinationScope")
    )
    days: tuple[dt.date, ...] = attrs.field(default=(), converter=f.to_tuple, validator=f.tuple_of(dt.date, "dates"))

    @property
    def item_scopes(self) -> tuple[ItemScope, ...]:
        """Every item scope, selecting or narrowing."""
        return tuple(s for s in (self.items, self.within_items) if s is not None)

    @property
    def destination_scopes(self) -> tuple[DestinationScope, ...]:
        """Every destination scope, selecting or narrowing."""
        return tuple(s for s in (self.destinations, self.within_destinations) if s is not None)

    @property
    def groups(self) -> frozenset[str]:
        """Every country group read, by destination or by headquarters."""
        out: set[str] = set()
        for scope in self.destination_scopes:
            out |= scope.all_groups
        if self.parties is not None:
            out |= self.parties.headquartered_in_groups
        return frozenset(out)


def _check_tier_rank(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(type(instance).__name__, attribute.name, value, "a rank: an integer from 1 to 1000")
    if not 1 <= value <= 1000:
        raise InvalidValueError(type(instance).__name__, attribute.name, value, "a rank: an integer from 1 to 1000")


TIER_RANK = _check_tier_rank
