"""The documentation site builds with `mkdocs build --strict`, with every page and the API reference."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import chipcontrols

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not (ROOT / "mkdocs.yml").is_file(), reason="runs from a source checkout only")

PAGES = (
    "index",
    "tutorial",
    "cookbook",
    "concepts",
    "record",
    "api",
    "hypothesis",
    "data",
    "performance",
    "reliability",
    "plots",
)
#: the public modules besides the package itself, each with its own entry in the API reference
MODULES = ("model", "errors", "serialization", "strategies", "plots")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One strict build of the site into a temporary directory (a few seconds)."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice about MkDocs 2.0 on stderr
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return out, site


def test_site_builds_strict(build):
    """No warning at all: broken links, unresolved references and docstring problems fail the build."""
    out, _ = build
    assert out.returncode == 0, out.stdout + out.stderr
    assert "WARNING" not in out.stderr, out.stderr


def test_every_docs_page_is_built(build):
    """Each page of docs/ is in the site, and the navigation leaves none out."""
    _, site = build
    sources = {p.stem for p in (ROOT / "docs").glob("*.md")}
    assert set(PAGES) <= sources
    for page in sources:
        built = site / "index.html" if page == "index" else site / page / "index.html"
        assert built.is_file(), f"docs/{page}.md was not built"
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f"{page}.md" in nav for page in sources), "a page of docs/ is missing from the nav of mkdocs.yml"


def test_api_page_documents_every_public_name(build):
    """The API reference has an entry for every public name, model name and public submodule."""
    _, site = build
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "status_at" in html and "Rulebook" in html
    # a name documented with its module (chipcontrols.errors.ChipControlsError, chipcontrols.model.Level) counts too
    prefixes = ("chipcontrols", "chipcontrols.errors", "chipcontrols.model")
    missing = [n for n in chipcontrols.__all__ if not any(f'id="{p}.{n}"' in html for p in prefixes)]
    missing += [f"model.{n}" for n in chipcontrols.model.__all__ if f'id="chipcontrols.model.{n}"' not in html]
    missing += [mod for mod in MODULES if f'id="chipcontrols.{mod}"' not in html]
    assert not missing, f"no entry in the API reference for {missing}"


def test_docstring_examples_render_as_code(build):
    """Doctest examples in docstrings are code blocks, not nested Markdown quotes; Sphinx roles are resolved."""
    _, site = build
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "<blockquote>" not in html
    assert ":meth:" not in html and ":class:" not in html and ":func:" not in html
