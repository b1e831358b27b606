"""The rulebook's query API and record validation, pinned where mutation testing found them unchecked:
the arguments named in refusals, the first and last day of coverage, default chips and destinations,
``known_on``, ``basis`` and ``headquartered_in`` passed through, repeated typed queries, tiers, the
exact text of lookup errors, and every problem of a broken record, exactly once and in order.

Each test builds the smallest rulebook that shows one behaviour (``mutation_records``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import chipcontrols as cc
from chipcontrols import errors
from mutation_records import ABROAD, ALPHA, BETA, TPP_4800, VAGUE, book, criteria, day, instrument, provision
from small_records import problems

RULE = instrument("r", provisions=[provision()])
IN_TIER = cc.Tier(name="Tier 2", rank=2, destinations=cc.DestinationScope(countries=["IN"]))
CN_TIER = cc.Tier(name="Tier 3", rank=3, destinations=cc.DestinationScope(countries=["CN"]))
GROUP_TIER = cc.Tier(name="Tier 1", rank=1, destinations=cc.DestinationScope(groups=["T"]))


def pairs(changes: tuple[cc.Change, ...]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.chip, c.country, c.fields, c.instruments) for c in changes]


def joined_group() -> cc.CountryGroup:
    """India joins group T on 2021-06-01, by the instrument ``join`` published that day."""
    member = cc.Membership(country="IN", start=day("2021-06-01"), added_by="join")
    return cc.CountryGroup(id="T", name="Group T", members=[member])


DATE_ARGUMENTS: dict[str, tuple[str, Callable[[cc.Rulebook], object]]] = {
    "tiers_at": ("date", lambda rb: rb.tiers_at("CN", "June")),
    "explain_classification": ("date", lambda rb: rb.explain_classification("Alpha", "June")),
    "classify": ("date", lambda rb: rb.classify("Alpha", "June")),
    "diff-a": ("date_a", lambda rb: rb.diff("June", "2022-01-01")),
    "diff-b": ("date_b", lambda rb: rb.diff("2022-01-01", "June")),
    "grid": ("dates", lambda rb: rb.grid(["2022-01-01", "June"], ["Alpha"], ["CN"])),
    "members-known_on": ("known_on", lambda rb: rb.members("T", "2022-01-01", known_on="June")),
    "status_at-known_on": ("known_on", lambda rb: rb.status_at("2022-01-01", "Alpha", "CN", known_on="June")),
    "tiers_at-known_on": ("known_on", lambda rb: rb.tiers_at("CN", "2022-01-01", known_on="June")),
    "classify-known_on": ("known_on", lambda rb: rb.classify("Alpha", "2022-01-01", known_on="June")),
    "history-known_on": ("known_on", lambda rb: rb.history("Alpha", "CN", known_on="June")),
    "history-start": ("start", lambda rb: rb.history("Alpha", "CN", start="June")),
    "history-end": ("end", lambda rb: rb.history("Alpha", "CN", end="June")),
    "timeline-start": ("start", lambda rb: rb.timeline(start="June")),
    "timeline-end": ("end", lambda rb: rb.timeline(end="June")),
}


@pytest.mark.parametrize(("argument", "call"), list(DATE_ARGUMENTS.values()), ids=list(DATE_ARGUMENTS))
def test_a_refused_date_names_its_argument(argument, call):
    """A date that is not YYYY-MM-DD is refused with the name of the parameter it was passed as."""
    rb = book(RULE, instrument("join", published="2021-06-01", effective="2021-06-01"), groups=[joined_group()])
    with pytest.raises(errors.InvalidDateError) as info:
        call(rb)
    assert str(info.value) == (
        f"{argument}: expected a datetime.date or a 'YYYY-MM-DD' string, got 'June' (not in YYYY-MM-DD form)"
    )
    assert info.value.argument == argument and info.value.value == "June"


class TestCoverageEdges:
    def test_first_and_last_days_are_answered(self):
        """The first and the last day of coverage are inside it for every query that checks a day."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]), start="2020-01-01")
        rb = book(instrument("crit", published="2020-01-01", effective="2020-01-01"), RULE, criteria=[version])
        for edge in ("2020-01-01", "2025-12-31"):
            assert rb.tiers_at("IN", edge) == ()
            assert rb.explain_classification("Alpha", edge).paragraph == "3A090.a"
            assert rb.classify("Alpha", day(edge)) == "3A090.a"
        g = rb.grid(["2025-12-31", "2020-01-01"], ["Alpha"], ["CN"])
        assert g.dates == (day("2020-01-01"), day("2025-12-31"))
        assert [s.license_required for _, _, _, s in g] == [False, True]
        changes = rb.diff("2020-01-01", "2025-12-31", chips=["Alpha"], countries=["CN"])
        assert pairs(changes) == [("Alpha", "CN", ("license_required",), ("r",))]
        assert pairs(rb.diff("2025-12-31", "2020-01-01", chips=["Alpha"], countries=["CN"])) == [
            ("Alpha", "CN", ("license_required",), ("r",))
        ]

    def test_days_outside_are_refused(self):
        """The days just outside coverage are refused, naming the coverage."""
        rb = book(RULE)
        calls = [
            lambda d: rb.tiers_at("IN", d),
            lambda d: rb.explain_classification("Alpha", d),
            lambda d: rb.grid([d], ["Alpha"], ["CN"]),
            lambda d: rb.diff("2022-01-01", d),
        ]
        for outside in ("2019-12-31", "2026-01-01"):
            for call in calls:
                with pytest.raises(errors.OutsideCoverageError) as info:
                    call(outside)
                assert str(info.value) == (
                    f"{outside} is outside the record's coverage (2020-01-01 to 2025-12-31): "
                    "the record does not say what applied then"
                )


