"""The engine, pinned where mutation testing found it unchecked: caveat wording, headquarters
rules, provision timing, obligations, licences and classification corners.

Each test builds the smallest rulebook that shows one behaviour (``mutation_records``).
"""

from __future__ import annotations

import chipcontrols as cc
from chipcontrols import CaveatKind
from helpers import reference
from mutation_records import ABROAD, TPP_4800, VAGUE, book, criteria, day, instrument, provision

MERGE = instrument("merge", published="2020-12-23", effective="2020-12-23")
HK_INTO_CN = cc.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge")


def caveats(status: cc.Status, kind: CaveatKind) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.message, c.instruments) for c in status.caveats if c.kind is kind]


class TestCaveatWording:
    def test_merged_destination(self):
        """A merged destination names what it is treated as, and from when."""
        rb = book(MERGE, instrument("r", provisions=[provision()]), merges=[HK_INTO_CN])
        s = rb.status_at("2022-01-01", "Alpha", "HK")
        assert caveats(s, CaveatKind.DESTINATION_MERGED) == [
            ("HK is treated as CN under the EAR from 2020-12-23", ("merge",))
        ]
        assert s.license_required and s.governing == "CN"
        assert s.citations == ("Rule merge", "Rule r")

    def test_foreign_produced_chip(self):
        """A chip made abroad is answered as if subject to the EAR, and the answer says so."""
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", ABROAD, "CN")
        assert caveats(s, CaveatKind.NOT_EVALUATED) == [
            (
                "Abroad is produced outside the United States: the EAR reaches it only through U.S.-origin "
                "content or the foreign-direct-product rules, which are not evaluated; the answer assumes it "
                "is subject to the EAR",
                (),
            )
        ]

    def test_headquarters_rule_without_headquarters(self):
        """A headquarters rule asked about without headquarters is a caveat naming every place, sorted."""
        parties = cc.PartyScope(headquartered_in_countries=["MO"], headquartered_in_groups=["G"])
        rb = book(
            instrument("r", provisions=[provision(destinations=cc.DestinationScope(everywhere=True), parties=parties)]),
            groups=[cc.CountryGroup(id="G", name="Group G", members=[cc.Membership(country="CN")])],
        )
        s = rb.status_at("2022-01-01", "Alpha", "DE")
        assert not s.license_required
        assert caveats(s, CaveatKind.PARTY_RULE) == [
            (
                "a licence is also required if a party is headquartered in (or its ultimate parent is in) "
                "G or MO (Rule r); pass headquartered_in= to evaluate it",
                ("r",),
            )
        ]

    def test_end_user_rules(self):
        """Rules on listed parties are described, once per instrument, sorted, never evaluated."""
        listed = cc.PartyScope(listed_parties="Entity List")
        rb = book(
            instrument("z", provisions=[provision(parties=listed)]),
            instrument("e", provisions=[provision(parties=listed), provision("q", parties=listed)]),
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, CaveatKind.END_USER) == [
            (
                "end-user controls are not evaluated: a licence may also be required when a listed party or a "
                "military end user is involved (Rule e; Rule z)",
                ("e", "z"),
            )
        ]

    def test_end_user_rule_on_another_basis_is_not_mentioned(self):
        """A listed-party rule that does not bind on the basis asked is not described."""
        listed = cc.PartyScope(listed_parties="Entity List")
        rb = book(instrument("e", compliance=day("2023-01-01"), provisions=[provision(parties=listed)]))
        assert caveats(rb.status_at("2022-01-01", "Alpha", "CN"), CaveatKind.END_USER) == []
        assert len(caveats(rb.status_at("2022-01-01", "Alpha", "CN", basis="legal"), CaveatKind.END_USER)) == 1

    def test_missing_specification_names_what_is_missing(self):
        """An item scope that turns on a classification the chip's record cannot settle names the gap."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(
            instrument("crit"),
            instrument("r", provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))]),
            criteria=[version],
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (s.license_required, s.determinate, s.unclassified) == (False, False, ("tpp",))
        assert caveats(s, CaveatKind.MISSING_SPECIFICATION) == [
            ("Provision p (Rule r) applies if the chip meets its item scope; the record lacks tpp to tell", ("r",))
        ]

    def test_missing_specification_outside_classification(self):
        """A bound on a specification the record lacks, with the classification settled, says 'a specification'."""
        rb = book(instrument("r", provisions=[provision(items=cc.ItemScope(all_items=True, bounds=[TPP_4800]))]))
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (s.license_required, s.determinate, s.unclassified) == (False, False, ())
        assert caveats(s, CaveatKind.MISSING_SPECIFICATION) == [
            (
                "Provision p (Rule r) applies if the chip meets its item scope; the record lacks a specification "
                "to tell",
                ("r",),
            )
        ]

    def test_missing_specification_on_another_basis_is_silent(self):
        """A provision that would not bind on the basis asked does not report a missing specification."""
        rb = book(
            instrument(
                "r",
                compliance=day("2023-01-01"),
                provisions=[provision(items=cc.ItemScope(all_items=True, bounds=[TPP_4800]))],
            )
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert s.determinate and caveats(s, CaveatKind.MISSING_SPECIFICATION) == []
        assert caveats(s, CaveatKind.BASIS_DIFFERS) == []

    def test_basis_differs_before_compliance(self):
        """Between effect and compliance the requirement binds in law only, and says why."""
        rb = book(instrument("r", compliance=day("2023-01-01"), provisions=[provision()]))
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, CaveatKind.BASIS_DIFFERS) == [
            ("Provision p (Rule r) binds on the legal basis but is compliance not yet required", ("r",))
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
                amendments=[cc.NonEnforcement(target="r", end=day("2024-01-01"))],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert not s.license_required
        assert caveats(s, CaveatKind.BASIS_DIFFERS) == [
            (
                "Provision p (Rule r) binds on the legal and compliance bases but is not enforced (Rule stop)",
                ("r", "stop"),
            )
        ]
        assert rb.status_at("2022-06-01", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2021-12-31", "Alpha", "CN").license_required
        assert rb.status_at("2024-01-01", "Alpha", "CN").license_required

    def test_uncertain_provision_and_instrument(self):
        """An uncertain provision makes the answer open; an instrument's uncertainties are reported as said."""
        rb = book(
            instrument(
                "r",
                uncertainties=("First doubt.", "Second doubt."),
                provisions=[provision(uncertain="the scope is disputed")],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert s.license_required is True and s.determinate is False
        assert caveats(s, CaveatKind.UNCERTAIN_RECORD) == [
            ("Provision p (Rule r) is uncertain: the scope is disputed", ("r",)),
            ("Rule r: First doubt. Second doubt.", ("r",)),
        ]

    def test_certain_instrument_has_no_uncertainty_caveat(self):
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", "Alpha", "CN")
        assert s.determinate and s.caveats == ()

    def test_condition_of_a_review_policy(self):
        """A review policy limited by a condition the model cannot check applies, with the condition stated."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.PRESUMPTION_OF_DENIAL)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    cc.ReviewPolicyChange(
                        target="r/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE, condition="civil end users"
                    )
                ],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert s.review_policy is cc.ReviewPolicy.CASE_BY_CASE
        assert caveats(s, CaveatKind.NOT_EVALUATED) == [
            ("Provision p: review policy applies only to civil end users", ("c",))
        ]
        assert s.basis[0].conditions == ("civil end users",)
        assert s.citations == ("Rule r", "Rule c")
        assert rb.status_at("2021-06-01", "Alpha", "CN").review_policy is cc.ReviewPolicy.PRESUMPTION_OF_DENIAL


class TestHeadquarters:
    def _book(self, parties: cc.PartyScope, *extra: cc.Instrument, **parts):
        rule = instrument(
            "r",
            provisions=[provision(destinations=cc.DestinationScope(everywhere=True), parties=parties)],
        )
        return book(rule, *extra, **parts)

    def test_headquarters_country(self):
        """A rule on buyers headquartered in a country applies to those buyers only."""
        rb = self._book(cc.PartyScope(headquartered_in_countries=["CN"]))
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="CN").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="FR").license_required

    def test_headquarters_in_a_merged_place(self):
        """Headquarters in Hong Kong count as China once merged, and only once the merger is known."""
        merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
        hk = cc.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
        rb = self._book(cc.PartyScope(headquartered_in_countries=["CN"]), merger, merges=[hk])
        after = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="HK")
        assert after.license_required and after.citations == ("Rule r",)
        assert not rb.status_at("2021-05-31", "Alpha", "DE", headquartered_in="HK").license_required
        before_news = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="HK", known_on="2021-03-01")
        assert not before_news.license_required
        assert rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="CN", known_on="2021-03-01").license_required

    def test_headquarters_group_membership_as_known(self):
        """Membership of a headquarters group counts only once the instrument adding it is public."""
        group = cc.CountryGroup(
            id="G",
            name="Group G",
            members=[cc.Membership(country="RU", start=day("2021-06-01"), added_by="add")],
        )
        adder = instrument("add", published="2021-06-01", effective="2021-06-01")
        rb = self._book(cc.PartyScope(headquartered_in_groups=["G"]), adder, groups=[group])
        s = rb.status_at("2022-01-01", "Alpha", "DE", headquartered_in="RU")
        assert s.license_required and s.citations == ("Rule r", "Rule add")
        assert not rb.status_at(
            "2022-01-01", "Alpha", "DE", headquartered_in="RU", known_on="2021-05-01"
        ).license_required
        assert not rb.status_at("2021-05-31", "Alpha", "DE", headquartered_in="RU").license_required


class TestIndex:
    def test_two_merges(self):
        """Several merged destinations are each treated as the one they merged into, from their own day."""
        merges = [
            cc.Merge(code="MO", into="CN", start=day("2022-06-01"), instrument="merge"),
            HK_INTO_CN,
        ]
        rb = book(MERGE, instrument("r", provisions=[provision()]), merges=merges)
        assert rb.status_at("2021-01-01", "Alpha", "HK").governing == "CN"
        assert rb.status_at("2022-05-31", "Alpha", "MO").governing == "MO"
        assert rb.status_at("2022-06-01", "Alpha", "MO").governing == "CN"

    def test_later_starting_amendment_acts_last(self):
        """Changes to one provision apply in the order they start, not in the order their instruments took effect."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "early",
                published="2021-06-01",
                effective="2021-06-01",
                amendments=[
                    cc.ReviewPolicyChange(
                        target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL, start=day("2023-01-01")
                    )
                ],
            ),
            instrument(
                "late",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.PRESUMPTION_OF_APPROVAL)],
            ),
        )
        policy = cc.ReviewPolicy
        assert rb.status_at("2021-12-31", "Alpha", "CN").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is policy.PRESUMPTION_OF_APPROVAL
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is policy.POLICY_OF_DENIAL

    def test_non_enforcement_of_an_amending_instrument(self):
        """When the instrument that changed a policy is not enforced, the change stops on the enforced basis only."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("own", destinations=cc.DestinationScope(countries=["RU"]))],
                amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
            ),
            instrument(
                "stop",
                published="2022-12-01",
                effective="2022-12-01",
                amendments=[cc.NonEnforcement(target="c", start=day("2023-01-01"), end=day("2024-01-01"))],
            ),
        )
        policy = cc.ReviewPolicy
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2022-12-15", "Alpha", "CN").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2023-06-01", "Alpha", "CN", basis="compliance").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2024-01-01", "Alpha", "CN").review_policy is policy.POLICY_OF_DENIAL
        before_news = rb.status_at("2023-06-01", "Alpha", "CN", known_on="2022-11-30")
        assert before_news.review_policy is policy.POLICY_OF_DENIAL

    def test_rescinding_an_instrument_leaves_its_changes_to_others(self):
        """Rescinding an instrument ends its own provisions, not the changes it made to other instruments."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("own", destinations=cc.DestinationScope(countries=["RU"]))],
                amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
            ),
            instrument("end", published="2023-01-01", effective="2023-01-01", amendments=[cc.Rescission(target="c")]),
        )
        assert rb.status_at("2023-06-01", "Alpha", "CN").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert rb.status_at("2022-06-01", "Alpha", "RU").license_required
        assert not rb.status_at("2023-06-01", "Alpha", "RU").license_required


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
                amendments=[cc.ComplianceDelay(target="r/p", compliance=day("2023-01-01"))],
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
                amendments=[cc.Rescission(target="r/p", start=day("2023-01-01"))],
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
                amendments=[cc.Rescission(target="r/p", start=day("2023-01-01"))],
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
                amendments=[cc.Suspension(target="r/p", start=day("2022-03-01"), end=day("2022-09-01"))],
            ),
        )
        assert rb.status_at("2022-02-28", "Alpha", "CN").license_required
        assert not rb.status_at("2022-03-01", "Alpha", "CN", basis="legal").license_required
        assert not rb.status_at("2022-08-31", "Alpha", "CN", basis="legal").license_required
        after = rb.status_at("2022-09-01", "Alpha", "CN")
        assert after.license_required and after.citations == ("Rule r",)

    def test_non_enforcement_without_end(self):
        """An open-ended non-enforcement of one provision keeps it off the enforced basis for good."""
        rb = book(
            instrument(
                "r", provisions=[provision(), provision("q", destinations=cc.DestinationScope(countries=["RU"]))]
            ),
            instrument(
                "stop", published="2022-01-01", effective="2022-01-01", amendments=[cc.NonEnforcement(target="r/p")]
            ),
        )
        assert not rb.status_at("2025-06-01", "Alpha", "CN").license_required
        assert rb.status_at("2025-06-01", "Alpha", "CN", basis="compliance").license_required
        assert rb.status_at("2025-06-01", "Alpha", "RU").license_required

    def test_scope_change_from_its_start(self):
        """A scope change replaces the scopes it names from its start, keeps the others, and is cited."""
        rb = book(
            instrument("r", provisions=[provision(items=cc.ItemScope(products=["Alpha"]))]),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    cc.ScopeChange(
                        target="r/p",
                        start=day("2022-06-01"),
                        destinations=cc.DestinationScope(countries=["CN", "RU"]),
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
                amendments=[cc.ScopeChange(target="r/p", parties=cc.PartyScope(headquartered_in_countries=["CN"]))],
            ),
        )
        assert rb.status_at("2021-06-01", "Alpha", "CN", headquartered_in="FR").license_required
        assert not rb.status_at("2022-06-01", "Alpha", "CN", headquartered_in="FR").license_required
        assert rb.status_at("2022-06-01", "Alpha", "CN", headquartered_in="CN").license_required

    def test_replacement(self):
        """A replacement ends the old provision on its start; the new one binds from its own effective date."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "new",
                published="2022-01-01",
                effective="2022-01-01",
                provisions=[provision("n", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
                amendments=[cc.Replacement(target="r/p", by="n")],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert s.review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert [g.instrument for g in s.basis] == ["new"]
        assert s.citations == ("Rule new",)
        before_news = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-06-01")
        assert before_news.review_policy is cc.ReviewPolicy.CASE_BY_CASE and before_news.citations == ("Rule r",)


class TestItemsAndObligations:
    def test_excluded_product(self):
        """A product named in exclude_products is out of an all-items scope; others stay in."""
        rb = book(
            instrument("r", provisions=[provision(items=cc.ItemScope(all_items=True, exclude_products=["Beta"]))])
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").license_required
        assert not rb.status_at("2022-01-01", "Beta", "CN").license_required

    def test_data_centre_filter(self):
        """An item scope limited to data-centre chips leaves others out and cannot decide an unflagged chip."""
        scope = cc.ItemScope(all_items=True, datacenter=True)
        rb = book(instrument("r", provisions=[provision(items=scope)]))
        assert rb.status_at("2022-01-01", "Alpha", "CN").license_required
        desk = cc.Chip(name="Desk", tpp=5000, datacenter=False)
        assert not rb.status_at("2022-01-01", desk, "CN").license_required
        open_answer = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (open_answer.license_required, open_answer.determinate) == (False, False)

    def test_policy_and_exception_changes_within_a_sub_scope(self):
        """Changes limited to some items or destinations apply there only; the strictest policy and the common
        exceptions of every binding requirement make the answer."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision(
                        destinations=cc.DestinationScope(countries=["CN", "RU"]),
                        review_policy=cc.ReviewPolicy.CASE_BY_CASE,
                        exceptions=["NAC", "ACA"],
                    ),
                    provision(
                        "q",
                        destinations=cc.DestinationScope(countries=["RU"]),
                        review_policy=cc.ReviewPolicy.PRESUMPTION_OF_APPROVAL,
                        exceptions=["NAC", "LPP"],
                    ),
                ],
            ),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    cc.ReviewPolicyChange(
                        target="r/p",
                        review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL,
                        within_items=cc.ItemScope(products=["Alpha"]),
                    ),
                    cc.ExceptionChange(
                        target="r/p", exceptions=["ACA"], within_destinations=cc.DestinationScope(countries=["CN"])
                    ),
                ],
            ),
        )
        policy = cc.ReviewPolicy
        alpha_cn = rb.status_at("2022-06-01", "Alpha", "CN")
        assert (alpha_cn.review_policy, alpha_cn.exceptions) == (policy.POLICY_OF_DENIAL, (cc.LicenseException.ACA,))
        assert alpha_cn.level is cc.Level.LICENSE_EXCEPTION
        beta_cn = rb.status_at("2022-06-01", "Beta", "CN")
        assert (beta_cn.review_policy, beta_cn.exceptions) == (policy.CASE_BY_CASE, (cc.LicenseException.ACA,))
        assert beta_cn.citations == ("Rule r", "Rule c")
        beta_ru = rb.status_at("2022-06-01", "Beta", "RU")
        assert (beta_ru.review_policy, beta_ru.exceptions) == (policy.CASE_BY_CASE, (cc.LicenseException.NAC,))
        assert beta_ru.citations == ("Rule r",)
        assert [(g.provision, g.review_policy) for g in beta_ru.basis] == [
            ("p", policy.CASE_BY_CASE),
            ("q", policy.PRESUMPTION_OF_APPROVAL),
        ]
        alpha_ru = rb.status_at("2022-06-01", "Alpha", "RU")
        assert alpha_ru.review_policy is policy.POLICY_OF_DENIAL
        assert alpha_ru.basis[0].exceptions == frozenset({cc.LicenseException.NAC, cc.LicenseException.ACA})
        before = rb.status_at("2021-06-01", "Alpha", "CN")
        assert before.exceptions == (cc.LicenseException.ACA, cc.LicenseException.NAC)

    def test_policy_change_follows_its_instrument_through_the_bases(self):
        """A policy change binds in law from its start and for compliance from its instrument's compliance date."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                compliance=day("2022-06-01"),
                amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
            ),
        )
        policy = cc.ReviewPolicy
        assert rb.status_at("2022-03-01", "Alpha", "CN", basis="legal").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2022-03-01", "Alpha", "CN", basis="compliance").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2022-03-01", "Alpha", "CN").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN", basis="compliance").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2021-12-31", "Alpha", "CN", basis="legal").review_policy is policy.CASE_BY_CASE

    def test_tiers_and_provisions_without_a_licence(self):
        """Tiers of every binding provision are joined; a provision without a licence requirement adds no policy."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision(license_required=False, tier="Tier 2", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL),
                    provision("q", license_required=False, tier="Tier 1", exceptions=["NAC"]),
                    provision("s", license_required=False, tier="Tier 1"),
                ],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.exceptions, s.tier) == (False, None, (), "Tier 1 / Tier 2")
        assert [(g.review_policy, g.exceptions) for g in s.basis] == [(None, frozenset())] * 3
        assert s.level is cc.Level.NO_LICENSE_REQUIRED

    def test_licence_without_published_policy(self):
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.exceptions, s.tier) == (True, None, (), None)
        assert s.level is cc.Level.LICENSE_REQUIRED


