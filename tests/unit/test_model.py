"""The model's constructors: values refused when built (the one field rule, over every field of every
public model class), cross-field rules, ordering and comparisons, and immutable collections."""

from __future__ import annotations

import datetime as dt
import enum
import math
import operator
import types
import typing
from typing import Any

import attrs
import pytest

import chipcontrols as cc
from builders import INFO, instrument, provision
from chipcontrols import errors
from chipcontrols import model as m

D1 = dt.date(2021, 1, 1)
D2 = dt.date(2022, 1, 1)


# ------------------------------------------------------------------ values refused when built


class TestRefusedWhenBuilt:
    @pytest.mark.parametrize(
        ("build", "owner", "field"),
        [
            (lambda: m.Chip(name="   "), "Chip", "name"),
            (lambda: m.Provision(id="Not A Slug", title="t"), "Provision", "id"),
            (lambda: m.Rescission(target="rule/"), "Rescission", "target"),
            (
                lambda: m.Membership(country="NI", start=dt.date(2024, 3, 15), end=dt.date(2024, 3, 15)),
                "Membership",
                "end",
            ),
            (lambda: instrument("r", published=None), "Instrument 'r'", "published"),
            (lambda: instrument("r", effective=None, provisions=[provision()]), "Instrument 'r'", "effective"),
            (lambda: instrument("r", provisions=[provision("p"), provision("p")]), "Instrument 'r'", "provisions"),
            (lambda: instrument("r", provisions=[provision(tier="Tier 9")]), "Instrument 'r'", "provisions[p].tier"),
            (
                lambda: m.Suspension(target="r", start=dt.date(2022, 1, 1), end=dt.date(2022, 1, 1)),
                "Suspension",
                "end",
            ),
            (lambda: m.GroupChange(group="D:5"), "GroupChange", "add"),
            (lambda: m.AmbiguousName(name="Congo", countries=["CD"]), "AmbiguousName", "countries"),
            (lambda: m.RecordInfo(version="x", start=D2, reviewed=D1, sources_through=D1), "RecordInfo", "reviewed"),
            (lambda: m.ScopeChange(target="r/p"), "ScopeChange", "items"),
        ],
    )
    def test_value_errors(self, build, owner, field):
        """Malformed model values are refused with an InvalidValueError naming the owner and the field."""
        with pytest.raises(errors.InvalidValueError, match="expected") as info:
            build()
        assert isinstance(info.value, ValueError)
        assert (info.value.owner, info.value.field) == (owner, field)

    @pytest.mark.parametrize("tera_ops", [0, -1.0, float("inf")])
    def test_throughput_must_be_positive(self, tera_ops):
        """A throughput figure must be a positive finite number."""
        with pytest.raises(errors.InvalidSpecificationError, match="a positive, finite number") as info:
            m.Throughput(bits=8, tera_ops=tera_ops)
        assert (info.value.owner, info.value.field) == ("Throughput", "tera_ops")

    def test_throughput_whose_tpp_overflows(self):
        """A throughput whose TPP (bits x tera_ops) is not finite is refused."""
        with pytest.raises(errors.InvalidSpecificationError, match="TPP") as info:
            m.Throughput(bits=1024, tera_ops=1e308)
        assert (info.value.owner, info.value.field) == ("Throughput", "tera_ops")

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"tpp": -1},
            {"tpp": 0},
            {"die_area_mm2": 0},
            {"tpp": float("nan")},
            {"memory_bandwidth_gbps": -5},
            {"tpp": 10**400},
        ],
    )
    def test_impossible_specifications(self, kwargs):
        """Negative, zero, NaN and overflowing chip figures raise InvalidSpecificationError naming the figure."""
        with pytest.raises(errors.InvalidSpecificationError) as info:
            m.Chip(name="bad", **kwargs)
        assert (info.value.owner, info.value.field) == ("Chip", next(iter(kwargs)))

    @pytest.mark.parametrize("kwargs", [{"tpp": "5000"}, {"datacenter": "yes"}])
    def test_mistyped_specifications(self, kwargs):
        """A figure given as a string, or a flag given as a word, is an InvalidTypeError naming the field."""
        with pytest.raises(errors.InvalidTypeError) as info:
            m.Chip(name="bad", **kwargs)
        assert (info.value.owner, info.value.field) == ("Chip", next(iter(kwargs)))

    def test_unknown_launch_precision(self):
        """A launch date's precision other than day, month or year is refused as a value of Chip.launched_precision."""
        with pytest.raises(errors.InvalidValueError) as info:
            m.Chip(name="X", launched=D1, launched_precision="week")
        assert (info.value.owner, info.value.field) == ("Chip", "launched_precision")

    def test_what_constructors_convert(self):
        """Constructors convert only what is unambiguous: enum words, integers to floats, lists to tuples and sets."""
        chip = m.Chip(name="X", tpp=5000, aliases=["x-1"], category="memory", release="announced")
        assert chip.tpp == 5000.0 and type(chip.tpp) is float
        assert (
            chip.aliases == ("x-1",) and chip.category is m.ChipCategory.MEMORY and chip.release is m.Release.ANNOUNCED
        )
        p = provision(
            review_policy="case-by-case", exceptions=["NAC", m.LicenseException.ACA], conditions=["only this"]
        )
        assert p.review_policy is m.ReviewPolicy.CASE_BY_CASE
        assert p.exceptions == frozenset({m.LicenseException.NAC, m.LicenseException.ACA})
        assert p.conditions == (m.Condition(text="only this"),)

    def test_standing_instrument_needs_no_dates(self):
        """A standing instrument counts as known and in effect from the start of time."""
        standing = instrument("r", published=None, effective=None, standing=True, provisions=[provision()])
        assert (standing.known_from, standing.in_effect_from) == (dt.date.min, dt.date.min)


