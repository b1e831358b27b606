"""Inputs: chips, countries and dates as people type them, and the errors for bad ones."""

from __future__ import annotations

import datetime as dt

import pytest

import chipcontrols as cc
from chipcontrols import errors


class TestChips:
    """Chip lookup by name or alias."""

    @pytest.mark.parametrize("name", ["H20", "h20", "HGX H20", "h-20", " H20 "])
    def test_names_and_aliases(self, name):
        """Case, spaces and hyphens are ignored."""
        assert cc.chip(name).name == "H20"

    def test_unknown_chip_offers_close_matches(self):
        """An unknown chip raises with close matches."""
        with pytest.raises(errors.UnknownChipError) as info:
            cc.chip("H2O")
        assert "H20" in info.value.close_matches
        assert isinstance(info.value, LookupError)
        assert "'H2O'" in str(info.value)

    def test_user_chip_passes_through(self):
        """A Chip is used as it is, catalogue or not."""
        mine = cc.Chip(name="Mine", tpp=5000, datacenter=True)
        assert cc.status_at("2024-01-01", mine, "CN").classification == "3A090.a"

    def test_wrong_type(self):
        """A number is not a chip."""
        with pytest.raises(TypeError, match="expected a name"):
            cc.chip(4090)  # type: ignore[arg-type]


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
            ("Macau", "MO"),
            ("Macao", "MO"),
            ("Burma", "MM"),
            ("Vietnam", "VN"),
            ("Taiwan", "TW"),
        ],
    )
    def test_codes_and_names(self, value, code):
        """ISO alpha-2, alpha-3 and common names resolve."""
        assert cc.country(value).code == code

    def test_unknown_country(self):
        """An unknown name raises with close matches."""
        with pytest.raises(errors.UnknownCountryError) as info:
            cc.country("Chine")
        assert "China" in info.value.close_matches

    def test_unknown_code(self):
        """A two-letter string that is no ISO code is refused."""
        with pytest.raises(errors.UnknownCountryError):
            cc.country("XX")


class TestDates:
    """Dates are dates or strict YYYY-MM-DD strings."""

    def test_date_object(self):
        """A datetime.date works."""
        assert cc.status_at(dt.date(2024, 1, 1), "H100", "CN").license_required

    def test_datetime_refused(self):
        """A datetime is refused, not silently truncated."""
        with pytest.raises(errors.InvalidDateError, match="instant"):
            cc.status_at(dt.datetime(2024, 1, 1, 12), "H100", "CN")

    @pytest.mark.parametrize("text", ["2024/01/01", "01-01-2024", "2024-1-1", "2024-02-30", "yesterday"])
    def test_bad_strings(self, text):
        """Other forms and impossible days are refused."""
        with pytest.raises(errors.InvalidDateError):
            cc.status_at(text, "H100", "CN")

    @pytest.mark.parametrize("d", ["2018-12-31", "2026-11-23", "2030-01-01"])
    def test_outside_coverage(self, d):
        """Days outside coverage are refused with the coverage in the message."""
        with pytest.raises(errors.OutsideCoverageError, match="2019-01-01 to 2026-11-22"):
            cc.status_at(d, "H100", "CN")

    def test_bad_basis(self):
        """An unknown basis names the valid ones."""
        with pytest.raises(errors.InvalidArgumentError, match="'legal'"):
            cc.status_at("2024-01-01", "H100", "CN", basis="lawful")

    def test_known_on_refuses_datetime(self):
        """known_on is a date too."""
        with pytest.raises(errors.InvalidDateError):
            cc.status_at("2024-01-01", "H100", "CN", known_on=dt.datetime(2024, 1, 1))


class TestSpecifications:
    """Impossible chip specifications are refused at construction."""

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"tpp": -1},
            {"tpp": 0},
            {"die_area_mm2": 0},
            {"tpp": float("nan")},
            {"memory_bandwidth_gbps": -5},
            {"tpp": "5000"},
            {"datacenter": "yes"},
        ],
    )
    def test_invalid(self, kwargs):
        """Negative, zero, NaN and mistyped figures raise InvalidSpecificationError."""
        with pytest.raises(errors.InvalidSpecificationError):
            cc.Chip(name="bad", **kwargs)

    def test_missing_specification_makes_answer_undetermined(self):
        """A chip without TPP cannot be classified; the answer says so instead of 'not controlled'."""
        mystery = cc.Chip(name="Mystery", datacenter=True)
        s = cc.status_at("2024-01-01", mystery, "CN")
        assert s.determinate is False
        assert any(c.kind is cc.CaveatKind.MISSING_SPECIFICATION for c in s.caveats)
        with pytest.raises(errors.UndeterminedClassificationError, match="tpp"):
            cc.classify(mystery, "2024-01-01")
