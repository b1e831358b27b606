"""The reference evaluation: the regime for one chip, destination and day, folded directly.

Two clocks: the valid ``date`` asked about, and the knowledge cutoff ``known`` (``None`` =
everything in the record). An instrument counts only if it was public on ``known``; an
amendment likewise. Three bases (legal, compliance, enforced) narrow the set of binding
provisions. Compiled timelines (``compiled``) call this on the days an answer can change and
are checked against it, day by day, by the differential tests; its per-day results are memoised
in the index's bounded caches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._answer import Classification
from .._model import (
    Basis,
    Chip,
    ComplianceDelay,
    Condition,
    DestinationScope,
    ExceptionChange,
    Instrument,
    ItemScope,
    LicenseException,
    Merge,
    NonEnforcement,
    PartyScope,
    Replacement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScopeChange,
    Suspension,
)
from .classify import all3, holds, matches_filter
from .index import Index, ProvisionRef

__all__ = [
    "ProvisionState",
    "acts_on_basis",
    "cite",
    "in_group",
    "match_destination",
    "match_items",
    "obligation",
    "provision_state",
    "resolve_destination",
    "scope_needs",
    "undecided_changes",
]

_FAR = dt.date.max


# ----------------------------------------------------------------- places


def in_group(
    index: Index, group: str, country: str, date: dt.date, known: dt.date | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether ``country`` is in ``group`` on ``date`` as known on ``known``, and the instruments that made it so."""
    for m in index.groups[group].get(country, ()):  # every group a scope names is defined (validated)
        if not index.visible(m.added_by, known):
            continue
        end = m.end if index.visible(m.removed_by, known) else None
        if (m.start is None or m.start <= date) and (end is None or date < end):
            return True, ((m.added_by,) if m.added_by else ())
    return False, ()