def test_instrument_provision_lookup():
    """An instrument gives its provisions by id, and refuses an unknown one listing the valid ids."""
    rule = cc.bundled().instrument("2022-10-advanced-computing-ifr")
    first = rule.provisions[0]
    assert rule.provision(first.id) is first
    with pytest.raises(errors.UnknownIdError, match="nowhere") as info:
        rule.provision("nowhere")
    assert isinstance(info.value, LookupError)
    assert (info.value.what, info.value.value) == ("provision", "nowhere")
    assert first.id in str(info.value) or first.id in info.value.close_matches


def test_instrument_tier_lookup():
    """An instrument gives its tiers by name, and refuses an unknown one."""
    tier = m.Tier(name="Tier 1", rank=1, destinations=m.DestinationScope(countries=["GB"]))
    rule = instrument("r", tiers=[tier])
    assert rule.tier("Tier 1") is tier
    with pytest.raises(errors.UnknownIdError) as info:
        rule.tier("Tier 4")
    assert info.value.what == "tier"


class TestOrderAndComparison:
    def test_all_four_comparisons(self):
        """Ordered enums support <, <=, > and >= by declaration order."""
        R = m.ReviewPolicy
        assert R.CASE_BY_CASE <= R.CASE_BY_CASE <= R.POLICY_OF_DENIAL
        assert R.POLICY_OF_DENIAL >= R.POLICY_OF_DENIAL >= R.CASE_BY_CASE
        assert R.POLICY_OF_DENIAL > R.CASE_BY_CASE and not R.CASE_BY_CASE > R.CASE_BY_CASE

    def test_ordered_enums(self):
        """Review policies and levels are ordered from the easiest shipment to the hardest; undetermined is last."""
        R = m.ReviewPolicy
        assert sorted([R.POLICY_OF_DENIAL, R.CASE_BY_CASE, R.PRESUMPTION_OF_APPROVAL, R.PRESUMPTION_OF_DENIAL]) == [
            R.PRESUMPTION_OF_APPROVAL,
            R.CASE_BY_CASE,
            R.PRESUMPTION_OF_DENIAL,
            R.POLICY_OF_DENIAL,
        ]
        L = m.Level
        assert sorted(L, reverse=True) == [
            L.UNDETERMINED,
            L.POLICY_OF_DENIAL,
            L.LICENSE_REQUIRED,
            L.PRESUMPTION_OF_DENIAL,
            L.CASE_BY_CASE,
            L.PRESUMPTION_OF_APPROVAL,
            L.LICENSE_EXCEPTION,
            L.NO_LICENSE_REQUIRED,
        ]
        assert L.NO_LICENSE_REQUIRED < L.LICENSE_EXCEPTION < L.CASE_BY_CASE

    @pytest.mark.parametrize("compare", [operator.lt, operator.le, operator.gt, operator.ge])
    def test_no_comparison_across_enums(self, compare):
        """A review policy and a level do not compare, in any direction."""
        with pytest.raises(TypeError):
            compare(m.ReviewPolicy.CASE_BY_CASE, m.Level.CASE_BY_CASE)

    @pytest.mark.parametrize(
        ("op", "results"),
        [
            (m.Op.GE, (True, True, False)),
            (m.Op.GT, (True, False, False)),
            (m.Op.LE, (False, True, True)),
            (m.Op.LT, (False, False, True)),
        ],
    )
    def test_threshold_operators(self, op, results):
        """Each operator compares a value above, at and below the threshold."""
        assert tuple(op.holds(v, 4800) for v in (4801, 4800, 4799)) == results