class TestGroupsAndDestinations:
    GROUP = cc.CountryGroup(
        id="G",
        name="Group G",
        members=[
            cc.Membership(
                country="RU", start=day("2021-06-01"), end=day("2023-01-01"), added_by="add", removed_by="drop"
            ),
            cc.Membership(country="CN"),
        ],
    )
    ADD = instrument("add", published="2021-06-01", effective="2021-06-01")
    DROP = instrument("drop", published="2022-06-01", effective="2022-06-01")

    def _book(self, scope: cc.DestinationScope):
        return book(
            self.ADD, self.DROP, instrument("r", provisions=[provision(destinations=scope)]), groups=[self.GROUP]
        )

    def test_membership_window_and_knowledge(self):
        """A group member is in scope from its start until its end, each counted only once public."""
        rb = self._book(cc.DestinationScope(groups=["G"]))
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
        rb = self._book(cc.DestinationScope(everywhere=True, except_countries=["FR"], except_groups=["G"]))
        assert rb.status_at("2022-01-01", "Alpha", "DE").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "FR").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "RU").license_required
        assert rb.status_at("2023-06-01", "Alpha", "RU").license_required
        assert rb.members("G", "2022-01-01") == (cc.country("CN"), cc.country("RU"))
        assert rb.members("G", "2022-01-01", known_on="2021-01-01") == (cc.country("CN"),)

    def test_named_country_beside_groups(self):
        """A country named outright is in scope without any group."""
        rb = self._book(cc.DestinationScope(countries=["DE"], groups=["G"]))
        s = rb.status_at("2022-01-01", "Alpha", "DE")
        assert s.license_required and s.citations == ("Rule r",)


