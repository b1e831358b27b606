"""The reference evaluation: how provisions stack, their timing, amendments and the bases, the knowledge
view, headquarters rules, groups, licences, citations and the caveats answers carry (as data).

Each test builds the smallest record that shows one behaviour (``builders``); the words of each kind
of caveat are checked once, in ``test_render.py``.
"""

from __future__ import annotations

import datetime as dt
import types

import pytest

import chipcontrols as cc
from builders import (
    ABROAD,
    ALPHA,
    BETA,
    MORE_CHIPS,
    TPP_4800,
    book,
    criteria,
    day,
    instrument,
    policy_change,
    problems,
    provision,
    record,
    reference,
    regime_of,
)
from chipcontrols import model as m
from chipcontrols._engine import compiled as compiled_module
from chipcontrols._engine import index as index_module
from chipcontrols._engine import sharing as sharing_module
from chipcontrols._engine.evaluate import evaluate
from chipcontrols._engine.index import Index, ProvisionRef

MERGE = instrument("merge", published="2020-12-23", effective="2020-12-23")
HK_INTO_CN = m.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge")
POLICY = m.ReviewPolicy
KIND = m.CaveatKind


def caveats(status: cc.Status, kind: m.CaveatKind) -> list[m.Caveat]:
    """The caveats of one kind an answer carries."""
    return [c for c in status.caveats if c.kind is kind]


