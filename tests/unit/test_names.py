"""Chip and country names as people type them: codes, names, aliases, family names, close matches,
ambiguity (the record's ambiguous names, "Congo" among them), and the errors for bad ones."""

from __future__ import annotations

import attrs
import pytest

import chipcontrols as cc
from builders import book, instrument, provision
from chipcontrols import errors
from chipcontrols import model as m
from chipcontrols._names import ChipIndex

RULE = instrument("r", provisions=[provision()])


class TestChips:
    """Chip lookup by name, alias or family name."""

    @pytest.mark.parametrize("name", ["H20", "h20", "HGX H20", "h-20", " H20 "])
    def test_names_and_aliases(self, name):
        """Case, spaces and hyphens are ignored."""
        assert cc.chip(name).name == "H20"

    def test_unknown_chip_offers_close_matches(self):
        """An unknown chip raises a LookupError with close matches, naming what was asked."""
        with pytest.raises(errors.UnknownChipError, match="'H2O'") as info:
            cc.chip("H2O")
        assert "H20" in info.value.close_matches
        assert isinstance(info.value, LookupError) and info.value.name == "H2O"

    def test_user_chip_passes_through(self):
        """A Chip is used as it is, catalogue or not."""
        mine = m.Chip(name="Mine", tpp=5000, datacenter=True)
        assert cc.chip(mine) is mine
        assert cc.status_at("2024-01-01", mine, "CN").classification == "3A090.a"

    def test_wrong_type(self):
        """A number is not a chip: an InvalidTypeError (a TypeError) naming the argument."""
        with pytest.raises(errors.InvalidTypeError, match="expected a name") as info:
            cc.chip(4090)  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError) and info.value.field == "chip"

    def test_ambiguous_chip_alias(self):
        """A chip index whose alias points at two chips refuses it (records refuse such catalogues)."""
        index = ChipIndex([m.Chip(name="One", aliases=["Twin"]), m.Chip(name="Two", aliases=["twin"])])
        assert index.duplicates() == {"twin": ("One", "Two")}
        with pytest.raises(errors.AmbiguousInputError) as info:
            index.get("TWIN")
        assert info.value.candidates == ("One", "Two") and info.value.name == "TWIN"
        assert index.get("two").name == "Two"


class TestFamilies:
    """A family name stands for its first variant only when the record's rules cannot tell the variants apart."""

    A = m.Chip(name="Fam A", family="Fam", tpp=5000)
    B = m.Chip(name="Fam B", family="Fam", tpp=5000)

    def test_variants_the_rules_see_alike(self):
        """Variants that every rule treats alike: the family name means the first variant listed."""
        rb = book(RULE, chips=[self.A, self.B])
        assert rb.chip("fam") is self.A
        assert rb.status_at("2022-01-01", "Fam", "CN").chip is self.A

    def test_variants_the_rules_tell_apart(self):
        """Variants that a rule tells apart: the family name is ambiguous, listing the variants."""
        rule = instrument("r", provisions=[provision(items=m.ItemScope(products=["Fam A"]))])
        rb = book(rule, chips=[self.A, self.B])
        with pytest.raises(errors.AmbiguousInputError, match="Fam A") as info:
            rb.chip("Fam")
        assert info.value.candidates == ("Fam A", "Fam B") and info.value.name == "Fam"

    def test_a_rule_naming_the_family_covers_every_variant(self):
        """A product scope may name a family: it covers each variant, and the family name resolves."""
        rule = instrument("r", provisions=[provision(items=m.ItemScope(products=["Fam"]))])
        rb = book(rule, chips=[self.A, self.B])
        assert rb.chip("Fam") is self.A
        assert rb.status_at("2022-01-01", "Fam B", "CN").license_required

    def test_a_word_prefix_names_a_family_only_within_one(self):
        """A name that begins the names of several chips stands for them as a family only when they are all of one
        family: a prefix shared across families, or by chips of none, is ambiguous even when the rules see the chips
        alike ("Grace" began two aliases, "Grace Blackwell GB200" and "... GB300", and once meant GB200)."""
        pair = [
            m.Chip(name="Fam A 40GB", family="Fam", tpp=5000),
            m.Chip(name="Fam A 80GB", family="Fam", tpp=5000),
            m.Chip(name="GB1", tpp=5000, aliases=["Grace Blackwell GB1"]),
            m.Chip(name="GB2", tpp=5000, aliases=["Grace Blackwell GB2"]),
            m.Chip(name="Duo One", family="Duo 1", tpp=5000),
            m.Chip(name="Duo Two", family="Duo 2", tpp=5000),
        ]
        rb = book(RULE, chips=pair)
        assert rb.chip("fam a") is pair[0]  # one family, seen alike: the first variant
        for name, candidates in [
            ("Grace", ("GB1", "GB2")),
            ("Grace Blackwell", ("GB1", "GB2")),
            ("Duo", ("Duo One", "Duo Two")),
        ]:
            with pytest.raises(errors.AmbiguousInputError) as info:
                rb.chip(name)
            assert info.value.candidates == candidates
        assert cc.bundled().status_at("2024-06-01", "GB200", "CN").license_required
        with pytest.raises(errors.AmbiguousInputError, match="'GB200', 'GB300'"):
            cc.status_at("2024-06-01", "Grace", "CN")

    def test_an_index_without_a_family_rule(self):
        """A chip index built without the rulebook's family rule: a family of one variant means it, a family
        of several is ambiguous (it cannot tell whether the rules see them alike)."""
        solo = m.Chip(name="Solo X", family="Solo", tpp=1000)
        index = ChipIndex([self.A, self.B, solo])
        assert index.get("solo") is solo
        with pytest.raises(errors.AmbiguousInputError) as info:
            index.get("Fam")
        assert info.value.candidates == ("Fam A", "Fam B")

    def test_family_names_are_offered_as_close_matches(self):
        """An unknown name close to a family name offers it."""
        with pytest.raises(errors.UnknownChipError) as info:
            book(RULE, chips=[self.A, self.B]).chip("Fam C")
        assert "Fam" in info.value.close_matches


