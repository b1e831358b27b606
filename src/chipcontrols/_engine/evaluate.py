"""``evaluate``: every binding provision stacked into one regime, with grounds and caveats as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .._answer import Regime
from .._model import (
    Basis,
    Caveat,
    CaveatKind,
    Chip,
    Condition,
    Ground,
    Instrument,
    License,
    LicenseException,
    Requirement,
    ReviewPolicy,
)
from .classify import classified
from .index import Index, ProvisionRef
from .reference import (
    _party_match,
    cite,
    match_destination,
    match_items,
    obligation,
    provision_state,
    resolve_destination,
    scope_needs,
    undecided_changes,
)

__all__ = ["evaluate"]


def evaluate(
    index: Index,
    date: dt.date,
    chip: Chip,
    country: str,
    *,
    known: dt.date | None,
    basis: Basis,
    hq: str | None,
    provisions: Sequence[ProvisionRef] | None = None,
) -> Regime:
    """The regime for one chip, destination and day (``provisions``: only these are read).

    Provisions stack as the EAR stacks them: a licence is required if any binding provision
    requires one; the review policy is the most restrictive; an exception is usable only if
    every requirement allows it. A provision whose reach depends on a fact the record lacks
    makes the requirement undetermined unless another provision settles it.
    """
    governing, merge = resolve_destination(index, country, date, known)
    cls = classified(index, chip, date, known)
    grounds: list[Ground] = []
    caveats: list[Caveat] = []
    conditions: list[Condition] = []
    relied: set[str] = set()
    policies: list[ReviewPolicy] = []
    exception_sets: list[frozenset[LicenseException]] = []
    tiers: list[str] = []
    determinate = True
    required = False  # some binding provision settles that a licence is required
    possible = False  # some provision the record cannot settle would require one
    used_classification = False
    if merge is not None:
        relied.add(str(merge.instrument))
        caveats.append(
            Caveat(
                kind=CaveatKind.DESTINATION_MERGED,
                places=(country, governing),
                since=merge.start,
                instruments=(str(merge.instrument),),
            )
        )
    if chip.foreign_produced:
        caveats.append(Caveat(kind=CaveatKind.FOREIGN_PRODUCED))
    end_user: list[str] = []
    states, item_matches, destination_matches = index.states, index.item_matches, index.destination_matches
    paragraph, determinate_class = cls.paragraph, cls.determinate
    legal = Basis.LEGAL
    for ref in index.provisions if provisions is None else provisions:
        if ref.effective > date or (known is not None and ref.known_from > known):
            continue  # not yet in effect, or not yet public
        skey = (ref.key, date, known)
        state = states.get(skey)
        if state is None:
            state = states.put(skey, provision_state(index, ref, date, known))
        if not state.in_law or legal not in state.bases:
            continue
        mkey = (id(state.items), chip, paragraph, determinate_class)
        matched = item_matches.get(mkey)
        if matched is None:
            matched = item_matches.put(mkey, match_items(state.items, chip, cls))
        item_ok, by_class = matched
        if item_ok is False:
            continue
        dkey = (id(state.destinations), governing, date, known)
        placed = destination_matches.get(dkey)
        if placed is None:
            placed = destination_matches.put(dkey, match_destination(index, state.destinations, governing, date, known))
        dest_ok, dest_why = placed
        if not dest_ok:
            continue
        prov, inst = ref.provision, ref.instrument
        short = inst.citation.short
        if state.parties is not None:
            if not state.parties.evaluable():
                if basis in state.bases:
                    end_user.append(inst.id)
                continue
            if hq is None:
                if basis in state.bases:
                    caveats.append(
                        Caveat(
                            kind=CaveatKind.PARTY_RULE,
                            places=state.parties.places,
                            citations=(short,),
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
            possible = possible or prov.license_required
            caveats.append(
                Caveat(
                    kind=CaveatKind.MISSING_SPECIFICATION,
                    provision=ref.key,
                    title=prov.title,
                    citations=(short,),
                    missing=scope_needs(state.items, chip, cls),
                    instruments=(inst.id,),
                )
            )
            continue
        if basis not in state.bases:
            not_enforced = bool(state.non_enforced_by) and Basis.COMPLIANCE in state.bases
            caveats.append(
                Caveat(
                    kind=CaveatKind.BASIS_DIFFERS,
                    provision=ref.key,
                    title=prov.title,
                    citations=(short, *(index.instruments[i].citation.short for i in state.non_enforced_by)),
                    bases=tuple(sorted(state.bases)),
                    reason="not-enforced" if not_enforced else "compliance-pending",
                    instruments=(inst.id, *state.non_enforced_by),
                )
            )
            continue
        ob = obligation(index, state, chip, cls, governing, date, known, basis)
        used_classification = used_classification or by_class
        relied.update((inst.id, *state.amended_by, *ob.used, *dest_why))
        if prov.license_required:
            if prov.uncertain:
                possible = True
            else:
                required = True
            if ob.policy is not None:
                policies.append(ob.policy)
            exception_sets.append(ob.exceptions)
        if prov.tier:
            tiers.append(prov.tier)
        own = (*prov.conditions, *ob.conditions)
        conditions.extend(c for c in own if c not in conditions)
        grounds.append(
            Ground(
                instrument=inst.id,
                provision=prov.id,
                citation=short,
                title=prov.title,
                review_policy=ob.policy if prov.license_required else None,
                exceptions=ob.exceptions if prov.license_required else frozenset(),
                tier=prov.tier,
                conditions=own,
            )
        )
        if ob.conditions and prov.license_required:
            caveats.append(
                Caveat(
                    kind=CaveatKind.NOT_EVALUATED,
                    provision=ref.key,
                    title=prov.title,
                    citations=cite(index, ob.used),
                    fallback=ob.fallback,
                    instruments=tuple(ob.used),
                )
            )
        unsettled = undecided_changes(index, state, chip, cls, date, known)
        if unsettled:
            determinate = False
            caveats.append(
                Caveat(
                    kind=CaveatKind.MISSING_SPECIFICATION,
                    provision=ref.key,
                    title=prov.title,
                    citations=(short,),
                    missing=unsettled,
                    reason="obligation",
                    instruments=(inst.id,),
                )
            )
        if prov.uncertain:
            determinate = False
            caveats.append(
                Caveat(
                    kind=CaveatKind.UNCERTAIN_RECORD,
                    provision=ref.key,
                    title=prov.title,
                    citations=(short,),
                    text=prov.uncertain,
                    instruments=(inst.id,),
                )
            )
        # the uncertainties of the provision's instrument, and of those whose amendments shaped this answer
        for source in dict.fromkeys((inst.id, *state.amended_by, *ob.used)):
            uncertainties = index.instruments[source].uncertainties
            if uncertainties:
                caveats.append(
                    Caveat(
                        kind=CaveatKind.UNCERTAIN_RECORD,
                        citations=(index.instruments[source].citation.short,),
                        text=" ".join(uncertainties),
                        instruments=(source,),
                    )
                )
    if used_classification and cls.instrument:
        relied.add(cls.instrument)
    if end_user:
        ids = tuple(sorted(set(end_user)))
        caveats.append(
            Caveat(
                kind=CaveatKind.END_USER,
                citations=tuple(index.instruments[i].citation.short for i in ids),
                instruments=ids,
            )
        )
    requirement = (
        Requirement.REQUIRED if required else Requirement.UNDETERMINED if possible else Requirement.NOT_REQUIRED
    )
    may_need = requirement is not Requirement.NOT_REQUIRED
    usable: frozenset[LicenseException] = frozenset()
    if exception_sets:
        usable = frozenset.intersection(*exception_sets)
    found = licenses(index, chip, governing, date, known)
    relied.update(i.id for i, _ in found)
    return Regime(
        requirement=requirement,
        review_policy=max(policies) if policies and may_need else None,
        exceptions=tuple(sorted(usable, key=lambda e: e.value)) if may_need else (),
        classification=cls.paragraph,
        tier=" / ".join(sorted(set(tiers))) or None,
        licenses=tuple(lic for _, lic in found),
        citations=cite(index, relied),
        grounds=tuple(grounds),
        caveats=_dedupe(caveats),
        conditions=tuple(conditions),
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


def licenses(
    index: Index, chip: Chip, country: str, date: dt.date, known: dt.date | None
) -> list[tuple[Instrument, License]]:
    """The granted licences that name the chip (or its family) for ``country`` on ``date``."""
    out = []
    names = index.names_of(chip)
    for inst, lic in index.licenses:
        if not index.visible(inst.id, known) or not any(n in lic.products for n in names):
            continue
        start = lic.start or inst.in_effect_from
        if (
            start <= date
            and (lic.end is None or date < lic.end)
            and match_destination(index, lic.destinations, country, date, known)[0]
        ):
            out.append((inst, lic))
    return out
