"""Places: countries, their extra names, country groups with dated membership, and merges."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from ..errors import InvalidValueError
from . import _fields as f
from ._sources import Source

__all__ = ["AmbiguousName", "Country", "CountryAlias", "CountryGroup", "GroupChange", "Membership", "Merge"]

_CODE = re.compile(r"[A-Z]{2}")


def _code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    f.text()(instance, attribute, value)
    assert isinstance(value, str)
    if not _CODE.fullmatch(value):
        raise InvalidValueError(type(instance).__name__, attribute.name, value, "an ISO 3166-1 alpha-2 code ('CN')")


def _codes(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    f.set_of(str, "ISO 3166-1 alpha-2 codes", _code)(instance, attribute, value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Country:
    """A destination, identified by its ISO 3166-1 alpha-2 code.

    >>> Country(code="CN", name="China").code
    'CN'
    """

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=f.text())
    alpha3: str | None = attrs.field(default=None, validator=f.text(none=True))

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@attrs.frozen(kw_only=True)
class CountryAlias:
    """An extra name for a country (``"UAE"`` for ``"AE"``)."""

    name: str = attrs.field(validator=f.text())
    code: str = attrs.field(validator=_code)


@attrs.frozen(kw_only=True)
class AmbiguousName:
    """A name people use for more than one country (``"Congo"``): refused, with the candidates listed."""

    name: str = attrs.field(validator=f.text())
    countries: frozenset[str] = attrs.field(converter=f.to_frozenset, validator=_codes)
    note: str | None = attrs.field(default=None, validator=f.text(none=True))

    def __attrs_post_init__(self) -> None:
        if len(self.countries) < 2:
            raise InvalidValueError("AmbiguousName", "countries", sorted(self.countries), "two or more countries")


@attrs.frozen(kw_only=True)
class Membership:
    """A country's membership of a group over ``[start, end)``.

    ``start=None`` means since before the record's coverage; ``end=None`` means still.
    ``added_by`` / ``removed_by`` name the instruments that made the change: the change
    counts only for questions asked as known on or after their publication. In data files a
    group lists only its standing members; an instrument states the changes it made
    (``group_changes``), and the record joins the two.
    """

    country: str = attrs.field(validator=_code)
    start: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    end: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    added_by: str | None = attrs.field(default=None, validator=f.slug(none=True))
    removed_by: str | None = attrs.field(default=None, validator=f.slug(none=True))
    note: str | None = attrs.field(default=None, validator=f.text(none=True))

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise InvalidValueError(
                "Membership", "end", self.end, f"a day after the start ({self.start.isoformat()}) for {self.country}"
            )


@attrs.frozen(kw_only=True)
class CountryGroup:
    """A group of destinations (an EAR Country Group, or a tier) with dated membership."""

    id: str = attrs.field(validator=f.text())
    name: str = attrs.field(validator=f.text())
    members: tuple[Membership, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Membership, "Membership"), repr=False
    )
    sources: tuple[Source, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Source, "Source"), repr=False
    )
    note: str | None = attrs.field(default=None, validator=f.text(none=True), repr=False)


@attrs.frozen(kw_only=True)
class GroupChange:
    """Countries an instrument adds to or removes from a group, from ``start`` (default: its effective date).

    >>> GroupChange(group="D:5", add=["NI"]).add
    frozenset({'NI'})
    """

    group: str = attrs.field(validator=f.text())
    add: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    remove: frozenset[str] = attrs.field(default=frozenset(), converter=f.to_frozenset, validator=_codes)
    start: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    note: str | None = attrs.field(default=None, validator=f.text(none=True))

    def __attrs_post_init__(self) -> None:
        if not (self.add or self.remove):
            raise InvalidValueError("GroupChange", "add", self.add, f"a country to add to or remove from {self.group}")
        both = self.add & self.remove
        if both:
            raise InvalidValueError("GroupChange", "remove", sorted(both), "countries not also added")


@attrs.frozen(kw_only=True)
class Merge:
    """A destination that the EAR stops treating as separate (Hong Kong into China), from ``start``.

    In a data file a merge sits in the instrument that made it, and ``instrument`` is left out;
    the record fills it in.
    """

    code: str = attrs.field(validator=_code)
    into: str = attrs.field(validator=_code)
    start: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    instrument: str | None = attrs.field(default=None, validator=f.slug(none=True))
    note: str | None = attrs.field(default=None, validator=f.text(none=True))