class TestLicences:
    def test_licence_window_products_destinations_and_knowledge(self):
        """A granted licence is listed while it runs, for its products and destinations, once public."""
        grant = cc.License(
            id="lic-1",
            holder="Vendor",
            products=["Alpha"],
            destinations=cc.DestinationScope(countries=["CN"]),
            start=day("2022-03-01"),
            end=day("2022-09-01"),
        )
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "grant",
                kind=cc.InstrumentKind.LICENSE_GRANT,
                published="2022-02-01",
                effective="2022-02-01",
                licenses=[grant],
            ),
            instrument(
                "open",
                kind=cc.InstrumentKind.LICENSE_GRANT,
                published="2022-02-01",
                effective="2022-05-01",
                licenses=[
                    cc.License(
                        id="lic-2",
                        holder="Other",
                        products=["Alpha"],
                        destinations=cc.DestinationScope(countries=["CN"]),
                    )
                ],
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


class TestCitations:
    def test_one_citation_per_instrument_in_order_of_publication(self):
        """Citations follow publication, then id; instruments sharing a short citation are cited once."""
        rb = book(
            instrument("b", published="2021-01-01", provisions=[provision()]),
            instrument("a", published="2021-01-01", provisions=[provision()]),
            instrument("z", published="2020-06-01", provisions=[provision()]),
            cc.Instrument(
                id="again",
                kind=cc.InstrumentKind.RULE,
                title="Same citation",
                citation=cc.Citation(short="Rule a"),
                summary="Cited like a.",
                published=day("2021-02-01"),
                effective=day("2021-02-01"),
                provisions=[provision()],
            ),
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert s.citations == ("Rule z", "Rule a", "Rule b")
        assert [g.instrument for g in s.basis] == ["z", "a", "b", "again"]


class TestObligationOrder:
    """Every change to a provision's obligations is considered, whatever comes before it."""

    GROUP = cc.CountryGroup(
        id="G", name="Group G", members=[cc.Membership(country="RU", start=day("2021-06-01"), added_by="add")]
    )

    def _book(self, *amendments, **fields):
        rule = instrument(
            "r",
            provisions=[
                provision(
                    destinations=cc.DestinationScope(countries=["CN", "RU"]),
                    review_policy=cc.ReviewPolicy.CASE_BY_CASE,
                )
            ],
        )
        change = instrument("c", published="2021-01-01", effective="2021-01-01", amendments=amendments, **fields)
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        adder = instrument("add", published="2021-06-01", effective="2021-06-01")
        return book(instrument("crit"), rule, change, adder, groups=[self.GROUP], criteria=[version])

    def test_after_a_scope_change(self):
        rb = self._book(
            cc.ScopeChange(target="r/p", start=day("2021-03-01"), destinations=cc.DestinationScope(countries=["CN"])),
            cc.ReviewPolicyChange(
                target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL, start=day("2021-06-01")
            ),
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert not rb.status_at("2022-01-01", "Alpha", "RU").license_required

    def test_after_a_change_not_yet_binding(self):
        """A change that starts first but binds for compliance only later does not hide a later change."""
        rule = instrument(
            "r",
            provisions=[
                provision(
                    destinations=cc.DestinationScope(countries=["CN", "RU"]),
                    review_policy=cc.ReviewPolicy.CASE_BY_CASE,
                )
            ],
        )
        slow = instrument(
            "slow",
            published="2021-06-01",
            effective="2021-06-01",
            compliance=day("2023-01-01"),
            amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        )
        quick = instrument(
            "quick",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[cc.ExceptionChange(target="r/p", exceptions=["NAC"])],
        )
        rb = book(rule, slow, quick)
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert (s.review_policy, s.exceptions) == (cc.ReviewPolicy.CASE_BY_CASE, (cc.LicenseException.NAC,))
        later = rb.status_at("2023-06-01", "Alpha", "CN")
        assert (later.review_policy, later.exceptions) == (
            cc.ReviewPolicy.POLICY_OF_DENIAL,
            (cc.LicenseException.NAC,),
        )

    def test_after_a_change_elsewhere(self):
        rb = self._book(
            cc.ExceptionChange(
                target="r/p", exceptions=["NAC"], within_destinations=cc.DestinationScope(countries=["CN"])
            ),
            cc.ReviewPolicyChange(
                target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL, start=day("2021-06-01")
            ),
        )
        ru = rb.status_at("2022-01-01", "Alpha", "RU")
        assert (ru.review_policy, ru.exceptions) == (cc.ReviewPolicy.POLICY_OF_DENIAL, ())
        cn = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (cn.review_policy, cn.exceptions) == (cc.ReviewPolicy.POLICY_OF_DENIAL, (cc.LicenseException.NAC,))

    def test_within_classified_items(self):
        """A change limited to chips of a classification applies to those the criteria place in it."""
        rb = self._book(
            cc.ReviewPolicyChange(
                target="r/p",
                review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL,
                within_items=cc.ItemScope(classifications=["3A090.a"]),
            )
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
        small = cc.Chip(name="Small", tpp=100, datacenter=True)
        assert rb.status_at("2022-01-01", small, "CN").review_policy is cc.ReviewPolicy.CASE_BY_CASE
        assert rb.status_at("2022-01-01", VAGUE, "CN").review_policy is cc.ReviewPolicy.CASE_BY_CASE

    def test_within_a_group_as_known(self):
        """A change limited to a group's members follows the membership's dates and what was known of it."""
        rb = self._book(
            cc.ReviewPolicyChange(
                target="r/p",
                review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL,
                within_destinations=cc.DestinationScope(groups=["G"]),
            )
        )
        policy = cc.ReviewPolicy
        assert rb.status_at("2022-06-01", "Alpha", "RU").review_policy is policy.POLICY_OF_DENIAL
        assert rb.status_at("2021-03-01", "Alpha", "RU").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "RU", known_on="2021-03-01").review_policy is policy.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is policy.CASE_BY_CASE


class TestExclusions:
    def test_exclusion_after_one_for_another_category(self):
        """An exclusion for memory does not stop a later exclusion for logic chips from applying."""
        version = criteria(
            cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]),
            exclusions=[
                cc.Exclusion(description="memory stacks", tests=[TPP_4800], category=cc.ChipCategory.MEMORY),
                cc.Exclusion(description="consumer chips", tests=[TPP_4800], datacenter=False),
            ],
        )
        rb = book(instrument("crit"), criteria=[version])
        desk = cc.Chip(name="Desk", tpp=5000, datacenter=False)
        c = rb.explain_classification(desk, "2022-01-01")
        assert (c.paragraph, c.excluded_by, c.determinate) == (None, "consumer chips", True)
        server = rb.explain_classification("Alpha", "2022-01-01")
        assert (server.paragraph, server.excluded_by) == ("3A090.a", None)
        unknown = rb.explain_classification(cc.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert (unknown.paragraph, unknown.determinate, unknown.missing) == (None, False, ("datacenter",))


class TestClassificationAsKnown:
    def _book(self):
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rule = instrument(
            "r",
            published="2020-01-01",
            effective="2020-01-01",
            provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))],
        )
        return book(instrument("crit"), rule, criteria=[version])

    def test_classification_names_its_criteria(self):
        """A classification names the criteria version and the instrument that decided it, controlled or not."""
        rb = self._book()
        c = rb.explain_classification("Alpha", "2022-01-01")
        assert (c.paragraph, c.prong, c.version, c.instrument, c.date) == (
            "3A090.a",
            "3A090.a",
            "criteria-2021-01-01",
            "crit",
            day("2022-01-01"),
        )
        small = rb.explain_classification(cc.Chip(name="Small", tpp=100), "2022-01-01")
        assert (small.paragraph, small.version, small.instrument, small.determinate) == (
            None,
            "criteria-2021-01-01",
            "crit",
            True,
        )
        assert [(t.prong, t.passed, t.margin) for t in small.tests] == [("3A090.a", False, 100 - 4800)]

    def test_criteria_not_yet_public_classify_nothing(self):
        """Asked as known before the criteria were published, a chip meets no paragraph and needs no licence."""
        rb = self._book()
        s = rb.status_at("2022-01-01", "Alpha", "CN", known_on="2020-06-01")
        assert (s.classification, s.license_required) == (None, False)
        now = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (now.classification, now.license_required, now.citations) == ("3A090.a", True, ("Rule r", "Rule crit"))
        assert rb.explain_classification("Alpha", "2022-01-01", known_on="2020-06-01").version is None

    def test_merger_not_yet_public(self):
        """Before a merger is public, the merged place is answered as itself."""
        merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
        hk = cc.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
        rb = book(merger, instrument("r", provisions=[provision()]), merges=[hk])
        s = rb.status_at("2022-01-01", "Alpha", "HK", known_on="2021-03-01")
        assert (s.governing, s.license_required, s.caveats) == ("HK", False, ())
        assert rb.status_at("2022-01-01", "Alpha", "HK").governing == "CN"


