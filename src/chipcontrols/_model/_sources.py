"""Where facts come from: sources, citations, and figures the sources dispute."""

from __future__ import annotations

from typing import Any

import attrs

from . import _fields as f
from ._enums import Grade

__all__ = ["Citation", "Disputed", "FigureSource", "Source"]


def _grade(value: Grade | str) -> Grade:
    return f.enum_value(Grade, value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class Source:
    """A source for a fact: what it is, where to read it and how good it is.

    >>> Source(title="89 FR 96790", url="https://www.federalregister.gov/d/2024-28270").grade
    <Grade.P: 'P'>
    """

    title: str = attrs.field(validator=f.text())
    url: str | None = attrs.field(default=None, validator=f.text(none=True))
    grade: Grade = attrs.field(default=Grade.P, converter=_grade, validator=f.enum_member(Grade))


@attrs.frozen(kw_only=True)
class FigureSource:
    """The source of one chip figure (``field`` names the figure: ``"throughput"``, ``"market.china_market"``)."""

    field: str = attrs.field(validator=f.text())
    citation: str = attrs.field(validator=f.text())
    url: str | None = attrs.field(default=None, validator=f.text(none=True))
    grade: Grade = attrs.field(default=Grade.P, converter=_grade, validator=f.enum_member(Grade))


@attrs.frozen(kw_only=True)
class Disputed:
    """A value of a chip figure that a source gives and the record does not use, and why.

    >>> d = Disputed(field="memory_bandwidth_gbps", value=7700, citation="a report", reason="datasheet: 8 TB/s")
    >>> d.value
    7700.0
    """

    field: str = attrs.field(validator=f.text())
    value: float = attrs.field(converter=f.to_float, validator=f.number())
    citation: str = attrs.field(validator=f.text())
    reason: str = attrs.field(validator=f.text())
    url: str | None = attrs.field(default=None, validator=f.text(none=True))
    grade: Grade = attrs.field(default=Grade.S, converter=_grade, validator=f.enum_member(Grade))


def _strings(value: Any) -> tuple[str, ...]:
    return f.to_tuple(value)


@attrs.frozen(kw_only=True)
class Citation:
    """How an instrument is cited.

    ``short`` is what answers quote (``"88 FR 73458"``, or for an unpublished letter
    e.g. ``"NVIDIA Form 8-K, 2022-08-31"``).
    """

    short: str = attrs.field(validator=f.text())
    federal_register: str | None = attrs.field(default=None, validator=f.text(none=True))
    document_number: str | None = attrs.field(default=None, validator=f.text(none=True))
    rin: str | None = attrs.field(default=None, validator=f.text(none=True))
    docket: str | None = attrs.field(default=None, validator=f.text(none=True))
    cfr: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=f.tuple_of(str, "strings"))
    urls: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=f.tuple_of(str, "strings"))