def test_collections_are_tuples_and_frozensets():
    """Collections inside the model are immutable types."""
    inst = cc.bundled().instrument("2023-10-advanced-computing-ifr")
    assert isinstance(inst.provisions, tuple)
    assert isinstance(inst.provisions[0].items.classifications, frozenset)
    chip = m.Chip(name="X", aliases=["a", "b"], throughput=[m.Throughput(bits=8, tera_ops=1)])
    assert isinstance(chip.aliases, tuple) and isinstance(chip.throughput, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        chip.name = "Y"  # type: ignore[misc]


# ------------------------------------------------------------------ the one field rule


def _examples() -> dict[type, Any]:
    """A valid instance of every public model class that validates its fields, with every field given."""
    cd = m.DestinationScope(countries=["CN"])
    items = m.ItemScope(all_items=True)
    source = m.Source(title="A source", url="https://example.org", grade="L")
    threshold = m.Threshold(spec="tpp", op=">=", value=4800)
    condition = m.Condition(text="exports only", id="exports-only", cfr="740.8", sources=[source])
    throughput = m.Throughput(bits=8, tera_ops=100, precision="fp8")
    market = m.Market(us_commercially_available=True, us_available_from=D1, china_market=False, end_of_sale=D2)
    figure = m.FigureSource(field="tpp", citation="A datasheet", url="https://example.org", grade="P")
    disputed = m.Disputed(field="tpp", value=5000, citation="A news report", reason="the datasheet", url="u", grade="N")
    chip = m.Chip(
        name="X1",
        family="X",
        vendor="V",
        aliases=["x-1"],
        category="logic",
        form_factor="SXM",
        datacenter=True,
        tpp=5000,
        throughput=[throughput],
        die_area_mm2=800,
        io_bandwidth_gbps=600,
        memory_bandwidth_gbps=3000,
        memory_bandwidth_density=2,
        memory_gb=80,
        release="released",
        launched=D1,
        launched_precision="month",
        foreign_produced=False,
        market=market,
        notes=["a note"],
        uncertain=["a doubt"],
        sources=[figure],
        disputed=[disputed],
    )
    paragraph = m.Paragraph(
        code="3A090.a", prong="3A090.a.1", tests=[threshold], category="logic", datacenter=True, instrument="crit"
    )
    exclusion = m.Exclusion(description="Note 2", tests=[threshold], category="logic", datacenter=False)
    version = m.CriteriaVersion(
        id="v1", instrument="crit", start=D1, paragraphs=[paragraph], exclusions=[exclusion], note="n"
    )
    member = m.Membership(country="NI", start=D1, end=D2, added_by="a", removed_by="b", note="n")
    group = m.CountryGroup(id="D:5", name="Country Group D:5", members=[member], sources=[source], note="n")
    change = m.GroupChange(group="D:5", add=["CU"], remove=["NI"], start=D1, note="n")
    merge = m.Merge(code="HK", into="CN", start=D1, instrument="merge", note="n")
    parties = m.PartyScope(headquartered_in_countries=["CN"], headquartered_in_groups=["D:5"], listed_parties="EL")
    scope = m.ItemScope(
        all_items=False,
        classifications=["3A090"],
        products=["X1"],
        exclude_products=["X2"],
        datacenter=True,
        bounds=[threshold],
        us_available_on=D1,
    )
    places = m.DestinationScope(
        everywhere=False, countries=["CN"], groups=["D:5"], except_countries=["HK"], except_groups=["A:1"]
    )
    cap = m.Cap(description="a quota", quantity=1000, unit="TPP")
    tier = m.Tier(name="Tier 2", rank=2, destinations=cd)
    prov = m.Provision(
        id="p",
        title="Provision p",
        items=scope,
        destinations=cd,
        parties=parties,
        license_required=True,
        review_policy="case-by-case",
        exceptions=["NAC"],
        conditions=[condition],
        caps=[cap],
        tier="Tier 2",
        effective=D1,
        compliance=D2,
        expires=dt.date(2023, 1, 1),
        uncertain="a doubt",
        note="n",
    )
    licence = m.License(
        id="lic",
        holder="H",
        products=["X1"],
        destinations=cd,
        start=D1,
        end=D2,
        conditions=[condition],
        revenue_share=0.15,
        quantity="some",
        note="n",
    )
    citation = m.Citation(
        short="88 FR 1",
        federal_register="88 FR 1",
        document_number="2023-1",
        rin="0694-AA00",
        docket="230901-0001",
        cfr=["740.8"],
        urls=["https://example.org"],
    )
    amendments = {
        m.Rescission: m.Rescission(target="r", start=D1, note="n"),
        m.Suspension: m.Suspension(target="r/p", end=D2, start=D1, note="n"),
        m.NonEnforcement: m.NonEnforcement(target="r", start=D1, end=D2, note="n"),
        m.Replacement: m.Replacement(target="r/p", by="p", start=D1, note="n"),
        m.ScopeChange: m.ScopeChange(
            target="r/p",
            start=D1,
            items=items,
            parties=parties,
            add_countries=["IN"],
            remove_countries=["CN"],
            add_groups=["D:5"],
            remove_groups=["A:1"],
            note="n",
        ),
        m.ReviewPolicyChange: m.ReviewPolicyChange(
            target="r/p",
            review_policy="policy-of-denial",
            start=D1,
            within_items=scope,
            within_destinations=cd,
            conditions=[condition],
            note="n",
        ),
        m.ExceptionChange: m.ExceptionChange(
            target="r/p", exceptions=["ACA"], start=D1, within_items=scope, within_destinations=cd, note="n"
        ),
        m.ComplianceDelay: m.ComplianceDelay(target="r/p", compliance=D2, note="n"),
    }
    inst = m.Instrument(
        id="r",
        kind="rule",
        title="A rule",
        citation=citation,
        summary="A summary.",
        announced=D1,
        published=D1,
        effective=D1,
        compliance=D2,
        expires=dt.date(2024, 1, 1),
        provisions=[prov],
        amendments=[amendments[m.NonEnforcement]],
        licenses=[licence],
        tiers=[tier],
        group_changes=[change],
        merges=[merge],
        sources=[source],
        standing=False,
        confidence="medium",
        uncertainties=["a doubt"],
        date_notes="n",
    )
    record = m.Record(
        info=INFO,
        chips=[m.Chip(name="Alpha", tpp=5000)],
        groups=[m.CountryGroup(id="G", name="Group G", members=[m.Membership(country="CU")])],
        criteria=[],
        instruments=[instrument("r", provisions=[provision()])],
        country_aliases=[m.CountryAlias(name="PRC", code="CN")],
        ambiguous_names=[m.AmbiguousName(name="Congo", countries=["CD", "CG"])],
        origins=[("chips", "chips.toml")],
    )
    out = {
        m.Throughput: throughput,
        m.Market: market,
        m.Chip: chip,
        m.Threshold: threshold,
        m.Paragraph: paragraph,
        m.Exclusion: exclusion,
        m.CriteriaVersion: version,
        m.Country: m.Country(code="CN", name="China", alpha3="CHN"),
        m.CountryAlias: m.CountryAlias(name="PRC", code="CN"),
        m.AmbiguousName: m.AmbiguousName(name="Congo", countries=["CD", "CG"], note="n"),
        m.Membership: member,
        m.CountryGroup: group,
        m.GroupChange: change,
        m.Merge: merge,
        m.Source: source,
        m.FigureSource: figure,
        m.Disputed: disputed,
        m.Citation: citation,
        m.Instrument: inst,
        m.RecordInfo: INFO,
        m.Provision: prov,
        m.License: licence,
        m.Tier: tier,
        m.ItemScope: scope,
        m.DestinationScope: places,
        m.PartyScope: parties,
        m.Cap: cap,
        m.Condition: condition,
        m.Touches: m.Touches(
            items=scope, destinations=cd, parties=parties, within_items=scope, within_destinations=cd, days=[D1]
        ),
        m.Period: m.Period(D1, D2),
        m.Record: record,
        **amendments,
    }
    return out


EXAMPLES = _examples()


def validated_classes() -> list[type]:
    """Every attrs class of chipcontrols.model with a validator on some field."""
    out = []
    for name in m.__all__:
        obj = getattr(m, name)
        if isinstance(obj, type) and attrs.has(obj) and any(f.validator is not None for f in attrs.fields(obj)):
            out.append(obj)
    return out


def _kinds(cls: type, field: attrs.Attribute[Any]) -> set[str]:
    """What a field holds: bool, date, int, float, enum, text, array (of enums: enum-array), object."""
    hint = typing.get_type_hints(cls)[field.name]
    out: set[str] = set()
    options = (
        typing.get_args(hint)
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        else (hint,)
    )
    for t in options:
        origin = typing.get_origin(t)
        if t is type(None):
            continue
        if origin in (tuple, frozenset):
            element = typing.get_args(t)[0]
            out.add("enum-array" if isinstance(element, type) and issubclass(element, enum.Enum) else "array")
        elif t is bool:
            out.add("bool")
        elif t is dt.date:
            out.add("date")
        elif t in (int, float):
            out.add(t.__name__)
        elif isinstance(t, type) and issubclass(t, enum.Enum):
            out.add("enum")
        elif t is str:
            out.add("text")
        else:
            out.add("object")
    return out


#: Values each kind of field refuses: a string where a bool or an array belongs, a datetime where a date
#: belongs, NaN / infinities / a bool where a number belongs (and 10**400 where a float does), an unknown word
#: where an enum belongs, an empty text, a string where a model object belongs.
BAD: dict[str, list[object]] = {
    "bool": ["true", 1],
    "date": [dt.datetime(2021, 1, 1, 12, 0), "2021-01-01"],
    "int": [math.nan, math.inf, True],
    "float": [math.nan, math.inf, -math.inf, 10**400, True],
    "enum": ["sideways"],
    "enum-array": ["NAC", ["sideways"]],
    "array": ["abc"],
    "text": ["", 5],
    "object": ["a string"],
}


def _cases() -> list[Any]:
    cases = []
    for cls in validated_classes():
        for field in attrs.fields(cls):
            for kind in sorted(_kinds(cls, field)):
                for value in BAD[kind]:
                    ident = f"{cls.__name__}.{field.name}={value!r}"[:70]
                    cases.append(pytest.param(cls, field.name, value, id=ident))
    return cases


class TestTheFieldRule:
    """Every field of every public model class refuses what it cannot hold, naming its class and field."""

    def test_every_class_has_an_example(self):
        """The examples cover every public model class that validates its fields (a new class needs one)."""
        assert set(validated_classes()) == set(EXAMPLES)
        assert len(validated_classes()) >= 39

    @pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
    def test_the_examples_are_valid(self, cls):
        """Each example is built as given, and rebuilt unchanged from its own fields."""
        example = EXAMPLES[cls]
        assert type(example) is cls and attrs.evolve(example) == example

    @pytest.mark.parametrize(("cls", "name", "value"), _cases())
    def test_a_value_the_field_cannot_hold_is_refused(self, cls, name, value):
        """The value is refused with InvalidTypeError or InvalidValueError naming the class and the field."""
        with pytest.raises((errors.InvalidTypeError, errors.InvalidValueError)) as info:
            attrs.evolve(EXAMPLES[cls], **{name: value})
        assert (info.value.owner, info.value.field) == (cls.__name__, name)
        assert f"{cls.__name__}.{name}: expected" in str(info.value)