class TestCaveats:
    """What an answer does not settle, stated as data: kind, provision, places, bases, instruments."""

    def test_merged_destination(self):
        """A merged destination names what it is treated as, from when, and the instrument that merged it."""
        rb = book(MERGE, instrument("r", provisions=[provision()]), merges=[HK_INTO_CN])
        s = rb.status_at("2022-01-01", "Alpha", "HK")
        assert caveats(s, KIND.DESTINATION_MERGED) == [
            m.Caveat(kind=KIND.DESTINATION_MERGED, places=("HK", "CN"), since=day("2020-12-23"), instruments=("merge",))
        ]
        assert s.license_required and s.governing == "CN"
        assert s.citations == ("Rule merge", "Rule r")

    def test_foreign_produced_chip(self):
        """A chip made abroad is answered as if subject to the EAR, and the answer says so in a caveat of its own."""
        s = book(instrument("r", provisions=[provision()]), chips=MORE_CHIPS).status_at("2022-01-01", ABROAD, "CN")
        assert caveats(s, KIND.FOREIGN_PRODUCED) == [m.Caveat(kind=KIND.FOREIGN_PRODUCED)]
        assert caveats(s, KIND.NOT_EVALUATED) == []
        assert s.license_required is True

    def test_headquarters_rule_without_headquarters(self):
        """A headquarters rule asked about without headquarters is a caveat naming every place, sorted."""
        parties = m.PartyScope(headquartered_in_countries=["MO"], headquartered_in_groups=["G"])
        rb = book(
            instrument("r", provisions=[provision(destinations=m.DestinationScope(everywhere=True), parties=parties)]),
            groups=[m.CountryGroup(id="G", name="Group G", members=[m.Membership(country="CN")])],
        )
        s = rb.status_at("2022-01-01", "Alpha", "DE")
        assert not s.license_required
        assert caveats(s, KIND.PARTY_RULE) == [
            m.Caveat(kind=KIND.PARTY_RULE, places=("G", "MO"), citations=("Rule r",), instruments=("r",))
        ]

    def test_end_user_rules(self):
        """Rules on listed parties are described, once per instrument, sorted, never evaluated."""
        listed = m.PartyScope(listed_parties="Entity List")
        rb = book(
            instrument("z", provisions=[provision(parties=listed)]),
            instrument("e", provisions=[provision(parties=listed), provision("q", parties=listed)]),
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, KIND.END_USER) == [
            m.Caveat(kind=KIND.END_USER, citations=("Rule e", "Rule z"), instruments=("e", "z"))
        ]

    def test_end_user_rule_follows_the_basis(self):
        """A listed-party rule whose compliance date has not come is an end-user caveat on the legal basis only."""
        rule = instrument(
            "r",
            compliance=day("2022-01-01"),
            provisions=[provision(parties=m.PartyScope(listed_parties="Entity List entries"))],
        )
        rb = book(rule)

        def end_user(date: str, basis: str) -> list[m.Caveat]:
            s = rb.status_at(date, "Alpha", "CN", basis=basis)
            assert s.license_required is False  # described, never evaluated
            return caveats(s, KIND.END_USER)

        assert end_user("2021-06-01", "enforced") == []
        assert end_user("2021-06-01", "compliance") == []
        assert len(end_user("2021-06-01", "legal")) == 1
        assert end_user("2022-06-01", "enforced") == [
            m.Caveat(kind=KIND.END_USER, citations=("Rule r",), instruments=("r",))
        ]

    def test_basis_differs_before_compliance(self):
        """Between effect and compliance the requirement binds in law only, and says why."""
        rb = book(instrument("r", compliance=day("2023-01-01"), provisions=[provision()]))
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, KIND.BASIS_DIFFERS) == [
            m.Caveat(
                kind=KIND.BASIS_DIFFERS,
                provision="r/p",
                title="Provision p",
                citations=("Rule r",),
                bases=(m.Basis.LEGAL,),
                reason="compliance-pending",
                instruments=("r",),
            )
        ]
        assert rb.status_at("2022-01-01", "Alpha", "CN", basis="legal").license_required
        assert rb.status_at("2023-01-01", "Alpha", "CN").license_required

    def test_basis_differs_when_not_enforced(self):
        """A requirement that is not enforced binds on the legal and compliance bases, naming who stopped it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "stop",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.NonEnforcement(target="r", end=day("2024-01-01"))],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, KIND.BASIS_DIFFERS) == [
            m.Caveat(
                kind=KIND.BASIS_DIFFERS,
                provision="r/p",
                title="Provision p",
                citations=("Rule r", "Rule stop"),
                bases=(m.Basis.LEGAL, m.Basis.COMPLIANCE),
                reason="not-enforced",
                instruments=("r", "stop"),
            )
        ]
        assert rb.status_at("2022-06-01", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2021-12-31", "Alpha", "CN").license_required
        assert rb.status_at("2024-01-01", "Alpha", "CN").license_required

    def test_not_enforced_by_two_instruments(self):
        """A requirement that two instruments stop enforcing names both."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "stop1", published="2022-01-01", effective="2022-01-01", amendments=[m.NonEnforcement(target="r/p")]
            ),
            instrument(
                "stop2", published="2022-02-01", effective="2022-02-01", amendments=[m.NonEnforcement(target="r")]
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert [(c.reason, c.bases, c.citations, c.instruments) for c in caveats(s, KIND.BASIS_DIFFERS)] == [
            (
                "not-enforced",
                (m.Basis.LEGAL, m.Basis.COMPLIANCE),
                ("Rule r", "Rule stop1", "Rule stop2"),
                ("r", "stop1", "stop2"),
            )
        ]

    def test_not_enforced_before_compliance(self):
        """Before its compliance date, a requirement not enforced is reported for the first reason that applies."""
        rb = book(
            instrument("r", compliance=day("2023-01-01"), provisions=[provision()]),
            instrument(
                "stop", published="2022-01-01", effective="2022-01-01", amendments=[m.NonEnforcement(target="r/p")]
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert [(c.provision, c.reason, c.bases, c.instruments) for c in caveats(s, KIND.BASIS_DIFFERS)] == [
            ("r/p", "compliance-pending", (m.Basis.LEGAL,), ("r", "stop"))
        ]

    def test_uncertain_provision_and_instrument(self):
        """An uncertain provision leaves the requirement undetermined; instrument doubts are reported as stated."""
        rb = book(
            instrument(
                "r",
                uncertainties=("First doubt.", "Second doubt."),
                provisions=[provision(uncertain="the scope is disputed")],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.requirement, s.determinate, s.level) == (m.Requirement.UNDETERMINED, False, m.Level.UNDETERMINED)
        with pytest.raises(cc.errors.UndeterminedAnswerError):
            s.license_required  # noqa: B018 - reading it is the test
        assert caveats(s, KIND.UNCERTAIN_RECORD) == [
            m.Caveat(
                kind=KIND.UNCERTAIN_RECORD,
                provision="r/p",
                title="Provision p",
                citations=("Rule r",),
                text="the scope is disputed",
                instruments=("r",),
            ),
            m.Caveat(
                kind=KIND.UNCERTAIN_RECORD, citations=("Rule r",), text="First doubt. Second doubt.", instruments=("r",)
            ),
        ]

    def test_uncertain_provision_beside_a_certain_one_is_required(self):
        """A certain provision requiring a licence settles the requirement even beside an uncertain one."""
        rb = book(
            instrument("r", provisions=[provision(uncertain="the scope is disputed"), provision("q")]),
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.requirement, s.license_required, s.determinate) == (m.Requirement.REQUIRED, True, False)

    def test_certain_instrument_has_no_uncertainty_caveat(self):
        """A certain provision of a certain instrument gives a settled answer without caveats."""
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", "Alpha", "CN")
        assert s.determinate and s.caveats == ()


class TestObligations:
    @staticmethod
    def policy_book(*conditions: str) -> cc.Rulebook:
        base = instrument("r", provisions=[provision(review_policy=POLICY.PRESUMPTION_OF_DENIAL)])
        change = instrument(
            "c",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.CASE_BY_CASE, conditions=conditions)],
        )
        return book(base, change)

    def test_unconditional_policy_change(self):
        """A review-policy change without a condition changes the policy and adds no caveat or condition."""
        rb = self.policy_book()
        before = rb.status_at("2021-06-01", "Alpha", "CN")
        after = rb.status_at("2022-06-01", "Alpha", "CN")
        assert before.review_policy is POLICY.PRESUMPTION_OF_DENIAL
        assert after.review_policy is POLICY.CASE_BY_CASE
        assert after.caveats == () and after.grounds[0].conditions == () and after.conditions == ()
        assert after.citations == ("Rule r", "Rule c")

    def test_condition_of_a_review_policy(self):
        """A conditional policy change applies, lists its condition and names the policy that holds otherwise."""
        rb = self.policy_book("civil end users")
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert s.review_policy is POLICY.CASE_BY_CASE
        assert caveats(s, KIND.NOT_EVALUATED) == [
            m.Caveat(
                kind=KIND.NOT_EVALUATED,
                provision="r/p",
                title="Provision p",
                citations=("Rule c",),
                fallback=POLICY.PRESUMPTION_OF_DENIAL,
                instruments=("c",),
            )
        ]
        assert s.grounds[0].conditions == (m.Condition(text="civil end users"),)
        assert s.conditions == (m.Condition(text="civil end users"),)
        assert s.citations == ("Rule r", "Rule c")
        assert rb.status_at("2021-06-01", "Alpha", "CN").review_policy is POLICY.PRESUMPTION_OF_DENIAL


def test_instruments_sharing_a_citation_are_cited_once():
    """Two instruments with one short citation (one Federal Register document) give one citation."""
    first = instrument("a", short="90 FR 1", provisions=[provision()])
    second = instrument("b", short="90 FR 1", provisions=[provision(destinations=m.DestinationScope(everywhere=True))])
    s = book(first, second).status_at("2022-01-01", "Alpha", "CN")
    assert s.citations == ("90 FR 1",)
    assert [g.instrument for g in s.grounds] == ["a", "b"]


def test_caches_beyond_their_limit_give_the_same_answers(monkeypatch):
    """Engine caches limited to a few entries give the same answers and never hold more than their limit."""
    queries = [
        (d, chip, country)
        for d in ("2022-11-01", "2023-12-01", "2025-06-01")
        for chip in ("H100", "H20")
        for country in ("CN", "HK", "IN")
    ]
    expected = [regime_of(cc.status_at(*q)) for q in queries]
    for module in (index_module, compiled_module, sharing_module):
        monkeypatch.setattr(module, "CACHE_LIMIT", 4)
    fresh = cc.bundled().with_instruments()  # new caches
    assert [regime_of(fresh.status_at(*q)) for q in queries] == expected
    index = fresh._state.index
    engine_caches = (*index.caches, *fresh._state.compiled.caches)
    assert all(c.limit <= 4 and len(c) <= c.limit for c in engine_caches)
    assert all(c.clears > 0 for c in (index.states, index.item_matches, index.destination_matches))


class TestIndex:
    """The index is built only from validated records; its own contract still holds on its own."""

    def test_provision_ref_repr(self):
        """A provision reference shows its key."""
        rule = instrument("r", provisions=[provision("p1")])
        assert repr(ProvisionRef(rule, rule.provisions[0])) == "ProvisionRef(r/p1)"

    def test_amendment_of_an_unknown_instrument_acts_on_nothing(self):
        """An amendment of an instrument the index lacks acts on nothing (and a record refuses it)."""
        rule = instrument("r", provisions=[provision()])
        stray = instrument("s", amendments=[m.Rescission(target="elsewhere")])
        assert any("elsewhere" in p for p in problems(rule, stray))
        parts = types.SimpleNamespace(instruments=(rule, stray), memberships={}, merges=(), criteria=())
        index = Index(parts)  # type: ignore[arg-type]
        assert index.targets("elsewhere") == []
        assert index.amendments == {}
        regime = evaluate(index, dt.date(2022, 1, 1), ALPHA, "CN", known=None, basis=m.Basis.ENFORCED, hq=None)
        assert regime.requirement is m.Requirement.REQUIRED and regime.instruments == ("r",)

    def test_untouched_chip_is_not_required(self):
        """A product-scoped provision leaves other chips alone (the reference evaluation, directly)."""
        rule = instrument("r", provisions=[provision(items=m.ItemScope(products=["Alpha"]))])
        index = Index(record(rule))
        regime = evaluate(index, dt.date(2022, 1, 1), BETA, "CN", known=None, basis=m.Basis.ENFORCED, hq=None)
        assert regime.requirement is m.Requirement.NOT_REQUIRED and regime.grounds == ()

    def test_only_the_provisions_given_are_read(self):
        """Asked to read some provisions only, the evaluation ignores the others."""
        rb = book(instrument("r", provisions=[provision(), provision("q", review_policy=POLICY.CASE_BY_CASE)]))
        index = rb._state.index
        q = [ref for ref in index.provisions if ref.key == "r/q"]
        regime = evaluate(
            index, day("2022-01-01"), ALPHA, "CN", known=None, basis=m.Basis.ENFORCED, hq=None, provisions=q
        )
        assert [g.provision for g in regime.grounds] == ["q"]
        assert [g.provision for g in reference(rb, day("2022-01-01"), "Alpha", "CN").grounds] == ["p", "q"]

    def test_two_merges(self):
        """Several merged destinations are each treated as the one they merged into, from their own day."""
        merges = [m.Merge(code="MO", into="CN", start=day("2022-06-01"), instrument="merge"), HK_INTO_CN]
        rb = book(MERGE, instrument("r", provisions=[provision()]), merges=merges)
        assert rb.status_at("2021-01-01", "Alpha", "HK").governing == "CN"
        assert rb.status_at("2022-05-31", "Alpha", "MO").governing == "MO"
        assert rb.status_at("2022-06-01", "Alpha", "MO").governing == "CN"

    def test_later_starting_amendment_acts_last(self):
        """Changes to one provision apply in the order they start, not in the order their instruments took effect."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "early",
                published="2021-06-01",
                effective="2021-06-01",
                amendments=[
                    m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL, start=day("2023-01-01"))
                ],
            ),
            instrument(
                "late",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.PRESUMPTION_OF_APPROVAL)],
            ),
        )
        assert rb.status_at("2021-12-31", "Alpha", "CN").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is POLICY.PRESUMPTION_OF_APPROVAL
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL

    def test_non_enforcement_of_an_amending_instrument(self):
        """When the instrument that changed a policy is not enforced, the change stops on the enforced basis only."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("own", destinations=m.DestinationScope(countries=["RU"]))],
                amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
            ),
            instrument(
                "stop",
                published="2022-12-01",
                effective="2022-12-01",
                amendments=[m.NonEnforcement(target="c", start=day("2023-01-01"), end=day("2024-01-01"))],
            ),
        )
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2022-12-15", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2023-06-01", "Alpha", "CN", basis="compliance").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2023-06-01", "Alpha", "CN", basis="legal").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2024-01-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        before_news = rb.status_at("2023-06-01", "Alpha", "CN", known_on="2022-11-30")
        assert before_news.review_policy is POLICY.POLICY_OF_DENIAL

    def test_rescinding_an_instrument_leaves_its_changes_to_others(self):
        """Rescinding an instrument ends its own provisions, not the changes it made to other instruments."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("own", destinations=m.DestinationScope(countries=["RU"]))],
                amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
            ),
            instrument("end", published="2023-01-01", effective="2023-01-01", amendments=[m.Rescission(target="c")]),
        )
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2022-06-01", "Alpha", "RU").license_required
        assert not rb.status_at("2023-06-01", "Alpha", "RU").license_required


class TestAmendmentTiming:
    def test_compliance_delay_acts_from_its_own_effective_date(self):
        """A compliance delay postpones the compliance date, but only from the day the delaying rule takes effect."""
        rule = instrument("a", compliance=day("2022-01-01"), provisions=[provision()])
        delay = instrument(
            "delay",
            published="2021-06-01",
            effective="2022-03-01",
            amendments=[m.ComplianceDelay(target="a/p", compliance=day("2022-06-01"))],
        )
        rb = book(rule, delay)

        def required(date: str, **kw: object) -> bool:
            return rb.status_at(date, "Alpha", "CN", basis="compliance", **kw).license_required  # type: ignore[arg-type]

        assert required("2022-02-01")  # compliance date passed; the delay is not in effect yet
        assert not required("2022-04-01")  # the delay now acts: compliance not required before 2022-06-01
        assert required("2022-04-01", known_on="2021-05-31")  # as known before the delay was published
        assert required("2022-06-01")
        assert rb.status_at("2022-04-01", "Alpha", "CN", basis="legal").license_required

    def test_rescission_after_expiry_does_not_extend(self):
        """A rescission dated after the provision has expired leaves the expiry as it was; the last period is open."""
        rule = instrument("a", provisions=[provision(expires=day("2022-01-01"))])
        late = instrument("late", published="2021-06-01", effective="2023-01-01", amendments=[m.Rescission(target="a")])
        rb = book(rule, late)
        assert rb.status_at("2021-12-31", "Alpha", "CN").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "CN").license_required
        assert not rb.status_at("2023-06-01", "Alpha", "CN").license_required
        last = rb.history("Alpha", "CN")[-1]
        assert (str(last.period), last.period.end, last.status.license_required) == ("[2022-01-01, …)", None, False)

    def test_open_ended_non_enforcement_of_an_amending_instrument(self):
        """An amending rule not enforced for good stops its policy change on the enforced basis only."""
        rule = instrument("a", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)])
        tighten = instrument(
            "b",
            published="2022-01-01",
            effective="2022-01-01",
            provisions=[provision("own", destinations=m.DestinationScope(countries=["MO"]))],
            amendments=[m.ReviewPolicyChange(target="a/p", review_policy=POLICY.POLICY_OF_DENIAL)],
        )
        stop = instrument(
            "c", published="2023-01-01", effective="2023-01-01", amendments=[m.NonEnforcement(target="b")]
        )
        rb = book(rule, tighten, stop)

        def policy(date: str, **kw: object) -> m.ReviewPolicy | None:
            return rb.status_at(date, "Alpha", "CN", **kw).review_policy  # type: ignore[arg-type]

        assert policy("2022-06-01") is POLICY.POLICY_OF_DENIAL
        assert policy("2023-06-01") is POLICY.CASE_BY_CASE
        assert policy("2023-06-01", basis="legal") is POLICY.POLICY_OF_DENIAL
        assert policy("2023-06-01", known_on="2022-12-31") is POLICY.POLICY_OF_DENIAL

    def test_headquarters_rule_off_basis_is_not_a_party_caveat(self):
        """A headquarters rule not yet binding on the basis asked adds no party-rule caveat there."""
        rule = instrument(
            "a",
            compliance=day("2022-01-01"),
            provisions=[
                provision(
                    destinations=m.DestinationScope(everywhere=True),
                    parties=m.PartyScope(headquartered_in_countries=["CN"]),
                )
            ],
        )
        rb = book(rule)

        def party_caveats(date: str, basis: str) -> int:
            s = rb.status_at(date, "Alpha", "DE", basis=basis)
            return len(caveats(s, KIND.PARTY_RULE))

        assert (party_caveats("2021-06-01", "enforced"), party_caveats("2021-06-01", "legal")) == (0, 1)
        assert party_caveats("2022-06-01", "enforced") == 1
        assert rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="CN").license_required
        assert not rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="CN").license_required


class TestHeadquarters:
    @staticmethod
    def _book(parties: m.PartyScope, *extra: m.Instrument, **parts: object) -> cc.Rulebook:
        rule = instrument(
            "r", provisions=[provision(destinations=m.DestinationScope(everywhere=True), parties=parties)]
        )
        return book(rule, *extra, **parts)

    def test_headquarters_country(self):
        """A rule on buyers headquartered in a country applies to those buyers only."""
        rb = self._book(m.PartyScope(headquartered_in_countries=["CN"]))
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="CN").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="FR").license_required

    def test_headquarters_in_a_merged_place(self):
        """Headquarters in Hong Kong count as China once merged, and only once the merger is known."""
        merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
        hk = m.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
        rb = self._book(m.PartyScope(headquartered_in_countries=["CN"]), merger, merges=[hk])
        after = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="HK")
        assert after.license_required and after.citations == ("Rule r",)
        assert not rb.status_at("2021-05-31", "Alpha", "DE", headquartered_in="HK").license_required
        before_news = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="HK", known_on="2021-03-01")
        assert not before_news.license_required
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="CN", known_on="2021-03-01").license_required

    def test_headquarters_group_membership_as_known(self):
        """Membership of a headquarters group counts only once the instrument adding it is public."""
        group = m.CountryGroup(
            id="G", name="Group G", members=[m.Membership(country="RU", start=day("2021-06-01"), added_by="add")]
        )
        adder = instrument("add", published="2021-06-01", effective="2021-06-01")
        rb = self._book(m.PartyScope(headquartered_in_groups=["G"]), adder, groups=[group])
        s = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="RU")
        assert s.license_required and s.citations == ("Rule r", "Rule add")
        assert not rb.status_at(
            "2022-01-01", "Alpha", "DE", headquartered_in="RU", known_on="2021-05-01"
        ).license_required
        assert not rb.status_at("2021-05-31", "Alpha", "DE", headquartered_in="RU").license_required

    def test_provision_after_a_headquarters_rule_that_does_not_apply(self):
        """A headquarters rule that does not catch the buyer leaves the provisions after it to apply."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision("hq", parties=m.PartyScope(headquartered_in_countries=["CN"])),
                    provision("plain", review_policy=POLICY.CASE_BY_CASE),
                ],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN", headquartered_in="FR")
        assert s.license_required and [g.provision for g in s.grounds] == ["plain"]
        both = rb.status_at("2022-01-01", "Alpha", "CN", headquartered_in="CN")
        assert [g.provision for g in both.grounds] == ["hq", "plain"]


