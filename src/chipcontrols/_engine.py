"""The engine: folds instruments into the regime for one chip, destination and day.

Two clocks: the valid ``date`` asked about, and the knowledge cutoff ``known``
(``None`` = everything in the record). An instrument counts only if it was public on
``known``; an amendment likewise. Three bases (legal, compliance, enforced) narrow the
set of binding provisions. This module holds the *reference* evaluation — plain and
direct — and the index it reads; timelines built from it live in ``_timeline``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from ._answer import Classification, Regime, TestResult
from ._model import (
    Amendment,
    Basis,
    Bound,
    Caveat,
    CaveatKind,
    Chip,
    ClassificationVersion,
    ComplianceDelay,
    CountryGroup,
    DestinationScope,
    ExceptionChange,
    Ground,
    Instrument,
    ItemScope,
    License,
    LicenseException,
    Merge,
    NonEnforcement,
    PartyScope,
    Provision,
    Replacement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScopeChange,
    Suspension,
)

__all__ = ["Index", "ProvisionRef", "classify", "evaluate"]

_FAR = dt.date.max
_CACHE_LIMIT = 500_000  # entries per evaluation cache; beyond it, results are computed afresh


def amendment_start(amendment: Amendment, by: Instrument) -> dt.date:
    """The first day an amendment acts: its own start, else the amending instrument's effective date."""
    start: dt.date | None = getattr(amendment, "start", None)
    if start is not None:
        return start
    return by.in_effect_from


class ProvisionRef:
    """A provision together with the instrument that made it (with its key and dates precomputed)."""

    __slots__ = ("effective", "instrument", "key", "known", "provision")

    def __init__(self, instrument: Instrument, provision: Provision) -> None:
        self.instrument = instrument
        self.provision = provision
        self.key = f"{instrument.id}/{provision.id}"
        self.effective = provision.effective or instrument.in_effect_from
        self.known = instrument.known

    def __repr__(self) -> str:
        return f"ProvisionRef({self.key})"


class Index:
    """Lookups over a validated rulebook's parts, built once."""

    def __init__(
        self,
        instruments: Sequence[Instrument],
        groups: Sequence[CountryGroup],
        merges: Sequence[Merge],
        criteria: Sequence[ClassificationVersion],
    ) -> None:
        self.instruments = {i.id: i for i in instruments}
        self.known = {i.id: i.known for i in instruments}
        self._classified: dict[tuple[Chip, str], Classification] = {}
        # provision states depend on the provision, the day and the view only: shared by every chip and destination
        self.states: dict[tuple[str, dt.date, dt.date | None], ProvisionState] = {}
        # scope matches, keyed by the scope's identity (scopes live as long as the index)
        self.item_matches: dict[tuple[object, ...], tuple[bool | None, bool]] = {}
        self.destination_matches: dict[tuple[object, ...], tuple[bool, tuple[str, ...]]] = {}
        self.provisions: list[ProvisionRef] = [ProvisionRef(i, p) for i in instruments for p in i.provisions]
        self.by_key = {ref.key: ref for ref in self.provisions}
        # amendments by the key of each provision they act on
        self.amendments: dict[str, list[tuple[Instrument, Amendment]]] = {}
        for inst in instruments:
            for amendment in inst.amendments:
                for key in self.targets(amendment.target):
                    self.amendments.setdefault(key, []).append((inst, amendment))
        for lst in self.amendments.values():
            lst.sort(key=lambda pair: (amendment_start_or_delay(pair[1], pair[0]), pair[0].known))
        # non-enforcement of whole instruments (their amendments stop acting on the enforced basis)
        self.instrument_non_enforcement: dict[str, list[tuple[Instrument, NonEnforcement]]] = {}
        for inst in instruments:
            for amendment in inst.amendments:
                if isinstance(amendment, NonEnforcement) and "/" not in amendment.target:
                    self.instrument_non_enforcement.setdefault(amendment.target, []).append((inst, amendment))
        self.groups: dict[str, dict[str, list]] = {}  # type: ignore[type-arg]
        for group in groups:
            members: dict[str, list] = {}  # type: ignore[type-arg]
            for m in group.members:
                members.setdefault(m.country, []).append(m)
            self.groups[group.id] = members
        self.merges = sorted(merges, key=lambda m: m.start)
        self.criteria = sorted(criteria, key=lambda v: v.start)
        self.licenses: list[tuple[Instrument, License]] = [(i, lic) for i in instruments for lic in i.licenses]

    def restricted(self, refs: Sequence[ProvisionRef]) -> Index:
        """A view of this index that evaluates only ``refs`` (everything else is shared)."""
        view = object.__new__(Index)
        view.__dict__.update(self.__dict__)
        view.provisions = list(refs)
        return view

    def targets(self, target: str) -> list[str]:
        """The provision keys an amendment target names (an instrument names all of its provisions)."""
        if "/" in target:
            return [target]
        inst = self.instruments.get(target)
        if inst is None:
            return []
        return [f"{inst.id}/{p.id}" for p in inst.provisions]

    def visible(self, instrument_id: str | None, known: dt.date | None) -> bool:
        if instrument_id is None or known is None:
            return True
        day = self.known.get(instrument_id)
        return day is not None and day <= known

    def classification(self, chip: Chip, date: dt.date, known: dt.date | None) -> Classification:
        """A cached classification: it depends on the date only through the criteria version."""
        version = self.version(date, known)
        if version is None:
            return classify(self, chip, date, known)
        key = (chip, version.id)
        found = self._classified.get(key)
        if found is None:
            found = classify_under(version, chip, date)
            self._classified[key] = found
        return found

    def version(self, date: dt.date, known: dt.date | None) -> ClassificationVersion | None:
        """The criteria version in force on ``date`` as known on ``known``."""
        found = None
        for v in self.criteria:
            if v.start <= date and self.visible(v.instrument, known):
                found = v
        return found


