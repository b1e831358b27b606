"""Classification criteria: thresholds on specifications, grouped into dated versions of an entry."""

from __future__ import annotations

import datetime as dt

import attrs

from . import _fields as f
from ._enums import ChipCategory, Op, Spec

__all__ = ["CriteriaVersion", "Exclusion", "Paragraph", "Threshold"]


def _spec(value: Spec | str) -> Spec:
    return f.enum_value(Spec, value)  # type: ignore[return-value]


def _op(value: Op | str) -> Op:
    return f.enum_value(Op, value)  # type: ignore[return-value]


def _category(value: ChipCategory | str) -> ChipCategory:
    return f.enum_value(ChipCategory, value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Threshold:
    """A test on one specification: ``spec op value`` (the value finite and not negative).

    >>> str(Threshold(spec="tpp", op=">=", value=4800))
    'tpp >= 4800'
    """

    spec: Spec = attrs.field(converter=_spec, validator=f.enum_member(Spec))
    op: Op = attrs.field(converter=_op, validator=f.enum_member(Op))
    value: float = attrs.field(converter=f.to_float, validator=f.number(nonnegative=True))

    def __str__(self) -> str:
        return f"{self.spec.value} {self.op.value} {self.value:g}"


_THRESHOLDS = f.tuple_of(Threshold, "Threshold")


@attrs.frozen(kw_only=True)
class Paragraph:
    """One way to meet a classification: all ``tests`` hold (and the filters match).

    ``code`` is the ECCN paragraph reported (``"3A090.a"``), ``prong`` the sub-paragraph
    that fired (``"3A090.a.2"``). ``instrument`` names the instrument that wrote the
    paragraph when it is older than the version restating it (answers cite that one).
    """

    code: str = attrs.field(validator=f.text())
    prong: str = attrs.field(validator=f.text())
    tests: tuple[Threshold, ...] = attrs.field(converter=f.to_tuple, validator=_THRESHOLDS)
    category: ChipCategory = attrs.field(
        default=ChipCategory.LOGIC, converter=_category, validator=f.enum_member(ChipCategory)
    )
    datacenter: bool | None = attrs.field(default=None, validator=f.boolean(none=True))
    instrument: str | None = attrs.field(default=None, validator=f.slug(none=True))


@attrs.frozen(kw_only=True)
class Exclusion:
    """A note that takes items out of the entry (e.g. Note 2 to 3A090 of 2023)."""

    description: str = attrs.field(validator=f.text())
    tests: tuple[Threshold, ...] = attrs.field(converter=f.to_tuple, validator=_THRESHOLDS)
    category: ChipCategory = attrs.field(
        default=ChipCategory.LOGIC, converter=_category, validator=f.enum_member(ChipCategory)
    )
    datacenter: bool | None = attrs.field(default=None, validator=f.boolean(none=True))


@attrs.frozen(kw_only=True)
class CriteriaVersion:
    """The technical criteria of an entry from ``start`` until the next version.

    Paragraphs are tried in order; the first that holds classifies the chip.
    """

    id: str = attrs.field(validator=f.slug())
    instrument: str = attrs.field(validator=f.slug())
    start: dt.date = attrs.field(validator=f.day())
    paragraphs: tuple[Paragraph, ...] = attrs.field(converter=f.to_tuple, validator=f.tuple_of(Paragraph, "Paragraph"))
    exclusions: tuple[Exclusion, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Exclusion, "Exclusion")
    )
    note: str | None = attrs.field(default=None, validator=f.text(none=True), repr=False)
