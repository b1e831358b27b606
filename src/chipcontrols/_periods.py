"""Questions over spans of days: histories, differences between two days, revisions along the
knowledge clock, the record's events, group members and tiers. Each is a method of ``Rulebook``
(documented there); the work is done here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ._answer import REGIME_FIELDS, Change, HistoryEntry, Status
from ._dates import Period, check_strict, parse_date
from ._engine.reference import in_group, match_destination, provision_state, resolve_destination
from ._model import Basis, Chip, Country, Tier
from ._names import all_countries
from ._tables import Events, History, Revision, Revisions
from .errors import InvalidArgumentError, InvalidTypeError

if TYPE_CHECKING:
    from ._rulebook import Rulebook

__all__ = ["STATUS_FIELDS", "diff", "events", "history", "members", "revisions", "tiers_at"]

#: The fields of a Status that ``history(by=...)`` and ``diff`` compare (``license_required`` is
#: compared as ``requirement``, which can also be undetermined).
STATUS_FIELDS = frozenset({*REGIME_FIELDS, "level", "license_required"})
_COMPARED = {"license_required": "requirement"}
_DIFF_FIELDS = ("requirement", "review_policy", "exceptions", "classification", "tier", "licenses")


def _fields(by: object) -> tuple[str, ...] | None:
    if by is None:
        return None
    if isinstance(by, str) or not isinstance(by, Sequence | set | frozenset):
        raise InvalidTypeError("", "by", by, "a list of Status field names, e.g. ['level']")
    fields = []
    for f in by:
        if not isinstance(f, str) or f not in STATUS_FIELDS:
            raise InvalidArgumentError("by", f, "Status fields: " + ", ".join(sorted(STATUS_FIELDS)))
        fields.append(_COMPARED.get(f, f))
    return tuple(fields)


def history(
    book: Rulebook,
    chip: str | Chip,
    country: str | Country,
    *,
    start: object,
    end: object,
    known_on: object,
    basis: Basis | str,
    headquartered_in: str | Country | None,
    by: object,
    strict: bool,
) -> History:
    """The periods of a pair's regime within ``[start, end)`` (see ``Rulebook.history``)."""
    check_strict(strict)
    info = book.info
    after = info.reviewed + dt.timedelta(days=1)  # the first day answered as known on the review day
    lo = info.start if start is None else book.day(start, "start", strict=strict)
    hi: dt.date | None = None
    if end is not None:
        hi = parse_date(end, "end")
        if strict and hi > after:
            book.day(hi - dt.timedelta(days=1), "end", strict=True)
        if hi <= lo:
            raise InvalidArgumentError("end", hi, f"a day after start ({lo.isoformat()})")
    elif strict:
        hi = after  # strict: no day after the review day, so no open end
    fields = _fields(by)
    known, capped = book.known(known_on)
    entry = book.entry(chip, country, known, basis, headquartered_in)
    tl = entry.statuses.timeline  # type: ignore[attr-defined]
    out: list[HistoryEntry] = []
    for i, status in enumerate(entry.statuses):
        p = status.period
        if (p.end is not None and p.end <= lo) or (hi is not None and p.start >= hi):
            continue
        ends = [e for e in (p.end, hi) if e is not None]
        clipped = Period(max(p.start, lo), min(ends) if ends else None)
        causes = tl.causes[i] if p.start >= lo else ()
        # a period reaching past the review day carries the record-age note, as status_at's answers on those
        # days do (it is not split there: the record's review is not a change of the answer)
        reaches = clipped.end is None or clipped.end > after
        notes = book.notes(after if reaches else clipped.start, capped)
        if capped:  # a knowledge day after the review day is the review day, as status_at names it
            answer = attrs.evolve(status, notes=notes, known_on=book.info.reviewed)
        else:
            answer = attrs.evolve(status, notes=notes) if notes else status
        if fields is not None and out and all(getattr(out[-1].status, f) == getattr(answer, f) for f in fields):
            merged = out[-1].status if not notes else attrs.evolve(out[-1].status, notes=notes)
            out[-1] = attrs.evolve(out[-1], period=Period(out[-1].period.start, clipped.end), status=merged)
            continue
        out.append(HistoryEntry(period=clipped, status=answer, caused_by=causes))
    return History(entry.chip, entry.country, tuple(out))


