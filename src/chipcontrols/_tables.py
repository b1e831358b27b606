"""Sequences with table displays: a pair's history and the record's event timeline.

Both behave as immutable sequences (indexing, slicing, iteration, ``len``), and add
``records()`` (plain dictionaries), ``to_dataframe()`` (pandas, imported only then) and an
HTML table for notebooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, overload

import attrs

from ._answer import HistoryEntry, Status
from ._model import Chip, Country, Instrument

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas

__all__ = ["EVENT_FIELDS", "HISTORY_FIELDS", "Events", "History", "dataframe", "html_table"]

#: The columns of ``History.records()`` and ``History.to_dataframe()``.
HISTORY_FIELDS = (
    "start",
    "end",
    "chip",
    "country",
    "governing",
    "license_required",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "level",
    "determinate",
    "licenses",
    "citations",
    "caused_by",
)

#: The columns of ``Events.records()`` and ``Events.to_dataframe()``.
EVENT_FIELDS = (
    "public",
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


def html_table(css_class: str, headers: Sequence[str], rows: Sequence[Sequence[object]], caption: str = "") -> str:
    """An escaped HTML table (``None`` shows as an empty cell)."""
    head = "".join(f"<th style='text-align:left'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:left'>{escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table class='{css_class}'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def status_columns(s: Status) -> dict[str, Any]:
    """A status's answer as plain values, in the column order of ``RECORD_FIELDS`` and ``HISTORY_FIELDS``."""
    return {
        "governing": s.governing,
        "license_required": s.license_required,
        "review_policy": s.review_policy.value if s.review_policy else None,
        "exceptions": ",".join(x.value for x in s.exceptions),
        "classification": s.classification,
        "tier": s.tier,
        "level": s.level.value,
        "determinate": s.determinate,
        "licenses": ",".join(lic.id for lic in s.licenses),
        "citations": "; ".join(s.citations),
    }


def dataframe(feature: str, records: list[dict[str, Any]], columns: Sequence[str]) -> pandas.DataFrame:
    """A pandas DataFrame of ``records`` (pandas is imported only now).

    Raises:
        MissingDependencyError: pandas is not installed (``pip install "chipcontrols[pandas]"``).
    """
    try:
        import pandas as pd
    except ImportError as exc:
        from .errors import MissingDependencyError

        raise MissingDependencyError(feature, "pandas", "pandas") from exc
    return pd.DataFrame.from_records(records, columns=list(columns))


@attrs.frozen
class History(Sequence[HistoryEntry]):
    """A chip and destination's history: periods ``[start, end)`` in order, each a :class:`HistoryEntry`.

    Returned by :meth:`Rulebook.history`. It is a read-only sequence of entries, with a
    table form for notebooks.

    >>> import chipcontrols
    >>> h = chipcontrols.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
    >>> len(h), h[0].status.level.value, h[-1].period.start.isoformat()
    (3, 'no-license-required', '2022-10-21')
    >>> [r["level"] for r in h.records()]
    ['no-license-required', 'license-required', 'presumption-of-denial']
    """

    chip: Chip = attrs.field(repr=lambda c: repr(c.name))
    country: Country = attrs.field(repr=lambda c: repr(c.code))
    entries: tuple[HistoryEntry, ...]

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, i: int) -> HistoryEntry: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[HistoryEntry, ...]: ...
    def __getitem__(self, i: int | slice) -> HistoryEntry | tuple[HistoryEntry, ...]:
        return self.entries[i]

    def __iter__(self) -> Iterator[HistoryEntry]:
        return iter(self.entries)

    def records(self) -> list[dict[str, Any]]:
        """One plain dictionary per period, with the columns of ``HISTORY_FIELDS``."""
        out = []
        for e in self.entries:
            s = e.status
            out.append(
                {
                    "start": e.period.start,
                    "end": e.period.end,
                    "chip": self.chip.name,
                    "country": self.country.code,
                    **status_columns(s),
                    "caused_by": ",".join(e.caused_by),
                }
            )
        return out

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame (pandas is imported only now).

        Raises:
            MissingDependencyError: pandas is not installed (``pip install "chipcontrols[pandas]"``).
        """
        return dataframe("History.to_dataframe()", self.records(), HISTORY_FIELDS)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks: one row per period."""
        rows = [
            (
                f"{e.period.start} – {e.period.end - dt.timedelta(days=1)}" if e.period.end else str(e.period.start),
                e.status.level.value,
                e.status.review_policy.value if e.status.review_policy else None,
                ", ".join(x.value for x in e.status.exceptions) or None,
                e.status.classification,
                e.status.tier,
                ", ".join(e.caused_by) or None,
                "; ".join(e.status.citations) or None,
            )
            for e in self.entries
        ]
        headers = ("days", "level", "review policy", "exceptions", "classification", "tier", "began with", "citations")
        return html_table(
            "chipcontrols-history",
            headers,
            rows,
            caption=f"{self.chip.name} to {self.country.name} ({self.country.code})",
        )


@attrs.frozen
class Events(Sequence[Instrument]):
    """The record's instruments in the order they became public, returned by :meth:`Rulebook.timeline`.

    A read-only sequence of :class:`Instrument`, with a table form for notebooks.

    >>> import chipcontrols
    >>> ev = chipcontrols.bundled().timeline(start="2025-04-01", end="2025-05-01")
    >>> [(r["public"].isoformat(), r["id"]) for r in ev.records()][:2]
    [('2025-04-15', '2025-04-nvidia-h20-letter'), ('2025-04-16', '2025-04-amd-mi308-letter')]
    """

    instruments: tuple[Instrument, ...]

    def __len__(self) -> int:
        return len(self.instruments)

    @overload
    def __getitem__(self, i: int) -> Instrument: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Instrument, ...]: ...
    def __getitem__(self, i: int | slice) -> Instrument | tuple[Instrument, ...]:
        return self.instruments[i]

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments)

    def records(self) -> list[dict[str, Any]]:
        """One plain dictionary per instrument, with the columns of ``EVENT_FIELDS``."""
        return [
            {
                "public": i.known,
                "announced": i.announced,
                "published": i.published,
                "effective": i.effective,
                "compliance": i.compliance,
                "expires": i.expires,
                "id": i.id,
                "kind": i.kind.value,
                "title": i.title,
                "citation": i.citation.short,
                "confidence": i.confidence.value,
            }
            for i in self.instruments
        ]

    def to_dataframe(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame (pandas is imported only now).

        Raises:
            MissingDependencyError: pandas is not installed (``pip install "chipcontrols[pandas]"``).
        """
        return dataframe("Events.to_dataframe()", self.records(), EVENT_FIELDS)

    def _repr_html_(self) -> str:
        """An HTML table for notebooks: one row per instrument."""
        rows = [
            (i.known, i.effective, i.compliance, i.id, i.kind.value, i.title, i.citation.short)
            for i in self.instruments
        ]
        headers = ("public", "effective", "compliance", "id", "kind", "title", "citation")
        return html_table("chipcontrols-events", headers, rows)
