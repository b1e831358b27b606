"""Answers as tables: a pair's history, revisions along the knowledge clock, the record's events.

Each is an immutable sequence (indexing, slicing, iteration, ``len``) with ``records()`` (plain,
JSON-safe dictionaries), ``to_dataframe()`` (pandas, imported only then, with typed columns) and
an HTML table for notebooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

from ._answer import HistoryEntry, Status
from ._model import Chip, Country, Instrument, Level, Requirement
from ._render import html_table

if TYPE_CHECKING:
    import pandas

__all__ = [
    "EVENT_FIELDS",
    "HISTORY_FIELDS",
    "REVISION_FIELDS",
    "STATUS_COLUMNS",
    "Events",
    "History",
    "Revision",
    "Revisions",
    "dataframe",
    "status_columns",
]

#: The answer's columns in every table, in order (grids and histories add their own first).
STATUS_COLUMNS = (
    "governing",
    "license_required",
    "requirement",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "level",
    "determinate",
    "licenses",
    "citations",
    "caveats",
    "record",
)

#: The columns of ``History.records()`` and ``History.to_dataframe()``.
HISTORY_FIELDS = ("start", "end", "chip", "country", *STATUS_COLUMNS, "caused_by")

#: The columns of ``Revisions.records()`` and ``Revisions.to_dataframe()``.
REVISION_FIELDS = ("known_from", "known_until", "date", "chip", "country", *STATUS_COLUMNS, "revised_by")

#: The columns of ``Events.records()`` and ``Events.to_dataframe()``.
EVENT_FIELDS = (
    "known_from",
    "announced",
    "published",
    "effective",
    "compliance",
    "expires",
    "id",
    "kind",
    "title",
    "citation",
    "confidence",
)

_DATE_COLUMNS = {
    "date",
    "start",
    "end",
    "known_from",
    "known_until",
    "announced",
    "published",
    "effective",
    "compliance",
    "expires",
}


def _day(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def status_columns(s: Status) -> dict[str, Any]:
    """A status's answer as JSON-safe values, in the order of ``STATUS_COLUMNS``.

    ``license_required`` is ``None`` when the requirement is undetermined (never ``False``).
    """
    requirement = s.requirement
    return {
        "governing": s.governing,
        "license_required": None if requirement is Requirement.UNDETERMINED else requirement is Requirement.REQUIRED,
        "requirement": requirement.value,
        "review_policy": s.review_policy.value if s.review_policy else None,
        "exceptions": [x.value for x in s.exceptions],
        "classification": s.classification,
        "tier": s.tier,
        "level": s.level.value,
        "determinate": s.determinate,
        "licenses": [lic.id for lic in s.licenses],
        "citations": list(s.citations),
        "caveats": sorted({c.kind.value for c in s.caveats}),
        "record": s.record.version,
    }


def dataframe(feature: str, records: list[dict[str, Any]], columns: Sequence[str]) -> pandas.DataFrame:
    """A pandas DataFrame of ``records`` with typed columns (pandas is imported only now).

    Dates become ``datetime64``, ``level`` an ordered categorical (from the easiest shipment to
    the hardest), ``license_required`` a nullable boolean; list columns hold lists.

    Raises:
        MissingDependencyError: pandas is not installed (``pip install ".[pandas]"``).
    """
    try:
        import pandas as pd
    except ImportError as exc:
        from .errors import MissingDependencyError

        raise MissingDependencyError(feature, "pandas", "pandas") from exc
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    for column in frame.columns:
        if column in _DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    if "level" in frame.columns:
        frame["level"] = pd.Categorical(frame["level"], categories=[lv.value for lv in Level], ordered=True)
    if "license_required" in frame.columns:
        frame["license_required"] = frame["license_required"].astype("boolean")
    return frame


T = TypeVar("T")


class _Table(Sequence[T], Generic[T]):
    """An immutable sequence of rows."""

    rows: tuple[T, ...]

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...
    def __getitem__(self, i: int | slice) -> T | tuple[T, ...]:
        return self.rows[i]

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)


@attrs.frozen
class History(_Table[HistoryEntry]):
    """A chip and destination's history: periods ``[start, end)`` in order, each a :class:`HistoryEntry`.

    >>> import chipcontrols
    >>> h = chipcontrols.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
    >>> len(h), h[0].status.level.value, h[-1].period.start.isoformat()
    (3, 'no-license-required', '2022-10-21')
    >>> [r["level"] for r in h.records()]
    ['no-license-required', 'license-required', 'presumption-of-denial']
    """

    chip: Chip = attrs.field(repr=lambda c: repr(c.name))
    country: Country = attrs.field(repr=lambda c: repr(c.code))
    rows: tuple[HistoryEntry, ...]

    @property
    def entries(self) -> tuple[HistoryEntry, ...]:
        """The periods, in order."""
        return self.rows

    def records(self) -> list[dict[str, Any]]:
        """One JSON-safe dictionary per period, with the columns of ``HISTORY_FIELDS``."""
        return [
            {
                "start": _day(e.period.start),
                "end": _day(e.period.end),
                "chip": self.chip.name,
                "country": self.country.code,
                **status_columns(e.status),
                "caused_by": list(e.caused_by),
            }
            for e in self.rows
        ]

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame with typed columns."""
        return dataframe("History.to_dataframe()", self.records(), HISTORY_FIELDS)

    def _repr_html_(self) -> str:
        rows = [
            (
                str(e.period),
                e.status.level.value,
                e.status.review_policy.value if e.status.review_policy else None,
                ", ".join(x.value for x in e.status.exceptions) or None,
                e.status.classification,
                e.status.tier,
                ", ".join(e.caused_by) or None,
                "; ".join(e.status.citations) or None,
            )
            for e in self.rows
        ]
        headers = (
            "period",
            "level",
            "review policy",
            "exceptions",
            "classification",
            "tier",
            "began with",
            "citations",
        )
        return html_table("chipcontrols-history", headers, rows, caption=f"{self.chip.name} to {self.country}")