def diff(
    book: Rulebook,
    date_a: object,
    date_b: object,
    *,
    chips: object,
    countries: object,
    known_on: object,
    basis: Basis | str,
    headquartered_in: str | Country | None,
) -> tuple[Change, ...]:
    """What changed between two days (see ``Rulebook.diff``)."""
    a, b = book.day(date_a, "date_a"), book.day(date_b, "date_b")
    the_chips = [book.chip(c) for c in _sequence(chips, "chips")] if chips is not None else list(book.chips)  # type: ignore[arg-type]
    the_countries = (
        [book.country(c) for c in _sequence(countries, "countries")]  # type: ignore[arg-type]
        if countries is not None
        else list(all_countries())
    )
    lo, hi = min(a, b), max(a, b)
    out = []
    for chip in the_chips:
        for country in the_countries:
            args = {"known_on": known_on, "basis": basis, "headquartered_in": headquartered_in}
            before = book.status_at(a, chip, country, **args)  # type: ignore[arg-type]
            after = book.status_at(b, chip, country, **args)  # type: ignore[arg-type]
            changed = tuple(f for f in _DIFF_FIELDS if getattr(before, f) != getattr(after, f))
            if not changed:
                continue
            causes: list[str] = []
            # the steps in between at which one of the changed fields changed, and what began them
            end = None if hi == dt.date.max else hi + dt.timedelta(days=1)
            for entry in book.history(chip, country, start=lo, end=end, by=changed, **args):  # type: ignore[arg-type]
                if lo < entry.period.start <= hi:
                    causes.extend(c for c in entry.caused_by if c not in causes)
            out.append(
                Change(
                    chip=chip.name,
                    country=country.code,
                    before=before,
                    after=after,
                    fields=changed,
                    instruments=tuple(causes),
                )
            )
    return tuple(out)


def _sequence(value: object, argument: str) -> Sequence[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset | tuple):
        raise InvalidTypeError("", argument, value, "a list (a single value goes in a list: ['H20'])")
    return list(value)


def revisions(
    book: Rulebook,
    date: object,
    chip: str | Chip,
    country: str | Country,
    *,
    basis: Basis | str,
    headquartered_in: str | Country | None,
) -> Revisions:
    """How the answer for one day changed as the record's knowledge grew (see ``Rulebook.revisions``)."""
    day = book.day(date)
    info = book.info
    days = sorted({i.known_from for i in book.instruments if info.start < i.known_from <= info.reviewed})
    views = [info.start, *days]
    out: list[Revision] = []
    for k in views:  # each a publication day, so each a knowledge view of its own
        status = book.status_at(
            day,
            chip,
            country,
            known_on=k if k < info.reviewed else None,
            basis=basis,
            headquartered_in=headquartered_in,
        )
        if out and _same(out[-1].status, status):
            continue
        published = _revisers(book, k, out[-1].status, status) if out else ()
        if out:
            out[-1] = attrs.evolve(out[-1], known_until=k)
        out.append(Revision(known_from=k, known_until=None, status=status, revised_by=published))
    return Revisions(book.chip(chip), book.country(country), day, tuple(out))


_REVISED = ("requirement", "review_policy", "exceptions", "classification", "tier", "licenses", "determinate")


def _same(a: Status, b: Status) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in _REVISED)


def _revisers(book: Rulebook, day: dt.date, before: Status, after: Status) -> tuple[str, ...]:
    """The instruments made public on ``day`` that the answers on either side rely on or mention."""
    published = {i.id for i in book.instruments if i.known_from == day}
    mentioned: set[str] = set()
    for s in (before, after):
        mentioned |= {g.instrument for g in s.grounds} | {
            i.id for i in book.instruments if i.citation.short in s.citations
        }
        for c in s.caveats:
            mentioned |= set(c.instruments)
    if after.classification != before.classification:
        mentioned |= {v.instrument for v in book.criteria}
    return tuple(sorted(published & mentioned or published))


def events(book: Rulebook, *, start: object, end: object) -> Events:
    """The record's instruments made public within ``[start, end)`` (see ``Rulebook.events``)."""
    lo = None if start is None else parse_date(start, "start")
    hi = None if end is None else parse_date(end, "end")
    if lo is not None and hi is not None and hi <= lo:
        raise InvalidArgumentError("end", hi, f"a day after start ({lo.isoformat()})")
    return Events(
        tuple(i for i in book.instruments if (lo is None or i.known_from >= lo) and (hi is None or i.known_from < hi))
    )


def members(book: Rulebook, group_id: str, date: object, *, known_on: object) -> tuple[Country, ...]:
    """The members of a group on a day (see ``Rulebook.members``)."""
    group = book.group(group_id)
    day = book.day(date)
    known, _ = book.known(known_on)
    index = book._state.index
    codes = sorted({m.country for m in group.members if in_group(index, group.id, m.country, day, known)[0]})
    by_code = {c.code: c for c in all_countries()}
    return tuple(by_code[c] for c in codes)


def tiers_at(book: Rulebook, country: str | Country, date: object, *, known_on: object) -> tuple[tuple[str, Tier], ...]:
    """The tier of a destination under each tiered framework in the law (see ``Rulebook.tiers_at``)."""
    day = book.day(date)
    known, _ = book.known(known_on)
    index = book._state.index
    code, _ = resolve_destination(index, book.country(country).code, day, known)
    out = []
    for inst in book.instruments:
        if not inst.tiers or not index.visible(inst.id, known) or inst.in_effect_from > day:
            continue
        refs = [r for r in index.provisions if r.instrument.id == inst.id]
        if refs and not provision_state(index, refs[0], day, known).in_law:
            continue
        for tier in inst.tiers:
            if match_destination(index, tier.destinations, code, day, known)[0]:
                out.append((inst.id, tier))
                break
    return tuple(out)
