"""Loading data files: one deliberately broken file per error kind, nothing half-loaded."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

import chipcontrols as cc
from chipcontrols.errors import InvalidRecordError
from chipcontrols.serialization import dumps, loads, structure

DATA = Path(str(resources.files("chipcontrols") / "data"))


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """A writable copy of the bundled record."""
    target = tmp_path / "record"
    shutil.copytree(DATA, target)
    return target


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidRecordError) as info:
        cc.load(path)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestBrokenFiles:
    """Each kind of malformed data gives a specific problem with file and key path."""

    def test_copy_loads(self, record):
        """The unmodified copy loads and equals the bundled record."""
        assert cc.load(record) == cc.bundled()

    def test_not_toml(self, record):
        """Invalid TOML syntax names the file."""
        (record / "instruments" / "2023-01-macau.toml").write_text("id = = 3\n", encoding="utf-8")
        assert any(p.startswith("instruments/2023-01-macau.toml $: not valid TOML") for p in problems(record))

    def test_unknown_key(self, record):
        """An unknown key is refused, naming it."""
        edit(record / "chips.toml", 'vendor = "NVIDIA"', 'vendor = "NVIDIA"\ncolour = "green"')
        assert any("chips.toml $.chip[0]" in p and "colour" in p for p in problems(record))

    def test_number_as_string(self, record):
        """A number written as a string is not coerced."""
        edit(record / "chips.toml", "die_area_mm2 = 826.0", 'die_area_mm2 = "826"')
        assert any("chips.toml $.chip[0].die_area_mm2: expected a number, got '826'" in p for p in problems(record))

    def test_bad_enum(self, record):
        """An unknown review policy lists the valid ones."""
        edit(
            record / "instruments" / "2022-10-advanced-computing-ifr.toml",
            'review_policy = "presumption-of-denial"',
            'review_policy = "maybe"',
        )
        found = problems(record)
        assert any(
            "2022-10-advanced-computing-ifr.toml $.provisions[0].review_policy" in p and "'case-by-case'" in p
            for p in found
        )

    def test_bad_date(self, record):
        """A date in another form is refused."""
        edit(
            record / "instruments" / "2023-01-macau.toml",
            "published = 2023-01-18",
            'published = "18/01/2023"',
        )
        assert any("2023-01-macau.toml $.published" in p for p in problems(record))

    def test_dangling_amendment_target(self, record):
        """An amendment of a provision that does not exist names both."""
        edit(
            record / "instruments" / "2023-01-macau.toml",
            'target = "2022-10-advanced-computing-ifr/china-3a090"',
            'target = "2022-10-advanced-computing-ifr/nowhere"',
        )
        assert any("2023-01-macau.toml $.amendments[0].target" in p and "'nowhere'" in p for p in problems(record))

    def test_suspension_ending_before_it_starts(self, record):
        """A suspension that ends before it starts is refused."""
        edit(
            record / "instruments" / "2025-11-affiliates-suspension.toml",
            "end = 2026-11-10",
            "end = 2025-11-01",
        )
        assert any("2025-11-affiliates-suspension.toml" in p and "ends" in p for p in problems(record))

    def test_effective_before_published_without_note(self, record):
        """Dates out of order need a note saying why."""
        path = record / "instruments" / "2023-01-macau.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            "\n".join(line for line in text.splitlines() if not line.startswith("date_notes")),
            encoding="utf-8",
        )
        assert any("2023-01-macau.toml $.date_notes" in p for p in problems(record))

    def test_duplicate_instrument_id(self, record):
        """Two files with one id: both the duplicate and the file-name mismatch are reported."""
        shutil.copy(record / "instruments" / "2023-01-macau.toml", record / "instruments" / "zz-copy.toml")
        found = problems(record)
        assert any("duplicate instrument id '2023-01-macau'" in p for p in found)
        assert any("instruments/zz-copy.toml $.id: file name must be the id" in p for p in found)

    def test_unknown_country_code(self, record):
        """A destination that is no ISO code is refused."""
        edit(
            record / "instruments" / "2022-10-advanced-computing-ifr.toml",
            'countries = ["CN"]',
            'countries = ["XX"]',
        )
        assert any("unknown ISO 3166-1 code 'XX'" in p for p in problems(record))

    def test_unknown_exception_code(self, record):
        """A licence exception that the EAR does not have is refused."""
        edit(
            record / "instruments" / "2023-10-advanced-computing-ifr.toml",
            'exceptions = ["NAC"]',
            'exceptions = ["XYZ"]',
        )
        assert any("exceptions" in p and "'XYZ'" in p for p in problems(record))

    def test_unknown_group(self, record):
        """A scope naming a group that does not exist is refused."""
        edit(
            record / "instruments" / "2024-12-fdp-hbm-ifr.toml",
            'groups = ["D:5"]',
            'groups = ["D:9"]',
        )
        assert any("unknown country group 'D:9'" in p for p in problems(record))

    def test_unknown_product(self, record):
        """A product not in the catalogue is refused."""
        edit(
            record / "instruments" / "2025-04-nvidia-h20-letter.toml",
            'products = ["H20"]',
            'products = ["H21"]',
        )
        assert any("unknown chip 'H21'" in p for p in problems(record))

    def test_many_problems_reported_at_once(self, record):
        """Problems in several files are all listed in one error."""
        edit(record / "chips.toml", "die_area_mm2 = 826.0", 'die_area_mm2 = "826"')
        (record / "instruments" / "2023-01-macau.toml").write_text("nonsense", encoding="utf-8")
        found = problems(record)
        assert any(p.startswith("chips.toml") for p in found)
        assert any(p.startswith("instruments/2023-01-macau.toml") for p in found)

    def test_missing_file(self, record):
        """A missing file is named."""
        (record / "criteria.toml").unlink()
        assert "criteria.toml $: file not found" in problems(record)

    def test_bundled_unchanged_after_failures(self, record):
        """A failed load leaves the bundled record as it was."""
        before = cc.bundled()
        (record / "chips.toml").write_text("[[chip]]\nname = 3\n", encoding="utf-8")
        problems(record)
        assert cc.bundled() is before


class TestSerialization:
    """JSON in and out."""

    def test_round_trip_bundled(self):
        """The bundled rulebook survives JSON."""
        assert loads(dumps(cc.bundled())) == cc.bundled()

    def test_dumps_deterministic(self):
        """Two dumps are identical text."""
        assert dumps(cc.bundled()) == dumps(cc.bundled())

    def test_loads_bad_json(self):
        """Not JSON: one problem, named."""
        with pytest.raises(InvalidRecordError, match="not JSON"):
            loads("{")

    def test_structure_path(self):
        """Nested problems carry their key path."""
        with pytest.raises(InvalidRecordError) as info:
            structure({"name": "X", "throughput": [{"bits": "8", "tera_ops": 1}]}, cc.Chip, file="x.toml")
        assert str(info.value.problems[0]).startswith("x.toml $.throughput[0].bits")