@attrs.frozen(kw_only=True)
class Revision:
    """One period of the knowledge clock: the answer for a fixed day as known from ``known_from``
    until ``known_until`` (``None``: still), and the instruments whose publication revised it."""

    known_from: dt.date
    known_until: dt.date | None
    status: Status
    revised_by: tuple[str, ...]


@attrs.frozen
class Revisions(_Table[Revision]):
    """How the answer for one day, chip and destination changed as the record's knowledge grew.

    >>> import chipcontrols
    >>> r = chipcontrols.revisions("2025-06-01", "H100", "IN")
    >>> [(x.known_from.isoformat(), x.status.level.value) for x in r]
    [('2019-01-01', 'no-license-required'), ('2022-10-07', 'no-license-required'),
     ('2025-01-13', 'license-exception'), ('2025-05-13', 'no-license-required')]
    """

    chip: Chip = attrs.field(repr=lambda c: repr(c.name))
    country: Country = attrs.field(repr=lambda c: repr(c.code))
    date: dt.date
    rows: tuple[Revision, ...]

    def records(self) -> list[dict[str, Any]]:
        """One JSON-safe dictionary per knowledge period, with the columns of ``REVISION_FIELDS``."""
        return [
            {
                "known_from": _day(r.known_from),
                "known_until": _day(r.known_until),
                "date": _day(self.date),
                "chip": self.chip.name,
                "country": self.country.code,
                **status_columns(r.status),
                "revised_by": list(r.revised_by),
            }
            for r in self.rows
        ]

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame with typed columns."""
        return dataframe("Revisions.to_dataframe()", self.records(), REVISION_FIELDS)

    def _repr_html_(self) -> str:
        rows = [
            (
                r.known_from,
                r.known_until,
                r.status.level.value,
                r.status.review_policy.value if r.status.review_policy else None,
                r.status.tier,
                ", ".join(r.revised_by) or None,
            )
            for r in self.rows
        ]
        headers = ("known from", "known until", "level", "review policy", "tier", "revised by")
        caption = f"{self.chip.name} to {self.country} on {self.date}, as knowledge grew"
        return html_table("chipcontrols-revisions", headers, rows, caption=caption)


@attrs.frozen
class Events(_Table[Instrument]):
    """The record's instruments in the order they became public, returned by :func:`chipcontrols.events`.

    >>> import chipcontrols
    >>> ev = chipcontrols.events(start="2025-04-01", end="2025-05-01")
    >>> [(r["known_from"], r["id"]) for r in ev.records()][:2]
    [('2025-04-15', '2025-04-nvidia-h20-letter'), ('2025-04-16', '2025-04-amd-mi308-letter')]
    """

    rows: tuple[Instrument, ...]

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        """The instruments, in the order they became public."""
        return self.rows

    def records(self) -> list[dict[str, Any]]:
        """One JSON-safe dictionary per instrument, with the columns of ``EVENT_FIELDS``."""
        return [
            {
                "known_from": None if i.standing else _day(i.known_from),
                "announced": _day(i.announced),
                "published": _day(i.published),
                "effective": _day(i.effective),
                "compliance": _day(i.compliance),
                "expires": _day(i.expires),
                "id": i.id,
                "kind": i.kind.value,
                "title": i.title,
                "citation": i.citation.short,
                "confidence": i.confidence.value,
            }
            for i in self.rows
        ]

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame with typed columns."""
        return dataframe("Events.to_dataframe()", self.records(), EVENT_FIELDS)

    def _repr_html_(self) -> str:
        rows = [
            (
                "standing" if i.standing else i.known_from,
                i.effective,
                i.compliance,
                i.id,
                i.kind.value,
                i.title,
                i.citation.short,
            )
            for i in self.rows
        ]
        headers = ("known from", "effective", "compliance", "id", "kind", "title", "citation")
        return html_table("chipcontrols-events", headers, rows)