class TestProvisionTiming:
    def test_provision_dates_override_the_instrument(self):
        """A provision's own effective, compliance and expiry dates win over its instrument's."""
        rb = book(
            instrument(
                "r",
                compliance=day("2021-03-01"),
                expires=day("2025-01-01"),
                provisions=[
                    provision(effective=day("2022-01-01"), compliance=day("2022-03-01"), expires=day("2024-01-01"))
                ],
            )
        )
        assert not rb.status_at("2021-12-31", "Alpha", "CN", basis="legal").license_required
        assert rb.status_at("2022-01-01", "Alpha", "CN", basis="legal").license_required
        assert not rb.status_at("2022-02-28", "Alpha", "CN").license_required
        assert rb.status_at("2022-03-01", "Alpha", "CN").license_required
        assert rb.status_at("2023-12-31", "Alpha", "CN").license_required
        assert not rb.status_at("2024-01-01", "Alpha", "CN", basis="legal").license_required

    def test_instrument_compliance_and_expiry(self):
        """Without dates of its own, a provision follows its instrument's compliance and expiry dates."""
        rb = book(instrument("r", compliance=day("2021-03-01"), expires=day("2024-01-01"), provisions=[provision()]))
        assert rb.status_at("2021-02-28", "Alpha", "CN", basis="legal").license_required
        assert not rb.status_at("2021-02-28", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2021-03-01", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2023-12-31", "Alpha", "CN").license_required
        assert not rb.status_at("2024-01-01", "Alpha", "CN", basis="legal").license_required

    def test_compliance_delay(self):
        """A compliance delay acts from its own instrument's effective date and is cited from then."""
        rb = book(
            instrument("r", compliance=day("2022-01-01"), provisions=[provision()]),
            instrument(
                "delay",
                published="2021-06-01",
                effective="2021-06-01",
                amendments=[m.ComplianceDelay(target="r/p", compliance=day("2023-01-01"))],
            ),
        )
        assert rb.status_at("2022-06-01", "Alpha", "CN", basis="legal").citations == ("Rule r", "Rule delay")
        assert not rb.status_at("2022-06-01", "Alpha", "CN").license_required
        assert rb.status_at("2023-01-01", "Alpha", "CN").license_required
        early = rb.status_at("2021-05-31", "Alpha", "CN", basis="legal")
        assert early.license_required and early.citations == ("Rule r",)
        assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-05-31").license_required

    def test_rescission_from_its_own_start(self):
        """A rescission ends a provision on its own start date; before it, the provision binds uncited by it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "end",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.Rescission(target="r/p", start=day("2023-01-01"))],
            ),
        )
        s = rb.status_at("2022-12-31", "Alpha", "CN")
        assert s.license_required and s.citations == ("Rule r",)
        assert not rb.status_at("2023-01-01", "Alpha", "CN", basis="legal").license_required
        assert rb.status_at("2023-06-01", "Alpha", "CN", known_on="2021-12-31").license_required

    def test_earlier_expiry_wins_over_a_later_rescission(self):
        """A rescission after the provision has expired does not revive it."""
        rb = book(
            instrument("r", expires=day("2022-06-01"), provisions=[provision()]),
            instrument(
                "end",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.Rescission(target="r/p", start=day("2023-01-01"))],
            ),
        )
        assert rb.status_at("2022-05-31", "Alpha", "CN").license_required
        assert not rb.status_at("2022-09-01", "Alpha", "CN", basis="legal").license_required

    def test_suspension_window(self):
        """A suspension lifts a requirement on every basis from its start until its end, and is cited meanwhile."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "pause",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.Suspension(target="r/p", start=day("2022-03-01"), end=day("2022-09-01"))],
            ),
        )
        assert rb.status_at("2022-02-28", "Alpha", "CN").license_required
        assert not rb.status_at("2022-03-01", "Alpha", "CN", basis="legal").license_required
        assert not rb.status_at("2022-08-31", "Alpha", "CN", basis="legal").license_required
        after = rb.status_at("2022-09-01", "Alpha", "CN")
        assert after.license_required and after.citations == ("Rule r",)

    def test_suspended_provision_leaves_no_trace(self):
        """While suspended, a provision binds on no basis and the answer says nothing of it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "pause",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.Suspension(target="r/p", end=day("2023-01-01"))],
            ),
        )
        for basis in ("legal", "compliance", "enforced"):
            s = rb.status_at("2022-06-01", "Alpha", "CN", basis=basis)
            assert (s.license_required, s.caveats, s.grounds, s.citations) == (False, (), (), ())

    def test_non_enforcement_without_end(self):
        """An open-ended non-enforcement of one provision keeps it off the enforced basis for good."""
        rb = book(
            instrument(
                "r", provisions=[provision(), provision("q", destinations=m.DestinationScope(countries=["RU"]))]
            ),
            instrument(
                "stop", published="2022-01-01", effective="2022-01-01", amendments=[m.NonEnforcement(target="r/p")]
            ),
        )
        assert not rb.status_at("2025-06-01", "Alpha", "CN").license_required
        assert rb.status_at("2025-06-01", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2025-06-01", "Alpha", "RU").license_required

    def test_scope_change_from_its_start(self):
        """A scope change replaces the scopes it names from its start, keeps the others, and is cited."""
        rb = book(
            instrument("r", provisions=[provision(items=m.ItemScope(products=["Alpha"]))]),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    m.ScopeChange(
                        target="r/p", start=day("2022-06-01"), destinations=m.DestinationScope(countries=["CN", "RU"])
                    )
                ],
            ),
        )
        assert not rb.status_at("2022-05-31", "Alpha", "RU").license_required
        s = rb.status_at("2022-06-01", "Alpha", "RU")
        assert s.license_required and s.citations == ("Rule r", "Rule widen")
        assert not rb.status_at("2022-06-01", "Beta", "RU").license_required

    def test_scope_change_of_parties(self):
        """A scope change can add a headquarters condition to a provision."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "narrow",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.ScopeChange(target="r/p", parties=m.PartyScope(headquartered_in_countries=["CN"]))],
            ),
        )
        assert rb.status_at("2021-06-01", "Alpha", "CN", headquartered_in="FR").license_required
        assert not rb.status_at("2022-06-01", "Alpha", "CN", headquartered_in="FR").license_required
        assert rb.status_at("2022-06-01", "Alpha", "CN", headquartered_in="CN").license_required

    def test_replacement(self):
        """A replacement ends the old provision on its start; the new one binds from its own effective date."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "new",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("n", review_policy=POLICY.POLICY_OF_DENIAL)],
                amendments=[m.Replacement(target="r/p", by="n")],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert s.review_policy is POLICY.POLICY_OF_DENIAL
        assert [g.instrument for g in s.grounds] == ["new"]
        assert s.citations == ("Rule new",)
        before_news = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-06-01")
        assert before_news.review_policy is POLICY.CASE_BY_CASE and before_news.citations == ("Rule r",)


class TestAmendmentOrder:
    def test_change_after_one_not_yet_public(self):
        """A change not yet public on the knowledge day does not hide the public changes after it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.ScopeChange(target="r/p", destinations=m.DestinationScope(countries=["CN", "RU"]))],
            ),
            instrument(
                "stop",
                published="2023-01-01",
                effective="2023-01-01",
                amendments=[m.NonEnforcement(target="r/p", start=day("2021-06-01"))],
            ),
        )
        assert rb.status_at("2022-06-01", "Alpha", "RU", known_on="2022-06-01").license_required
        assert not rb.status_at("2022-06-01", "Alpha", "RU").license_required

    def test_change_after_a_compliance_delay(self):
        """A compliance delay does not hide the changes after it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "delay",
                published="2021-06-01",
                effective="2021-06-01",
                amendments=[m.ComplianceDelay(target="r/p", compliance=day("2021-09-01"))],
            ),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[m.ScopeChange(target="r/p", destinations=m.DestinationScope(countries=["CN", "RU"]))],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "RU")
        assert s.license_required and s.citations == ("Rule r", "Rule delay", "Rule widen")

    def test_memberships_in_any_order(self):
        """A country's memberships of a group count whatever their order, each as known."""
        group = m.CountryGroup(
            id="G",
            name="Group G",
            members=[
                m.Membership(country="RU", start=day("2022-01-01"), added_by="readd"),
                m.Membership(country="RU", end=day("2021-06-01"), removed_by="drop"),
            ],
        )
        rb = book(
            instrument("r", provisions=[provision(destinations=m.DestinationScope(groups=["G"]))]),
            instrument("drop", published="2021-06-01", effective="2021-06-01"),
            instrument("readd", published="2022-01-01", effective="2022-01-01"),
            groups=[group],
        )
        assert rb.status_at("2021-03-01", "Alpha", "RU", known_on="2021-03-01").license_required
        assert not rb.status_at("2021-09-01", "Alpha", "RU").license_required
        assert rb.status_at("2022-06-01", "Alpha", "RU").license_required


