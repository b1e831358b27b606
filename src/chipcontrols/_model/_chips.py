"""Chips: the specifications export rules test, and the market facts some rules read."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import InvalidSpecificationError, InvalidTypeError, InvalidValueError
from . import _fields as f
from ._enums import ChipCategory, Release, Spec
from ._sources import Disputed, FigureSource

__all__ = ["Chip", "Market", "Throughput"]

_MAX_BITS = 1024  # a bit length per operation; anything longer is a typing error


def _bits(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            type(instance).__name__, attribute.name, value, "a bit length (an integer from 1 to 1024)"
        )
    if not 1 <= value <= _MAX_BITS:
        raise InvalidSpecificationError(type(instance).__name__, attribute.name, value, "an integer from 1 to 1024")


@attrs.frozen(kw_only=True)
class Throughput:
    """Dense (non-sparse) peak throughput at one precision.

    ``tera_ops`` counts a multiply-accumulate as two operations, as vendors do, so
    ``tera_ops * bits`` is the EAR's total processing performance at that precision.

    >>> Throughput(bits=8, tera_ops=296).tpp
    2368.0
    """

    bits: int = attrs.field(validator=_bits)
    tera_ops: float = attrs.field(converter=f.to_float, validator=f.number(positive=True, specification=True))
    precision: str | None = attrs.field(default=None, validator=f.text(none=True))

    def __attrs_post_init__(self) -> None:
        if not math.isfinite(self.bits * self.tera_ops):
            raise InvalidSpecificationError(
                "Throughput", "tera_ops", self.tera_ops, f"a figure whose TPP (x {self.bits} bits) is finite"
            )

    @property
    def tpp(self) -> float:
        """``bits x tera_ops``: the total processing performance at this precision."""
        return self.bits * self.tera_ops


def _throughputs(values: Iterable[Throughput]) -> tuple[Throughput, ...]:
    found = f.to_tuple(values)
    if isinstance(found, tuple) and all(isinstance(t, Throughput) for t in found):
        return tuple(sorted(found, key=lambda t: (t.bits, t.tera_ops)))
    return found  # refused by the validator


def _release(value: Release | str) -> Release:
    return f.enum_value(Release, value)  # type: ignore[return-value]


def _category(value: ChipCategory | str) -> ChipCategory:
    return f.enum_value(ChipCategory, value)  # type: ignore[return-value]


_PRECISIONS = ("day", "month", "year")


def _precision(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(type(instance).__name__, attribute.name, value, "'day', 'month' or 'year'")
    if value not in _PRECISIONS:
        raise InvalidValueError(type(instance).__name__, attribute.name, value, "'day', 'month' or 'year'")


@attrs.frozen(kw_only=True)
class Market:
    """Where and when a chip was sold, as the sources say (``None``: no source says).

    Rules can test these facts: the January 2026 review-policy rule reaches only chips
    commercially available in the United States when it was published.

    >>> Market(us_commercially_available=True, us_available_from=dt.date(2024, 11, 18)).available_in_us_on(
    ...     dt.date(2026, 1, 15))
    True
    >>> Market(us_commercially_available=False).available_in_us_on(dt.date(2026, 1, 15))
    False
    """

    us_commercially_available: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    us_available_from: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    china_market: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    end_of_sale: dt.date | None = attrs.field(default=None, validator=f.day(none=True))

    def available_in_us_on(self, day: dt.date, launched: dt.date | None = None) -> bool | None:
        """Whether the chip was commercially available in the United States on ``day``.

        ``False`` if it never was, or not yet, or no longer; ``None`` when the record cannot tell.
        Without ``us_available_from``, the chip's launch (``launched``) stands for it.
        """
        if self.us_commercially_available is None:
            return None
        if self.us_commercially_available is False:
            return False
        if self.end_of_sale is not None and day >= self.end_of_sale:
            return False
        since = self.us_available_from or launched
        return None if since is None else since <= day


_NUMBER = f.number(none=True, positive=True, specification=True)


@attrs.frozen(kw_only=True, cache_hash=True)
class Chip:
    """An integrated circuit and the specifications that export rules test.

    ``foreign_produced`` marks a chip made outside the United States by a foreign
    company (e.g. Huawei's Ascend): the EAR reaches it only through U.S. content or the
    foreign-direct-product rules, which answers state as a caveat. ``family`` is the bare
    name people use for the variants of one product (``"H200"`` for the H200 SXM and the
    H200 NVL).

    Build your own with keyword arguments; anything not given is unknown:

    >>> c = Chip(name="Example X1", tpp=5000, die_area_mm2=800, datacenter=True)
    >>> c.performance_density
    6.25

    TPP may also come from per-precision throughput (the maximum of bits x TOPS):

    >>> Chip(name="Y", throughput=[Throughput(bits=8, tera_ops=296)]).total_processing_performance
    2368.0
    """

    name: str = attrs.field(validator=f.text())
    family: str | None = attrs.field(default=None, validator=f.text(none=True))
    vendor: str | None = attrs.field(default=None, validator=f.text(none=True))
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(str, "names", f.text())
    )
    category: ChipCategory = attrs.field(
        default=ChipCategory.LOGIC, converter=_category, validator=f.enum_member(ChipCategory)
    )
    form_factor: str | None = attrs.field(default=None, validator=f.text(none=True))
    datacenter: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    tpp: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    throughput: tuple[Throughput, ...] = attrs.field(
        default=(), converter=_throughputs, validator=f.tuple_of(Throughput, "Throughput")
    )
    die_area_mm2: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    io_bandwidth_gbps: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    memory_bandwidth_gbps: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    memory_bandwidth_density: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    memory_gb: float | None = attrs.field(default=None, converter=f.to_float, validator=_NUMBER)
    release: Release = attrs.field(default=Release.RELEASED, converter=_release, validator=f.enum_member(Release))
    launched: dt.date | None = attrs.field(default=None, validator=f.day(none=True))
    launched_precision: str = attrs.field(default="day", validator=_precision)
    foreign_produced: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    market: Market = attrs.field(default=Market(), validator=f.instance_of(Market, "a Market"))
    notes: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(str, "texts", f.text()), repr=False
    )
    uncertain: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(str, "texts", f.text()), repr=False
    )
    sources: tuple[FigureSource, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(FigureSource, "FigureSource"), repr=False
    )
    disputed: tuple[Disputed, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Disputed, "Disputed"), repr=False
    )

    @property
    def total_processing_performance(self) -> float | None:
        """TPP: the stated figure, else the maximum of bits x dense TOPS, else ``None``."""
        if self.tpp is not None:
            return self.tpp
        if not self.throughput:
            return None
        return max(t.tpp for t in self.throughput)

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

    def available_in_us_on(self, day: dt.date) -> bool | None:
        """Whether the chip was commercially available in the United States on ``day`` (``None``: unknown).

        A chip only announced or reported was not on sale; otherwise the market facts decide,
        the launch day standing in for an unknown first day of U.S. sales.

        >>> Chip(name="X", launched=dt.date(2024, 1, 1), market=Market(us_commercially_available=True)
        ...      ).available_in_us_on(dt.date(2026, 1, 15))
        True
        """
        if self.release is not Release.RELEASED:
            return False
        launched = self.launched
        if launched is not None and self.launched_precision != "day":  # the latest day the launch can have been
            launched += dt.timedelta(days=31 if self.launched_precision == "month" else 366)
        return self.market.available_in_us_on(day, launched)

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)
