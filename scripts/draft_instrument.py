"""Draft an instrument file from a Federal Register API document, for a person to review.

    python scripts/draft_instrument.py 2026-00789.json                 # prints the draft
    python scripts/draft_instrument.py 2026-00789.json --out-dir DIR   # writes DIR/<id>.toml
    python scripts/draft_instrument.py search.json --out-dir DIR       # every document of a search page

The input is JSON as https://www.federalregister.gov/api/v1/documents/<number>.json returns it
(one document), or a search page of them (``{"results": [...]}``). The draft fills in what the
API states — id, kind, title, dates, citation, document number, RIN, docket, CFR parts, addresses,
the abstract as summary, the Federal Register as a source — and leaves every legal effect
(provisions, amendments, group changes, licences) to the person reviewing it, with commented
templates. See docs/maintaining.md for the rest of the path to a reviewed record.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

KINDS = {
    "Rule": "rule",
    "Proposed Rule": "announcement",
    "Notice": "guidance",
    "Presidential Document": "executive-order",
}
SUBTYPES = {"Executive Order": "executive-order", "Proclamation": "proclamation", "Memorandum": "statement"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

TEMPLATE = """
# ---------------------------------------------------------------- for the reviewer
# Nothing below is encoded yet: read the rule's text and state its legal effects here, each with
# its source. Templates (see docs/data.md for every key):
#
# [[provisions]]
# id = "..."
# title = "..."
# items = { classifications = ["3A090.a"] }
# destinations = { groups = ["D:5"], countries = ["MO"] }
# review_policy = "presumption-of-denial"
#
# [[amendments]]
# kind = "review-policy-change"
# target = "<instrument-id>/<provision-id>"
# review_policy = "case-by-case"
#
# [[group_changes]]
# group = "D:5"
# add = ["XX"]
"""


class DraftError(ValueError):
    """A document that cannot be drafted: what is missing or malformed."""


def documents(data: Any) -> Iterator[Mapping[str, Any]]:
    """The documents of an API answer: one document, or a search page's results."""
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        for doc in data["results"]:
            if not isinstance(doc, Mapping):
                raise DraftError("a search result that is not a JSON object")
            yield doc
    elif isinstance(data, Mapping):
        yield data
    else:
        raise DraftError("expected a Federal Register API document (a JSON object) or a search page")


def _text(doc: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = doc.get(key)
    if value is None or value == "":
        if required:
            raise DraftError(f"the document has no {key!r}")
        return None
    if not isinstance(value, str):
        raise DraftError(f"{key!r}: expected a string, got {value!r}")
    return value.strip()


def _day(doc: Mapping[str, Any], key: str) -> str | None:
    value = _text(doc, key)
    if value is not None and not _DATE.fullmatch(value):
        raise DraftError(f"{key!r}: expected a YYYY-MM-DD date, got {value!r}")
    return value


def _strings(doc: Mapping[str, Any], key: str) -> list[str]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DraftError(f"{key!r}: expected a list of strings, got {value!r}")
    return value


def _slug(text: str, limit: int = 48) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-").split("-")
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}-{w}" if out else w
    return out or "instrument"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string


def _long(key: str, text: str) -> str:
    """A long text as a TOML multi-line literal string (a basic string if it holds three quotes)."""
    if "'''" in text:
        return f"{key} = {_q(text)}"
    return f"{key} = '''\n{text}\n'''"


def draft(doc: Mapping[str, Any]) -> tuple[str, str]:
    """The instrument id and the TOML text of a draft for one Federal Register API document."""
    number = _text(doc, "document_number", required=True)
    title = _text(doc, "title", required=True)
    assert number is not None and title is not None
    published = _day(doc, "publication_date")
    if published is None:
        raise DraftError(f"document {number} has no publication_date")
    effective = _day(doc, "effective_on")
    citation = _text(doc, "citation")
    kind = KINDS.get(_text(doc, "type") or "", "announcement")
    kind = SUBTYPES.get(_text(doc, "subtype") or "", kind)
    ident = f"{published[:7]}-{_slug(title)}"
    rins = _strings(doc, "regulation_id_numbers")
    dockets = _strings(doc, "docket_ids")
    cfr = []
    for ref in doc.get("cfr_references") or []:
        if isinstance(ref, Mapping) and ref.get("title") is not None and ref.get("part") is not None:
            cfr.append(f"{ref['title']} CFR {ref['part']}")
    urls = [u for u in (_text(doc, "html_url"), _text(doc, "pdf_url")) if u]
    agencies = [a.get("name") or a.get("raw_name") for a in doc.get("agencies") or [] if isinstance(a, Mapping)]
    abstract = _text(doc, "abstract") or "No abstract in the Federal Register: summarise the rule from its text."
    short = citation or f"FR Doc {number}"
    action = (_text(doc, "action") or "not stated").rstrip(".")
    lines = [
        f"# DRAFT from the Federal Register API (document {number}); review before adding it to the record.",
        f"# Agencies: {', '.join(a for a in agencies if a) or 'not stated'}. Action: {action}.",
        f"id = {_q(ident)}",
        f"kind = {_q(kind)}",
        f"title = {_q(title)}",
        _long("summary", abstract),
        f"published = {published}",
    ]
    if effective:
        lines.append(f"effective = {effective}")
    if effective and effective < published:
        lines.append(
            'date_notes = "TODO: the rule takes effect before it was published; say why (its DATES paragraph)."'
        )
    lines += [
        'confidence = "medium"',
        'uncertainties = ["Drafted from the Federal Register API; its legal effects are not yet encoded."]',
        "",
        "[citation]",
        f"short = {_q(short)}",
    ]
    if citation:
        lines.append(f"federal_register = {_q(citation)}")
    lines.append(f"document_number = {_q(number)}")
    if rins:
        lines.append(f"rin = {_q(rins[0])}")
    if dockets:
        lines.append(f"docket = {_q(dockets[0])}")
    if cfr:
        lines.append("cfr = [" + ", ".join(_q(c) for c in cfr) + "]")
    if urls:
        lines.append("urls = [" + ", ".join(_q(u) for u in urls) + "]")
    lines += [
        "",
        "[[sources]]",
        f"title = {_q(f'{short}, FR Doc {number} (Federal Register)')}",
    ]
    if urls:
        lines.append(f"url = {_q(urls[0])}")
    lines.append('grade = "P"')
    return ident, "\n".join(lines) + "\n" + TEMPLATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a Federal Register API document (JSON), or a search page")
    parser.add_argument("--out-dir", help="write <id>.toml files here instead of printing")
    args = parser.parse_args(argv)
    try:
        data = json.loads(Path(args.input).read_text(encoding="utf-8"))
        drafts = [draft(doc) for doc in documents(data)]
    except (OSError, json.JSONDecodeError, DraftError) as exc:
        print(f"draft_instrument: error: {exc}", file=sys.stderr)
        return 2
    for ident, text in drafts:
        if args.out_dir:
            out = Path(args.out_dir)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{ident}.toml").write_text(text, encoding="utf-8")
            print(out / f"{ident}.toml")
        else:
            sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