class TestGroupsAndDestinations:
    GROUP = m.CountryGroup(
        id="G",
        name="Group G",
        members=[
            m.Membership(
                country="RU", start=day("2021-06-01"), end=day("2023-01-01"), added_by="add", removed_by="drop"
            ),
            m.Membership(country="CN"),
        ],
    )
    ADD = instrument("add", published="2021-06-01", effective="2021-06-01")
    DROP = instrument("drop", published="2022-06-01", effective="2022-06-01")

    def _book(self, scope: m.DestinationScope) -> cc.Rulebook:
        return book(
            self.ADD, self.DROP, instrument("r", provisions=[provision(destinations=scope)]), groups=[self.GROUP]
        )

    def test_membership_window_and_knowledge(self):
        """A group member is in scope from its start until its end, each counted only once public."""
        rb = self._book(m.DestinationScope(groups=["G"]))
        assert not rb.status_at("2021-05-31", "Alpha", "RU").license_required
        s = rb.status_at("2021-06-01", "Alpha", "RU")
        assert s.license_required and s.citations == ("Rule r", "Rule add")
        assert rb.status_at("2022-12-31", "Alpha", "RU").license_required
        assert not rb.status_at("2023-01-01", "Alpha", "RU").license_required
        assert rb.status_at("2023-06-01", "Alpha", "RU", known_on="2022-05-31").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "RU", known_on="2021-05-31").license_required
        original = rb.status_at("2022-01-01", "Alpha", "CN")
        assert original.license_required and original.citations == ("Rule r",)

    def test_excepted_countries_and_groups(self):
        """Countries and group members excepted from a scope are out of it, whatever else names them."""
        rb = self._book(m.DestinationScope(everywhere=True, except_countries=["FR"], except_groups=["G"]))
        assert rb.status_at("2022-01-01", "Alpha", "DE").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "FR").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "RU").license_required
        assert rb.status_at("2023-06-01", "Alpha", "RU").license_required
        assert rb.members("G", "2022-01-01") == (cc.country("CN"), cc.country("RU"))
        assert rb.members("G", "2022-01-01", known_on="2021-01-01") == (cc.country("CN"),)

    def test_kept_groups_undo_an_excepted_group_for_their_members(self):
        """A member of an excepted group that is also in a kept group stays in scope (the EAR's "other than D:1, D:4
        or D:5 (excluding any destination also specified in A:5 or A:6)"); membership of either group counts only
        on its days and once public, and the answer cites the instrument of the membership that keeps it."""
        kept = m.CountryGroup(
            id="K",
            name="Group K",
            members=[m.Membership(country="RU", start=day("2022-01-01"), added_by="keep"), m.Membership(country="DE")],
        )
        keep = instrument("keep", published="2022-01-01", effective="2022-01-01")
        scope = m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"])
        rb = book(
            self.ADD,
            self.DROP,
            keep,
            instrument("r", provisions=[provision(destinations=scope)]),
            groups=[self.GROUP, kept],
        )
        assert not rb.status_at("2021-12-31", "Alpha", "RU").license_required  # in G, not yet in K
        s = rb.status_at("2022-01-01", "Alpha", "RU")  # in G and in K: kept
        assert s.license_required and s.citations == ("Rule r", "Rule keep")
        assert not rb.status_at("2022-06-01", "Alpha", "RU", known_on="2021-12-31").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "CN").license_required  # in G only
        assert rb.status_at("2022-01-01", "Alpha", "DE").license_required  # in K only: never excepted
        assert rb.status_at("2023-06-01", "Alpha", "RU").license_required  # left G: in scope anyway
        without = self._book(m.DestinationScope(everywhere=True, except_groups=["G"]))
        assert not without.status_at("2022-01-01", "Alpha", "RU").license_required

    def test_named_country_beside_groups(self):
        """A country named outright is in scope without any group."""
        rb = self._book(m.DestinationScope(countries=["DE"], groups=["G"]))
        s = rb.status_at("2022-01-01", "Alpha", "DE")
        assert s.license_required and s.citations == ("Rule r",)