class TestCountries:
    """Country lookup by code or name."""

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("CN", "CN"),
            ("cn", "CN"),
            ("CHN", "CN"),
            ("China", "CN"),
            ("Hong Kong", "HK"),
            ("UAE", "AE"),
            ("United Arab Emirates", "AE"),
            ("Russia", "RU"),
            ("South Korea", "KR"),
            ("North Korea", "KP"),
            ("Macau", "MO"),
            ("Macao", "MO"),
            ("Burma", "MM"),
            ("Vietnam", "VN"),
            ("Taiwan", "TW"),
            ("DRC", "CD"),
            ("Republic of the Congo", "CG"),
            ("Türkiye", "TR"),
            ("TÜRKİYE", "TR"),  # a capital dotted I folds to i and a combining dot
            ("Côte d'Ivoire", "CI"),
            ("Côte d’Ivoire", "CI"),  # a typographic apostrophe
            ("Tu\u0308rkiye", "TR"),  # decomposed: u and a combining diaeresis
        ],
    )
    def test_codes_and_names(self, value, code):
        """ISO alpha-2, alpha-3, common names and the record's aliases resolve."""
        assert cc.country(value).code == code

    def test_country_str(self):
        """A country prints as its name and code."""
        assert str(cc.country("CN")) == "China (CN)"

    def test_unknown_country(self):
        """An unknown name raises a LookupError with close matches."""
        with pytest.raises(errors.UnknownCountryError) as info:
            cc.country("Chine")
        assert "China" in info.value.close_matches and info.value.name == "Chine"
        assert isinstance(info.value, LookupError)

    def test_unknown_code(self):
        """A two-letter string that is no ISO code is refused."""
        with pytest.raises(errors.UnknownCountryError) as info:
            cc.country("XX")
        assert info.value.name == "XX"

    def test_wrong_type(self):
        """A number is not a country: an InvalidTypeError naming the argument."""
        with pytest.raises(errors.InvalidTypeError) as info:
            cc.country(156)  # type: ignore[arg-type]
        assert info.value.field == "country"

    def test_country_object_with_unknown_code(self):
        """A Country whose code is not ISO 3166-1 is refused."""
        with pytest.raises(errors.UnknownCountryError, match="XX") as info:
            cc.status_at("2025-06-01", "H20", m.Country(code="XX", name="Nowhere"))
        assert "XX" in info.value.name

    def test_country_object_must_be_the_iso_entry(self):
        """A Country is accepted only as the ISO entry for its code: another name for the code is refused."""
        assert cc.country(cc.country("CN")) == m.Country(code="CN", name="China", alpha3="CHN")
        with pytest.raises(errors.UnknownCountryError, match="Cathay"):
            cc.country(m.Country(code="CN", name="Cathay"))


class TestAmbiguousCountries:
    """Names people use for more than one country are refused, with the candidates, never guessed."""

    @pytest.mark.parametrize(
        ("name", "codes"),
        [
            ("Congo", ("CD", "CG")),
            ("congo", ("CD", "CG")),
            ("Korea", ("KP", "KR")),
            (" KOREA ", ("KP", "KR")),
            ("Guinea", ("GN", "GQ", "GW", "PG")),
            ("Virgin Islands", ("VG", "VI")),
            ("Saint Martin", ("MF", "SX")),
        ],
    )
    def test_bundled_ambiguous_names(self, name, codes):
        """Each ambiguous name of the bundled record is refused, naming every country it could mean."""
        with pytest.raises(errors.AmbiguousInputError, match="ambiguous country") as info:
            cc.country(name)
        assert isinstance(info.value, LookupError) and info.value.name == name
        assert tuple(c.rsplit("(", 1)[1].rstrip(")") for c in info.value.candidates) == codes
        with pytest.raises(errors.AmbiguousInputError):
            cc.status_at("2025-06-01", "H20", name)

    def test_unambiguous_names_of_the_same_places(self):
        """The precise names of the places an ambiguous name could mean still resolve."""
        assert [cc.country(n).code for n in ("DRC", "Republic of the Congo", "South Korea", "North Korea")] == [
            "CD",
            "CG",
            "KR",
            "KP",
        ]

    def test_an_alias_colliding_with_an_iso_name(self):
        """A record alias that collides with an ISO name makes that name ambiguous; codes still work."""
        rb = book(RULE, aliases=[m.CountryAlias(name="Georgia", code="US")])
        with pytest.raises(errors.AmbiguousInputError) as info:
            rb.country("Georgia")
        assert info.value.candidates == ("Georgia (GE)", "United States (US)")
        assert rb.country("GE").code == "GE"

    def test_ambiguous_names_of_a_hand_built_record(self):
        """A record's own ambiguous names are refused by its rulebook, and only by it."""
        rec = book(RULE).record
        rb = cc.Rulebook(attrs.evolve(rec, ambiguous_names=[m.AmbiguousName(name="Ireland", countries=["IE", "GB"])]))
        with pytest.raises(errors.AmbiguousInputError) as info:
            rb.country("Ireland")
        assert [c[-3:-1] for c in info.value.candidates] == ["GB", "IE"]
        assert book(RULE).country("Ireland").code == "IE"
