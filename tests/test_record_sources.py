"""The bundled record: every fact carries its source; the shape of the data is sound."""

from __future__ import annotations

import pytest

import chipcontrols as cc
from chipcontrols import InstrumentKind

BOOK = cc.bundled()
FIGURES = (
    "throughput",
    "tpp",
    "die_area_mm2",
    "io_bandwidth_gbps",
    "memory_bandwidth_gbps",
    "datacenter",
    "launched",
    "vendor",
)


@pytest.mark.parametrize("inst", BOOK.instruments, ids=lambda i: i.id)
def test_every_instrument_has_a_source(inst):
    """Each instrument names at least one source with a title, and a citation."""
    assert inst.sources, f"{inst.id} has no source"
    assert all(s.title.strip() for s in inst.sources)
    assert inst.citation.short.strip()


@pytest.mark.parametrize("inst", BOOK.instruments, ids=lambda i: i.id)
def test_federal_register_citations_are_consistent(inst):
    """A rule published in the Federal Register is cited by its FR citation."""
    fr = inst.citation.federal_register
    if fr is not None:
        assert " FR " in fr
        assert fr in inst.citation.short


@pytest.mark.parametrize("inst", [i for i in BOOK.instruments if i.kind is InstrumentKind.LETTER], ids=lambda i: i.id)
def test_letters_known_from_their_disclosure(inst):
    """An is-informed letter becomes known when disclosed, on or after it took effect."""
    assert inst.announced is not None and inst.effective is not None
    assert inst.announced >= inst.effective


@pytest.mark.parametrize("chip", BOOK.chips, ids=lambda c: c.name)
def test_every_chip_figure_has_a_source(chip):
    """Every figure a catalogue chip states has a source for that field."""
    sourced = {s.field for s in chip.sources}
    present = {
        "throughput": bool(chip.throughput),
        "tpp": chip.tpp is not None,
        "die_area_mm2": chip.die_area_mm2 is not None,
        "io_bandwidth_gbps": chip.io_bandwidth_gbps is not None,
        "memory_bandwidth_gbps": chip.memory_bandwidth_gbps is not None,
        "datacenter": chip.datacenter is not None,
        "launched": chip.launched is not None,
        "vendor": chip.vendor is not None,
        "foreign_produced": chip.foreign_produced is not None,
    }
    missing = [f for f in FIGURES if present[f] and f not in sourced]
    assert not missing, f"{chip.name}: figures without a source: {missing}"


@pytest.mark.parametrize("group", BOOK.groups, ids=lambda g: g.id)
def test_every_group_has_a_source(group):
    """Each country group names its sources; dated changes name their instruments."""
    assert group.sources
    for m in group.members:
        if m.start is not None:
            assert m.added_by in {i.id for i in BOOK.instruments}


def test_catalogue_has_the_issue_list():
    """The catalogue holds the chips users ask about."""
    wanted = [
        "A100",
        "A800",
        "H100 SXM",
        "H100 PCIe",
        "H800",
        "H20",
        "L20",
        "L2",
        "L40S",
        "H200",
        "B200",
        "GB200",
        "RTX 4090",
        "RTX 4090D",
        "RTX 5090",
        "RTX 5090D",
        "MI250X",
        "MI300X",
        "MI308X",
        "MI325X",
        "Gaudi 2",
        "Gaudi 3",
        "Ascend 910B",
        "Ascend 910C",
    ]
    for name in wanted:
        BOOK.chip(name)


def test_coverage_declared():
    """The record declares its coverage and the day it was checked."""
    cov = BOOK.coverage
    assert cov.start.isoformat() == "2019-01-01" and cov.checked >= cov.end >= cov.start


def test_record_doc_is_current():
    """docs/record.md is what scripts/generate_record_doc.py makes of the data now."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "scripts/generate_record_doc.py", "--check"], cwd=root, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def test_snapshot_is_current():
    """tests/snapshot/record.txt is what scripts/snapshot.py makes of the data now (review its diff)."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("snapshot", root / "scripts" / "snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (root / "tests" / "snapshot" / "record.txt").read_text(encoding="utf-8") == module.render()