class TestLicences:
    def test_licence_window_products_destinations_and_knowledge(self):
        """A granted licence is listed while it runs, for its products and destinations, once public."""
        to_cn = m.DestinationScope(countries=["CN"])
        grant = m.License(
            id="lic-1",
            holder="Vendor",
            products=["Alpha"],
            destinations=to_cn,
            start=day("2022-03-01"),
            end=day("2022-09-01"),
        )
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "grant",
                kind=m.InstrumentKind.LICENSE_GRANT,
                published="2022-02-01",
                effective="2022-02-01",
                licenses=[grant],
            ),
            instrument(
                "open",
                kind=m.InstrumentKind.LICENSE_GRANT,
                published="2022-02-01",
                effective="2022-05-01",
                licenses=[m.License(id="lic-2", holder="Other", products=["Alpha"], destinations=to_cn)],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert [lic.id for lic in s.licenses] == ["lic-1", "lic-2"]
        assert s.license_required and s.citations == ("Rule r", "Rule grant", "Rule open")
        assert [lic.id for lic in rb.status_at("2022-04-01", "Alpha", "CN").licenses] == ["lic-1"]
        assert rb.status_at("2022-02-28", "Alpha", "CN").licenses == ()
        assert [lic.id for lic in rb.status_at("2022-09-01", "Alpha", "CN").licenses] == ["lic-2"]
        assert rb.status_at("2022-06-01", "Beta", "CN").licenses == ()
        assert rb.status_at("2022-06-01", "Alpha", "RU").licenses == ()
        assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2022-01-31").licenses == ()

    def test_licence_for_group_members_as_known(self):
        """A licence for a group's members covers a country while it is a member, as known."""
        group = m.CountryGroup(
            id="G", name="Group G", members=[m.Membership(country="RU", start=day("2021-06-01"), added_by="add")]
        )
        grant = m.License(
            id="lic-g", holder="Vendor", products=["Alpha"], destinations=m.DestinationScope(groups=["G"])
        )
        rb = book(
            instrument("r", provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))]),
            instrument("add", published="2021-06-01", effective="2021-06-01"),
            instrument("grant", kind=m.InstrumentKind.LICENSE_GRANT, licenses=[grant]),
            groups=[group],
        )
        s = rb.status_at("2022-01-01", "Alpha", "RU")
        assert [lic.id for lic in s.licenses] == ["lic-g"] and s.citations == ("Rule grant", "Rule r")
        assert rb.status_at("2021-03-01", "Alpha", "RU").licenses == ()
        assert rb.status_at("2022-01-01", "Alpha", "RU", known_on="2021-03-01").licenses == ()
        assert reference(rb, day("2022-01-01"), "Alpha", "RU", known=day("2021-03-01")).licenses == ()
        assert [lic.id for lic in reference(rb, day("2022-01-01"), "Alpha", "RU").licenses] == ["lic-g"]