class TestClassify:
    def test_known_on_reaches_the_criteria(self):
        """``classify`` answers from the criteria public on ``known_on``."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(instrument("crit"), criteria=[version])
        assert rb.classify("Alpha", "2022-01-01") == "3A090.a"
        assert rb.classify("Alpha", "2022-01-01", known_on="2020-06-01") is None
        assert rb.classify("Alpha", "2022-01-01", known_on="2021-01-01") == "3A090.a"

    def test_undetermined_names_the_chip(self):
        """A chip lacking the deciding specification is refused with its name, the day and what is missing."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(instrument("crit"), criteria=[version])
        with pytest.raises(errors.UndeterminedClassificationError) as info:
            rb.classify(VAGUE, "2022-01-01")
        assert str(info.value) == (
            "cannot classify 'Vague' on 2022-01-01: the record lacks tpp; "
            "supply it with chipcontrols.Chip(...) or use explain_classification()"
        )
        assert info.value.chip == "Vague" and info.value.missing == ("tpp",)


class TestDiff:
    def test_every_catalogue_chip_by_default(self):
        """Without ``chips``, a diff covers every chip of the catalogue, in catalogue order."""
        changes = book(RULE).diff("2020-06-01", "2022-01-01", countries=["CN"])
        assert pairs(changes) == [
            (chip.name, "CN", ("license_required",), ("r",)) for chip in (ALPHA, BETA, ABROAD, VAGUE)
        ]

    def test_every_country_by_default(self):
        """Without ``countries``, a diff covers every country, reporting those that changed."""
        rule = instrument("r", provisions=[provision(destinations=cc.DestinationScope(countries=["CN", "RU"]))])
        changes = book(rule).diff("2020-06-01", "2022-01-01", chips=["Alpha"])
        assert pairs(changes) == [
            ("Alpha", "CN", ("license_required",), ("r",)),
            ("Alpha", "RU", ("license_required",), ("r",)),
        ]

    def test_an_unchanged_destination_does_not_end_the_walk(self):
        """A destination that did not change is skipped, and the ones after it are still compared."""
        changes = book(RULE).diff("2020-06-01", "2022-01-01", chips=["Alpha", "Beta"], countries=["RU", "CN", "DE"])
        assert [(c.chip, c.country) for c in changes] == [("Alpha", "CN"), ("Beta", "CN")]

    def test_known_on_reaches_both_days_and_the_causes(self):
        """``known_on`` applies to the status on each day and to the steps that name the causes."""
        late = instrument(
            "late",
            published="2023-01-01",
            effective="2020-06-01",
            date_notes="Retroactive to the announcement of the policy.",
            provisions=[provision()],
        )
        rb = book(RULE, late)
        forward = rb.diff("2020-09-01", "2022-01-01", chips=["Alpha"], countries=["CN"], known_on="2022-01-01")
        backward = rb.diff("2022-01-01", "2020-09-01", chips=["Alpha"], countries=["CN"], known_on="2022-01-01")
        assert pairs(forward) == pairs(backward) == [("Alpha", "CN", ("license_required",), ("r",))]
        (change,) = forward
        assert change.before.known_on == change.after.known_on == day("2022-01-01")
        assert not change.before.license_required and change.after.license_required
        assert rb.diff("2020-09-01", "2022-01-01", chips=["Alpha"], countries=["CN"]) == ()
        assert rb.diff("2022-01-01", "2020-09-01", chips=["Alpha"], countries=["CN"]) == ()

    def test_basis_reaches_both_days_and_the_causes(self):
        """``basis`` applies to the status on each day and to the steps that name the causes."""
        rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
        for a, b in (("2020-06-01", "2021-09-01"), ("2021-09-01", "2020-06-01")):
            legal = rb.diff(a, b, chips=["Alpha"], countries=["CN"], basis="legal")
            assert pairs(legal) == [("Alpha", "CN", ("license_required",), ("r",))]
            assert legal[0].before.basis_kind is legal[0].after.basis_kind is cc.Basis.LEGAL
            assert rb.diff(a, b, chips=["Alpha"], countries=["CN"]) == ()

    def test_a_step_on_the_first_day_is_not_a_cause(self):
        """Only steps after the earlier day count as causes: what began on that day was already in force."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "later",
                published="2021-06-01",
                effective="2022-01-01",
                amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
            ),
        )
        for a, b in (("2021-01-01", "2022-06-01"), ("2022-06-01", "2021-01-01")):
            assert pairs(rb.diff(a, b, chips=["Alpha"], countries=["CN"])) == [
                ("Alpha", "CN", ("review_policy",), ("later",))
            ]


class TestGrid:
    def test_every_catalogue_chip_by_default(self):
        """Without ``chips``, a grid holds every chip of the catalogue."""
        g = book(RULE).grid(["2022-01-01"], countries=["CN"])
        assert g.chips == (ALPHA, BETA, ABROAD, VAGUE)
        assert [(c.name, k.code, s.license_required) for _, c, k, s in g] == [
            ("Alpha", "CN", True),
            ("Beta", "CN", True),
            ("Abroad", "CN", True),
            ("Vague", "CN", True),
        ]

    def test_every_country_by_default(self):
        """Without ``countries``, a grid holds every ISO 3166-1 country."""
        rb = book(RULE)
        g = rb.grid(["2022-01-01"], ["Alpha"])
        assert g.countries == rb.countries() and len(g) == len(rb.countries())
        assert [k.code for _, _, k, s in g if s.license_required] == ["CN"]

    def test_known_on_is_passed_on(self):
        """A grid answers from what was public on ``known_on``."""
        g = book(RULE).grid(["2022-01-01"], ["Alpha"], ["CN"], known_on="2020-06-01")
        s = g.status("2022-01-01", "Alpha", "CN")
        assert not s.license_required and s.known_on == day("2020-06-01")

    def test_headquarters_are_passed_on(self):
        """A grid applies headquarters rules to the buyer's headquarters when given."""
        parties = cc.PartyScope(headquartered_in_countries=["CN"])
        rule = instrument(
            "r", provisions=[provision(destinations=cc.DestinationScope(everywhere=True), parties=parties)]
        )
        rb = book(rule)
        assert rb.grid(["2022-01-01"], ["Alpha"], ["DE"], headquartered_in="CN").records()[0]["license_required"]
        assert not rb.grid(["2022-01-01"], ["Alpha"], ["DE"], headquartered_in="FR").records()[0]["license_required"]


