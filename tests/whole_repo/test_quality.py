"""The repository as a whole: typing and lint clean, CI runs the whole suite with what it needs, and the library
cannot reach the network or run code from data."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import chipcontrols

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(chipcontrols.__file__).resolve().parent
CHECKOUT = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="runs from a source checkout only")


@CHECKOUT
def test_mypy_strict_clean():
    """mypy --strict finds nothing in src/."""
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the test extra")
def test_ruff_clean():
    """ruff finds nothing in src/ and tests/, and the code is formatted."""
    lint = subprocess.run(["ruff", "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        ["ruff", "format", "--check", "src", "tests"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert fmt.returncode == 0, fmt.stdout


# ------------------------------------------------------------------ CI runs the whole suite with what it needs


@CHECKOUT
def test_ci_runs_the_whole_suite():
    """.ci/run runs README's Quickstart command, which installs the test extra and runs every testpath."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (pattern,) = re.findall(r"grep -m1 -E '([^']+)' README\.md", ci)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    matches = [line for line in readme.splitlines() if re.search(pattern, line)]
    assert matches, "README.md has no line that .ci/run takes as its command"
    install, _, run = matches[0].partition(" && ")
    assert install == 'pip install ".[test]"'
    assert run == "python -m pytest"  # no paths, no -k or -m: every testpath
    testpaths = _pyproject()["tool"]["pytest"]["ini_options"]["testpaths"]
    assert "tests" in testpaths and "README.md" in testpaths and "docs" in testpaths
    holding_tests = {p.parent.relative_to(ROOT).parts[0] for p in ROOT.glob("tests/**/test_*.py")}
    assert holding_tests == {"tests"}


@CHECKOUT
def test_the_test_extra_installs_what_the_tests_import():
    """Every third-party module a test imports is installed by pip install ".[test]"."""
    project = _pyproject()["project"]
    installed = _closure([*project["dependencies"], *project["optional-dependencies"]["test"]])
    providers = metadata.packages_distributions()
    local = {"chipcontrols", "builders", "conftest"} | {p.stem for p in ROOT.glob("tests/**/*.py")}
    missing = {}
    for module in sorted(_imports(ROOT.glob("tests/**/*.py")) - set(sys.stdlib_module_names) - local):
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists & installed:
            missing[module] = sorted(dists) or "not installed"
    assert not missing, f"imported by tests but not installed by the test extra: {missing}"


def _pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)  # type: ignore[return-value]


def _imports(paths: Iterable[Path]) -> set[str]:
    """The top-level names of the absolute imports in these files."""
    out: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                out.add(node.module.split(".")[0])
    return out


def _closure(requirements: Iterable[str]) -> set[str]:
    """The distributions these requirements install, with their dependencies (as installed here)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            deps = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue
        for dep in deps:
            parsed = Requirement(dep)
            todo.extend((parsed, e) for e in ("", *req.extras))
    return {name for name, _ in seen}


# ------------------------------------------------------------------ safety

FORBIDDEN_IMPORTS = {"pickle", "marshal", "shelve", "socket", "urllib", "http", "requests", "subprocess"}


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_dangerous_calls(path):
    """No module imports pickle, subprocess or network libraries, or calls eval, exec, compile or __import__."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    forbidden = FORBIDDEN_IMPORTS
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & forbidden, ast.unparse(node)
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            assert node.module.split(".")[0] not in forbidden, ast.unparse(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"eval", "exec", "compile", "__import__"}, ast.unparse(node)


def test_loading_the_record_reads_toml_only():
    """The loader parses data with tomllib alone: nothing in a data file can run code."""
    imported = _imports([SRC / "_data.py"])
    assert "tomllib" in imported and not imported & {"yaml", "pickle", "marshal", "runpy"}
    tree = ast.parse((SRC / "_data.py").read_text(encoding="utf-8"))
    calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert "tomllib.loads" in calls and not {c for c in calls if c.startswith(("yaml.", "pickle.", "json."))}
