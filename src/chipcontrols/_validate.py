"""Every problem in a record as a whole: dangling ids, unknown codes, duplicates, contradictions,
memberships, merges, tiers. Each problem names the file it came from and a key path."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable

from ._model import (
    Amendment,
    ComplianceDelay,
    DestinationScope,
    ExceptionChange,
    Instrument,
    Replacement,
    ReviewPolicyChange,
    ScopeChange,
)
from ._names import ChipIndex, all_countries, normalise
from ._record import Record
from .errors import RecordProblem

__all__ = ["validate"]

Add = Callable[[str, str, str], None]


def validate(record: Record) -> list[RecordProblem]:
    """Every cross-reference problem in a record, in a stable order."""
    problems: list[RecordProblem] = []

    def add(where: str, path: str, message: str) -> None:
        problems.append(RecordProblem(record.origin(where), path, message))

    _chips(record, add)
    _groups(record, add)
    _criteria(record, add)
    _aliases(record, add)
    instruments = {i.id: i for i in record.instruments}
    ids = [i.id for i in record.instruments]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        add(f"instrument:{dup}", "$.id", f"duplicate instrument id {dup!r}")
    for inst in record.instruments:
        _instrument(record, inst, instruments, add)
    _group_changes(record, add)
    _merges(record, add)
    _contradictions(record, add)
    return problems


def _chips(record: Record, add: Add) -> None:
    names = [c.name for c in record.chips]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        add("chips", "$.chip", f"duplicate chip name {dup!r}")
    for key, owners in sorted(ChipIndex(record.chips).duplicates().items()):
        if len(set(owners)) > 1:
            add("chips", "$.chip", f"name or alias {key!r} is shared by {', '.join(sorted(set(owners)))}")
    keys = {normalise(n): c.name for c in record.chips for n in c.names}
    for family in sorted({c.family for c in record.chips if c.family}):
        owner = keys.get(normalise(family))
        if owner is not None:
            add("chips", f"$.chip[{owner}]", f"family name {family!r} is also a chip's name or alias")


def _groups(record: Record, add: Add) -> None:
    codes = _codes()
    gids = [g.id for g in record.groups]
    for dup in sorted({g for g in gids if gids.count(g) > 1}):
        add("groups", "$.group", f"duplicate group id {dup!r}")
    instruments = {i.id for i in record.instruments}
    for g in record.groups:
        for n, m in enumerate(g.members):
            path = f"$.group[{g.id}].members[{n}]"
            if m.country not in codes:
                add("groups", path + ".country", f"unknown ISO 3166-1 code {m.country!r}")
            for field, ref in (("added_by", m.added_by), ("removed_by", m.removed_by)):
                if ref is not None and ref not in instruments:
                    add("groups", f"{path}.{field}", f"refers to unknown instrument {ref!r}")
            if m.start is not None and m.added_by is None and m.start > record.info.start:
                add("groups", path + ".added_by", "a membership that starts inside the record needs added_by")
            if m.end is not None and m.removed_by is None:
                add("groups", path + ".removed_by", "a membership that ends needs removed_by")
            if m.end is None and m.removed_by is not None:
                add("groups", path + ".end", f"removed_by names {m.removed_by!r}, but the membership has no end")
            if m.start is None and m.added_by is not None:
                add("groups", path + ".start", f"added_by names {m.added_by!r}, but the membership has no start")
    for g in record.groups:  # as given: changes made by instruments are checked with the instruments
        gid, members = g.id, g.members
        by_country: dict[str, list[tuple[dt.date, dt.date]]] = {}
        for m in members:
            by_country.setdefault(m.country, []).append((m.start or dt.date.min, m.end or dt.date.max))
        for code, spans in sorted(by_country.items()):
            spans.sort()
            for (_, end), (start, _) in itertools.pairwise(spans):
                if start < end:
                    when = "before the record" if start == dt.date.min else f"from {start}"
                    add("groups", f"$.group[{gid}]", f"{code} is a member twice at once ({when})")


def _criteria(record: Record, add: Add) -> None:
    instruments = {i.id for i in record.instruments}
    ids = [v.id for v in record.criteria]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        add("criteria", "$.version", f"duplicate version id {dup!r}")
    starts = [v.start for v in record.criteria]
    for same in sorted({s for s in starts if starts.count(s) > 1}):
        add("criteria", "$.version", f"two versions start on {same.isoformat()}")
    for v in record.criteria:
        if v.instrument not in instruments:
            add("criteria", f"$.version[{v.id}].instrument", f"refers to unknown instrument {v.instrument!r}")
        for para in v.paragraphs:
            if para.instrument is not None and para.instrument not in instruments:
                add(
                    "criteria",
                    f"$.version[{v.id}].paragraphs[{para.prong}].instrument",
                    f"refers to unknown instrument {para.instrument!r}",
                )


def _aliases(record: Record, add: Add) -> None:
    codes = _codes()
    for n, alias in enumerate(record.country_aliases):
        if alias.code not in codes:
            add("countries", f"$.alias[{n}].code", f"unknown ISO 3166-1 code {alias.code!r}")


def _instrument(record: Record, inst: Instrument, instruments: dict[str, Instrument], add: Add) -> None:
    where = f"instrument:{inst.id}"
    codes = _codes()
    groups = {g.id for g in record.groups}
    names = {c.name for c in record.chips} | {c.family for c in record.chips if c.family}
    for path, touched in inst.parts():
        for scope in touched.item_scopes:
            for product in sorted(scope.named):
                if product not in names:
                    add(where, f"$.{path}.items.products", f"unknown chip or family {product!r}")
        for places in touched.destination_scopes:
            for c in sorted(places.all_countries - codes):
                add(where, f"$.{path}.destinations", f"unknown ISO 3166-1 code {c!r}")
            for gid in sorted(places.all_groups - groups):
                add(where, f"$.{path}.destinations", f"unknown country group {gid!r}")
            if places.keep_groups and not places.except_groups:
                add(
                    where,
                    f"$.{path}.destinations.keep_groups",
                    "keeps members of excepted groups, but the scope excepts no group: give except_groups",
                )
            for gid in sorted(places.keep_groups & places.except_groups):
                add(
                    where,
                    f"$.{path}.destinations.keep_groups",
                    f"keeps {gid!r}, a group it excepts: the exception would except nothing",
                )
        if (
            not path.startswith("amendments")
            and touched.destinations is not None
            and not touched.destinations.covers_something
        ):
            add(where, f"$.{path}.destinations", "covers no destination")
        if touched.parties is not None:
            for gid in sorted(touched.parties.headquartered_in_groups - groups):
                add(where, f"$.{path}.parties", f"unknown country group {gid!r}")
            for c in sorted(touched.parties.headquartered_in_countries - codes):
                add(where, f"$.{path}.parties", f"unknown ISO 3166-1 code {c!r}")
    for p in inst.provisions:
        if not p.items.selects:
            add(
                where,
                f"$.provisions[{p.id}].items",
                "covers no item: give classifications, products or all_items = true",
            )
        eff = p.effective or inst.effective
        if p.expires and eff and p.expires <= eff:
            add(where, f"$.provisions[{p.id}].expires", "expires on or before it takes effect")
        if p.tier is not None and not _within(p.destinations, inst.tier(p.tier).destinations):
            add(where, f"$.provisions[{p.id}].destinations", f"reaches beyond the destinations of {p.tier!r}")
    if inst.expires and inst.effective and inst.expires <= inst.effective:
        add(where, "$.expires", "expires on or before it takes effect")
    if (
        inst.published
        and inst.effective
        and inst.effective < inst.published
        and inst.announced is None
        and not inst.date_notes
    ):
        add(where, "$.date_notes", "takes effect before it was published or announced: say why in date_notes")
    _amendments(inst, instruments, add)
    for lic in inst.licenses:
        start = lic.start or inst.effective
        if lic.end and start and lic.end <= start:
            add(where, f"$.licenses[{lic.id}].end", "ends on or before it starts")


def _within(inner: DestinationScope, outer: DestinationScope) -> bool:
    """Whether ``inner`` plainly covers no destination that ``outer`` does not (a sufficient test)."""
    if inner.everywhere and not outer.everywhere:
        return False
    if not outer.everywhere and not (inner.groups <= outer.groups and inner.countries <= outer.countries):
        return False
    return (
        outer.except_groups <= inner.except_groups
        and outer.except_countries <= inner.except_countries
        and (not outer.except_groups or inner.keep_groups <= outer.keep_groups)
    )


def _amendments(inst: Instrument, instruments: dict[str, Instrument], add: Add) -> None:
    where = f"instrument:{inst.id}"
    seen: dict[tuple[str, str, dt.date], int] = {}
    for n, a in enumerate(inst.amendments):
        path = f"$.amendments[{n}]"
        target_inst, _, pid = a.target.partition("/")
        target = instruments.get(target_inst)
        if target is None:
            add(where, path + ".target", f"refers to unknown instrument {target_inst!r}")
        elif pid and pid not in {p.id for p in target.provisions}:
            add(where, path + ".target", f"instrument {target_inst!r} has no provision {pid!r}")
        elif not pid and not target.provisions:
            add(where, path + ".target", f"instrument {target_inst!r} has no provisions to amend")
        if target_inst == inst.id:
            add(where, path + ".target", "an instrument cannot amend itself")
        if isinstance(a, Replacement) and a.by not in {p.id for p in inst.provisions}:
            add(where, path + ".by", f"no provision {a.by!r} in this instrument")
        for scope in (getattr_scope(a, "destinations"), getattr_scope(a, "within_destinations")):
            if scope is not None and not scope.covers_something:
                add(where, f"{path}.destinations", "covers no destination")
        if isinstance(a, ComplianceDelay) or (a.start is None and inst.effective is None):
            continue  # a standing instrument's undated change: in force from before the record
        start = a.start_in(inst)
        days = a.touches(inst).days
        if len(days) > 1 and days[1] <= start:
            add(where, path + ".end", f"ends ({days[1]}) on or before it starts ({start})")
        if (
            isinstance(a, ReviewPolicyChange | ExceptionChange)
            and a.within_items is None
            and a.within_destinations is None
        ):
            sig = (a.KIND, a.target, start)
            if sig in seen:
                add(where, path, f"contradicts amendments[{seen[sig]}] on the same provision and day")
            seen[sig] = n


def _group_changes(record: Record, add: Add) -> None:
    groups = {g.id for g in record.groups}
    codes = _codes()
    open_members: dict[str, dict[str, bool]] = {}
    for g in record.groups:
        open_members[g.id] = {m.country: True for m in g.members if m.end is None}
    changes = sorted(
        ((c.start or i.in_effect_from, i, n, c) for i in record.instruments for n, c in enumerate(i.group_changes)),
        key=lambda x: (x[0], x[1].id, x[2]),
    )
    for _, inst, n, change in changes:
        where, path = f"instrument:{inst.id}", f"$.group_changes[{n}]"
        if change.group not in groups:
            add(where, path + ".group", f"unknown country group {change.group!r}")
            continue
        current = open_members[change.group]
        for code in sorted(change.add | change.remove):
            if code not in codes:
                add(where, path, f"unknown ISO 3166-1 code {code!r}")
        for code in sorted(change.remove):
            if not current.pop(code, False):
                add(where, path + ".remove", f"{code} is not a member of {change.group} then")
        for code in sorted(change.add):
            if current.get(code):
                add(where, path + ".add", f"{code} is already a member of {change.group} then")
            current[code] = True


def _merges(record: Record, add: Add) -> None:
    codes = _codes()
    into: dict[str, str] = {}
    for inst in record.instruments:
        for n, m in enumerate(inst.merges):
            where, path = f"instrument:{inst.id}", f"$.merges[{n}]"
            for code in (m.code, m.into):
                if code not in codes:
                    add(where, path, f"unknown ISO 3166-1 code {code!r}")
            if m.code == m.into:
                add(where, path, f"{m.code} cannot be merged into itself")
            elif m.code in into:
                add(where, path, f"{m.code} is merged twice (also into {into[m.code]})")
            else:
                into[m.code] = m.into
    for code in sorted(into):
        target = into[code]
        if target in into:
            kind = "a cycle" if into[target] == code or target == code else "a chain"
            origin = next(i.id for i in record.instruments for m in i.merges if m.code == code)
            add(
                f"instrument:{origin}",
                "$.merges",
                f"{code} is merged into {target}, which is itself merged into {into[target]} ({kind}): "
                "merge each place into the one that governs it",
            )


def _contradictions(record: Record, add: Add) -> None:
    """Two instruments changing the same provision's policy, without sub-scope, from the same day."""
    seen: dict[tuple[str, str, dt.date], str] = {}
    for inst in record.instruments:
        for a in inst.amendments:
            if (
                isinstance(a, ReviewPolicyChange | ExceptionChange)
                and a.within_items is None
                and a.within_destinations is None
            ):
                if inst.effective is None and a.start is None:
                    continue
                start = a.start_in(inst)
                sig = (a.KIND, a.target, start)
                other = seen.get(sig)
                if other is not None and other != inst.id:
                    add(
                        f"instrument:{inst.id}",
                        "$.amendments",
                        f"contradicts {other!r}: both change {a.target!r} from {start}",
                    )
                seen[sig] = inst.id


@functools.cache
def _codes() -> frozenset[str]:
    return frozenset(c.code for c in all_countries())


def getattr_scope(a: Amendment, which: str) -> DestinationScope | None:
    """A destination scope an amendment states in full: a scope change's new one, a sub-scope."""
    touched = a.touches(_NO_INSTRUMENT)
    if which == "destinations":
        return None if isinstance(a, ScopeChange) and a.delta else touched.destinations
    return touched.within_destinations


class _NoInstrument:
    effective = None


_NO_INSTRUMENT = _NoInstrument()
