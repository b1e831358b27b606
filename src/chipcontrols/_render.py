"""Answers in words: the one place where caveats, scheduled changes, statuses and classifications
become text (``explain()``, the command line) or HTML (notebooks). The engine returns data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from ._model import Basis, Caveat, CaveatKind, FieldChange, Requirement

if TYPE_CHECKING:
    from ._answer import Classification, Status

__all__ = [
    "caveat_text",
    "changes_text",
    "classification_html",
    "classification_text",
    "html_table",
    "requirement_word",
    "status_html",
    "status_text",
]


def _cite(c: Caveat) -> str:
    return c.citations[0] if c.citations else "the record"


def _bases(bases: Sequence[Basis]) -> str:
    words = " and ".join(b.value for b in sorted(bases))
    return words + (" bases" if len(bases) > 1 else " basis")


def caveat_text(c: Caveat) -> str:
    """A caveat in words."""
    kind = c.kind
    if kind is CaveatKind.DESTINATION_MERGED:
        country, governing = c.places
        return f"{country} is treated as {governing} under the EAR from {_day(c.since)}"
    if kind is CaveatKind.FOREIGN_PRODUCED:
        return (
            "the chip is produced outside the United States: the EAR reaches it only through U.S.-origin "
            "content or the foreign-direct-product rules, which are not evaluated; the answer assumes it "
            "is subject to the EAR"
        )
    if kind is CaveatKind.PARTY_RULE:
        return (
            f"a licence is also required if a party is headquartered in (or its ultimate parent is in) "
            f"{' or '.join(c.places)} ({_cite(c)}); pass headquartered_in= to evaluate it"
        )
    if kind is CaveatKind.MISSING_SPECIFICATION:
        lacks = ", ".join(c.missing) or "a specification"
        if c.reason == "obligation":
            return (
                f"{c.title} ({_cite(c)}): a change of its review policy or licence exceptions may reach this "
                f"chip; the record lacks {lacks} to tell, so the answer gives the obligation unchanged"
            )
        return f"{c.title} ({_cite(c)}) applies if the chip meets its item scope; the record lacks {lacks} to tell"
    if kind is CaveatKind.BASIS_DIFFERS:
        if c.reason == "not-enforced":
            why = f"not enforced ({', '.join(c.citations[1:])})"
        else:
            why = "compliance not yet required"
        return f"{c.title} ({_cite(c)}) binds on the {_bases(c.bases)} but is {why}"
    if kind is CaveatKind.UNCERTAIN_RECORD:
        if c.provision is not None:
            return f"{c.title} ({_cite(c)}) is uncertain: {c.text}"
        return f"{_cite(c)}: {c.text}"
    if kind is CaveatKind.NOT_EVALUATED:
        otherwise = f"; where they are not met, {c.fallback.value} applies" if c.fallback else ""
        return (
            f"{c.title}: the review policy set by {', '.join(c.citations)} applies only under the conditions "
            f"listed with the answer, which are not evaluated{otherwise}"
        )
    if kind is CaveatKind.END_USER:
        return (
            "end-user controls are not evaluated: a licence may also be required when a listed party or a "
            f"military end user is involved ({'; '.join(c.citations)})"
        )
    if kind is CaveatKind.RECORD_AGE:
        text = (
            f"the record was last reviewed against its sources on {_day(c.since)}: changes published after "
            "that day are not in it; what was already scheduled is applied as scheduled"
        )
        return text + (f" ({c.text})" if c.text else "")
    return c.text or kind.value  # pragma: no cover - every kind is written above


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else "?"


def changes_text(changes: Sequence[FieldChange]) -> str:
    """What changes between two periods, in words."""
    parts = []
    for ch in changes:
        if ch.field == "caveats":
            parts.append("caveats change")
        elif ch.field == "citations":
            parts.append(f"grounds change: {ch.after}")
        elif ch.field == "licenses":
            parts.append("granted licences change")
        elif ch.field == "requirement":
            parts.append(f"licence required {_yes(ch.before)} -> {_yes(ch.after)}")
        else:
            label = {"review_policy": "review policy", "exceptions": "licence exceptions"}.get(ch.field, ch.field)
            parts.append(f"{label} {ch.before or 'none'} -> {ch.after or 'none'}")
    return "; ".join(parts) or "no change in the answer"


def _yes(word: str | None) -> str:
    return {"required": "yes", "not-required": "no", "undetermined": "undetermined"}.get(word or "", "?")


def requirement_word(requirement: Requirement) -> str:
    """``yes``, ``no`` or ``undetermined``."""
    return _yes(requirement.value)


def _destination(s: Status) -> str:
    return f"{s.country.name} ({s.country.code})" + (
        f", governed as {s.governing}" if s.governing != s.country.code else ""
    )


def _classification_line(s: Status) -> str:
    if s.classification:
        return s.classification
    if s.unclassified:
        return f"undetermined (missing {', '.join(s.unclassified)})"
    return "none under the advanced-computing criteria on this day"


def status_text(s: Status) -> str:
    """A plain-text explanation with citations, caveats, conditions and scheduled changes."""
    required = s.requirement
    lines = [
        f"{s.chip.name} -> {_destination(s)}",
        f"  period:            {s.period}  (basis: {s.basis.value}"
        + (f", as known on {s.known_on.isoformat()}" if s.known_on else "")
        + ")",
        f"  classification:    {_classification_line(s)}",
        f"  licence required:  {requirement_word(required)}"
        + ("" if s.determinate or required is Requirement.UNDETERMINED else "  (not all settled: see caveats)"),
    ]
    if required is not Requirement.NOT_REQUIRED:
        policy = s.review_policy.value if s.review_policy else "not published"
        lines.append(f"  review policy:     {policy}")
        exc = ", ".join(e.value for e in s.exceptions) or "none"
        lines.append(f"  licence exceptions: {exc}")
    if s.tier:
        lines.append(f"  tier:              {s.tier}")
    lines.append(f"  level:             {s.level.value}")
    if s.grounds:
        lines.append("  because:")
        lines.extend(f"    - {g}" for g in s.grounds)
    if s.conditions:
        lines.append("  conditions (not evaluated):")
        lines.extend(f"    - {c.text}" + (f" [{c.cfr}]" if c.cfr else "") for c in s.conditions)
    if s.licenses:
        lines.append("  granted licences:")
        lines.extend(f"    - {lic.holder}: {lic.id}" for lic in s.licenses)
    if s.caveats:
        lines.append("  caveats:")
        lines.extend(f"    - {c}" for c in s.caveats)
    if s.scheduled:
        lines.append("  scheduled:")
        lines.extend(f"    - {x}" for x in s.scheduled)
    if s.citations:
        lines.append("  citations: " + "; ".join(s.citations))
    lines.append(f"  {s.record}")
    lines.append("  (not legal advice)")
    return "\n".join(lines)


def status_html(s: Status) -> str:
    """An HTML table of a status, for notebooks."""
    rows: list[tuple[str, str, bool]] = [  # (label, text, already HTML)
        ("chip", s.chip.name, False),
        ("destination", _destination(s), False),
        ("period", str(s.period), False),
        ("basis", s.basis.value + (f", as known on {s.known_on}" if s.known_on else ""), False),
        ("licence required", requirement_word(s.requirement), False),
        ("review policy", s.review_policy.value if s.review_policy else "—", False),
        ("licence exceptions", ", ".join(e.value for e in s.exceptions) or "—", False),
        ("classification", s.classification or "—", False),
        ("tier", s.tier or "—", False),
        ("level", s.level.value, False),
        ("because", "<br>".join(escape(str(g)) for g in s.grounds) or "—", True),
        ("conditions", "<br>".join(escape(c.text) for c in s.conditions) or "—", True),
        ("granted licences", "<br>".join(escape(f"{lic.holder}: {lic.id}") for lic in s.licenses) or "—", True),
        ("caveats", "<br>".join(escape(str(c)) for c in s.caveats) or "—", True),
        ("citations", escape("; ".join(s.citations)) or "—", True),
        ("record", str(s.record), False),
    ]
    body = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>"
        + (v if is_html else escape(v))
        + "</td></tr>"
        for k, v, is_html in rows
    )
    return f"<table class='chipcontrols-status'>{body}</table>"


def classification_text(c: Classification) -> str:
    """A classification with every test and margin, in words."""
    head = c.paragraph or ("not controlled" if c.determinate else "undetermined: missing " + ", ".join(c.missing))
    lines = [f"{c.chip} on {c.date}: {head}" + (f" ({c.prong})" if c.prong else "")]
    if c.excluded_by:
        lines.append(f"  excluded by {c.excluded_by}")
    for t in c.tests:
        mark = {True: "pass", False: "fail", None: "unknown"}[t.passed]
        margin = "" if t.margin is None else f" (margin {t.margin:+g})"
        lines.append(f"  {t.prong:12} {t.threshold!s:36} {mark}{margin}")
    return "\n".join(lines)


def classification_html(c: Classification) -> str:
    """A classification's tests as an HTML table, for notebooks."""
    head = c.paragraph or ("not controlled" if c.determinate else "undetermined: missing " + ", ".join(c.missing))
    rows = [
        (t.prong, str(t.threshold), t.value, {True: "pass", False: "fail", None: "unknown"}[t.passed], t.margin)
        for t in c.tests
    ]
    caption = f"{c.chip} on {c.date}: {head}" + (f" ({c.prong})" if c.prong else "")
    return html_table("chipcontrols-classification", ("prong", "test", "value", "result", "margin"), rows, caption)


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
