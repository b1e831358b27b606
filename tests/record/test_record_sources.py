"""The bundled record: every instrument and group carries its source; the record's own days are declared; the
generated record page and the snapshot are current."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import chipcontrols as cc
from chipcontrols import model as m

ROOT = Path(__file__).resolve().parents[2]
BOOK = cc.bundled()
INSTRUMENTS = {i.id: i for i in BOOK.instruments}


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


@pytest.mark.parametrize("inst", [i for i in BOOK.instruments if i.kind is m.InstrumentKind.LETTER], ids=lambda i: i.id)
def test_letters_known_from_their_disclosure(inst):
    """An is-informed letter becomes known when disclosed, on or after it took effect."""
    assert inst.announced is not None and inst.effective is not None
    assert inst.announced >= inst.effective
    assert inst.known_from == inst.announced


def test_there_are_letters():
    """The record holds is-informed letters (the check above is not empty)."""
    assert {"2022-08-nvidia-letter", "2025-04-nvidia-h20-letter"} <= {
        i.id for i in BOOK.instruments if i.kind is m.InstrumentKind.LETTER
    }


@pytest.mark.parametrize("group", BOOK.groups, ids=lambda g: g.id)
def test_every_group_has_a_source(group):
    """Each group names its sources; each dated membership change names an instrument that states it."""
    assert group.sources
    for mb in group.members:
        for day, by, side in ((mb.start, mb.added_by, "add"), (mb.end, mb.removed_by, "remove")):
            if day is None:
                continue
            assert by in INSTRUMENTS, (group.id, mb)
            stated = [
                c for c in INSTRUMENTS[by].group_changes if c.group == group.id and mb.country in getattr(c, side)
            ]
            assert stated, (group.id, mb)


#: The names users ask about (the catalogue issue's list), and what each means: the variant a name resolves
#: to, or the variants an ambiguous name is refused with.
RESOLVED = {
    "A100": "A100 SXM 80GB",
    "A100 PCIe": "A100 PCIe 80GB",
    "A100 PCIe 40GB": "A100 PCIe 40GB",
    "A100 SXM 40GB": "A100 SXM 40GB",
    "H100": "H100 SXM",
    "H100 NVL": "H100 NVL",
    "H200": "H200 SXM",
    "H200 NVL": "H200 NVL",
    "H800": "H800 SXM",
    "H800 PCIe": "H800 PCIe",
    "A800 PCIe": "A800 PCIe 80GB",
    "A800 PCIe 40GB": "A800 PCIe 40GB",
    "H20": "H20",
    "B100": "B100",
    "B200": "B200",
    "B300": "B300",
    "GB300": "GB300",
    "B30A": "B30A",
    "RTX PRO 6000D": "RTX PRO 6000D",
    "B40": "RTX PRO 6000D",
    "RTX PRO 6000 Blackwell Workstation Edition": "RTX PRO 6000 Blackwell Workstation Edition",
    "RTX PRO 6000 Blackwell Server Edition": "RTX PRO 6000 Blackwell Server Edition",
    "A30": "A30",
    "A10": "A10",
    "L40": "L40",
    "L4": "L4",
    "RTX 6000 Ada": "RTX 6000 Ada",
    "RTX 5080": "RTX 5080",
    "RTX 4080": "RTX 4080",
    "MI210": "MI210",
    "MI250": "MI250",
    "MI300A": "MI300A",
    "MI350X": "MI350X",
    "MI355X": "MI355X",
    "Gaudi 3 PCIe": "Gaudi 3 PCIe",
    "HL-328": "Gaudi 3 HL-328",
    "HL-388": "Gaudi 3 HL-388",
    "Trainium 1": "Trainium 1",
    "Trainium 2": "Trainium 2",
    "Trainium 3": "Trainium 3",
    "Ascend 910B": "Ascend 910B",
    "Ascend 910C": "Ascend 910C",
    "Ascend 950": "Ascend 950PR",
    "Groq LPU": "GroqChip",
    "Cerebras WSE-3": "WSE-3",
    "Rubin": "Rubin",
}
AMBIGUOUS = {
    "A800": ("A800 SXM", "A800 PCIe 80GB", "A800 PCIe 40GB", "A800 40GB Active"),
    "RTX PRO 6000": ("RTX PRO 6000 Blackwell Workstation Edition", "RTX PRO 6000 Blackwell Server Edition"),
    "Gaudi 3": ("Gaudi 3 OAM", "Gaudi 3 PCIe", "Gaudi 3 HL-328", "Gaudi 3 HL-388"),
}


def test_catalogue_has_the_issue_list():
    """Each name users ask about resolves to the variant it means, or is refused as ambiguous, listing the variants."""
    assert {name: BOOK.chip(name).name for name in RESOLVED} == RESOLVED
    for name, variants in AMBIGUOUS.items():
        with pytest.raises(cc.errors.AmbiguousInputError) as info:
            BOOK.chip(name)
        assert info.value.candidates == variants


def test_catalogue_size():
    """The catalogue holds at least 60 chips, and the H20E is not among them (no source gives its figures)."""
    assert len(BOOK.chips) >= 60
    with pytest.raises(cc.errors.UnknownChipError):
        BOOK.chip("H20E")


def test_a_family_resolves_only_when_its_variants_are_seen_alike():
    """A family name means its first variant exactly when every variant gets the same answers from the record."""
    sharing = BOOK._state.compiled.sharing
    families: dict[str, list[m.Chip]] = {}
    for c in BOOK.chips:
        if c.family:
            families.setdefault(c.family, []).append(c)
    for family, variants in families.items():
        alike = len({sharing.variant_view(v) for v in variants}) == 1
        if alike:
            assert BOOK.chip(family) is variants[0], family
        else:
            with pytest.raises(cc.errors.AmbiguousInputError):
                BOOK.chip(family)


def test_record_days_declared():
    """The record declares its first day, its review day and how far its sources reach, in that order."""
    info = BOOK.info
    assert (info.start, info.reviewed, info.sources_through) == (
        dt.date(2019, 1, 1),
        dt.date(2026, 12, 6),
        dt.date(2026, 10, 8),
    )
    assert info.start <= info.sources_through <= info.reviewed
    assert BOOK.stamp.version == info.version and BOOK.stamp.reviewed == info.reviewed


@pytest.mark.parametrize("script", ["generate_record_doc.py", "generate_catalogue_doc.py", "generate_schemas.py"])
def test_generated_docs_are_current(script):
    """docs/record.md, docs/catalogue.md and docs/schema/ are what their scripts make of the code and data now."""
    out = subprocess.run(
        [sys.executable, f"scripts/{script}", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_snapshot_is_current():
    """tests/record/snapshot/record.txt is what scripts/snapshot.py makes of the data now (review its diff)."""
    spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "tests" / "record" / "snapshot" / "record.txt").read_text(encoding="utf-8") == module.render()