class TestLookups:
    def test_unknown_group_lists_the_groups(self):
        """An unknown group id is refused, listing every group id."""
        groups = [cc.CountryGroup(id="A:1", name="Group A"), cc.CountryGroup(id="B:2", name="Group B")]
        rb = book(groups=groups)
        assert rb.group("b:2").id == "B:2"
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.group("C:3")
        assert str(info.value) == "group: expected one of A:1, B:2, got 'C:3'"
        assert (info.value.argument, info.value.value, info.value.expected) == ("group", "C:3", "one of A:1, B:2")

    def test_unknown_instrument_offers_four_close_matches(self):
        """An unknown instrument id is refused with at most four close matches."""
        rb = book(*(instrument(f"rule-{n}") for n in range(1, 7)))
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.instrument("rule-0")
        assert str(info.value) == (
            "instrument: expected an instrument id; close matches: rule-6, rule-5, rule-4, rule-3, got 'rule-0'"
        )
        assert (info.value.argument, info.value.value) == ("instrument", "rule-0")
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.instrument("nothing like it")
        assert str(info.value) == "instrument: expected an instrument id, got 'nothing like it'"

    def test_two_close_matches_are_listed(self):
        """Fewer than four close matches are all listed, comma-separated."""
        rb = book(instrument("rule-1"), instrument("rule-2"), instrument("other"))
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.instrument("rule-3")
        assert str(info.value) == "instrument: expected an instrument id; close matches: rule-2, rule-1, got 'rule-3'"


class TestTiers:
    def test_from_the_effective_day(self):
        """A framework places destinations in tiers from its effective day on."""
        rb = book(instrument("t", tiers=[IN_TIER]))
        assert rb.tiers_at("IN", "2021-01-01") == (("t", IN_TIER),)
        assert rb.tiers_at("IN", "2020-12-31") == ()

    def test_a_lapsed_framework_does_not_hide_later_ones(self):
        """A framework whose provision has expired is skipped, and later frameworks still count."""
        rb = book(
            instrument("a", tiers=[IN_TIER], provisions=[provision(expires=day("2021-06-01"))]),
            instrument("b", published="2021-02-01", effective="2021-02-01", tiers=[IN_TIER]),
        )
        assert rb.tiers_at("IN", "2021-03-01") == (("a", IN_TIER), ("b", IN_TIER))
        assert rb.tiers_at("IN", "2022-01-01") == (("b", IN_TIER),)

    def test_known_on_reaches_a_merger(self):
        """A merged destination takes the tier of the one it merged into only once the merger is known."""
        merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
        hk = cc.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
        rb = book(instrument("t", tiers=[CN_TIER]), merger, merges=[hk])
        assert rb.tiers_at("HK", "2022-01-01") == (("t", CN_TIER),)
        assert rb.tiers_at("HK", "2022-01-01", known_on="2021-03-01") == ()
        assert rb.tiers_at("CN", "2022-01-01", known_on="2021-03-01") == (("t", CN_TIER),)

    def test_known_on_reaches_group_membership(self):
        """A destination is in a tier defined by a group only once its joining the group is known."""
        join = instrument("join", published="2021-06-01", effective="2021-06-01")
        rb = book(instrument("t", tiers=[GROUP_TIER]), join, groups=[joined_group()])
        assert rb.tiers_at("IN", "2022-01-01") == (("t", GROUP_TIER),)
        assert rb.tiers_at("IN", "2022-01-01", known_on="2021-03-01") == ()
        assert rb.tiers_at("IN", "2021-05-31") == ()


def test_with_instruments_adds_and_replaces():
    """``with_instruments`` adds new instruments and replaces those with the same id, leaving the original alone."""
    rb = book(RULE)
    to_russia = instrument("r", provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))])
    extended = rb.with_instruments(to_russia, instrument("s"))
    assert [i.id for i in extended.instruments] == ["r", "s"]
    assert extended.instrument("r") is to_russia
    assert extended.status_at("2022-01-01", "Alpha", "RU").license_required
    assert not extended.status_at("2022-01-01", "Alpha", "CN").license_required
    assert rb.instruments == (RULE,) and rb.status_at("2022-01-01", "Alpha", "CN").license_required


