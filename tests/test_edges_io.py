"""Edges of input and output: command-line formats and pipes, data files, structuring, entry points."""

from __future__ import annotations

import datetime as dt
import json
import os
import runpy
import shutil
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

import chipcontrols as cc
from chipcontrols import _data
from chipcontrols.cli import main
from chipcontrols.errors import InvalidRecordError
from chipcontrols.serialization import structure

DATA = Path(str(resources.files("chipcontrols") / "data"))


class TestCommandLine:
    def test_history_json(self, capsys):
        """history --json gives each period with its status and causes."""
        assert main(["history", "H20", "CN", "--start", "2025-01-01", "--end", "2025-12-31", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows[0]["period"]["start"] == "2025-01-01"
        assert any(r["period"]["start"] == "2025-04-09" and r["license_required"] for r in rows)
        assert all(isinstance(r["caused_by"], list) for r in rows)

    def test_diff_json(self, capsys):
        """diff --json lists the changed fields and the instruments that changed them."""
        assert main(["diff", "2024-03-14", "2024-03-15", "--chip", "H100", "--country", "NI", "--json"]) == 0
        (change,) = json.loads(capsys.readouterr().out)
        assert (change["chip"], change["country"], change["before"]) == ("H100 SXM", "NI", "no-license-required")
        assert "license_required" in change["fields"] and "2024-03-nicaragua" in change["instruments"]

    def test_classify_json(self, capsys):
        """classify --json gives the paragraph, the prong and every test with its margin."""
        assert main(["classify", "H100", "--on", "2024-06-01", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["paragraph"], out["prong"], out["determinate"]) == ("3A090.a", "3A090.a.1", True)
        assert out["tests"][0] == {
            "prong": "3A090.a.1",
            "test": "tpp >= 4800",
            "value": out["tests"][0]["value"],
            "passed": True,
            "margin": out["tests"][0]["value"] - 4800,
        }

    def test_classify_names_the_exclusion(self, capsys):
        """A chip taken out by Note 2 is reported with the exclusion that took it out."""
        args = ["classify", "--tpp", "3000", "--die-area", "600", "--no-datacenter", "--on", "2024-06-01"]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "(specifications) on 2024-06-01: not controlled" in out
        assert "  excluded by Note 2 to 3A090" in out

    def test_validate_a_good_record(self, capsys):
        """validate reports a sound record directory with its size."""
        assert main(["validate", str(DATA)]) == 0
        book = cc.bundled()
        assert capsys.readouterr().out.strip() == (
            f"ok: {len(book.instruments)} instruments, {len(book.chips)} chips, {len(book.groups)} groups"
        )

    def test_closed_pipe_is_not_an_error(self, monkeypatch):
        """Output into a pipe whose reader has gone (| head) ends quietly with status 0."""
        read_end, write_end = os.pipe()

        class ClosedPipe:
            def write(self, text: str) -> int:
                raise BrokenPipeError

            def flush(self) -> None:
                raise BrokenPipeError

            def fileno(self) -> int:
                return write_end

        try:
            monkeypatch.setattr(sys, "stdout", ClosedPipe())
            assert main(["chips"]) == 0
            monkeypatch.undo()
            # the descriptor now points at the null device: the pipe has no writer left
            assert os.read(read_end, 10) == b""
            assert os.write(write_end, b"more") == 4
        finally:
            os.close(read_end)
            os.close(write_end)

    def test_python_dash_m(self, monkeypatch, capsys):
        """python -m chipcontrols runs the command line and exits with its status."""
        monkeypatch.setattr(sys, "argv", ["chipcontrols", "classify", "H20", "--on", "2024-06-01"])
        with pytest.raises(SystemExit) as info:
            runpy.run_module("chipcontrols", run_name="__main__")
        assert info.value.code == 0
        assert "H20 on 2024-06-01: not controlled" in capsys.readouterr().out


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


class TestDataFiles:
    def test_not_utf8(self, record):
        """A file that is not UTF-8 text is named as such."""
        (record / "chips.toml").write_bytes(b'[[chip]]\nname = "\xff"\n')
        assert any(p.startswith("chips.toml $: not UTF-8 text") for p in problems(record))

    def test_date_time_for_a_date(self, record):
        """A TOML date-time where a day is expected is refused."""
        path = record / "instruments" / "2023-01-macau.toml"
        text = path.read_text(encoding="utf-8")
        assert "published = 2023-01-18\n" in text
        path.write_text(text.replace("published = 2023-01-18\n", "published = 2023-01-18T09:00:00\n"), "utf-8")
        found = problems(record)
        assert any("2023-01-macau.toml $.published" in p and "date-time" in p for p in found)

    def test_instrument_without_any_date(self, record):
        """An instrument file that gives no public date is refused as a whole, with the reason."""
        path = record / "instruments" / "2023-01-macau.toml"
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [ln for ln in lines if not ln.startswith(("published", "announced", "date_notes"))]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        assert any(
            p.startswith("instruments/2023-01-macau.toml $: ") and "needs an announced or a published date" in p
            for p in problems(record)
        )

    def test_structure_a_bare_value(self):
        """Structuring a plain value (not a table) reports its problem at the top of the file."""
        with pytest.raises(InvalidRecordError) as info:
            structure("June 1, 2025", dt.date, file="x.json")
        assert [str(p) for p in info.value.problems] == ["x.json $: expected a date (YYYY-MM-DD), got 'June 1, 2025'"]
        assert structure("2025-06-01", dt.date) == dt.date(2025, 6, 1)

    def test_number_too_large(self):
        """A number too large for a float is a structuring problem naming its kind, not a crash."""
        with pytest.raises(InvalidRecordError) as info:
            structure({"name": "X", "tpp": 10**400}, cc.Chip, file="x.json")
        (problem,) = info.value.problems
        assert (problem.file, problem.path) == ("x.json", "$.tpp")
        assert problem.message.startswith("invalid value (OverflowError")


def test_bundled_record_loaded_once_under_contention(monkeypatch):
    """Threads asking for the bundled record at once all get the one rulebook, loaded once."""
    real = cc.bundled()
    loads: list[object] = []

    def counting_load(path: object) -> cc.Rulebook:
        loads.append(path)
        return real

    monkeypatch.setattr(_data, "_BUNDLED", [])
    monkeypatch.setattr(_data, "load", counting_load)
    got: list[cc.Rulebook] = []
    threads = [threading.Thread(target=lambda: got.append(_data.bundled())) for _ in range(2)]
    with _data._LOCK:  # both threads find nothing loaded and wait for the lock
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while not all(_current_function(t) is _data.bundled.__code__ for t in threads):
            assert time.monotonic() < deadline, "threads did not reach bundled()"
            time.sleep(0.001)
    for t in threads:
        t.join()
    assert len(loads) == 1 and got == [real, real] and got[0] is got[1]


def _current_function(thread: threading.Thread) -> object:
    frame = sys._current_frames().get(thread.ident or -1)
    return None if frame is None else frame.f_code
