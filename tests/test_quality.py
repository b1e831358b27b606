"""Typing and lint checks, run by the test suite so that CI runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="runs from a source checkout only")
def test_mypy_strict_clean():
    """mypy --strict finds nothing in src/."""
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the test extra")
def test_ruff_clean():
    """ruff finds nothing in src/ and tests/, and the code is formatted."""
    lint = subprocess.run(["ruff", "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(["ruff", "format", "--check", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_ci_runs_the_readme_command():
    """.ci/run takes its command from README.md's Quickstart."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && python -m pytest' in readme
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