class TestEvaluationDetails:
    def test_provision_after_a_headquarters_rule_that_does_not_apply(self):
        """A headquarters rule that does not catch the buyer leaves the provisions after it to apply."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision("hq", parties=cc.PartyScope(headquartered_in_countries=["CN"])),
                    provision("plain", review_policy=cc.ReviewPolicy.CASE_BY_CASE),
                ],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN", headquartered_in="FR")
        assert s.license_required and [g.provision for g in s.basis] == ["plain"]
        both = rb.status_at("2022-01-01", "Alpha", "CN", headquartered_in="CN")
        assert [g.provision for g in both.basis] == ["hq", "plain"]

    def test_suspended_provision_leaves_no_trace(self):
        """While suspended, a provision binds on no basis and the answer says nothing of it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "pause",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[cc.Suspension(target="r/p", end=day("2023-01-01"))],
            ),
        )
        for basis in ("legal", "compliance", "enforced"):
            s = rb.status_at("2022-06-01", "Alpha", "CN", basis=basis)
            assert (s.license_required, s.caveats, s.basis, s.citations) == (False, (), (), ())

    def test_two_missing_specifications(self):
        """Every specification the record lacks is named, in order."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(
            instrument("crit"),
            instrument("r", provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))]),
            criteria=[version],
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert s.unclassified == ("datacenter", "tpp")
        assert caveats(s, CaveatKind.MISSING_SPECIFICATION) == [
            (
                "Provision p (Rule r) applies if the chip meets its item scope; the record lacks datacenter, tpp "
                "to tell",
                ("r",),
            )
        ]

    def test_not_enforced_by_two_instruments(self):
        """A requirement that two instruments stop enforcing names both."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "stop1", published="2022-01-01", effective="2022-01-01", amendments=[cc.NonEnforcement(target="r/p")]
            ),
            instrument(
                "stop2", published="2022-02-01", effective="2022-02-01", amendments=[cc.NonEnforcement(target="r")]
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert caveats(s, CaveatKind.BASIS_DIFFERS) == [
            (
                "Provision p (Rule r) binds on the legal and compliance bases but is not enforced "
                "(Rule stop1, Rule stop2)",
                ("r", "stop1", "stop2"),
            )
        ]

    def test_not_enforced_before_compliance(self):
        """Before its compliance date, a requirement not enforced is reported for the first reason that applies."""
        rb = book(
            instrument("r", compliance=day("2023-01-01"), provisions=[provision()]),
            instrument(
                "stop", published="2022-01-01", effective="2022-01-01", amendments=[cc.NonEnforcement(target="r/p")]
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert caveats(s, CaveatKind.BASIS_DIFFERS) == [
            ("Provision p (Rule r) binds on the legal basis but is compliance not yet required", ("r", "stop"))
        ]

    def test_grounds_carry_their_provision(self):
        """Each ground names its instrument, provision, citation, title, policy, exceptions, tier and conditions."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision(
                        review_policy=cc.ReviewPolicy.CASE_BY_CASE,
                        exceptions=["NAC"],
                        tier="Tier 3",
                        conditions=["a condition"],
                    )
                ],
            )
        )
        (g,) = rb.status_at("2022-01-01", "Alpha", "CN").basis
        assert g == cc.Ground(
            instrument="r",
            provision="p",
            citation="Rule r",
            title="Provision p",
            review_policy=cc.ReviewPolicy.CASE_BY_CASE,
            exceptions=frozenset({cc.LicenseException.NAC}),
            tier="Tier 3",
            conditions=("a condition",),
        )
        assert str(g) == "Rule r: Provision p"


class TestAmendmentOrder:
    def test_change_after_one_not_yet_public(self):
        """A change not yet public on the knowledge day does not hide the public changes after it."""
        rb = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[cc.ScopeChange(target="r/p", destinations=cc.DestinationScope(countries=["CN", "RU"]))],
            ),
            instrument(
                "stop",
                published="2023-01-01",
                effective="2023-01-01",
                amendments=[cc.NonEnforcement(target="r/p", start=day("2021-06-01"))],
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
                amendments=[cc.ComplianceDelay(target="r/p", compliance=day("2021-09-01"))],
            ),
            instrument(
                "widen",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[cc.ScopeChange(target="r/p", destinations=cc.DestinationScope(countries=["CN", "RU"]))],
            ),
        )
        s = rb.status_at("2022-06-01", "Alpha", "RU")
        assert s.license_required and s.citations == ("Rule r", "Rule delay", "Rule widen")

    def test_memberships_in_any_order(self):
        """A country's memberships of a group count whatever their order, each as known."""
        group = cc.CountryGroup(
            id="G",
            name="Group G",
            members=[
                cc.Membership(country="RU", start=day("2022-01-01"), added_by="readd"),
                cc.Membership(country="RU", end=day("2021-06-01"), removed_by="drop"),
            ],
        )
        rb = book(
            instrument("r", provisions=[provision(destinations=cc.DestinationScope(groups=["G"]))]),
            instrument("drop", published="2021-06-01", effective="2021-06-01"),
            instrument("readd", published="2022-01-01", effective="2022-01-01"),
            groups=[group],
        )
        assert rb.status_at("2021-03-01", "Alpha", "RU", known_on="2021-03-01").license_required
        assert not rb.status_at("2021-09-01", "Alpha", "RU").license_required
        assert rb.status_at("2022-06-01", "Alpha", "RU").license_required


class TestLicencesByGroup:
    def test_licence_for_group_members_as_known(self):
        """A licence for a group's members covers a country while it is a member, as known."""
        group = cc.CountryGroup(
            id="G", name="Group G", members=[cc.Membership(country="RU", start=day("2021-06-01"), added_by="add")]
        )
        grant = cc.License(
            id="lic-g", holder="Vendor", products=["Alpha"], destinations=cc.DestinationScope(groups=["G"])
        )
        rb = book(
            instrument("r", provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))]),
            instrument("add", published="2021-06-01", effective="2021-06-01"),
            instrument("grant", kind=cc.InstrumentKind.LICENSE_GRANT, licenses=[grant]),
            groups=[group],
        )
        s = rb.status_at("2022-01-01", "Alpha", "RU")
        assert [lic.id for lic in s.licenses] == ["lic-g"] and s.citations == ("Rule grant", "Rule r")
        assert rb.status_at("2021-03-01", "Alpha", "RU").licenses == ()
        assert rb.status_at("2022-01-01", "Alpha", "RU", known_on="2021-03-01").licenses == ()
        assert reference(rb, day("2022-01-01"), "Alpha", "RU", known=day("2021-03-01")).licenses == ()
        assert [lic.id for lic in reference(rb, day("2022-01-01"), "Alpha", "RU").licenses] == ["lic-g"]


def test_classification_before_any_criteria():
    """Before any criteria apply, a classification names the chip and the day, with no version and no tests."""
    c = book(instrument("crit"), criteria=[criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))])
    got = c.explain_classification("Alpha", "2020-06-01")
    assert (got.chip, got.date, got.paragraph, got.prong, got.determinate) == (
        "Alpha",
        day("2020-06-01"),
        None,
        None,
        True,
    )
    assert (got.version, got.instrument, got.tests, got.excluded_by, got.missing) == (None, None, (), None, ())
