"""The command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chipcontrols.cli import main


def test_status_text(capsys):
    """status prints the explained answer."""
    assert main(["status", "2025-06-01", "H20", "CN"]) == 0
    out = capsys.readouterr().out
    assert "licence required:  yes" in out and "NVIDIA Form 8-K, 2025-04-15" in out


def test_status_json(capsys):
    """--json prints machine-readable output."""
    assert main(["status", "2025-06-01", "H100", "IN", "--known-on", "2025-02-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["license_required"], data["tier"], data["exceptions"]) == (True, "Tier 2", ["LPP"])


def test_error_is_one_line(capsys):
    """A bad chip gives one line on stderr and exit status 2."""
    assert main(["status", "2025-06-01", "H2O", "CN"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Close matches: 'H20'" in err


def test_history_and_classify(capsys):
    """history and classify print tables."""
    assert main(["history", "H20", "CN", "--start", "2025-01-01", "--end", "2025-12-31"]) == 0
    assert "2025-04-09" in capsys.readouterr().out
    assert main(["classify", "H20", "--on", "2024-06-01"]) == 0
    assert "not controlled" in capsys.readouterr().out


def test_validate(tmp_path, capsys):
    """validate reports problems with exit status 1."""
    (tmp_path / "record.toml").write_text("[coverage]\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert "record.toml" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--help"], ["status", "--help"]])
def test_help(args):
    """--help works for the program and its commands."""
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0


def test_module_entry_point():
    """python -m chipcontrols runs the command line."""
    out = subprocess.run(
        [sys.executable, "-m", "chipcontrols", "status", "2024-01-01", "H100", "CN"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "presumption-of-denial" in out.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["chips"], "H20"),
        (["countries", "--group", "D:5", "--on", "2024-03-15"], "NI  Nicaragua"),
        (["events", "--from", "2025-05-13", "--to", "2025-05-14"], "BIS press release, 2025-05-13"),
        (["diff", "2024-03-14", "2024-03-15", "--chip", "H100", "--country", "NI"], "2024-03-nicaragua"),
        (["classify", "--tpp", "3000", "--die-area", "600", "--datacenter", "--on", "2024-06-01"], "3A090.b"),
    ],
)
def test_more_commands(args, expected, capsys):
    """chips, countries, events, diff and classify-from-specifications print tables."""
    assert main(args) == 0
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("command", ["chips", "countries", "events"])
def test_json_everywhere(command, capsys):
    """--json prints valid JSON."""
    assert main([command, "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_classify_needs_something(capsys):
    """classify without a chip or specifications is one clear error."""
    assert main(["classify", "--on", "2024-06-01"]) == 2
    assert "specifications" in capsys.readouterr().err