def match_destination(
    index: Index, scope: DestinationScope, country: str, date: dt.date, known: dt.date | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether a destination scope covers ``country``, and the membership instruments relied on."""
    relied: tuple[str, ...] = ()
    hit = scope.everywhere or country in scope.countries
    if not hit:
        for g in sorted(scope.groups):
            ok, why = in_group(index, g, country, date, known)
            if ok:
                hit, relied = True, why
                break
    if not hit or country in scope.except_countries:
        return False, ()
    for g in sorted(scope.except_groups):
        if in_group(index, g, country, date, known)[0]:
            for k in sorted(scope.keep_groups):
                ok, why = in_group(index, k, country, date, known)
                if ok:  # excepted, then kept: the exception does not reach it
                    return True, tuple(dict.fromkeys((*relied, *why)))
            return False, ()
    return True, relied


def resolve_destination(index: Index, country: str, date: dt.date, known: dt.date | None) -> tuple[str, Merge | None]:
    """The destination whose rules govern ``country`` on ``date`` (Hong Kong -> China)."""
    for merge in index.merges:
        assert merge.start is not None  # the record fills it in
        if merge.code == country and merge.start <= date and index.visible(merge.instrument, known):
            return merge.into, merge
    return country, None


# ----------------------------------------------------------------- provisions


@attrs.frozen
class ProvisionState:
    """A provision as it stands on one day in one knowledge view."""

    ref: ProvisionRef
    bases: frozenset[Basis]  # the bases on which it binds (empty: not in force at all)
    in_law: bool  # in effect in the text, ignoring suspension (a suspended provision binds on no basis)
    items: ItemScope
    destinations: DestinationScope
    parties: PartyScope | None
    amended_by: tuple[str, ...]  # the instruments that changed its scope or compliance date, in force
    non_enforced_by: tuple[str, ...]


def provision_state(index: Index, ref: ProvisionRef, date: dt.date, known: dt.date | None) -> ProvisionState:
    """Fold a provision's visible amendments for ``date``."""
    prov, inst = ref.provision, ref.instrument
    eff = ref.effective
    compliance = prov.compliance or inst.compliance or eff
    end = prov.expires or inst.expires or _FAR
    items, dests, parties = prov.items, prov.destinations, prov.parties
    amended_by: list[str] = []
    suspended = False
    non_enforced: list[str] = []
    for by, a in index.amendments.get(ref.key, ()):
        if not index.visible(by.id, known):
            continue
        if isinstance(a, ComplianceDelay):
            if by.in_effect_from <= date:  # a delay acts from its own effective date
                compliance = a.compliance
                amended_by.append(by.id)
            continue
        start = a.start_in(by)
        if isinstance(a, Rescission | Replacement):
            end = min(end, start)  # out of force from then on: nothing binds to name it
        elif isinstance(a, Suspension):
            suspended = suspended or start <= date < a.end
        elif isinstance(a, NonEnforcement):
            if start <= date and (a.end is None or date < a.end):
                non_enforced.append(by.id)
        elif isinstance(a, ScopeChange) and start <= date:
            items = a.items or items
            dests = a.apply(dests)
            parties = a.parties or parties
            amended_by.append(by.id)
    in_law = eff <= date < end
    bases: set[Basis] = set()
    if in_law and not suspended:
        bases.add(Basis.LEGAL)
        if date >= max(compliance, eff):
            bases.add(Basis.COMPLIANCE)
            if not non_enforced:
                bases.add(Basis.ENFORCED)
    return ProvisionState(
        ref=ref,
        bases=frozenset(bases),
        in_law=in_law,
        items=items,
        destinations=dests,
        parties=parties,
        amended_by=tuple(amended_by),
        non_enforced_by=tuple(non_enforced),
    )


def match_items(scope: ItemScope, chip: Chip, cls: Classification) -> tuple[bool | None, bool]:
    """Whether an item scope covers ``chip`` (three-valued), and whether classification decided it."""
    family = chip.family
    if chip.name in scope.exclude_products or (family is not None and family in scope.exclude_products):
        return False, False
    by_class = False
    if scope.all_items or chip.name in scope.products or (family is not None and family in scope.products):
        base: bool | None = True
    elif scope.classifications:
        if cls.paragraph is not None and any(cls.paragraph.startswith(c) for c in scope.classifications):
            base, by_class = True, True
        elif not cls.determinate:
            base = None
        else:
            base = False
    else:
        base = not scope.products  # no selector at all: every item (as in a sub-scope of bounds)
    if base is False:
        return False, False
    flags: list[bool | None] = [base, matches_filter(scope.datacenter, chip.datacenter)]
    flags.extend(holds(chip, b) for b in scope.bounds)
    if scope.us_available_on is not None:
        flags.append(chip.available_in_us_on(scope.us_available_on))
    return all3(flags), by_class


def scope_needs(scope: ItemScope, chip: Chip, cls: Classification) -> tuple[str, ...]:
    """The facts a chip lacks that would settle whether an item scope covers it."""
    out: set[str] = set(cls.missing) if scope.classifications and not cls.determinate else set()
    if scope.datacenter is not None and chip.datacenter is None:
        out.add("datacenter")
    out.update(b.spec.value for b in scope.bounds if holds(chip, b) is None)
    if scope.us_available_on is not None and chip.available_in_us_on(scope.us_available_on) is None:
        out.add(f"market: commercially available in the United States on {scope.us_available_on.isoformat()}")
    return tuple(sorted(out))


def acts_on_basis(
    index: Index,
    by: Instrument,
    amendment: ReviewPolicyChange | ExceptionChange,
    date: dt.date,
    basis: Basis,
    known: dt.date | None,
) -> bool:
    """Whether a change of obligation made by ``by`` acts on ``date`` on ``basis``.

    Such a change follows its own instrument through the bases: in law from its start, for
    compliance from the instrument's compliance date, enforced unless the instrument itself
    is not enforced. It never changes which provisions bind, so the bases stay nested.
    """
    if amendment.start_in(by) > date:
        return False
    if basis is Basis.LEGAL:
        return True
    if by.compliance is not None and date < by.compliance:
        return False
    if basis is Basis.COMPLIANCE:
        return True
    for stopper, ne in index.instrument_non_enforcement.get(by.id, ()):
        if index.visible(stopper.id, known) and ne.start_in(stopper) <= date and (ne.end is None or date < ne.end):
            return False
    return True


class _Obligation:
    """A provision's review policy and exceptions after the changes that act on the day."""

    __slots__ = ("conditions", "exceptions", "fallback", "policy", "used")

    def __init__(self, policy: ReviewPolicy | None, exceptions: frozenset[LicenseException]) -> None:
        self.policy = policy
        self.exceptions = exceptions
        self.conditions: list[Condition] = []
        self.used: list[str] = []
        self.fallback: ReviewPolicy | None = None  # the policy that holds if a change's conditions fail


def obligation(
    index: Index,
    state: ProvisionState,
    chip: Chip,
    cls: Classification,
    country: str,
    date: dt.date,
    known: dt.date | None,
    basis: Basis,
) -> _Obligation:
    """The review policy and exceptions after visible sub-scoped changes, with their conditions."""
    prov = state.ref.provision
    out = _Obligation(prov.review_policy, prov.exceptions)
    for by, a in index.amendments.get(state.ref.key, ()):
        if not isinstance(a, ReviewPolicyChange | ExceptionChange):
            continue
        if not index.visible(by.id, known) or not acts_on_basis(index, by, a, date, basis, known):
            continue
        if a.within_items is not None and match_items(a.within_items, chip, cls)[0] is not True:
            continue
        if (
            a.within_destinations is not None
            and not match_destination(index, a.within_destinations, country, date, known)[0]
        ):
            continue
        if isinstance(a, ReviewPolicyChange):
            if a.conditions:
                out.fallback = out.policy
                out.conditions.extend(a.conditions)
            else:
                out.fallback, out.conditions = None, []
            out.policy = a.review_policy
        else:
            out.exceptions = a.exceptions
        out.used.append(by.id)
    return out


def undecided_changes(
    index: Index, state: ProvisionState, chip: Chip, cls: Classification, date: dt.date, known: dt.date | None
) -> tuple[str, ...]:
    """The facts a chip lacks that would settle whether a visible change of obligation reaches it."""
    out: set[str] = set()
    for by, a in index.amendments.get(state.ref.key, ()):
        if (
            isinstance(a, ReviewPolicyChange | ExceptionChange)
            and a.within_items is not None
            and index.visible(by.id, known)
            and a.start_in(by) <= date
            and match_items(a.within_items, chip, cls)[0] is None
        ):
            out.update(scope_needs(a.within_items, chip, cls))
    return tuple(sorted(out))


def _party_match(
    index: Index, parties: PartyScope, hq: str, date: dt.date, known: dt.date | None
) -> tuple[bool, tuple[str, ...]]:
    hq_resolved, _ = resolve_destination(index, hq, date, known)
    scope = DestinationScope(countries=parties.headquartered_in_countries, groups=parties.headquartered_in_groups)
    return match_destination(index, scope, hq_resolved, date, known)


def cite(index: Index, instrument_ids: Iterable[str]) -> tuple[str, ...]:
    """One short citation per instrument, in the order they became public."""
    ordered = sorted(set(instrument_ids), key=lambda i: (index.known[i], i))
    out: list[str] = []
    for inst_id in ordered:
        short = index.instruments[inst_id].citation.short
        if short not in out:
            out.append(short)
    return tuple(out)