class TestCitations:
    def test_one_citation_per_instrument_in_order_of_publication(self):
        """Citations follow publication, then id; instruments sharing a short citation are cited once."""
        rb = book(
            instrument("b", published="2021-01-01", provisions=[provision()]),
            instrument("a", published="2021-01-01", provisions=[provision()]),
            instrument("z", published="2020-06-01", provisions=[provision()]),
            instrument(
                "again",
                title="Same citation",
                short="Rule a",
                published="2021-02-01",
                effective="2021-02-01",
                provisions=[provision()],
            ),
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert s.citations == ("Rule z", "Rule a", "Rule b")
        assert [g.instrument for g in s.grounds] == ["z", "a", "b", "again"]


def test_merger_not_yet_public():
    """Before a merger is public, the merged place is answered as itself."""
    merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
    hk = m.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
    rb = book(merger, instrument("r", provisions=[provision()]), merges=[hk])
    s = rb.status_at("2022-01-01", "Alpha", "HK", known_on="2021-03-01")
    assert (s.governing, s.license_required, s.caveats) == ("HK", False, ())
    assert rb.status_at("2022-01-01", "Alpha", "HK").governing == "CN"


def test_missing_specifications_are_those_the_scope_reads():
    """An undetermined answer's missing-specification caveat lists what would settle its provision: a scope that
    selects by product and filters on datacenter needs only the datacenter flag, not the classification's
    specifications (which the answer lists apart, in ``unclassified``); a scope that selects by classification
    needs those."""
    version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]), start="2020-01-01")
    crit = instrument("crit", published="2020-01-01", effective="2020-01-01")

    def answer(items: m.ItemScope) -> m.Status:
        rb = book(crit, instrument("r", provisions=[provision(items=items)]), criteria=[version], chips=MORE_CHIPS)
        return rb.status_at("2022-01-01", "Vague", "CN")

    def missing(s: m.Status) -> list[tuple[str, ...]]:
        return [c.missing for c in s.caveats if c.kind is m.CaveatKind.MISSING_SPECIFICATION]

    by_product = answer(m.ItemScope(products=["Vague"], datacenter=True))
    assert by_product.requirement is m.Requirement.UNDETERMINED
    assert missing(by_product) == [("datacenter",)]
    assert by_product.unclassified == ("tpp",)
    by_class = answer(m.ItemScope(classifications=["3A090.a"]))
    assert by_class.requirement is m.Requirement.UNDETERMINED
    assert missing(by_class) == [("tpp",)]


