"""scripts/draft_instrument.py: a Federal Register API document becomes a draft instrument file that the
record's loader accepts, with the API's facts filled in and every legal effect left for a person."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import tomllib
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

import chipcontrols as cc
from chipcontrols import model as m
from chipcontrols._convert import structure

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "federal-register"
DATA = Path(str(resources.files("chipcontrols") / "data"))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draft_instrument", ROOT / "scripts" / "draft_instrument.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DRAFT = _script()
RULE = json.loads((FIXTURES / "2026-00789.json").read_text(encoding="utf-8"))


def test_the_api_facts_are_filled_in():
    """Id, kind, title, dates, citation, document number, RIN, docket, CFR parts and addresses come from the
    document; the Federal Register is the source; nothing of legal effect is stated."""
    ident, text = DRAFT.draft(RULE)
    data = tomllib.loads(text)
    inst = structure(data, m.Instrument, file="draft.toml")
    assert ident == inst.id == "2026-01-revision-to-license-review-policy-for-advanced"
    assert (inst.kind, inst.title) == (m.InstrumentKind.RULE, RULE["title"])
    assert (inst.published.isoformat(), inst.effective.isoformat()) == (RULE["publication_date"], RULE["effective_on"])
    citation = data["citation"]
    assert (citation["federal_register"], citation["document_number"]) == (RULE["citation"], RULE["document_number"])
    assert citation["rin"] == RULE["regulation_id_numbers"][0] and citation["docket"] == RULE["docket_ids"][0]
    assert citation["cfr"] == [f"{r['title']} CFR {r['part']}" for r in RULE["cfr_references"]]
    assert citation["urls"] == [RULE["html_url"], RULE["pdf_url"]]
    assert [(s.grade, s.url) for s in inst.sources] == [(m.Grade.P, RULE["html_url"])]
    assert inst.summary.strip() == RULE["abstract"]
    assert (inst.provisions, inst.amendments, inst.group_changes) == ((), (), ())
    assert "# [[provisions]]" in text and "not yet encoded" in text


def test_a_draft_loads_with_the_record_and_changes_no_answer(tmp_path):
    """The draft is a valid instrument file: a copy of the bundled record with it loads, and answers as before."""
    record = tmp_path / "record"
    shutil.copytree(DATA, record)
    assert DRAFT.main([str(FIXTURES / "2026-00789.json"), "--out-dir", str(record / "instruments")]) == 0
    book = cc.load(record)
    assert "2026-01-revision-to-license-review-policy-for-advanced" in {i.id for i in book.instruments}
    for args in (("2026-02-01", "H200", "CN"), ("2025-06-01", "H20", "CN")):
        assert book.status_at(*args).level == cc.status_at(*args).level


def test_a_search_page_gives_one_draft_per_document(tmp_path, capsys):
    """A search page ({"results": [...]}) is drafted document by document, each file named by its id."""
    page = json.loads((FIXTURES / "search-page.json").read_text(encoding="utf-8"))
    assert DRAFT.main([str(FIXTURES / "search-page.json"), "--out-dir", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.toml"))
    assert len(written) == len(page["results"]) == 2
    assert sorted(Path(line).name for line in capsys.readouterr().out.split()) == written
    for path in tmp_path.glob("*.toml"):
        structure(tomllib.loads(path.read_text(encoding="utf-8")), m.Instrument, file=path.name)


def test_printing_writes_the_draft_to_standard_output(capsys):
    """Without --out-dir the draft is printed."""
    assert DRAFT.main([str(FIXTURES / "2026-00789.json")]) == 0
    assert capsys.readouterr().out == DRAFT.draft(RULE)[1]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"type": "Presidential Document", "subtype": "Executive Order"}, "executive-order"),
        ({"type": "Presidential Document", "subtype": "Proclamation"}, "proclamation"),
        ({"type": "Notice"}, "guidance"),
        ({"type": "Proposed Rule"}, "announcement"),
    ],
)
def test_kinds_follow_the_document_type(change, expected):
    """The kind of instrument follows the document's type and subtype."""
    doc = {**copy.deepcopy(RULE), **change}
    assert tomllib.loads(DRAFT.draft(doc)[1])["kind"] == expected


def test_an_effect_before_publication_asks_for_a_note():
    """A rule effective before its publication gets a date_notes line for the reviewer to complete."""
    doc = {**copy.deepcopy(RULE), "effective_on": "2026-01-13"}
    assert tomllib.loads(DRAFT.draft(doc)[1])["date_notes"].startswith("TODO")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "draft_instrument: error:"),
        (json.dumps({k: v for k, v in RULE.items() if k != "publication_date"}), "has no publication_date"),
        (json.dumps({k: v for k, v in RULE.items() if k != "document_number"}), "document_number"),
    ],
)
def test_documents_that_cannot_be_drafted(tmp_path, capsys, content, message):
    """Not JSON, or a document without its number or publication date: one line on standard error, status 2."""
    path = tmp_path / "doc.json"
    path.write_text(content, encoding="utf-8")
    assert DRAFT.main([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and len(captured.err.splitlines()) == 1
