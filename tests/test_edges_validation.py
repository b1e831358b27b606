"""Cross-reference validation of rulebooks built in Python: one broken part per problem kind.

(tests/test_data_files.py breaks data files; these are the problems that only the whole
rulebook can see, checked on rulebooks built from objects.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import chipcontrols as cc
from small_records import ALPHA, COVERAGE, book, day, instrument, problems, provision

RULE = instrument("a", provisions=[provision()])
NO_PROVISIONS = instrument("bare", provisions=(), licenses=(), amendments=())


def group(*members: cc.Membership, ident: str = "D:5") -> cc.CountryGroup:
    return cc.CountryGroup(id=ident, name=f"Country Group {ident}", members=members)


def amending(*amendments: Any, ident: str = "b", **fields: Any) -> cc.Instrument:
    fields.setdefault("published", "2022-01-01")
    fields.setdefault("effective", "2022-01-01")
    return instrument(ident, amendments=amendments, **fields)


CASES: list[tuple[str, Callable[[], dict[str, Any]], str]] = [
    (
        "duplicate instrument id",
        lambda: {"instruments": [RULE, RULE]},
        "instrument:a $.id: duplicate instrument id 'a'",
    ),
    (
        "duplicate group id",
        lambda: {"groups": [group(), group()]},
        "groups $.group: duplicate group id 'D:5'",
    ),
    (
        "duplicate chip name",
        lambda: {"chips": [ALPHA, cc.Chip(name="Alpha", tpp=1)]},
        "chips $.chip: duplicate chip name 'Alpha'",
    ),
    (
        "alias shared by two chips",
        lambda: {"chips": [ALPHA, cc.Chip(name="Gamma", aliases=["alpha"])]},
        "chips $.chip: name or alias 'alpha' is shared by Alpha, Gamma",
    ),
    (
        "membership added by an unknown instrument",
        lambda: {"groups": [group(cc.Membership(country="NI", start=day("2024-03-15"), added_by="nowhere"))]},
        "groups $.group[D:5].members[0].added_by: refers to unknown instrument 'nowhere'",
    ),
    (
        "membership of an unknown country",
        lambda: {"groups": [group(cc.Membership(country="XX"))]},
        "groups $.group[D:5].members[0].country: unknown ISO 3166-1 code 'XX'",
    ),
    (
        "membership starting inside coverage without its instrument",
        lambda: {"groups": [group(cc.Membership(country="NI", start=day("2024-03-15")))]},
        "groups $.group[D:5].members[0].added_by: a membership that starts inside coverage needs added_by",
    ),
    (
        "membership ending without its instrument",
        lambda: {"groups": [group(cc.Membership(country="NI", end=day("2024-03-15")))]},
        "groups $.group[D:5].members[0].removed_by: a membership that ends needs removed_by",
    ),
    (
        "merge of an unknown country",
        lambda: {
            "instruments": [RULE],
            "merges": [cc.Merge(code="XX", into="CN", start=day("2021-01-01"), instrument="a")],
        },
        "countries $.merge[0]: unknown ISO 3166-1 code 'XX'",
    ),
    (
        "alias of an unknown country",
        lambda: {"country_aliases": [cc.CountryAlias(name="Nowhere", code="XX")]},
        "countries $.alias[0].code: unknown ISO 3166-1 code 'XX'",
    ),
    (
        "scope covering no destination",
        lambda: {"instruments": [instrument("a", provisions=[provision(destinations=cc.DestinationScope())])]},
        "instrument:a $.provisions[p].destinations: covers no destination",
    ),
    (
        "headquarters rule naming an unknown group",
        lambda: {
            "instruments": [
                instrument("a", provisions=[provision(parties=cc.PartyScope(headquartered_in_groups=["D:9"]))])
            ]
        },
        "instrument:a $.provisions[p].parties: unknown country group 'D:9'",
    ),
    (
        "headquarters rule naming an unknown country",
        lambda: {
            "instruments": [
                instrument("a", provisions=[provision(parties=cc.PartyScope(headquartered_in_countries=["XX"]))])
            ]
        },
        "instrument:a $.provisions[p].parties: unknown ISO 3166-1 code 'XX'",
    ),
    (
        "provision covering no item",
        lambda: {"instruments": [instrument("a", provisions=[provision(items=cc.ItemScope(datacenter=True))])]},
        "instrument:a $.provisions[p].items: covers no item: give classifications, products or all_items = true",
    ),
    (
        "provision expiring before it takes effect",
        lambda: {"instruments": [instrument("a", provisions=[provision(expires=day("2020-06-01"))])]},
        "instrument:a $.provisions[p].expires: expires on or before it takes effect",
    ),
    (
        "instrument expiring when it takes effect",
        lambda: {"instruments": [instrument("a", expires=day("2021-01-01"), provisions=[provision()])]},
        "instrument:a $.expires: expires on or before it takes effect",
    ),
    (
        "amendment of an unknown instrument",
        lambda: {"instruments": [RULE, amending(cc.Rescission(target="nowhere"))]},
        "instrument:b $.amendments[0].target: refers to unknown instrument 'nowhere'",
    ),
    (
        "amendment of an instrument without provisions",
        lambda: {"instruments": [NO_PROVISIONS, amending(cc.Rescission(target="bare"))]},
        "instrument:b $.amendments[0].target: instrument 'bare' has no provisions to amend",
    ),
    (
        "instrument amending itself",
        lambda: {"instruments": [amending(cc.Rescission(target="b/p"), provisions=[provision()])]},
        "instrument:b $.amendments[0].target: an instrument cannot amend itself",
    ),
    (
        "replacement by a provision the instrument lacks",
        lambda: {"instruments": [RULE, amending(cc.Replacement(target="a/p", by="q"))]},
        "instrument:b $.amendments[0].by: no provision 'q' in this instrument",
    ),
    (
        "non-enforcement ending before the instrument takes effect",
        lambda: {"instruments": [RULE, amending(cc.NonEnforcement(target="a", end=day("2021-06-01")))]},
        "instrument:b $.amendments[0].end: ends (2021-06-01) on or before it starts (2022-01-01)",
    ),
    (
        "two policy changes of one provision on one day",
        lambda: {
            "instruments": [
                RULE,
                amending(
                    cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE),
                    cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL),
                ),
            ]
        },
        "instrument:b $.amendments[1]: contradicts amendments[0] on the same provision and day",
    ),
    (
        "two instruments changing one provision's exceptions from one day",
        lambda: {
            "instruments": [
                RULE,
                amending(cc.ExceptionChange(target="a/p", exceptions=["NAC"]), ident="b"),
                amending(cc.ExceptionChange(target="a/p", exceptions=["LPP"]), ident="c"),
            ]
        },
        "instrument:c $.amendments: contradicts 'b': both change 'a/p' from 2022-01-01",
    ),
    (
        "licence ending before it starts",
        lambda: {
            "instruments": [
                instrument(
                    "a",
                    licenses=[
                        cc.License(
                            id="lic",
                            holder="Holder",
                            products=["Alpha"],
                            destinations=cc.DestinationScope(countries=["CN"]),
                            start=day("2022-01-01"),
                            end=day("2021-06-01"),
                        )
                    ],
                )
            ]
        },
        "instrument:a $.licenses[lic].end: ends on or before it starts",
    ),
]


@pytest.mark.parametrize(("parts", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_problem_reported(parts, expected):
    """Each broken part is refused with a problem naming where it is and what is wrong."""
    assert expected in problems(**parts())


def test_same_name_twice_is_one_duplicate_not_a_shared_alias():
    """A chip listed twice is a duplicate chip, not an alias shared by two chips."""
    found = problems(chips=[ALPHA, ALPHA])
    assert found == ["chips $.chip: duplicate chip name 'Alpha'"]


def test_problems_name_their_file_when_the_origin_is_known():
    """With origins (as loaded from data files), problems name the file instead of the instrument id."""
    found = problems(instruments=[RULE, RULE], origins=[("instrument:a", "instruments/a.toml")])
    assert found == ["instruments/a.toml $.id: duplicate instrument id 'a'"]


def test_sub_scoped_and_undated_policy_changes_do_not_contradict():
    """Changes limited to sub-scopes, and undated changes of standing instruments, are never contradictions."""
    within = cc.DestinationScope(countries=["CN"])
    rb = book(
        RULE,
        amending(cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE), ident="b"),
        amending(
            cc.ReviewPolicyChange(
                target="a/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL, within_destinations=within
            ),
            ident="c",
        ),
    )
    assert rb.status_at("2022-06-01", ALPHA, "CN").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
    standing = [
        instrument(
            ident,
            published=None,
            effective=None,
            standing=True,
            amendments=[cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE)],
        )
        for ident in ("s1", "s2")
    ]
    assert len(book(RULE, *standing).instruments) == 3


def test_coverage_is_checked():
    """A coverage that ends before it starts is refused when built."""
    with pytest.raises(ValueError, match="coverage ends"):
        cc.Coverage(start=COVERAGE.end, end=COVERAGE.start, checked=COVERAGE.end, version="x")