def amendment_start_or_delay(amendment: Amendment, by: Instrument) -> dt.date:
    if isinstance(amendment, ComplianceDelay):
        return by.in_effect_from
    return amendment_start(amendment, by)


# ----------------------------------------------------------------- country groups


def in_group(
    index: Index, group: str, country: str, date: dt.date, known: dt.date | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether ``country`` is in ``group`` on ``date`` as known on ``known``, and the instruments that made it so."""
    for m in index.groups.get(group, {}).get(country, ()):
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
    for g in scope.except_groups:
        if in_group(index, g, country, date, known)[0]:
            return False, ()
    return True, relied


def resolve_destination(index: Index, country: str, date: dt.date, known: dt.date | None) -> tuple[str, Merge | None]:
    """The destination whose rules govern ``country`` on ``date`` (Hong Kong -> China)."""
    for merge in index.merges:
        if merge.code == country and merge.start <= date and index.visible(merge.instrument, known):
            return merge.into, merge
    return country, None


# ----------------------------------------------------------------- classification


def holds(chip: Chip, bound: Bound) -> bool | None:
    """Whether a chip meets a bound; ``None`` when the specification is unknown."""
    value = chip.spec(bound.spec)
    return None if value is None else bound.op.holds(value, bound.value)


def _test(chip: Chip, paragraph: str, bound: Bound) -> TestResult:
    return TestResult(prong=paragraph, bound=bound, value=chip.spec(bound.spec), passed=holds(chip, bound))


def _all(results: Iterable[bool | None]) -> bool | None:
    """Three-valued AND: False wins, then unknown."""
    unknown = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def _filter(required: object, actual: object) -> bool | None:
    """A filter on an optional attribute: ``None`` required means any; unknown actual means unknown."""
    if required is None:
        return True
    if actual is None:
        return None
    return bool(actual == required)


def classify(index: Index, chip: Chip, date: dt.date, known: dt.date | None) -> Classification:
    """Classify a chip on ``date`` under the criteria version in force and known then.

    Three-valued: a test on an unknown specification is unknown. The code is settled
    when the first paragraph that is not false holds, or when every paragraph up to the
    first that holds shares its code; an exclusion that holds takes the chip out.
    """
    version = index.version(date, known)
    if version is None:
        return Classification(
            chip=chip.name,
            date=date,
            paragraph=None,
            prong=None,
            determinate=True,
            version=None,
            instrument=None,
            tests=(),
            excluded_by=None,
            missing=(),
        )
    return classify_under(version, chip, date)


def classify_under(version: ClassificationVersion, chip: Chip, date: dt.date) -> Classification:
    """Classify a chip under one criteria version."""
    tests: list[TestResult] = []
    missing: set[str] = set()
    verdicts: list[tuple[str, str, bool | None]] = []
    writers = {para.prong: para.instrument or version.instrument for para in version.paragraphs}
    for para in version.paragraphs:
        results = [_test(chip, para.prong, b) for b in para.tests]
        tests.extend(results)
        flags: list[bool | None] = [r.passed for r in results]
        flags.append(chip.category is para.category)
        dc = _filter(para.datacenter, chip.datacenter)
        flags.append(dc)
        verdict = _all(flags)
        if verdict is None:
            missing.update(r.bound.spec.value for r in results if r.passed is None)
            if dc is None:
                missing.add("datacenter")
        verdicts.append((para.code, para.prong, verdict))
    excluded_by: str | None = None
    exclusion_unknown = False
    for exclusion in version.exclusions:
        if exclusion.category is not chip.category:
            continue
        results = [_test(chip, "exclusion", b) for b in exclusion.tests]
        dc = _filter(exclusion.datacenter, chip.datacenter)
        verdict = _all([*(r.passed for r in results), dc])
        if verdict:
            excluded_by = exclusion.description
            break
        if verdict is None:
            exclusion_unknown = True
            missing.update(r.bound.spec.value for r in results if r.passed is None)
            if dc is None:
                missing.add("datacenter")
    code: str | None = None
    prong: str | None = None
    writer = version.instrument
    determinate = True
    live = [(c, p, v) for c, p, v in verdicts if v is not False]
    if excluded_by is None and live:
        first_true = next((i for i, (_, _, v) in enumerate(live) if v), None)
        if first_true is None:
            determinate = False  # only unknowns: it may or may not be controlled
        else:
            codes = {c for c, _, _ in live[: first_true + 1]}
            if len(codes) == 1 and not exclusion_unknown:
                code, prong = live[first_true][0], live[first_true][1]
                writer = writers[prong]
                if first_true > 0:
                    prong = None  # an earlier prong of the same paragraph may be the one
            else:
                determinate = False
    if determinate:
        missing = set()
    return Classification(
        chip=chip.name,
        date=date,
        paragraph=code,
        prong=prong,
        determinate=determinate,
        version=version.id,
        instrument=writer,
        tests=tuple(tests),
        excluded_by=excluded_by,
        missing=tuple(sorted(missing)),
    )


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
        start = amendment_start(a, by)
        if isinstance(a, Rescission | Replacement):
            end = min(end, start)  # out of force from then on: nothing binds to name it
        elif isinstance(a, Suspension):
            suspended = suspended or start <= date < a.end
        elif isinstance(a, NonEnforcement):
            if start <= date and (a.end is None or date < a.end):
                non_enforced.append(by.id)
        elif isinstance(a, ScopeChange) and start <= date:
            items = a.items or items
            dests = a.destinations or dests
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
    if chip.name in scope.exclude_products:
        return False, False
    by_class = False
    if scope.all_items or chip.name in scope.products:
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
    flags: list[bool | None] = [base, _filter(scope.datacenter, chip.datacenter)]
    flags.extend(holds(chip, b) for b in scope.bounds)
    return _all(flags), by_class


def acts_on_basis(
    index: Index, by: Instrument, amendment: Amendment, date: dt.date, basis: Basis, known: dt.date | None
) -> bool:
    """Whether a change of obligation made by ``by`` acts on ``date`` on ``basis``.

    Such a change follows its own instrument through the bases: in law from its start,
    for compliance from the instrument's compliance date, enforced unless the
    instrument itself is not enforced. It never changes which provisions bind, so the
    bases stay nested.
    """
    start = amendment_start(amendment, by)
    if start > date:
        return False
    if basis is Basis.LEGAL:
        return True
    if by.compliance is not None and date < by.compliance:
        return False
    if basis is Basis.COMPLIANCE:
        return True
    for stopper, ne in index.instrument_non_enforcement.get(by.id, ()):
        if (
            index.visible(stopper.id, known)
            and amendment_start(ne, stopper) <= date
            and (ne.end is None or date < ne.end)
        ):
            return False
    return True


def _obligation(
    index: Index,
    state: ProvisionState,
    chip: Chip,
    cls: Classification,
    country: str,
    date: dt.date,
    known: dt.date | None,
    basis: Basis,
) -> tuple[ReviewPolicy | None, frozenset[LicenseException], list[str], list[str]]:
    """The review policy and exceptions after visible sub-scoped changes; plus conditions and instruments."""
    prov = state.ref.provision
    policy, exceptions = prov.review_policy, prov.exceptions
    conditions: list[str] = []
    used: list[str] = []
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
            policy = a.review_policy
            if a.condition:
                conditions.append(a.condition)
        else:
            exceptions = a.exceptions
        used.append(by.id)
    return policy, exceptions, conditions, used


def _party_match(
    index: Index, parties: PartyScope, hq: str, date: dt.date, known: dt.date | None
) -> tuple[bool, tuple[str, ...]]:
    hq_resolved, _ = resolve_destination(index, hq, date, known)
    scope = DestinationScope(countries=parties.headquartered_in_countries, groups=parties.headquartered_in_groups)
    return match_destination(index, scope, hq_resolved, date, known)


def _cite(index: Index, instrument_ids: Iterable[str]) -> tuple[str, ...]:
    ordered = sorted(set(instrument_ids), key=lambda i: (index.known[i], i))
    out: list[str] = []
    for inst_id in ordered:
        short = index.instruments[inst_id].citation.short
        if short not in out:
            out.append(short)
    return tuple(out)


_BASIS_WORDS = {Basis.LEGAL: "legal", Basis.COMPLIANCE: "compliance", Basis.ENFORCED: "enforced"}


def evaluate(
    index: Index,
    date: dt.date,
    chip: Chip,
    country: str,
    *,
    known: dt.date | None,
    basis: Basis,
    hq: str | None,
) -> Regime:
    """The reference evaluation: the regime for one chip, destination and day, folded directly."""
    governing, merge = resolve_destination(index, country, date, known)
    cls = index.classification(chip, date, known)
    grounds: list[Ground] = []
    caveats: list[Caveat] = []
    relied: set[str] = set()
    policies: list[ReviewPolicy] = []
    exception_sets: list[frozenset[LicenseException]] = []
    tiers: list[str] = []
    determinate = True
    used_classification = False
    if merge is not None:
        relied.add(merge.instrument)
        caveats.append(
            Caveat(
                kind=CaveatKind.DESTINATION_MERGED,
                message=f"{country} is treated as {governing} under the EAR from {merge.start.isoformat()}",
                instruments=(merge.instrument,),
            )
        )
    if chip.foreign_produced:
        caveats.append(
            Caveat(
                kind=CaveatKind.NOT_EVALUATED,
                message=(
                    f"{chip.name} is produced outside the United States: the EAR reaches it only through "
                    "U.S.-origin content or the foreign-direct-product rules, which are not evaluated; "
                    "the answer assumes it is subject to the EAR"
                ),
            )
        )
    end_user: list[str] = []
    states, item_matches, destination_matches = index.states, index.item_matches, index.destination_matches
    paragraph, determinate_class = cls.paragraph, cls.determinate
    legal = Basis.LEGAL
    for ref in index.provisions:
        if ref.effective > date or (known is not None and ref.known > known):
            continue  # not yet in effect, or not yet public
        skey = (ref.key, date, known)
        state = states.get(skey)
        if state is None:
            state = provision_state(index, ref, date, known)
            if len(states) < _CACHE_LIMIT:
                states[skey] = state
        if not state.in_law or legal not in state.bases:
            continue
        mkey = (id(state.items), chip, paragraph, determinate_class)
        matched = item_matches.get(mkey)
        if matched is None:
            matched = match_items(state.items, chip, cls)
            if len(item_matches) < _CACHE_LIMIT:
                item_matches[mkey] = matched
        item_ok, by_class = matched
        if item_ok is False:
            continue
        dkey = (id(state.destinations), governing, date, known)
        placed = destination_matches.get(dkey)
        if placed is None:
            placed = match_destination(index, state.destinations, governing, date, known)
            if len(destination_matches) < _CACHE_LIMIT:
                destination_matches[dkey] = placed
        dest_ok, dest_why = placed
        if not dest_ok:
            continue
        prov, inst = ref.provision, ref.instrument
        if state.parties is not None:
            if not state.parties.evaluable():
                if basis in state.bases:
                    end_user.append(inst.id)
                continue
            if hq is None:
                if basis in state.bases:
                    places = sorted(state.parties.headquartered_in_groups | state.parties.headquartered_in_countries)
                    caveats.append(
                        Caveat(
                            kind=CaveatKind.PARTY_RULE,
                            message=(
                                f"a licence is also required if a party is headquartered in (or its "
                                f"ultimate parent is in) {' or '.join(places)} ({inst.citation.short}); "
                                f"pass headquartered_in= to evaluate it"
                            ),
                            instruments=(inst.id,),
                        )
                    )
                continue
            party_ok, party_why = _party_match(index, state.parties, hq, date, known)
            if not party_ok:
                continue
            dest_why = dest_why + party_why
        if item_ok is None and basis not in state.bases:
            continue  # would not bind on this basis even if the chip were in scope
        if item_ok is None:
            determinate = False
            caveats.append(
                Caveat(
                    kind=CaveatKind.MISSING_SPECIFICATION,
                    message=(
                        f"{prov.title} ({inst.citation.short}) applies if the chip meets its item scope; "
                        f"the record lacks {', '.join(cls.missing) or 'a specification'} to tell"
                    ),
                    instruments=(inst.id,),
                )
            )
            continue
        if basis not in state.bases:
            wider = " and ".join(_BASIS_WORDS[b] for b in sorted(state.bases))
            wider += " bases" if len(state.bases) > 1 else " basis"
            why = (
                f"not enforced ({', '.join(index.instruments[i].citation.short for i in state.non_enforced_by)})"
                if state.non_enforced_by and Basis.COMPLIANCE in state.bases
                else "compliance not yet required"
            )
            caveats.append(
                Caveat(
                    kind=CaveatKind.BASIS_DIFFERS,
                    message=f"{prov.title} ({inst.citation.short}) binds on the {wider} but is {why}",
                    instruments=(inst.id, *state.non_enforced_by),
                )
            )
            continue
        policy, exceptions, conditions, used = _obligation(index, state, chip, cls, governing, date, known, basis)
        used_classification = used_classification or by_class
        relied.update((inst.id, *state.amended_by, *used, *dest_why))
        if prov.license_required:
            if policy is not None:
                policies.append(policy)
            exception_sets.append(exceptions)
        if prov.tier:
            tiers.append(prov.tier)
        all_conditions = (*prov.conditions, *conditions)
        grounds.append(
            Ground(
                instrument=inst.id,
                provision=prov.id,
                citation=inst.citation.short,
                title=prov.title,
                review_policy=policy if prov.license_required else None,
                exceptions=exceptions if prov.license_required else frozenset(),
                tier=prov.tier,
                conditions=all_conditions,
            )
        )
        for condition in conditions:
            caveats.append(
                Caveat(
                    kind=CaveatKind.NOT_EVALUATED,
                    message=f"{prov.title}: review policy applies only to {condition}",
                    instruments=tuple(used),
                )
            )
        if prov.uncertain:
            determinate = False
            caveats.append(
                Caveat(
                    kind=CaveatKind.UNCERTAIN_RECORD,
                    message=f"{prov.title} ({inst.citation.short}) is uncertain: {prov.uncertain}",
                    instruments=(inst.id,),
                )
            )
        if inst.uncertainties:
            caveats.append(
                Caveat(
                    kind=CaveatKind.UNCERTAIN_RECORD,
                    message=f"{inst.citation.short}: " + " ".join(inst.uncertainties),
                    instruments=(inst.id,),
                )
            )
    if used_classification and cls.instrument:
        relied.add(cls.instrument)
    if end_user:
        caveats.append(
            Caveat(
                kind=CaveatKind.END_USER,
                message=(
                    "end-user controls are not evaluated: a licence may also be required when a "
                    "listed party or a military end user is involved ("
                    + "; ".join(index.instruments[i].citation.short for i in sorted(set(end_user)))
                    + ")"
                ),
                instruments=tuple(sorted(set(end_user))),
            )
        )
    required = any(index.by_key[f"{g.instrument}/{g.provision}"].provision.license_required for g in grounds)
    usable: frozenset[LicenseException] = frozenset()
    if exception_sets:
        usable = frozenset.intersection(*exception_sets)
    licenses = _licenses(index, chip, governing, date, known)
    relied.update(i.id for i, _ in licenses)
    return Regime(
        license_required=required,
        review_policy=max(policies) if policies and required else None,
        exceptions=tuple(sorted(usable, key=lambda e: e.value)) if required else (),
        classification=cls.paragraph,
        tier=" / ".join(sorted(set(tiers))) or None,
        licenses=tuple(lic for _, lic in licenses),
        citations=_cite(index, relied),
        basis=tuple(grounds),
        caveats=_dedupe(caveats),
        determinate=determinate,
        unclassified=cls.missing if not cls.determinate else (),
        governing=governing,
        instruments=tuple(sorted(relied)),
    )


def _dedupe(caveats: Iterable[Caveat]) -> tuple[Caveat, ...]:
    out: list[Caveat] = []
    for c in caveats:
        if c not in out:
            out.append(c)
    return tuple(out)


def _licenses(
    index: Index, chip: Chip, country: str, date: dt.date, known: dt.date | None
) -> list[tuple[Instrument, License]]:
    out = []
    for inst, lic in index.licenses:
        if not index.visible(inst.id, known) or chip.name not in lic.products:
            continue
        start = lic.start or inst.in_effect_from
        if (
            start <= date
            and (lic.end is None or date < lic.end)
            and match_destination(index, lic.destinations, country, date, known)[0]
        ):
            out.append((inst, lic))
    return out