class TestKnowledgeOnChangeDays:
    """What is not yet public stays unseen on a day the compiled timeline evaluates because something public changes
    then: a headquarters' group membership or merger, a sub-scope's group, a change's missing specifications."""

    HQ_RULE = instrument(
        "r",
        published="2021-03-01",
        effective="2021-06-01",
        provisions=[
            provision(
                destinations=m.DestinationScope(everywhere=True),
                parties=m.PartyScope(headquartered_in_groups=["G"], headquartered_in_countries=["CN"]),
            )
        ],
    )
    LATE = instrument("late", published="2021-06-01", effective="2021-06-01")

    def test_a_headquarters_membership_not_yet_public(self):
        """RU joins G on the rule's first day, by an instrument published that day: as known before, a buyer
        headquartered in RU is not caught."""
        group = m.CountryGroup(
            id="G", name="Group G", members=[m.Membership(country="RU", start=day("2021-06-01"), added_by="late")]
        )
        rb = book(self.HQ_RULE, self.LATE, groups=[group])
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="RU").license_required
        assert not rb.status_at(
            "2022-01-01", "Alpha", "DE", headquartered_in="RU", known_on="2021-05-01"
        ).license_required

    def test_a_headquarters_merger_not_yet_public(self):
        """HK merges into CN on the rule's first day, by an instrument published that day: as known before, a buyer
        headquartered in HK is not caught as one in CN."""
        hk = m.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="late")
        rb = book(self.HQ_RULE, self.LATE, merges=[hk], groups=[m.CountryGroup(id="G", name="Group G")])
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="HK").license_required
        assert not rb.status_at(
            "2022-01-01", "Alpha", "DE", headquartered_in="HK", known_on="2021-05-01"
        ).license_required

    def test_a_sub_scope_group_membership_not_yet_public(self):
        """A review-policy change within group G, public, reaches DE only once DE's membership of G is public."""
        group = m.CountryGroup(
            id="G", name="Group G", members=[m.Membership(country="DE", start=day("2021-06-01"), added_by="late")]
        )
        rule = instrument(
            "r",
            published="2021-03-01",
            effective="2021-06-01",
            provisions=[provision(destinations=m.DestinationScope(everywhere=True), review_policy=POLICY.CASE_BY_CASE)],
        )
        deny = policy_change(
            "deny",
            POLICY.PRESUMPTION_OF_DENIAL,
            published="2021-03-01",
            effective="2021-06-01",
            within_destinations=m.DestinationScope(groups=["G"]),
        )
        rb = book(rule, deny, self.LATE, groups=[group])
        assert rb.status_at("2022-01-01", "Alpha", "DE").review_policy is POLICY.PRESUMPTION_OF_DENIAL
        early = rb.status_at("2022-01-01", "Alpha", "DE", known_on="2021-05-01")
        assert early.review_policy is POLICY.CASE_BY_CASE

    def test_a_change_not_yet_public_leaves_nothing_unsettled(self):
        """A review-policy change whose sub-scope tests a specification the chip lacks makes the answer say what is
        missing, but only once the change is public (here: it takes effect before a public change day)."""
        rule = instrument("r", published="2021-01-01", effective="2021-01-01", provisions=[provision()])
        also = instrument("also", published="2021-01-01", effective="2022-04-01", provisions=[provision("q")])
        change = policy_change(
            "change",
            POLICY.PRESUMPTION_OF_DENIAL,
            published="2022-03-01",
            effective="2022-03-01",
            within_items=m.ItemScope(bounds=[TPP_4800]),
        )
        rb = book(rule, also, change, chips=MORE_CHIPS)

        def unsettled(s: m.Status) -> list[tuple[str, ...]]:
            return [c.missing for c in s.caveats if c.missing]

        assert unsettled(rb.status_at("2022-06-01", "Vague", "CN")) == [("tpp",)]
        assert unsettled(rb.status_at("2022-06-01", "Vague", "CN", known_on="2022-02-01")) == []