class TestTypedQueries:
    """Queries with ``Chip`` and ``Country`` objects and a ``datetime.date``, asked repeatedly in any order."""

    def test_a_later_period_of_a_repeated_query(self):
        """A repeated query answers a period it has not answered before."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            assert not rb.status_at(day("2020-06-01"), ALPHA, cn).license_required
        later = rb.status_at(day("2022-01-01"), ALPHA, cn)
        assert later is not None and later.license_required and later.period.start == day("2021-01-01")
        assert later == rb.status_at("2022-01-01", "Alpha", "CN")

    def test_a_string_date_after_repeated_typed_queries(self):
        """A date given as a string is still parsed after the same chip and destination were asked with dates."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            rb.status_at(day("2022-01-01"), ALPHA, cn)
        assert rb.status_at("2022-01-01", ALPHA, cn).license_required
        assert not rb.status_at("2020-06-01", ALPHA, cn).license_required

    def test_last_day_of_a_repeated_query(self):
        """A repeated query answers the first and last days of coverage and refuses the days beyond."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            assert rb.status_at(day("2025-12-31"), ALPHA, cn).license_required
            assert not rb.status_at(day("2020-01-01"), ALPHA, cn).license_required
        for outside in ("2019-12-31", "2026-01-01"):
            with pytest.raises(errors.OutsideCoverageError):
                rb.status_at(day(outside), ALPHA, cn)

    def test_headquarters_are_not_mixed_with_plain_queries(self):
        """Queries with and without ``headquartered_in`` keep their own answers, whichever was asked first."""
        parties = cc.PartyScope(headquartered_in_countries=["CN"])
        rule = instrument(
            "r", provisions=[provision(destinations=cc.DestinationScope(everywhere=True), parties=parties)]
        )
        rb = book(rule)
        de, d = rb.country("DE"), day("2022-01-01")
        for _ in range(3):
            assert rb.status_at(d, ALPHA, de, headquartered_in="CN").license_required
            assert rb.status_at(d, ALPHA, de, headquartered_in="CN").license_required
            assert not rb.status_at(d, ALPHA, de).license_required
            assert not rb.status_at(d, ALPHA, de).license_required

    def test_basis_is_not_mixed_with_plain_queries(self):
        """Queries on the legal basis and on the default (enforced) basis keep their own answers."""
        rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(3):
            assert rb.status_at(d, ALPHA, cn, basis=cc.Basis.LEGAL).license_required
            assert rb.status_at(d, ALPHA, cn, basis=cc.Basis.LEGAL).license_required
            assert not rb.status_at(d, ALPHA, cn).license_required
            assert not rb.status_at(d, ALPHA, cn).license_required

    def test_known_on_is_not_mixed_with_plain_queries(self):
        """Queries as known on a day and on the whole record keep their own answers."""
        rb = book(RULE)
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(3):
            assert not rb.status_at(d, ALPHA, cn, known_on=day("2020-06-01")).license_required
            assert not rb.status_at(d, ALPHA, cn, known_on=day("2020-06-01")).license_required
            assert rb.status_at(d, ALPHA, cn).license_required
            assert rb.status_at(d, ALPHA, cn).license_required

    def test_another_chip_of_the_same_name(self):
        """A ``Chip`` that shares a catalogue name but not its specifications is answered for itself."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        classified = instrument("r", provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))])
        rb = book(instrument("crit"), classified, criteria=[version])
        small = cc.Chip(name="Alpha", tpp=100, die_area_mm2=800, datacenter=True)
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(2):
            assert rb.status_at(d, ALPHA, cn).license_required
            assert not rb.status_at(d, small, cn).license_required
        for _ in range(2):
            assert rb.status_at(d, ALPHA, cn).license_required
        answer = rb.status_at(d, small, cn)
        assert not answer.license_required and answer.chip is small


class TestDateArguments:
    def test_an_unhashable_date_is_refused_by_name(self):
        """A date of an unhashable type is refused as not a date, like any other non-date."""
        rb = book(RULE)
        for _ in range(2):
            with pytest.raises(errors.InvalidDateError) as info:
                rb.status_at(["2022-01-01"], "Alpha", "CN")
            assert str(info.value) == (
                "date: expected a datetime.date or a 'YYYY-MM-DD' string, got ['2022-01-01'] (a list is not a date)"
            )

    def test_a_date_subclass_is_a_date(self):
        """An instance of a ``datetime.date`` subclass is answered like the day it is, even if unhashable."""

        class Day(dt.date):
            def __eq__(self, other: object) -> bool:
                return isinstance(other, dt.date) and dt.date.__eq__(self, other)

            __hash__ = None  # type: ignore[assignment]

        rb = book(RULE)
        for _ in range(2):
            assert rb.status_at(Day(2022, 1, 1), "Alpha", "CN").license_required
            assert not rb.status_at(Day(2020, 6, 1), "Alpha", "CN").license_required


def group(ident: str, *members: cc.Membership) -> cc.CountryGroup:
    return cc.CountryGroup(id=ident, name=f"Group {ident}", members=members)


def amending(ident: str, *amendments: object, **fields: object) -> cc.Instrument:
    """An instrument published and in effect on 2022-01-01 making these amendments."""
    fields.setdefault("published", "2022-01-01")
    fields.setdefault("effective", "2022-01-01")
    return instrument(ident, amendments=amendments, **fields)


