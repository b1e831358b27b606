"""Edges of the model: values refused when built, ordering, comparisons and the top-level helpers."""

from __future__ import annotations

import datetime as dt
import operator

import pytest

import chipcontrols as cc
from chipcontrols.errors import InvalidSpecificationError, RecordProblem
from small_records import instrument, provision


class TestRefusedWhenBuilt:
    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (lambda: cc.Chip(name="   "), "name must not be empty"),
            (lambda: cc.Provision(id="Not A Slug", title="t"), "must be lowercase"),
            (lambda: cc.Rescission(target="rule/"), "target 'rule/' must be"),
            (
                lambda: cc.Membership(country="NI", start=dt.date(2024, 3, 15), end=dt.date(2024, 3, 15)),
                "membership of NI ends",
            ),
            (lambda: instrument("r", published=None), "needs an announced or a published date"),
            (lambda: instrument("r", effective=None, provisions=[provision()]), "has legal effect but no effective"),
            (lambda: instrument("r", provisions=[provision("p"), provision("p")]), "repeats provision ids"),
        ],
    )
    def test_value_errors(self, build, message):
        """Malformed model values are refused with a message saying what is wrong."""
        with pytest.raises(ValueError, match=message):
            build()

    @pytest.mark.parametrize("tera_ops", [0, -1.0, float("inf")])
    def test_throughput_must_be_positive(self, tera_ops):
        """A throughput figure must be a positive finite number."""
        with pytest.raises(InvalidSpecificationError, match="tera_ops must be a positive number"):
            cc.Throughput(bits=8, tera_ops=tera_ops)

    def test_standing_instrument_needs_no_dates(self):
        """A standing instrument counts as known and in effect from the start of time."""
        standing = instrument("r", published=None, effective=None, standing=True, provisions=[provision()])
        assert (standing.known, standing.in_effect_from) == (dt.date.min, dt.date.min)


def test_instrument_provision_lookup():
    """An instrument gives its provisions by id, and names both ids when one is missing."""
    rule = cc.bundled().instrument("2022-10-advanced-computing-ifr")
    first = rule.provisions[0]
    assert rule.provision(first.id) is first
    with pytest.raises(KeyError, match="'2022-10-advanced-computing-ifr' has no provision 'nowhere'"):
        rule.provision("nowhere")


class TestOrderAndComparison:
    def test_all_four_comparisons(self):
        """Ordered enums support <, <=, > and >= by declaration order."""
        R = cc.ReviewPolicy
        assert R.CASE_BY_CASE <= R.CASE_BY_CASE <= R.POLICY_OF_DENIAL
        assert R.POLICY_OF_DENIAL >= R.POLICY_OF_DENIAL >= R.CASE_BY_CASE
        assert R.POLICY_OF_DENIAL > R.CASE_BY_CASE and not R.CASE_BY_CASE > R.CASE_BY_CASE

    @pytest.mark.parametrize("compare", [operator.lt, operator.le, operator.gt, operator.ge])
    def test_no_comparison_across_enums(self, compare):
        """A review policy and a level do not compare, in any direction."""
        with pytest.raises(TypeError):
            compare(cc.ReviewPolicy.CASE_BY_CASE, cc.Level.CASE_BY_CASE)

    @pytest.mark.parametrize(
        ("op", "results"),
        [(cc.Op.GE, (True, True, False)), (cc.Op.GT, (True, False, False)), (cc.Op.LE, (False, True, True))],
    )
    def test_threshold_operators(self, op, results):
        """Each operator compares a value above, at and below the threshold."""
        assert tuple(op.holds(v, 4800) for v in (4801, 4800, 4799)) == results


def test_country_str():
    """A country prints as its name and code."""
    assert str(cc.country("CN")) == "China (CN)"


def test_record_problem_value_semantics():
    """Problems compare and hash by file, path and message, and repr shows all three."""
    a = RecordProblem("chips.toml", "$.chip[0]", "bad")
    b = RecordProblem("chips.toml", "$.chip[0]", "bad")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != RecordProblem("chips.toml", "$.chip[1]", "bad")
    assert a != "chips.toml $.chip[0]: bad"
    assert repr(a) == "RecordProblem('chips.toml', '$.chip[0]', 'bad')"


def test_top_level_catalogue_and_instruments():
    """chips() and instruments() give the bundled record's, instruments in the order they became public."""
    assert cc.chips() == cc.bundled().chips and "H20" in {c.name for c in cc.chips()}
    insts = cc.instruments()
    assert insts == cc.bundled().instruments
    assert [i.known for i in insts] == sorted(i.known for i in insts)
