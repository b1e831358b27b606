"""Validation of a record as a whole: every problem of a broken record, in the order found, each
exactly once, with the file it came from and its key path (``RecordProblem``).

Records are built in Python; ``origins`` maps their parts to files as the loaders do. Each problem
is checked by its file, its path and the key words of its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from builders import ALPHA, BETA, CHIPS, INFO, TPP_4800, book, criteria, day, instrument, problems, provision
from chipcontrols import errors
from chipcontrols import model as m
from chipcontrols.errors import RecordProblem

Problem = tuple[str, str, str]  # file, path, key words of the message

RULE = instrument("a", provisions=[provision()])
NO_PROVISIONS = instrument("bare", provisions=(), licenses=(), amendments=())


def found(
    *instruments: m.Instrument,
    chips: Iterable[m.Chip] = CHIPS,
    origins: Iterable[tuple[str, str]] = (),
    **parts: Any,
) -> list[Problem]:
    """The problems a record of these parts is refused with: (file, path, message)."""
    with pytest.raises(errors.InvalidRecordError) as info:
        m.Record(info=INFO, instruments=instruments, chips=chips, origins=origins, **parts)
    assert all(isinstance(p, RecordProblem) for p in info.value.problems)
    return [(p.file, p.path, p.message) for p in info.value.problems]


def assert_problems(got: list[Problem], expected: list[Problem]) -> None:
    """The same problems in the same order: each file and path, and the key words of each message."""
    assert [(f, p) for f, p, _ in got] == [(f, p) for f, p, _ in expected], got
    for problem, (_, _, words) in zip(got, expected, strict=True):
        assert words in problem[2], (problem, words)


def group(ident: str, *members: m.Membership) -> m.CountryGroup:
    return m.CountryGroup(id=ident, name=f"Group {ident}", members=members)


def amending(ident: str, *amendments: object, **fields: Any) -> m.Instrument:
    """An instrument published and in effect on 2022-01-01 making these amendments."""
    fields.setdefault("published", "2022-01-01")
    fields.setdefault("effective", "2022-01-01")
    return instrument(ident, amendments=amendments, **fields)


# ------------------------------------------------------------------ the error and its problems


def test_record_problem_value_semantics():
    """Problems compare and hash by file, path and message; str and repr show all three."""
    a = RecordProblem("chips.toml", "$.chip[0]", "bad")
    b = RecordProblem("chips.toml", "$.chip[0]", "bad")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != RecordProblem("chips.toml", "$.chip[1]", "bad")
    assert a != "chips.toml $.chip[0]: bad"
    assert repr(a) == "RecordProblem('chips.toml', '$.chip[0]', 'bad')"
    assert str(a) == "chips.toml $.chip[0]: bad"


def test_the_error_lists_every_problem():
    """An invalid record raises one InvalidRecordError (a ValueError) counting and listing every problem."""
    with pytest.raises(errors.InvalidRecordError) as info:
        m.Record(info=INFO, instruments=[RULE, RULE], chips=[ALPHA, ALPHA])
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, errors.ChipControlsError) and len(e.problems) == 2
    assert str(e).splitlines() == ["invalid record (2 problem(s)):", *(f"  - {p}" for p in e.problems)]
    assert problems(RULE, chips=[ALPHA, ALPHA]) == ["chips $.chip: duplicate chip name 'Alpha'"]


def test_a_valid_record_has_no_problems():
    """A record whose parts agree is built without complaint."""
    rb = book(RULE, groups=[group("G", m.Membership(country="CU"))])
    assert [i.id for i in rb.instruments] == ["a"] and [g.id for g in rb.groups] == ["G"]


# ------------------------------------------------------------------ one broken part per problem kind


CASES: list[tuple[str, Callable[[], dict[str, Any]], Problem]] = [
    (
        "duplicate instrument id",
        lambda: {"instruments": [RULE, RULE]},
        ("instrument:a", "$.id", "duplicate instrument id 'a'"),
    ),
    (
        "duplicate group id",
        lambda: {"groups": [group("D:5"), group("D:5")]},
        ("groups", "$.group", "duplicate group id 'D:5'"),
    ),
    (
        "duplicate chip name",
        lambda: {"chips": [ALPHA, m.Chip(name="Alpha", tpp=1)]},
        ("chips", "$.chip", "duplicate chip name 'Alpha'"),
    ),
    (
        "alias shared by two chips",
        lambda: {"chips": [ALPHA, m.Chip(name="Gamma", aliases=["alpha"])]},
        ("chips", "$.chip", "name or alias 'alpha' is shared by Alpha, Gamma"),
    ),
    (
        "membership added by an unknown instrument",
        lambda: {"groups": [group("D:5", m.Membership(country="NI", start=day("2024-03-15"), added_by="nowhere"))]},
        ("groups", "$.group[D:5].members[0].added_by", "refers to unknown instrument 'nowhere'"),
    ),
    (
        "membership of an unknown country",
        lambda: {"groups": [group("D:5", m.Membership(country="XX"))]},
        ("groups", "$.group[D:5].members[0].country", "unknown ISO 3166-1 code 'XX'"),
    ),
    (
        "membership starting inside the record without its instrument",
        lambda: {"groups": [group("D:5", m.Membership(country="NI", start=day("2024-03-15")))]},
        ("groups", "$.group[D:5].members[0].added_by", "needs added_by"),
    ),
    (
        "membership ending without its instrument",
        lambda: {"groups": [group("D:5", m.Membership(country="NI", end=day("2024-03-15")))]},
        ("groups", "$.group[D:5].members[0].removed_by", "a membership that ends needs removed_by"),
    ),
    (
        "membership removed by an instrument but without an end",
        lambda: {
            "instruments": [instrument("drop")],
            "groups": [group("D:5", m.Membership(country="NI", removed_by="drop"))],
        },
        ("groups", "$.group[D:5].members[0].end", "removed_by names 'drop', but the membership has no end"),
    ),
    (
        "membership added by an instrument but without a start",
        lambda: {
            "instruments": [instrument("add")],
            "groups": [group("D:5", m.Membership(country="NI", added_by="add"))],
        },
        ("groups", "$.group[D:5].members[0].start", "added_by names 'add', but the membership has no start"),
    ),
    (
        "merge of an unknown country",
        lambda: {
            "instruments": [
                instrument(
                    "a", provisions=[provision()], merges=[m.Merge(code="XX", into="CN", start=day("2021-01-01"))]
                )
            ]
        },
        ("instrument:a", "$.merges[0]", "unknown ISO 3166-1 code 'XX'"),
    ),
    (
        "alias of an unknown country",
        lambda: {"country_aliases": [m.CountryAlias(name="Nowhere", code="XX")]},
        ("countries", "$.alias[0].code", "unknown ISO 3166-1 code 'XX'"),
    ),
    (
        "scope covering no destination",
        lambda: {"instruments": [instrument("a", provisions=[provision(destinations=m.DestinationScope())])]},
        ("instrument:a", "$.provisions[p].destinations", "covers no destination"),
    ),
    (
        "headquarters rule naming an unknown group",
        lambda: {
            "instruments": [
                instrument("a", provisions=[provision(parties=m.PartyScope(headquartered_in_groups=["D:9"]))])
            ]
        },
        ("instrument:a", "$.provisions[p].parties", "unknown country group 'D:9'"),
    ),
    (
        "headquarters rule naming an unknown country",
        lambda: {
            "instruments": [
                instrument("a", provisions=[provision(parties=m.PartyScope(headquartered_in_countries=["XX"]))])
            ]
        },
        ("instrument:a", "$.provisions[p].parties", "unknown ISO 3166-1 code 'XX'"),
    ),
    (
        "provision covering no item",
        lambda: {"instruments": [instrument("a", provisions=[provision(items=m.ItemScope(datacenter=True))])]},
        ("instrument:a", "$.provisions[p].items", "covers no item: give classifications, products or all_items"),
    ),
    (
        "provision expiring before it takes effect",
        lambda: {"instruments": [instrument("a", provisions=[provision(expires=day("2020-06-01"))])]},
        ("instrument:a", "$.provisions[p].expires", "expires on or before it takes effect"),
    ),
    (
        "instrument expiring when it takes effect",
        lambda: {"instruments": [instrument("a", expires=day("2021-01-01"), provisions=[provision()])]},
        ("instrument:a", "$.expires", "expires on or before it takes effect"),
    ),
    (
        "amendment of an unknown instrument",
        lambda: {"instruments": [RULE, amending("b", m.Rescission(target="nowhere"))]},
        ("instrument:b", "$.amendments[0].target", "refers to unknown instrument 'nowhere'"),
    ),
    (
        "amendment of an instrument without provisions",
        lambda: {"instruments": [NO_PROVISIONS, amending("b", m.Rescission(target="bare"))]},
        ("instrument:b", "$.amendments[0].target", "instrument 'bare' has no provisions to amend"),
    ),
    (
        "instrument amending itself",
        lambda: {"instruments": [amending("b", m.Rescission(target="b/p"), provisions=[provision()])]},
        ("instrument:b", "$.amendments[0].target", "an instrument cannot amend itself"),
    ),
    (
        "replacement by a provision the instrument lacks",
        lambda: {"instruments": [RULE, amending("b", m.Replacement(target="a/p", by="q"))]},
        ("instrument:b", "$.amendments[0].by", "no provision 'q' in this instrument"),
    ),
    (
        "non-enforcement ending before the instrument takes effect",
        lambda: {"instruments": [RULE, amending("b", m.NonEnforcement(target="a", end=day("2021-06-01")))]},
        ("instrument:b", "$.amendments[0].end", "ends (2021-06-01) on or before it starts (2022-01-01)"),
    ),
    (
        "two policy changes of one provision on one day",
        lambda: {
            "instruments": [
                RULE,
                amending(
                    "b",
                    m.ReviewPolicyChange(target="a/p", review_policy=m.ReviewPolicy.CASE_BY_CASE),
                    m.ReviewPolicyChange(target="a/p", review_policy=m.ReviewPolicy.POLICY_OF_DENIAL),
                ),
            ]
        },
        ("instrument:b", "$.amendments[1]", "contradicts amendments[0] on the same provision and day"),
    ),
    (
        "two instruments changing one provision's exceptions from one day",
        lambda: {
            "instruments": [
                RULE,
                amending("b", m.ExceptionChange(target="a/p", exceptions=["NAC"])),
                amending("c", m.ExceptionChange(target="a/p", exceptions=["LPP"])),
            ]
        },
        ("instrument:c", "$.amendments", "contradicts 'b': both change 'a/p' from 2022-01-01"),
    ),
    (
        "licence ending before it starts",
        lambda: {
            "instruments": [
                instrument(
                    "a",
                    licenses=[
                        m.License(
                            id="lic",
                            holder="Holder",
                            products=["Alpha"],
                            destinations=m.DestinationScope(countries=["CN"]),
                            start=day("2022-01-01"),
                            end=day("2021-06-01"),
                        )
                    ],
                )
            ]
        },
        ("instrument:a", "$.licenses[lic].end", "ends on or before it starts"),
    ),
    (
        "group change of an unknown group",
        lambda: {"instruments": [instrument("a", group_changes=[m.GroupChange(group="G9", add=["NI"])])]},
        ("instrument:a", "$.group_changes[0].group", "unknown country group 'G9'"),
    ),
    (
        "group change of an unknown country",
        lambda: {
            "instruments": [instrument("a", group_changes=[m.GroupChange(group="G", add=["XX"])])],
            "groups": [group("G")],
        },
        ("instrument:a", "$.group_changes[0]", "unknown ISO 3166-1 code 'XX'"),
    ),
    (
        "group change removing a country that is not a member",
        lambda: {
            "instruments": [instrument("a", group_changes=[m.GroupChange(group="G", remove=["NI"])])],
            "groups": [group("G", m.Membership(country="CU"))],
        },
        ("instrument:a", "$.group_changes[0].remove", "NI is not a member of G"),
    ),
    (
        "country merged into itself",
        lambda: {"instruments": [instrument("a", merges=[m.Merge(code="HK", into="HK")])]},
        ("instrument:a", "$.merges[0]", "HK cannot be merged into itself"),
    ),
    (
        "country merged twice",
        lambda: {
            "instruments": [instrument("a", merges=[m.Merge(code="MO", into="CN"), m.Merge(code="MO", into="HK")])]
        },
        ("instrument:a", "$.merges[1]", "MO is merged twice"),
    ),
    (
        "chain of merges",
        lambda: {
            "instruments": [instrument("a", merges=[m.Merge(code="HK", into="MO"), m.Merge(code="MO", into="CN")])]
        },
        ("instrument:a", "$.merges", "HK is merged into MO, which is itself merged into CN (a chain)"),
    ),
    (
        "provision reaching beyond its tier",
        lambda: {
            "instruments": [
                instrument(
                    "a",
                    provisions=[provision(destinations=m.DestinationScope(countries=["CN", "IN"]), tier="T")],
                    tiers=[m.Tier(name="T", rank=1, destinations=m.DestinationScope(countries=["IN"]))],
                )
            ]
        },
        ("instrument:a", "$.provisions[p].destinations", "reaches beyond the destinations of 'T'"),
    ),
    (
        "provision keeping members its tier excepts",
        lambda: {
            "instruments": [
                instrument(
                    "a",
                    provisions=[
                        provision(
                            destinations=m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"]),
                            tier="T",
                        )
                    ],
                    tiers=[
                        m.Tier(name="T", rank=1, destinations=m.DestinationScope(everywhere=True, except_groups=["G"]))
                    ],
                )
            ],
            "groups": [group("G", m.Membership(country="CU")), group("K", m.Membership(country="CU"))],
        },
        ("instrument:a", "$.provisions[p].destinations", "reaches beyond the destinations of 'T'"),
    ),
    (
        "family name that is also a chip's name",
        lambda: {"chips": [m.Chip(name="H200 SXM", family="H200"), m.Chip(name="H200")]},
        ("chips", "$.chip[H200]", "family name 'H200' is also a chip's name or alias"),
    ),
    (
        "two criteria versions from one day",
        lambda: {
            "instruments": [instrument("crit")],
            "criteria": [criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))] * 2,
        },
        ("criteria", "$.version", "two versions start on 2021-01-01"),
    ),
    (
        "country in a group twice at once",
        lambda: {"groups": [group("G", m.Membership(country="CU"), m.Membership(country="CU"))]},
        ("groups", "$.group[G]", "CU is a member twice at once"),
    ),
]


@pytest.mark.parametrize(("parts", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_problem_reported(parts, expected):
    """Each broken part is refused with a problem naming its file, its path and what is wrong."""
    given = parts()
    got = found(*given.pop("instruments", ()), **given)
    file, path, words = expected
    assert any(f == file and p == path and words in message for f, p, message in got), got


# ------------------------------------------------------------------ every problem, once, in order


class TestValidation:
    def test_duplicates_are_reported_once_each_in_order(self):
        """Repeated chip names, group ids and instrument ids are each reported once, sorted within their kind."""
        got = found(
            instrument("b"),
            instrument("a"),
            instrument("b"),
            instrument("a"),
            instrument("c"),
            groups=[group("G2"), group("G1"), group("G2"), group("G1"), group("G3")],
            chips=[BETA, ALPHA, BETA, ALPHA, m.Chip(name="Gamma")],
        )
        assert_problems(
            got,
            [
                ("chips", "$.chip", "duplicate chip name 'Alpha'"),
                ("chips", "$.chip", "duplicate chip name 'Beta'"),
                ("groups", "$.group", "duplicate group id 'G1'"),
                ("groups", "$.group", "duplicate group id 'G2'"),
                ("instrument:a", "$.id", "duplicate instrument id 'a'"),
                ("instrument:b", "$.id", "duplicate instrument id 'b'"),
            ],
        )

    def test_same_name_twice_is_one_duplicate_not_a_shared_alias(self):
        """A chip listed twice is a duplicate chip, not an alias shared by two chips."""
        assert_problems(found(chips=[ALPHA, ALPHA]), [("chips", "$.chip", "duplicate chip name 'Alpha'")])

    def test_shared_aliases_name_their_chips_sorted(self):
        """A name or alias used by several chips names them all, sorted, once per name."""
        got = found(
            chips=[
                m.Chip(name="Zeta", aliases=["alpha"]),
                ALPHA,
                m.Chip(name="Eta", aliases=["alpha"]),
                m.Chip(name="Theta", aliases=["t-1"]),
                m.Chip(name="Iota", aliases=["T1"]),
            ]
        )
        assert_problems(
            got,
            [
                ("chips", "$.chip", "name or alias 'alpha' is shared by Alpha, Eta, Zeta"),
                ("chips", "$.chip", "name or alias 't1' is shared by Iota, Theta"),
            ],
        )

    def test_membership_problems(self):
        """Each membership is checked for its country, its instruments and the instruments its dates need."""
        members = [
            m.Membership(country="XX"),
            m.Membership(
                country="NI", start=day("2022-01-01"), added_by="gone-1", end=day("2023-01-01"), removed_by="gone-2"
            ),
            m.Membership(country="CU", start=day("2020-01-01")),  # from the record's first day
            m.Membership(country="IR", start=day("2019-06-01")),  # from before it
            m.Membership(country="KP", start=day("2020-01-02")),
            m.Membership(country="SY", end=day("2022-01-01")),
            m.Membership(country="VE", start=day("2022-01-01"), added_by="a", end=day("2023-01-01"), removed_by="a"),
        ]
        got = found(instrument("a"), groups=[group("G", *members)])
        assert_problems(
            got,
            [
                ("groups", "$.group[G].members[0].country", "unknown ISO 3166-1 code 'XX'"),
                ("groups", "$.group[G].members[1].added_by", "refers to unknown instrument 'gone-1'"),
                ("groups", "$.group[G].members[1].removed_by", "refers to unknown instrument 'gone-2'"),
                (
                    "groups",
                    "$.group[G].members[4].added_by",
                    "a membership that starts inside the record needs added_by",
                ),
                ("groups", "$.group[G].members[5].removed_by", "a membership that ends needs removed_by"),
            ],
        )

    def test_merge_alias_and_criteria_problems(self):
        """Merges, country aliases and criteria are checked for their codes and instruments."""
        version = criteria(
            m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], instrument="para"),
            m.Paragraph(code="3A090.b", prong="3A090.b", tests=[TPP_4800]),
            m.Paragraph(code="3A090.c", prong="3A090.c", tests=[TPP_4800], instrument="a"),
        )
        merges = [m.Merge(code="HK", into="CN", start=day("2021-01-01")), m.Merge(code="XX", into="YY")]
        got = found(
            instrument("a", merges=merges),
            country_aliases=[m.CountryAlias(name="Emirates", code="AE"), m.CountryAlias(name="Nowhere", code="XX")],
            criteria=[version],
        )
        assert_problems(
            got,
            [
                ("criteria", "$.version[criteria-2021-01-01].instrument", "refers to unknown instrument 'crit'"),
                (
                    "criteria",
                    "$.version[criteria-2021-01-01].paragraphs[3A090.a].instrument",
                    "refers to unknown instrument 'para'",
                ),
                ("countries", "$.alias[1].code", "unknown ISO 3166-1 code 'XX'"),
                ("instrument:a", "$.merges[1]", "unknown ISO 3166-1 code 'XX'"),
                ("instrument:a", "$.merges[1]", "unknown ISO 3166-1 code 'YY'"),
            ],
        )

    def test_problems_name_their_file(self):
        """With origins, every problem names the file its part came from."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], instrument="para"))
        got = found(
            instrument("r", provisions=[provision(destinations=m.DestinationScope(countries=["XX"]))]),
            instrument("r", merges=[m.Merge(code="XX", into="CN")]),
            groups=[group("G", m.Membership(country="NI", end=day("2022-01-01")))],
            country_aliases=[m.CountryAlias(name="Nowhere", code="XX")],
            criteria=[version],
            chips=[ALPHA, ALPHA],
            origins=[
                ("instrument:r", "instruments/r.toml"),
                ("groups", "groups.toml"),
                ("countries", "countries.toml"),
                ("criteria", "criteria.toml"),
                ("chips", "chips.toml"),
            ],
        )
        assert_problems(
            got,
            [
                ("chips.toml", "$.chip", "duplicate chip name 'Alpha'"),
                ("groups.toml", "$.group[G].members[0].removed_by", "a membership that ends needs removed_by"),
                ("criteria.toml", "$.version[criteria-2021-01-01].instrument", "refers to unknown instrument 'crit'"),
                (
                    "criteria.toml",
                    "$.version[criteria-2021-01-01].paragraphs[3A090.a].instrument",
                    "refers to unknown instrument 'para'",
                ),
                ("countries.toml", "$.alias[0].code", "unknown ISO 3166-1 code 'XX'"),
                ("instruments/r.toml", "$.id", "duplicate instrument id 'r'"),
                ("instruments/r.toml", "$.provisions[p].destinations", "unknown ISO 3166-1 code 'XX'"),
                ("instruments/r.toml", "$.merges[0]", "unknown ISO 3166-1 code 'XX'"),
            ],
        )
        just_one = found(RULE, RULE, origins=[("instrument:a", "instruments/a.toml")])
        assert_problems(just_one, [("instruments/a.toml", "$.id", "duplicate instrument id 'a'")])

    def test_scope_problems_everywhere_a_scope_is(self):
        """Item, destination and party scopes are checked in provisions, amendments, licences and tiers."""
        bad_items = m.ItemScope(products=["Gamma", "Alpha"], exclude_products=["Delta"])
        bad_places = m.DestinationScope(
            countries=["YY", "CN"], except_countries=["XX"], groups=["G9", "G"], except_groups=["G8"]
        )
        bad_parties = m.PartyScope(headquartered_in_groups=["G7", "G"], headquartered_in_countries=["ZZ", "CN"])
        licence = m.License(id="lic", holder="H", products=["Gamma"], destinations=m.DestinationScope(groups=["G9"]))
        r = instrument(
            "r",
            provisions=[provision(items=bad_items, destinations=bad_places, parties=bad_parties)],
            licenses=[licence],
            tiers=[
                m.Tier(name="Tier 1", rank=1, destinations=m.DestinationScope(countries=["XX"])),
                m.Tier(name="Tier 2", rank=2, destinations=m.DestinationScope(except_groups=["G"])),
            ],
        )
        changes = amending(
            "c",
            m.ScopeChange(target="r/p", items=m.ItemScope(products=["Gamma"]), parties=m.PartyScope()),
            m.ReviewPolicyChange(
                target="r/p",
                review_policy=m.ReviewPolicy.CASE_BY_CASE,
                within_items=m.ItemScope(exclude_products=["Delta"]),
                within_destinations=m.DestinationScope(countries=["XX"]),
            ),
            m.ExceptionChange(
                target="r/p", exceptions=["NAC"], within_destinations=m.DestinationScope(except_countries=["CN"])
            ),
            m.ScopeChange(target="r/p", destinations=m.DestinationScope(everywhere=True)),
        )
        got = found(r, changes, groups=[group("G")])
        r_, c_ = "instrument:r", "instrument:c"
        assert_problems(
            got,
            [
                (r_, "$.provisions[p].items.products", "unknown chip or family 'Delta'"),
                (r_, "$.provisions[p].items.products", "unknown chip or family 'Gamma'"),
                (r_, "$.provisions[p].destinations", "unknown ISO 3166-1 code 'XX'"),
                (r_, "$.provisions[p].destinations", "unknown ISO 3166-1 code 'YY'"),
                (r_, "$.provisions[p].destinations", "unknown country group 'G8'"),
                (r_, "$.provisions[p].destinations", "unknown country group 'G9'"),
                (r_, "$.provisions[p].parties", "unknown country group 'G7'"),
                (r_, "$.provisions[p].parties", "unknown ISO 3166-1 code 'ZZ'"),
                (r_, "$.licenses[lic].items.products", "unknown chip or family 'Gamma'"),
                (r_, "$.licenses[lic].destinations", "unknown country group 'G9'"),
                (r_, "$.tiers[Tier 1].destinations", "unknown ISO 3166-1 code 'XX'"),
                (r_, "$.tiers[Tier 2].destinations", "covers no destination"),
                (c_, "$.amendments[0].items.products", "unknown chip or family 'Gamma'"),
                (c_, "$.amendments[1].items.products", "unknown chip or family 'Delta'"),
                (c_, "$.amendments[1].destinations", "unknown ISO 3166-1 code 'XX'"),
                (c_, "$.amendments[2].destinations", "covers no destination"),
            ],
        )

    def test_what_a_destination_scope_must_name(self):
        """A destination scope must cover everywhere, some countries or some groups; exceptions alone cover none."""
        scopes = {
            "everywhere": m.DestinationScope(everywhere=True),
            "countries": m.DestinationScope(countries=["CN"]),
            "groups": m.DestinationScope(groups=["G"]),
            "nothing": m.DestinationScope(),
            "only-exceptions": m.DestinationScope(except_countries=["CN"], except_groups=["G"]),
        }
        r = instrument("r", provisions=[provision(name, destinations=scope) for name, scope in scopes.items()])
        assert_problems(
            found(r, groups=[group("G")]),
            [
                ("instrument:r", "$.provisions[nothing].destinations", "covers no destination"),
                ("instrument:r", "$.provisions[only-exceptions].destinations", "covers no destination"),
            ],
        )

    def test_kept_groups_within_a_tier(self):
        """A provision keeping members of a group it excepts lies within a tier that excepts nothing, or that keeps
        the same groups; its tier is then accepted."""
        keeping = m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"])
        for tier_scope in (
            m.DestinationScope(everywhere=True),
            m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"]),
        ):
            r = instrument(
                "r",
                provisions=[provision(destinations=keeping, tier="T")],
                tiers=[m.Tier(name="T", rank=1, destinations=tier_scope)],
            )
            record = m.Record(info=INFO, instruments=[r], chips=CHIPS, groups=[group("G"), group("K")])
            assert record.instrument("r").provisions[0].destinations == keeping

    def test_kept_groups_need_an_excepted_group_and_must_exist(self):
        """keep_groups spares members of except_groups: without an excepted group it means nothing and is refused, a
        kept group must be defined, and a group both excepted and kept is refused (its exception would be void)."""
        scopes = {
            "fine": m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"]),
            "nothing-excepted": m.DestinationScope(everywhere=True, keep_groups=["K"]),
            "unknown": m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["G5"]),
            "self": m.DestinationScope(everywhere=True, except_groups=["G", "K"], keep_groups=["K"]),
        }
        r = instrument("r", provisions=[provision(name, destinations=scope) for name, scope in scopes.items()])
        assert_problems(
            found(r, groups=[group("G"), group("K")]),
            [
                (
                    "instrument:r",
                    "$.provisions[nothing-excepted].destinations.keep_groups",
                    "keeps members of excepted groups, but the scope excepts no group: give except_groups",
                ),
                ("instrument:r", "$.provisions[unknown].destinations", "unknown country group 'G5'"),
                (
                    "instrument:r",
                    "$.provisions[self].destinations.keep_groups",
                    "keeps 'K', a group it excepts: the exception would except nothing",
                ),
            ],
        )

    def test_what_a_provision_must_cover(self):
        """A provision must cover all items, some classifications or some products."""
        scopes = {
            "all": m.ItemScope(all_items=True),
            "classified": m.ItemScope(classifications=["3A090"]),
            "named": m.ItemScope(products=["Alpha"]),
            "only-filters": m.ItemScope(datacenter=True, exclude_products=["Alpha"], bounds=[TPP_4800]),
        }
        r = instrument("r", provisions=[provision(name, items=scope) for name, scope in scopes.items()])
        assert_problems(
            found(r),
            [
                (
                    "instrument:r",
                    "$.provisions[only-filters].items",
                    "covers no item: give classifications, products or all_items = true",
                )
            ],
        )

    def test_expiry_on_or_before_taking_effect(self):
        """A provision or instrument that expires on or before the day it takes effect is refused."""
        r = instrument(
            "r",
            provisions=[
                provision("same-day", expires=day("2021-01-01")),
                provision("next-day", expires=day("2021-01-02")),
                provision("own-day", effective=day("2022-01-01"), expires=day("2021-06-01")),
                provision("own-later", effective=day("2022-01-01"), expires=day("2022-01-02")),
            ],
        )
        same = instrument("same", expires=day("2021-01-01"))
        after = instrument("after", expires=day("2021-01-02"))
        earlier = instrument("earlier", expires=day("2020-06-01"))
        standing = instrument(
            "standing", published=None, effective=None, standing=True, provisions=[provision(expires=day("2021-01-01"))]
        )
        words = "expires on or before it takes effect"
        assert_problems(
            found(r, same, after, earlier, standing),
            [
                ("instrument:earlier", "$.expires", words),
                ("instrument:r", "$.provisions[same-day].expires", words),
                ("instrument:r", "$.provisions[own-day].expires", words),
                ("instrument:same", "$.expires", words),
            ],
        )

    def test_taking_effect_before_publication_needs_a_note(self):
        """An instrument in effect before it was published or announced must say why in its date notes."""
        got = found(
            instrument("early", published="2021-06-01", effective="2021-01-01"),
            instrument("on-time", published="2021-06-01", effective="2021-06-01"),
            instrument("announced", announced=day("2020-12-01"), published="2021-06-01", effective="2021-01-01"),
            instrument("noted", published="2021-06-01", effective="2021-01-01", date_notes="Interim final rule."),
        )
        assert_problems(
            got,
            [("instrument:early", "$.date_notes", "takes effect before it was published or announced: say why")],
        )

    def test_amendment_targets(self):
        """An amendment must target a known instrument, a provision it has, or an instrument with provisions."""
        rp = m.ReviewPolicy.CASE_BY_CASE
        changes = amending(
            "c",
            m.Rescission(target="gone"),
            m.Rescission(target="gone/p"),
            m.Rescission(target="r/q"),
            m.Rescission(target="bare"),
            m.Rescission(target="r"),
            m.Rescission(target="r/p"),
            m.Rescission(target="c/p"),
            m.Rescission(target="c"),
            m.Replacement(target="r/p", by="z"),
            m.Replacement(target="r/p", by="p"),
            m.ReviewPolicyChange(target="bare/p", review_policy=rp, start=day("2023-01-01")),
            provisions=[provision()],
        )
        c_ = "instrument:c"
        assert_problems(
            found(instrument("r", provisions=[provision()]), instrument("bare"), changes),
            [
                (c_, "$.amendments[0].target", "refers to unknown instrument 'gone'"),
                (c_, "$.amendments[1].target", "refers to unknown instrument 'gone'"),
                (c_, "$.amendments[2].target", "instrument 'r' has no provision 'q'"),
                (c_, "$.amendments[3].target", "instrument 'bare' has no provisions to amend"),
                (c_, "$.amendments[6].target", "an instrument cannot amend itself"),
                (c_, "$.amendments[7].target", "an instrument cannot amend itself"),
                (c_, "$.amendments[8].by", "no provision 'z' in this instrument"),
                (c_, "$.amendments[10].target", "instrument 'bare' has no provision 'p'"),
            ],
        )

    def test_amendments_ending_on_or_before_they_start(self):
        """A dated amendment must end after it starts: its own start, or else its instrument's effective day."""
        changes = amending(
            "c",
            m.Suspension(target="r", end=day("2021-12-01")),
            m.Suspension(target="r", end=day("2022-01-02")),
            m.NonEnforcement(target="r", end=day("2022-01-01")),
            m.NonEnforcement(target="r", end=day("2022-01-02")),
            m.NonEnforcement(target="r", start=day("2021-06-01"), end=day("2021-12-01")),
            m.NonEnforcement(target="r", start=day("2023-01-01"), end=day("2022-06-01")),
            m.NonEnforcement(target="r"),
            m.ComplianceDelay(target="r", compliance=day("2021-06-01")),
        )
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[m.NonEnforcement(target="r", end=day("2020-06-01"))],
        )
        c_ = "instrument:c"
        assert_problems(
            found(instrument("r", provisions=[provision()]), changes, standing),
            [
                (c_, "$.amendments[0].end", "ends (2021-12-01) on or before it starts (2022-01-01)"),
                (c_, "$.amendments[2].end", "ends (2022-01-01) on or before it starts (2022-01-01)"),
                (c_, "$.amendments[5].end", "ends (2022-06-01) on or before it starts (2023-01-01)"),
            ],
        )

    def test_policy_changes_of_one_provision_on_one_day(self):
        """Two unscoped changes of the same kind, to the same target, from the same day contradict each other."""
        rp = m.ReviewPolicy
        changes = amending(
            "c",
            m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
            m.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL, start=day("2022-01-01")),
            m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE, start=day("2022-06-01")),
            m.ReviewPolicyChange(target="r/q", review_policy=rp.CASE_BY_CASE),
            m.ExceptionChange(target="r/p", exceptions=["NAC"]),
            m.ReviewPolicyChange(
                target="r/p", review_policy=rp.CASE_BY_CASE, within_items=m.ItemScope(products=["Alpha"])
            ),
            m.ExceptionChange(
                target="r/p", exceptions=["ACA"], within_destinations=m.DestinationScope(countries=["CN"])
            ),
            m.ReviewPolicyChange(target="r/p", review_policy=rp.PRESUMPTION_OF_DENIAL),
            m.ExceptionChange(target="r/p", exceptions=["ACA"], start=day("2022-01-01")),
        )
        c_ = "instrument:c"
        assert_problems(
            found(instrument("r", provisions=[provision(), provision("q")]), changes),
            [
                (c_, "$.amendments[1]", "contradicts amendments[0] on the same provision and day"),
                (c_, "$.amendments[7]", "contradicts amendments[1] on the same provision and day"),
                (c_, "$.amendments[8]", "contradicts amendments[4] on the same provision and day"),
            ],
        )

    def test_standing_policy_changes_without_a_day_never_contradict(self):
        """Policy changes with no day of their own, in an instrument without one, are not compared."""
        rp = m.ReviewPolicy
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[
                m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
                m.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL),
            ],
        )
        rb = book(instrument("r", provisions=[provision()]), standing)
        assert [i.id for i in rb.instruments] == ["standing", "r"]

    def test_sub_scoped_and_undated_changes_of_two_instruments_do_not_contradict(self):
        """Changes limited to sub-scopes, and undated changes of two standing instruments, are never contradictions."""
        within = m.DestinationScope(countries=["CN"])
        rb = book(
            RULE,
            amending("b", m.ReviewPolicyChange(target="a/p", review_policy=m.ReviewPolicy.CASE_BY_CASE)),
            amending(
                "c",
                m.ReviewPolicyChange(
                    target="a/p", review_policy=m.ReviewPolicy.POLICY_OF_DENIAL, within_destinations=within
                ),
            ),
        )
        assert rb.status_at("2022-06-01", ALPHA, "CN").review_policy is m.ReviewPolicy.POLICY_OF_DENIAL
        standing = [
            instrument(
                ident,
                published=None,
                effective=None,
                standing=True,
                amendments=[m.ReviewPolicyChange(target="a/p", review_policy=m.ReviewPolicy.CASE_BY_CASE)],
            )
            for ident in ("s1", "s2")
        ]
        assert len(book(RULE, *standing).instruments) == 3

    def test_an_undated_change_does_not_hide_the_next(self):
        """After an undated policy change, the same instrument's dated changes are still compared with others'."""
        rp = m.ReviewPolicy
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[
                m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
                m.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL, start=day("2022-01-01")),
            ],
        )
        got = found(
            instrument("r", provisions=[provision()]),
            standing,
            amending("b", m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE)),
        )
        assert_problems(
            got, [("instrument:b", "$.amendments", "contradicts 'standing': both change 'r/p' from 2022-01-01")]
        )

    def test_licences_ending_on_or_before_they_start(self):
        """A licence must end after it starts: its own start, or else its instrument's effective day."""

        def licence(ident: str, **dates: dt.date) -> m.License:
            return m.License(
                id=ident, holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]), **dates
            )

        grant = instrument(
            "g",
            licenses=[
                licence("same", start=day("2022-01-01"), end=day("2022-01-01")),
                licence("next", start=day("2022-01-01"), end=day("2022-01-02")),
                licence("inherited", end=day("2021-01-01")),
                licence("inherited-next", end=day("2021-01-02")),
                licence("open", start=day("2022-01-01")),
                licence("reversed", start=day("2022-01-01"), end=day("2021-06-01")),
            ],
        )
        words = "ends on or before it starts"
        assert_problems(
            found(grant),
            [
                ("instrument:g", "$.licenses[same].end", words),
                ("instrument:g", "$.licenses[inherited].end", words),
                ("instrument:g", "$.licenses[reversed].end", words),
            ],
        )

    def test_instruments_changing_one_provision_from_one_day(self):
        """Two instruments making the same unscoped change to one provision from one day contradict each other."""
        rp = m.ReviewPolicy
        got = found(
            instrument("r", provisions=[provision(), provision("q")]),
            amending("b", m.ExceptionChange(target="r/p", exceptions=["NAC"])),
            amending("c", m.ExceptionChange(target="r/p", exceptions=["LPP"])),
            amending("d", m.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE)),
            amending("e", m.ExceptionChange(target="r/q", exceptions=["LPP"])),
            amending("f", m.ExceptionChange(target="r/p", exceptions=["LPP"], start=day("2022-06-01"))),
            amending(
                "g",
                m.ExceptionChange(
                    target="r/p", exceptions=["LPP"], within_destinations=m.DestinationScope(countries=["CN"])
                ),
            ),
            amending("h", m.ExceptionChange(target="r/p", exceptions=["ACA"])),
            origins=[("instrument:h", "instruments/h.toml")],
        )
        assert_problems(
            got,
            [
                ("instrument:c", "$.amendments", "contradicts 'b': both change 'r/p' from 2022-01-01"),
                ("instruments/h.toml", "$.amendments", "contradicts 'c': both change 'r/p' from 2022-01-01"),
            ],
        )
