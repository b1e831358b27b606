"""Classification of catalogue and custom chips from their specifications, at the thresholds of each version of
the criteria, and what an unknown specification leaves open."""

from __future__ import annotations

import pytest

import chipcontrols as cc
from chipcontrols import errors
from chipcontrols import model as m


def dc(tpp: float, area: float | None = None, io: float | None = None, datacenter: bool = True) -> m.Chip:
    """A custom chip with these figures."""
    return m.Chip(name="T", tpp=tpp, die_area_mm2=area, io_bandwidth_gbps=io, datacenter=datacenter)


class Test2022Criteria:
    """3A090 of 2022: I/O of 600 GB/s and bits x TOPS of 4800, both."""

    @pytest.mark.parametrize(
        ("tpp", "io", "expected"),
        [
            (4800, 600, "3A090.a"),
            (4799.9, 600, None),
            (4800, 599.9, None),
            (10000, 1000, "3A090.a"),
        ],
    )
    def test_thresholds(self, tpp, io, expected):
        """Both tests must hold; each is inclusive."""
        assert cc.classify(dc(tpp, io=io), "2023-01-01") == expected

    @pytest.mark.parametrize(("d", "expected"), [("2022-10-20", None), ("2022-10-21", "3A090.a")])
    def test_first_day(self, d, expected):
        """The criteria exist from 2022-10-21."""
        assert cc.classify(dc(5000, io=700), d) == expected


class Test2023Criteria:
    """3A090 of 2023: TPP and performance density, datacenter note."""

    @pytest.mark.parametrize(
        ("tpp", "area", "expected", "prong"),
        [
            (4800, 10000, "3A090.a", "3A090.a.1"),
            (1600, 1600 / 5.92, "3A090.a", "3A090.a.2"),
            (2400, 2400 / 1.6, "3A090.b", "3A090.b.1"),
            (2399, 2399 / 1.6, None, None),
            (1600, 1600 / 3.2, "3A090.b", "3A090.b.2"),
            (1599, 1599 / 5.92, None, None),
        ],
    )
    def test_prongs(self, tpp, area, expected, prong):
        """Each prong fires at its threshold and not below."""
        c = cc.explain_classification(dc(tpp, area), "2024-01-01")
        assert (c.paragraph, c.prong) == (expected, prong)

    @pytest.mark.parametrize(("d", "expected"), [("2023-11-16", None), ("2023-11-17", "3A090.a")])
    def test_versions_switch(self, d, expected):
        """A chip without interconnect data is settled by the 2023 criteria from 2023-11-17."""
        chip = dc(5000, area=800, io=400)
        assert cc.classify(chip, d) == expected

    def test_note_2(self):
        """A non-datacenter chip below TPP 4800 is out, at TPP 4800 it is 3A090.a."""
        assert cc.classify(dc(4799, 100, datacenter=False), "2024-01-01") is None
        assert cc.classify(dc(4800, 100, datacenter=False), "2024-01-01") == "3A090.a"

    def test_margins(self):
        """Margins are value minus threshold."""
        c = cc.explain_classification("H100 SXM", "2024-01-01")
        first = c.tests[0]
        assert (first.prong, first.passed) == ("3A090.a.1", True)
        assert first.margin == pytest.approx(15831.2 - 4800, abs=1)

    def test_unknown_area_still_settled_by_a1(self):
        """TPP above 4800 settles 3A090.a without the die area."""
        assert cc.classify(dc(20000), "2024-06-01") == "3A090.a"

    def test_unknown_area_below_a1_is_undetermined(self):
        """Without die area, a datacenter chip with TPP 3000 could be .b or nothing."""
        c = cc.explain_classification(dc(3000), "2024-06-01")
        assert (c.determinate, c.paragraph, c.missing) == (False, None, ("performance_density",))

    def test_unknown_datacenter_flag(self):
        """TPP 3000 with unknown datacenter flag: Note 2 may apply, so undetermined."""
        chip = m.Chip(name="U", tpp=3000, die_area_mm2=500)
        c = cc.explain_classification(chip, "2024-06-01")
        assert c.determinate is False and "datacenter" in c.missing


class TestCatalogue:
    """Classifications of catalogue chips that the sources state."""

    @pytest.mark.parametrize(
        ("chip", "expected"),
        [
            ("A100", "3A090.a"),
            ("H100 PCIe", "3A090.a"),
            ("A800 SXM", None),
            ("Gaudi 2", "3A090.a"),
            ("MI250X", "3A090.a"),
        ],
    )
    def test_2022(self, chip, expected):
        """The A100 is the 2022 rule's calibration point; the A800 escaped it by interconnect."""
        assert cc.classify(chip, "2023-06-01") == expected

    @pytest.mark.parametrize(
        ("chip", "expected"),
        [
            ("H100", "3A090.a"),
            ("H800", "3A090.a"),
            ("A800 SXM", "3A090.a"),
            ("L40S", "3A090.a"),
            ("H20", None),
            ("RTX 4090", "3A090.a"),
            ("RTX 4090D", None),
            ("MI300X", "3A090.a"),
        ],
    )
    def test_2023(self, chip, expected):
        """The 2023 rule catches the A800/H800; the H20 and 4090D sit below it."""
        assert cc.classify(chip, "2024-06-01") == expected


class TestUndetermined:
    """A chip without the specification that decides it is never 'not controlled'."""

    def test_missing_specification_makes_answer_undetermined(self):
        """A chip without TPP cannot be classified; the answer says so instead of 'not controlled'."""
        mystery = m.Chip(name="Mystery", datacenter=True)
        s = cc.status_at("2024-01-01", mystery, "CN")
        assert s.determinate is False and "tpp" in s.unclassified
        assert any(c.kind is m.CaveatKind.MISSING_SPECIFICATION for c in s.caveats)
        assert s.requirement is m.Requirement.UNDETERMINED and s.level is m.Level.UNDETERMINED
        with pytest.raises(errors.UndeterminedAnswerError, match="Mystery"):
            _ = s.license_required
        with pytest.raises(errors.UndeterminedClassificationError, match="tpp") as info:
            cc.classify(mystery, "2024-01-01")
        assert info.value.chip == "Mystery" and "tpp" in info.value.missing

    def test_explanation_of_an_undetermined_classification(self):
        """explain_classification() answers instead of refusing, naming what is missing and each test's result."""
        c = cc.explain_classification(dc(3000), "2024-06-01")
        assert c.paragraph is None and not c.determinate and c.chip == "T"
        assert any(t.passed is None and t.value is None and t.margin is None for t in c.tests)
        assert "undetermined: missing performance_density" in str(c)