def test_a_family_excluded_by_name_excludes_every_variant():
    """exclude_products may name a family: each of its variants is left out, a chip of no family stays in."""
    variants = [m.Chip(name=f"Fam {v}", family="Fam", tpp=5000, datacenter=True) for v in ("A", "B")]
    rule = instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, exclude_products=["Fam"]))])
    rb = book(rule, chips=[*variants, ALPHA])
    assert [rb.status_at("2022-01-01", c.name, "CN").license_required for c in variants] == [False, False]
    assert rb.status_at("2022-01-01", "Alpha", "CN").license_required


def test_a_kept_membership_not_yet_public_keeps_nothing():
    """A membership that keeps a destination in scope counts only once public, also on a day a public change is
    evaluated (the rule's first day here)."""
    excepted = m.CountryGroup(id="G", name="Group G", members=[m.Membership(country="RU")])
    kept = m.CountryGroup(
        id="K", name="Group K", members=[m.Membership(country="RU", start=day("2021-06-01"), added_by="keep")]
    )
    keep = instrument("keep", published="2021-06-01", effective="2021-06-01")
    scope = m.DestinationScope(everywhere=True, except_groups=["G"], keep_groups=["K"])
    rule = instrument("r", published="2021-03-01", effective="2021-06-01", provisions=[provision(destinations=scope)])
    rb = book(rule, keep, groups=[excepted, kept])
    assert rb.status_at("2022-01-01", "Alpha", "RU").license_required
    assert not rb.status_at("2022-01-01", "Alpha", "RU", known_on="2021-05-01").license_required


def test_a_provision_not_yet_public_hides_none_after_it():
    """As known on a day, a provision of an instrument not yet public is passed over, and the public ones listed
    after it in the record still bind."""
    late = instrument("a-late", published="2023-01-01", effective="2023-01-01", provisions=[provision()])
    early = instrument("b-early", published="2021-01-01", effective="2021-06-01", provisions=[provision()])
    rb = book(late, early)
    s = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2022-01-01")
    assert s.license_required and [g.instrument for g in s.grounds] == ["b-early"]