class TestValidation:
    """Every problem of a broken record, in the order found, each exactly once (``small_records.problems``)."""

    def test_duplicates_are_reported_once_each_in_order(self):
        """Repeated instrument ids, group ids and chip names are each reported once, sorted."""
        found = problems(
            instruments=[instrument("b"), instrument("a"), instrument("b"), instrument("a"), instrument("c")],
            groups=[group("G2"), group("G1"), group("G2"), group("G1"), group("G3")],
            chips=[BETA, ALPHA, BETA, ALPHA, cc.Chip(name="Gamma")],
        )
        assert found == [
            "instrument:a $.id: duplicate instrument id 'a'",
            "instrument:b $.id: duplicate instrument id 'b'",
            "groups $.group: duplicate group id 'G1'",
            "groups $.group: duplicate group id 'G2'",
            "chips $.chip: duplicate chip name 'Alpha'",
            "chips $.chip: duplicate chip name 'Beta'",
        ]

    def test_shared_aliases_name_their_chips_sorted(self):
        """A name or alias used by several chips names them all, sorted, once per name."""
        found = problems(
            chips=[
                cc.Chip(name="Zeta", aliases=["alpha"]),
                ALPHA,
                cc.Chip(name="Eta", aliases=["alpha"]),
                cc.Chip(name="Theta", aliases=["t-1"]),
                cc.Chip(name="Iota", aliases=["T1"]),
            ]
        )
        assert found == [
            "chips $.chip: name or alias 'alpha' is shared by Alpha, Eta, Zeta",
            "chips $.chip: name or alias 't1' is shared by Iota, Theta",
        ]

    def test_membership_problems(self):
        """Each membership is checked for its country, its instruments and the instruments its dates need."""
        members = [
            cc.Membership(country="XX"),
            cc.Membership(
                country="NI", start=day("2022-01-01"), added_by="gone-1", end=day("2023-01-01"), removed_by="gone-2"
            ),
            cc.Membership(country="NI", start=day("2020-01-01")),
            cc.Membership(country="NI", start=day("2019-06-01")),
            cc.Membership(country="NI", start=day("2020-01-02")),
            cc.Membership(country="NI", end=day("2022-01-01")),
            cc.Membership(country="NI", start=day("2022-01-01"), added_by="a", end=day("2023-01-01"), removed_by="a"),
        ]
        found = problems(instruments=[instrument("a")], groups=[group("G", *members)])
        assert found == [
            "groups $.group[G].members[0].country: unknown ISO 3166-1 code 'XX'",
            "groups $.group[G].members[1].added_by: refers to unknown instrument 'gone-1'",
            "groups $.group[G].members[1].removed_by: refers to unknown instrument 'gone-2'",
            "groups $.group[G].members[4].added_by: a membership that starts inside coverage needs added_by",
            "groups $.group[G].members[5].removed_by: a membership that ends needs removed_by",
        ]

    def test_merge_alias_and_criteria_problems(self):
        """Merges, country aliases and criteria are checked for their codes and instruments."""
        version = criteria(
            cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], instrument="para"),
            cc.Paragraph(code="3A090.b", prong="3A090.b", tests=[TPP_4800]),
            cc.Paragraph(code="3A090.c", prong="3A090.c", tests=[TPP_4800], instrument="a"),
        )
        found = problems(
            instruments=[instrument("a")],
            merges=[
                cc.Merge(code="HK", into="CN", start=day("2021-01-01"), instrument="a"),
                cc.Merge(code="XX", into="YY", start=day("2021-01-01"), instrument="gone"),
            ],
            country_aliases=[cc.CountryAlias(name="Emirates", code="AE"), cc.CountryAlias(name="Nowhere", code="XX")],
            criteria=[version],
        )
        assert found == [
            "countries $.merge[1]: unknown ISO 3166-1 code 'XX'",
            "countries $.merge[1]: unknown ISO 3166-1 code 'YY'",
            "countries $.merge[1].instrument: refers to unknown instrument 'gone'",
            "countries $.alias[1].code: unknown ISO 3166-1 code 'XX'",
            "criteria $.version[criteria-2021-01-01].instrument: refers to unknown instrument 'crit'",
            "criteria $.version[criteria-2021-01-01].paragraphs[3A090.a].instrument: "
            "refers to unknown instrument 'para'",
        ]

    def test_problems_name_their_file(self):
        """With origins, every problem names the file its part came from."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], instrument="para"))
        found = problems(
            instruments=[
                instrument("r", provisions=[provision(destinations=cc.DestinationScope(countries=["XX"]))]),
                instrument("r"),
            ],
            groups=[group("G", cc.Membership(country="NI", end=day("2022-01-01")))],
            merges=[cc.Merge(code="HK", into="CN", start=day("2021-01-01"), instrument="gone")],
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
        assert found == [
            "instruments/r.toml $.id: duplicate instrument id 'r'",
            "chips.toml $.chip: duplicate chip name 'Alpha'",
            "groups.toml $.group[G].members[0].removed_by: a membership that ends needs removed_by",
            "countries.toml $.merge[0].instrument: refers to unknown instrument 'gone'",
            "criteria.toml $.version[criteria-2021-01-01].instrument: refers to unknown instrument 'crit'",
            "criteria.toml $.version[criteria-2021-01-01].paragraphs[3A090.a].instrument: "
            "refers to unknown instrument 'para'",
            "instruments/r.toml $.provisions[p].destinations: unknown ISO 3166-1 code 'XX'",
        ]

    def test_scope_problems_everywhere_a_scope_is(self):
        """Item, destination and party scopes are checked in provisions, amendments, licences and tiers."""
        bad_items = cc.ItemScope(products=["Gamma", "Alpha"], exclude_products=["Delta"])
        bad_places = cc.DestinationScope(
            countries=["YY", "CN"], except_countries=["XX"], groups=["G9", "G"], except_groups=["G8"]
        )
        bad_parties = cc.PartyScope(headquartered_in_groups=["G7", "G"], headquartered_in_countries=["ZZ", "CN"])
        licence = cc.License(id="lic", holder="H", products=["Gamma"], destinations=cc.DestinationScope(groups=["G9"]))
        r = instrument(
            "r",
            provisions=[provision(items=bad_items, destinations=bad_places, parties=bad_parties)],
            licenses=[licence],
            tiers=[
                cc.Tier(name="Tier 1", rank=1, destinations=cc.DestinationScope(countries=["XX"])),
                cc.Tier(name="Tier 2", rank=2, destinations=cc.DestinationScope(except_groups=["G"])),
            ],
        )
        changes = amending(
            "c",
            cc.ScopeChange(target="r/p", items=cc.ItemScope(products=["Gamma"]), parties=cc.PartyScope()),
            cc.ReviewPolicyChange(
                target="r/p",
                review_policy=cc.ReviewPolicy.CASE_BY_CASE,
                within_items=cc.ItemScope(exclude_products=["Delta"]),
                within_destinations=cc.DestinationScope(countries=["XX"]),
            ),
            cc.ExceptionChange(
                target="r/p", exceptions=["NAC"], within_destinations=cc.DestinationScope(except_countries=["CN"])
            ),
            cc.ScopeChange(target="r/p", destinations=cc.DestinationScope(everywhere=True)),
        )
        found = problems(instruments=[r, changes], groups=[group("G")])
        assert found == [
            "instrument:r $.provisions[p].items.products: unknown chip 'Delta'",
            "instrument:r $.provisions[p].items.products: unknown chip 'Gamma'",
            "instrument:r $.provisions[p].destinations: unknown ISO 3166-1 code 'XX'",
            "instrument:r $.provisions[p].destinations: unknown ISO 3166-1 code 'YY'",
            "instrument:r $.provisions[p].destinations: unknown country group 'G8'",
            "instrument:r $.provisions[p].destinations: unknown country group 'G9'",
            "instrument:r $.provisions[p].parties: unknown country group 'G7'",
            "instrument:r $.provisions[p].parties: unknown ISO 3166-1 code 'ZZ'",
            "instrument:r $.licenses[lic].items.products: unknown chip 'Gamma'",
            "instrument:r $.licenses[lic].destinations: unknown country group 'G9'",
            "instrument:r $.tiers[Tier 1].destinations: unknown ISO 3166-1 code 'XX'",
            "instrument:r $.tiers[Tier 2].destinations: covers no destination",
            "instrument:c $.amendments[0].items.products: unknown chip 'Gamma'",
            "instrument:c $.amendments[1].items.products: unknown chip 'Delta'",
            "instrument:c $.amendments[1].destinations: unknown ISO 3166-1 code 'XX'",
            "instrument:c $.amendments[2].destinations: covers no destination",
        ]

    def test_what_a_destination_scope_must_name(self):
        """A destination scope must cover everywhere, some countries or some groups; exceptions alone cover none."""
        scopes = {
            "everywhere": cc.DestinationScope(everywhere=True),
            "countries": cc.DestinationScope(countries=["CN"]),
            "groups": cc.DestinationScope(groups=["G"]),
            "nothing": cc.DestinationScope(),
            "only-exceptions": cc.DestinationScope(except_countries=["CN"], except_groups=["G"]),
        }
        r = instrument("r", provisions=[provision(name, destinations=scope) for name, scope in scopes.items()])
        assert problems(instruments=[r], groups=[group("G")]) == [
            "instrument:r $.provisions[nothing].destinations: covers no destination",
            "instrument:r $.provisions[only-exceptions].destinations: covers no destination",
        ]

    def test_what_a_provision_must_cover(self):
        """A provision must cover all items, some classifications or some products."""
        scopes = {
            "all": cc.ItemScope(all_items=True),
            "classified": cc.ItemScope(classifications=["3A090"]),
            "named": cc.ItemScope(products=["Alpha"]),
            "only-filters": cc.ItemScope(datacenter=True, exclude_products=["Alpha"], bounds=[TPP_4800]),
        }
        r = instrument("r", provisions=[provision(name, items=scope) for name, scope in scopes.items()])
        assert problems(instruments=[r]) == [
            "instrument:r $.provisions[only-filters].items: "
            "covers no item: give classifications, products or all_items = true"
        ]

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
        assert problems(instruments=[r, same, after, earlier, standing]) == [
            "instrument:earlier $.expires: expires on or before it takes effect",
            "instrument:r $.provisions[same-day].expires: expires on or before it takes effect",
            "instrument:r $.provisions[own-day].expires: expires on or before it takes effect",
            "instrument:same $.expires: expires on or before it takes effect",
        ]

    def test_taking_effect_before_publication_needs_a_note(self):
        """An instrument in effect before it was published or announced must say why in its date notes."""
        early = instrument("early", published="2021-06-01", effective="2021-01-01")
        found = problems(
            instruments=[
                early,
                instrument("on-time", published="2021-06-01", effective="2021-06-01"),
                instrument("announced", announced=day("2020-12-01"), published="2021-06-01", effective="2021-01-01"),
                instrument("noted", published="2021-06-01", effective="2021-01-01", date_notes="Interim final rule."),
            ]
        )
        assert found == [
            "instrument:early $.date_notes: takes effect before it was published or announced: say why in date_notes"
        ]

    def test_amendment_targets(self):
        """An amendment must target a known instrument, a provision it has, or an instrument with provisions."""
        rp = cc.ReviewPolicy.CASE_BY_CASE
        changes = amending(
            "c",
            cc.Rescission(target="gone"),
            cc.Rescission(target="gone/p"),
            cc.Rescission(target="r/q"),
            cc.Rescission(target="bare"),
            cc.Rescission(target="r"),
            cc.Rescission(target="r/p"),
            cc.Rescission(target="c/p"),
            cc.Rescission(target="c"),
            cc.Replacement(target="r/p", by="z"),
            cc.Replacement(target="r/p", by="p"),
            cc.ReviewPolicyChange(target="bare/p", review_policy=rp, start=day("2023-01-01")),
            provisions=[provision()],
        )
        found = problems(instruments=[instrument("r", provisions=[provision()]), instrument("bare"), changes])
        assert found == [
            "instrument:c $.amendments[0].target: refers to unknown instrument 'gone'",
            "instrument:c $.amendments[1].target: refers to unknown instrument 'gone'",
            "instrument:c $.amendments[2].target: instrument 'r' has no provision 'q'",
            "instrument:c $.amendments[3].target: instrument 'bare' has no provisions to amend",
            "instrument:c $.amendments[6].target: an instrument cannot amend itself",
            "instrument:c $.amendments[7].target: an instrument cannot amend itself",
            "instrument:c $.amendments[8].by: no provision 'z' in this instrument",
            "instrument:c $.amendments[10].target: instrument 'bare' has no provision 'p'",
        ]

    def test_amendments_ending_on_or_before_they_start(self):
        """A dated amendment must end after it starts: its own start, or else its instrument's effective day."""
        changes = amending(
            "c",
            cc.Suspension(target="r", end=day("2021-12-01")),
            cc.Suspension(target="r", end=day("2022-01-02")),
            cc.NonEnforcement(target="r", end=day("2022-01-01")),
            cc.NonEnforcement(target="r", end=day("2022-01-02")),
            cc.NonEnforcement(target="r", start=day("2021-06-01"), end=day("2021-12-01")),
            cc.NonEnforcement(target="r", start=day("2023-01-01"), end=day("2022-06-01")),
            cc.NonEnforcement(target="r"),
            cc.ComplianceDelay(target="r", compliance=day("2021-06-01")),
        )
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[cc.NonEnforcement(target="r", end=day("2020-06-01"))],
        )
        found = problems(instruments=[instrument("r", provisions=[provision()]), changes, standing])
        assert found == [
            "instrument:c $.amendments[0].end: ends (2021-12-01) on or before it starts (2022-01-01)",
            "instrument:c $.amendments[2].end: ends (2022-01-01) on or before it starts (2022-01-01)",
            "instrument:c $.amendments[5].end: ends (2022-06-01) on or before it starts (2023-01-01)",
        ]

    def test_policy_changes_of_one_provision_on_one_day(self):
        """Two unscoped changes of the same kind, to the same target, from the same day contradict each other."""
        rp = cc.ReviewPolicy
        day2 = day("2022-06-01")
        changes = amending(
            "c",
            cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
            cc.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL, start=day("2022-01-01")),
            cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE, start=day2),
            cc.ReviewPolicyChange(target="r/q", review_policy=rp.CASE_BY_CASE),
            cc.ExceptionChange(target="r/p", exceptions=["NAC"]),
            cc.ReviewPolicyChange(
                target="r/p", review_policy=rp.CASE_BY_CASE, within_items=cc.ItemScope(products=["Alpha"])
            ),
            cc.ExceptionChange(
                target="r/p", exceptions=["ACA"], within_destinations=cc.DestinationScope(countries=["CN"])
            ),
            cc.ReviewPolicyChange(target="r/p", review_policy=rp.PRESUMPTION_OF_DENIAL),
            cc.ExceptionChange(target="r/p", exceptions=["ACA"], start=day("2022-01-01")),
        )
        found = problems(instruments=[instrument("r", provisions=[provision(), provision("q")]), changes])
        assert found == [
            "instrument:c $.amendments[1]: contradicts amendments[0] on the same provision and day",
            "instrument:c $.amendments[7]: contradicts amendments[1] on the same provision and day",
            "instrument:c $.amendments[8]: contradicts amendments[4] on the same provision and day",
        ]

    def test_standing_policy_changes_without_a_day_never_contradict(self):
        """Policy changes with no day of their own, in an instrument without one, are not compared."""
        rp = cc.ReviewPolicy
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[
                cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
                cc.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL),
            ],
        )
        rb = book(instrument("r", provisions=[provision()]), standing)
        assert [i.id for i in rb.instruments] == ["standing", "r"]

    def test_an_undated_change_does_not_hide_the_next(self):
        """After an undated policy change, the same instrument's dated changes are still compared with others'."""
        rp = cc.ReviewPolicy
        standing = instrument(
            "standing",
            published=None,
            effective=None,
            standing=True,
            amendments=[
                cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE),
                cc.ReviewPolicyChange(target="r/p", review_policy=rp.POLICY_OF_DENIAL, start=day("2022-01-01")),
            ],
        )
        found = problems(
            instruments=[
                instrument("r", provisions=[provision()]),
                standing,
                amending("b", cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE)),
            ]
        )
        assert found == ["instrument:b $.amendments: contradicts 'standing': both change 'r/p' from 2022-01-01"]

    def test_licences_ending_on_or_before_they_start(self):
        """A licence must end after it starts: its own start, or else its instrument's effective day."""

        def licence(ident: str, **dates: dt.date) -> cc.License:
            return cc.License(
                id=ident, holder="H", products=["Alpha"], destinations=cc.DestinationScope(countries=["CN"]), **dates
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
        assert problems(instruments=[grant]) == [
            "instrument:g $.licenses[same].end: ends on or before it starts",
            "instrument:g $.licenses[inherited].end: ends on or before it starts",
            "instrument:g $.licenses[reversed].end: ends on or before it starts",
        ]

    def test_instruments_changing_one_provision_from_one_day(self):
        """Two instruments making the same unscoped change to one provision from one day contradict each other."""
        rp = cc.ReviewPolicy
        found = problems(
            instruments=[
                instrument("r", provisions=[provision(), provision("q")]),
                amending("b", cc.ExceptionChange(target="r/p", exceptions=["NAC"])),
                amending("c", cc.ExceptionChange(target="r/p", exceptions=["LPP"])),
                amending("d", cc.ReviewPolicyChange(target="r/p", review_policy=rp.CASE_BY_CASE)),
                amending("e", cc.ExceptionChange(target="r/q", exceptions=["LPP"])),
                amending("f", cc.ExceptionChange(target="r/p", exceptions=["LPP"], start=day("2022-06-01"))),
                amending(
                    "g",
                    cc.ExceptionChange(
                        target="r/p", exceptions=["LPP"], within_destinations=cc.DestinationScope(countries=["CN"])
                    ),
                ),
                amending("h", cc.ExceptionChange(target="r/p", exceptions=["ACA"])),
            ],
            origins=[("instrument:h", "instruments/h.toml")],
        )
        assert found == [
            "instrument:c $.amendments: contradicts 'b': both change 'r/p' from 2022-01-01",
            "instruments/h.toml $.amendments: contradicts 'c': both change 'r/p' from 2022-01-01",
        ]


def test_basis_names():
    """``basis`` is a ``Basis`` or its value in any case; anything else is refused, naming the three."""
    rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
    assert rb.status_at("2022-01-01", "Alpha", "CN", basis="LEGAL").basis_kind is cc.Basis.LEGAL
    assert rb.status_at("2022-01-01", "Alpha", "CN", basis="Compliance").basis_kind is cc.Basis.COMPLIANCE
    with pytest.raises(errors.InvalidArgumentError) as info:
        rb.status_at("2022-01-01", "Alpha", "CN", basis="sideways")
    assert str(info.value) == "basis: expected one of 'legal', 'compliance', 'enforced', got 'sideways'"
    assert (info.value.argument, info.value.value) == ("basis", "sideways")
    with pytest.raises(TypeError) as type_info:
        rb.history("Alpha", "CN", basis=3)
    assert str(type_info.value) == (
        "basis: expected a chipcontrols.Basis or one of 'legal', 'compliance', 'enforced', got 3"
    )


class TestHistoryArguments:
    def test_end_is_exclusive_up_to_the_day_after_coverage(self):
        """A history may end on the day after coverage (exclusive), not later; by default it ends there."""
        rb = book(RULE)
        whole = rb.history("Alpha", "CN")
        assert [str(e.period) for e in whole] == ["[2020-01-01, 2021-01-01)", "[2021-01-01, 2026-01-01)"]
        assert rb.history("Alpha", "CN", end="2026-01-01") == whole
        with pytest.raises(errors.OutsideCoverageError) as info:
            rb.history("Alpha", "CN", end="2026-01-02")
        assert str(info.value) == (
            "2026-01-01 is outside the record's coverage (2020-01-01 to 2025-12-31): "
            "the record does not say what applied then"
        )

    def test_a_period_beginning_at_the_window_start_keeps_its_causes(self):
        """A period that begins on the first day asked about keeps what began it; one begun earlier has none."""
        rb = book(RULE)
        from_step = rb.history("Alpha", "CN", start="2021-01-01")
        assert [(str(e.period), e.caused_by) for e in from_step] == [("[2021-01-01, 2026-01-01)", ("r",))]
        inside = rb.history("Alpha", "CN", start="2021-01-02")
        assert [(str(e.period), e.caused_by) for e in inside] == [("[2021-01-02, 2026-01-01)", ())]

    def test_end_must_come_after_start(self):
        """A window that ends on or before its start is refused, naming the start."""
        rb = book(RULE)
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.history("Alpha", "CN", start="2022-01-01", end="2022-01-01")
        assert str(info.value) == "end: expected a day after start (2022-01-01), got datetime.date(2022, 1, 1)"
        assert (info.value.argument, info.value.value) == ("end", day("2022-01-01"))

    def test_unknown_field_to_merge_by(self):
        """``by`` naming something that is not a Status field is refused, listing the fields."""
        rb = book(RULE)
        with pytest.raises(errors.InvalidArgumentError) as info:
            rb.history("Alpha", "CN", by=["level", "colour"])
        assert str(info.value) == (
            "by: expected Status fields: basis, caveats, citations, classification, determinate, exceptions, "
            "governing, level, license_required, licenses, review_policy, tier, unclassified, got 'colour'"
        )
        assert (info.value.argument, info.value.value) == ("by", "colour")

    def test_headquarters_are_passed_on(self):
        """A history applies headquarters rules to the buyer's headquarters when given."""
        parties = cc.PartyScope(headquartered_in_countries=["CN"])
        rule = instrument(
            "r", provisions=[provision(destinations=cc.DestinationScope(everywhere=True), parties=parties)]
        )
        rb = book(rule)
        with_hq = rb.history("Alpha", "DE", headquartered_in="CN", start="2020-06-01")
        assert [(str(e.period), e.status.license_required, e.caused_by) for e in with_hq] == [
            ("[2020-06-01, 2021-01-01)", False, ()),
            ("[2021-01-01, 2026-01-01)", True, ("r",)),
        ]
        assert not any(e.status.license_required for e in rb.history("Alpha", "DE", headquartered_in="FR"))
