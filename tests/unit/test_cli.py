"""The command line: explained answers, JSON, errors as one line (or one JSON object), and output that cannot
be written (a closed pipe, a full disk, a terminal without the characters)."""

from __future__ import annotations

import datetime as dt
import json
import os
import runpy
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import chipcontrols as cc
from chipcontrols import _dates, serialization
from chipcontrols._version import __version__
from chipcontrols.cli import main

DATA = Path(str(resources.files("chipcontrols") / "data"))
REVIEWED = cc.bundled().info.reviewed
FOOTER = f"(record {cc.bundled().info.version}, reviewed {REVIEWED}; not legal advice)"


def run(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``python -m chipcontrols`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "chipcontrols", *args],
        capture_output="stdout" not in kwargs,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,  # type: ignore[call-overload]
    )


class TestStatus:
    def test_status_text(self, capsys):
        """status prints the explained answer."""
        assert main(["status", "2025-06-01", "H20", "CN"]) == 0
        out = capsys.readouterr().out
        assert "licence required:  yes" in out and "NVIDIA Form 8-K, 2025-04-15" in out

    def test_status_json(self, capsys):
        """--json prints machine-readable output."""
        assert main(["status", "2025-06-01", "H100", "IN", "--known-on", "2025-02-01", "--json"]) == 0
        text = capsys.readouterr().out
        data = json.loads(text)
        assert (data["license_required"], data["tier"], data["exceptions"]) == (True, "Tier 2", ["LPP"])
        assert (data["requirement"], data["known_on"]) == ("required", "2025-02-01")
        # the library's JSON, keys in the same order (the order of the status schema)
        same = serialization.dumps(cc.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01"), indent=2)
        assert text.strip() == same
        assert list(data) == list(serialization.json_schema("status")["properties"])

    def test_status_today_after_the_review_day(self, capsys, monkeypatch):
        """``status today H200 CN`` answers as the record knew it on its review day, and names that day."""
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2027, 3, 1))
        assert main(["status", "today", "H200", "CN"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("H200 SXM -> China (CN)\n")
        assert "licence required:  yes" in out and "review policy:     case-by-case" in out
        assert f"[record-age] the record was last reviewed against its sources on {REVIEWED}" in out
        assert main(["status", "today", "H200", "CN", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        (age,) = [c for c in data["caveats"] if c["kind"] == "record-age"]
        assert age["since"] == data["record"]["reviewed"] == REVIEWED.isoformat()

    def test_status_today_strict_is_refused(self, capsys, monkeypatch):
        """With --strict, today (after the review day) is refused with status 2."""
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2027, 3, 1))
        assert main(["status", "today", "H200", "CN", "--strict"]) == 2
        assert "strict=True refuses later days" in capsys.readouterr().err

    def test_status_today_on_the_real_clock(self):
        """``status today H200 CN`` answers on the real clock too, naming the record's review day."""
        out = run("status", "today", "H200", "CN")
        assert out.returncode == 0, out.stderr
        assert "licence required:  yes" in out.stdout and f"reviewed {REVIEWED}" in out.stdout
        assert (dt.date.today() > REVIEWED) == ("[record-age]" in out.stdout)

    def test_specifications_instead_of_a_name(self, capsys):
        """A chip given by its specifications is answered under the name given."""
        assert main(["status", "2024-06-01", "--tpp", "5000", "--die-area", "800", "--datacenter", "CN"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("(your chip) -> China (CN)") and "classification:    3A090.a" in out

    def test_a_name_and_specifications_is_refused(self, capsys):
        """A catalogue name together with --tpp is refused: which chip is meant is unclear."""
        assert main(["status", "2025-06-01", "H20", "CN", "--tpp", "5000"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "either a catalogue chip or specifications (--tpp, --die-area, ...), not both" in captured.err


class TestErrors:
    def test_error_is_one_line(self, capsys):
        """A bad chip gives one line on stderr and exit status 2."""
        assert main(["status", "2025-06-01", "H2O", "CN"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("chipcontrols: error: ") and "Close matches: 'H20'" in err

    def test_json_error_is_a_json_object(self, capsys):
        """With --json an error is one JSON object on stdout (type, message, close matches) and a non-zero exit."""
        assert main(["status", "2025-06-01", "H2O", "CN", "--json"]) == 2
        captured = capsys.readouterr()
        assert captured.err == ""
        error = json.loads(captured.out)["error"]
        assert error["type"] == "UnknownChipError" and error["close_matches"][0] == "H20"
        assert error["message"].startswith("unknown chip 'H2O'")

    def test_json_usage_error_is_a_json_object(self, capsys):
        """With --json a usage error (an unknown choice, a missing argument) is one JSON object on stdout too, exit 2;
        without it, argparse's usage text on stderr."""
        with pytest.raises(SystemExit) as info:
            main(["status", "2025-06-01", "H20", "CN", "--basis", "nope", "--json"])
        assert info.value.code == 2
        captured = capsys.readouterr()
        assert captured.err == ""
        error = json.loads(captured.out)["error"]
        assert error["type"] == "UsageError" and "invalid choice: 'nope'" in error["message"]
        with pytest.raises(SystemExit) as info:
            main(["status", "2025-06-01", "H20", "CN", "--basis", "nope"])
        assert info.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err
        with pytest.raises(SystemExit):  # argparse's abbreviation of --json, and a name beyond ASCII, kept as written
            main(["status", "2025-06-01", "H20", "CN", "--basis", "légal", "--js"])
        assert "'légal'" in json.loads(capsys.readouterr().out)["error"]["message"]

    def test_basis_in_any_case(self, capsys):
        """--basis takes any case, as the library and the service do."""
        assert main(["status", "2025-06-01", "H100", "IN", "--basis", "LEGAL", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["basis"] == "legal"

    def test_json_error_of_an_invalid_record(self, tmp_path, capsys):
        """validate --json on a broken record lists every problem with file and key path; exit status 1."""
        (tmp_path / "record.toml").write_text("[coverage]\n", encoding="utf-8")
        assert main(["validate", str(tmp_path), "--json"]) == 1
        error = json.loads(capsys.readouterr().out)["error"]
        assert error["type"] == "InvalidRecordError"
        assert {"file": "record.toml", "path": "$.record", "message": "required key missing"} in error["problems"]

    def test_validate(self, tmp_path, capsys):
        """validate reports problems with exit status 1."""
        (tmp_path / "record.toml").write_text("[coverage]\n", encoding="utf-8")
        assert main(["validate", str(tmp_path)]) == 1
        assert "record.toml" in capsys.readouterr().err

    def test_validate_a_good_record(self, capsys):
        """validate reports a sound record directory with its size."""
        assert main(["validate", str(DATA)]) == 0
        book = cc.bundled()
        assert capsys.readouterr().out.strip() == (
            f"ok: {len(book.instruments)} instruments, {len(book.chips)} chips, {len(book.groups)} groups"
        )

    def test_classify_needs_something(self, capsys):
        """classify without a chip or specifications is one clear error."""
        assert main(["classify", "--on", "2024-06-01"]) == 2
        assert "specifications" in capsys.readouterr().err

    def test_group_members_before_the_record_begins(self, capsys):
        """``countries --group D:5 --on 1900-01-01`` is refused: the record does not speak for that day."""
        assert main(["countries", "--group", "D:5", "--on", "1900-01-01"]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "1900-01-01 is outside the record's coverage" in captured.err


class TestCommands:
    def test_history_and_classify(self, capsys):
        """history and classify print tables."""
        assert main(["history", "H20", "CN", "--start", "2025-01-01", "--end", "2025-12-31"]) == 0
        assert "2025-04-09" in capsys.readouterr().out
        assert main(["classify", "H20", "--on", "2024-06-01"]) == 0
        assert "not controlled" in capsys.readouterr().out

    def test_history_by_level_with_headquarters(self, capsys):
        """``history --by level --hq CN`` merges periods equal in level and evaluates the headquarters rule."""
        assert main(["history", "H100", "MY", "--by", "level", "--hq", "CN"]) == 0
        lines = capsys.readouterr().out.splitlines()
        expected = cc.history("H100", "MY", by=["level"], headquartered_in="CN")
        assert lines[0] == "H100 SXM -> Malaysia (MY)" and lines[-1] == FOOTER
        rows = lines[2:-1]
        assert [r.split()[2] for r in rows] == [e.status.level.value for e in expected]
        # case-by-case under 744.23(d) from the 2023 rule; a presumption of denial for datacenter 3A090.a once
        # 89 FR 23876 revised 744.23(d) (BIS's guidance of 2026-05-31 keeps it: periods equal in level merge)
        assert [r.split()[2] for r in rows] == ["no-license-required", "case-by-case", "presumption-of-denial"]
        assert rows[1].startswith("[2023-11-17, 2024-04-04)") and rows[2].startswith("[2024-04-04, …)")
        assert main(["history", "H100", "MY", "--by", "level"]) == 0  # without the buyer: no licence
        assert [r.split()[2] for r in capsys.readouterr().out.splitlines()[2:-1]] == ["no-license-required"]

    def test_history_json(self, capsys):
        """history --json gives each period with its status and causes."""
        assert main(["history", "H20", "CN", "--start", "2025-01-01", "--end", "2025-12-31", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        rows = data["periods"]
        assert (data["chip"], data["country"]) == ("H20", "CN")
        assert rows[0]["period"]["start"] == "2025-01-01" and rows[-1]["period"]["end"] == "2025-12-31"
        assert any(r["period"]["start"] == "2025-04-09" and r["status"]["license_required"] for r in rows)
        assert all(isinstance(r["caused_by"], list) for r in rows)

    def test_diff_json(self, capsys):
        """diff --json lists the changed fields and the instruments that changed them."""
        assert main(["diff", "2024-03-14", "2024-03-15", "--chip", "H100", "--country", "NI", "--json"]) == 0
        (change,) = json.loads(capsys.readouterr().out)
        assert (change["chip"], change["country"], change["before"]["level"]) == (
            "H100 SXM",
            "NI",
            "no-license-required",
        )
        assert "requirement" in change["fields"] and change["instruments"] == ["2024-03-nicaragua"]
        assert (change["before"]["requirement"], change["after"]["requirement"]) == ("not-required", "required")

    def test_classify_json(self, capsys):
        """classify --json gives the paragraph, the prong and every test with its threshold and margin."""
        assert main(["classify", "H100", "--on", "2024-06-01", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["paragraph"], out["prong"], out["determinate"]) == ("3A090.a", "3A090.a.1", True)
        first = out["tests"][0]
        assert first == {
            "prong": "3A090.a.1",
            "threshold": {"spec": "tpp", "op": ">=", "value": 4800.0},
            "value": first["value"],
            "passed": True,
            "margin": first["value"] - 4800,
        }

    def test_classify_names_the_exclusion(self, capsys):
        """A chip taken out by Note 2 is reported with the exclusion that took it out."""
        args = ["classify", "--tpp", "3000", "--die-area", "600", "--no-datacenter", "--on", "2024-06-01"]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "(your chip) on 2024-06-01: not controlled" in out
        assert "  excluded by Note 2 to 3A090" in out

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["chips"], "H20"),
            (["countries", "--group", "D:5", "--on", "2024-03-15"], "NI  Nicaragua"),
            (["events", "--from", "2025-05-13", "--to", "2025-05-14"], "BIS press release, 2025-05-13"),
            (["diff", "2024-03-14", "2024-03-15", "--chip", "H100", "--country", "NI"], "2024-03-nicaragua"),
            (["classify", "--tpp", "3000", "--die-area", "600", "--datacenter", "--on", "2024-06-01"], "3A090.b"),
            (["revisions", "2025-06-01", "H100", "IN"], "2025-01-13"),
        ],
    )
    def test_more_commands(self, args, expected, capsys):
        """chips, countries, events, diff, revisions and classify-from-specifications print tables."""
        assert main(args) == 0
        assert expected in capsys.readouterr().out

    def test_group_members_exclude_non_members(self, capsys):
        """countries --group lists the members on the day, not every country."""
        assert main(["countries", "--group", "D:5", "--on", "2024-03-14"]) == 0
        out = capsys.readouterr().out
        assert "CN  China" in out and "NI  Nicaragua" not in out and "DE  Germany" not in out

    @pytest.mark.parametrize(("command", "key"), [("chips", None), ("countries", None), ("events", "events")])
    def test_json_everywhere(self, command, key, capsys):
        """--json prints valid JSON: a list of chips or countries, the events under ``events``."""
        assert main([command, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        rows = data if key is None else data[key]
        assert isinstance(rows, list) and rows

    def test_info(self, capsys):
        """info states the library's and the record's versions, the record's days and its size."""
        assert main(["info"]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"chipcontrols {__version__}\n")
        assert "speaks from     2019-01-01" in out and f"reviewed        {REVIEWED}" in out
        assert main(["info", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        book = cc.bundled()
        assert (data["library"], data["record"], data["start"], data["reviewed"]) == (
            __version__,
            book.info.version,
            "2019-01-01",
            REVIEWED.isoformat(),
        )
        assert (data["instruments"], data["chips"], data["sha256"]) == (
            len(book.instruments),
            len(book.chips),
            book.stamp.digest,
        )

    def test_version(self, capsys):
        """--version prints the library's version and exits 0."""
        with pytest.raises(SystemExit) as info:
            main(["--version"])
        assert info.value.code == 0
        assert capsys.readouterr().out.strip() == f"chipcontrols {__version__}"

    @pytest.mark.parametrize("args", [["--help"], ["status", "--help"]])
    def test_help(self, args, capsys):
        """--help works for the program and its commands."""
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 0
        assert "usage: chipcontrols" in capsys.readouterr().out


class TestEntryPoints:
    def test_module_entry_point(self):
        """python -m chipcontrols runs the command line."""
        out = run("status", "2024-01-01", "H100", "CN")
        assert out.returncode == 0 and "presumption-of-denial" in out.stdout

    def test_python_dash_m(self, monkeypatch, capsys):
        """python -m chipcontrols exits with the command's status."""
        monkeypatch.setattr(sys, "argv", ["chipcontrols", "classify", "H20", "--on", "2024-06-01"])
        with pytest.raises(SystemExit) as info:
            runpy.run_module("chipcontrols", run_name="__main__")
        assert info.value.code == 0
        assert "H20 on 2024-06-01: not controlled" in capsys.readouterr().out


class TestOutputThatCannotBeWritten:
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

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_full_device_exits_1_without_a_traceback(self):
        """Output to /dev/full (no space left) is one error line and exit status 1, not a traceback."""
        with open("/dev/full", "w") as full:
            out = run("countries", stdout=full, stderr=subprocess.PIPE)
        assert out.returncode == 1
        assert "Traceback" not in out.stderr
        assert out.stderr.strip() == "chipcontrols: error: cannot write the output: No space left on device"

    def test_ascii_terminal_escapes_names(self):
        """With an ASCII-only output encoding, names with other letters are escaped, never a traceback."""
        out = run("countries", env={"PYTHONIOENCODING": "ascii"})
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        assert "CI  C\\xf4te d'Ivoire" in out.stdout and "AX  \\xc5land Islands" in out.stdout


class TestScreenCommand:
    """``chipcontrols screen IN -o OUT``: a CSV or Parquet table of shipments in, the answers out."""

    ROWS = (
        ("2025-06-01", "H20", "CN", ""),
        ("2025-06-01", "H100", "IN", ""),
        ("2024-06-01", "MI308X", "CN", ""),
        ("2026-03-01", "H200", "CN", "CN"),
    )

    @staticmethod
    def write_csv(path: Path, header: str, rows: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]) -> Path:
        path.write_text("\n".join([header, *(",".join(r) for r in rows)]) + "\n")
        return path

    @staticmethod
    def read_csv(path: Path) -> list[dict[str, str]]:
        import csv

        with path.open(newline="") as f:
            return list(csv.DictReader(f))

    def test_csv_in_csv_out(self, tmp_path, capsys):
        """Every row answered as status_at answers it; the summary counts rows by level."""
        from chipcontrols._screen import SCREEN_COLUMNS

        source = self.write_csv(tmp_path / "shipments.csv", "date,chip,country,hq", self.ROWS)
        target = tmp_path / "answers.csv"
        assert main(["screen", str(source), "-o", str(target)]) == 0
        statuses = [cc.status_at(d, c, k, headquartered_in=h or None) for d, c, k, h in self.ROWS]
        out = capsys.readouterr().out.splitlines()
        assert out[0] == f"4 rows screened into {target} (record {cc.bundled().info.version}, reviewed {REVIEWED})"
        assert sorted(out[1:]) == sorted(f"  {s.level.value:22} {1:>10,}" for s in statuses)
        with target.open() as f:
            header = f.readline().strip().replace('"', "").split(",")
        assert header == ["date", "chip", "country", "hq", *SCREEN_COLUMNS]
        written = self.read_csv(target)
        words = {cc.Requirement.REQUIRED: "true", cc.Requirement.NOT_REQUIRED: "false", cc.Requirement.UNDETERMINED: ""}
        assert [(r["requirement"], r["level"], r["license_required"]) for r in written] == [
            (s.requirement.value, s.level.value, words[s.requirement]) for s in statuses
        ]
        assert [r["caveats"] for r in written] == [
            "; ".join(sorted({c.kind.value for c in s.caveats})) for s in statuses
        ]
        assert [r["citations"] for r in written] == ["; ".join(s.citations) for s in statuses]
        assert {r["error"] for r in written} == {""}

    def test_parquet_in_parquet_out(self, tmp_path, capsys):
        """A Parquet table with typed days (and knowledge days) in, a Parquet table with lists and nulls out."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
        days = [dt.date(2025, 6, 1), dt.date(2025, 6, 1), dt.date(2024, 6, 1)]
        pq.write_table(
            pa.table(
                {
                    "date": pa.array(days, pa.date32()),
                    "chip": ["H100", "H100", "MI308X"],
                    "country": ["IN", "IN", "CN"],
                    "known_on": pa.array([dt.date(2025, 2, 1), None, None], pa.date32()),
                }
            ),
            source,
        )
        assert main(["screen", str(source), "-o", str(target), "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        assert summary == {
            "rows": 3,
            "output": str(target),
            "levels": {"no-license-required": 1, "license-exception": 1, "undetermined": 1},
        }
        table = pq.read_table(target).to_pylist()
        assert [(r["tier"], r["level"], r["license_required"]) for r in table] == [
            ("Tier 2", "license-exception", True),
            (None, "no-license-required", False),
            (None, "undetermined", None),
        ]
        assert table[0]["exceptions"] == [
            x.value for x in cc.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01").exceptions
        ]

    def test_csv_cells_are_text_as_written(self, tmp_path, capsys):
        """In a CSV, 'NA' is Namibia (destination or headquarters) and '4090' a chip name, not a null or a number."""
        source = self.write_csv(
            tmp_path / "in.csv",
            "date,chip,country,hq",
            [("2025-06-01", "H20", "NA", ""), ("2025-06-01", "H20", "CN", "NA"), ("2025-06-01", "4090", "CN", "")],
        )
        target = tmp_path / "out.csv"
        assert main(["screen", str(source), "-o", str(target), "--coerce"]) == 0
        rows = self.read_csv(target)
        assert [r["governing"] for r in rows[:2]] == ["NA", "CN"]
        namibian_buyer = cc.status_at("2025-06-01", "H20", "CN", headquartered_in="NA")
        assert rows[1]["caveats"] == "; ".join(sorted({c.kind.value for c in namibian_buyer.caveats}))
        assert "party-rule" not in rows[1]["caveats"]
        assert rows[2]["error"].startswith("unknown chip '4090': ")
        assert "'RTX 4090'" in rows[2]["error"]

    def test_a_bad_row_is_one_line_and_exit_2(self, tmp_path, capsys):
        """A bad row: one line on standard error naming the row and the file, exit status 2, nothing written."""
        source = self.write_csv(
            tmp_path / "bad.csv", "date,chip,country", [("2025-06-01", "H20", "CN"), ("2025-06-01", "H2O", "CN")]
        )
        target = tmp_path / "out.csv"
        assert main(["screen", str(source), "-o", str(target)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert captured.err.startswith("chipcontrols: error: unknown chip 'H2O': ")
        assert captured.err.endswith(
            "(in row 1 of bad.csv, counting from 0 below the header; --coerce answers the other rows)\n"
        )
        assert not target.exists()

    def test_a_bad_row_as_json(self, tmp_path, capsys):
        """With --json, a bad row is a JSON object with the error's type, message and close matches."""
        source = self.write_csv(tmp_path / "bad.csv", "date,chip,country", [("2025-06-01", "H2O", "CN")])
        assert main(["screen", str(source), "-o", str(tmp_path / "out.csv"), "--json"]) == 2
        error = json.loads(capsys.readouterr().out)["error"]
        assert error["type"] == "UnknownChipError"
        assert error["close_matches"][:2] == ["H20", "H200"]
        assert "(in row 0 of bad.csv" in error["message"]

    def test_coerce_answers_the_other_rows(self, tmp_path, capsys):
        """--coerce: the good rows answered, each bad row's message in 'error', exit status 0."""
        source = self.write_csv(
            tmp_path / "bad.csv",
            "date,chip,country",
            [("2025-06-01", "H20", "CN"), ("06/01/2025", "H20", "CN"), ("2018-01-01", "H20", "CN")],
        )
        target = tmp_path / "out.csv"
        assert main(["screen", str(source), "-o", str(target), "--coerce"]) == 0
        assert capsys.readouterr().out.splitlines()[1:] == [
            f"  {'license-required':22} {1:>10,}",
            f"  {'error':22} {2:>10,}",
        ]
        rows = self.read_csv(target)
        assert [r["level"] for r in rows] == ["license-required", "", ""]
        assert rows[1]["error"].startswith("date: expected a datetime.date or a 'YYYY-MM-DD' string, got '06/01/2025'")
        assert rows[2]["error"].startswith("2018-01-01 is outside the record's coverage")

    def test_basis_and_strict(self, tmp_path, capsys):
        """--basis answers on that basis; --strict refuses a day after the review day."""
        source = self.write_csv(tmp_path / "in.csv", "date,chip,country", [("2025-06-01", "H100", "IN")])
        target = tmp_path / "out.csv"
        assert main(["screen", str(source), "-o", str(target), "--basis", "legal"]) == 0
        assert (
            self.read_csv(target)[0]["tier"] == cc.status_at("2025-06-01", "H100", "IN", basis="legal").tier == "Tier 2"
        )
        later = (REVIEWED + dt.timedelta(days=1)).isoformat()
        late = self.write_csv(
            tmp_path / "late.csv", "date,chip,country", [("2025-06-01", "H20", "CN"), (later, "H20", "CN")]
        )
        assert main(["screen", str(late), "-o", str(target)]) == 0
        assert "record-age" in self.read_csv(target)[1]["caveats"]
        capsys.readouterr()
        assert main(["screen", str(late), "-o", str(target), "--strict"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"chipcontrols: error: {later} is outside the record's coverage: ")
        assert "(in row 1 of late.csv" in err

    @pytest.mark.parametrize(
        ("input_name", "output_name", "fragment"),
        [
            ("in.txt", "out.csv", "input: expected a .csv or .parquet file"),
            ("in.csv", "out.xlsx", "output: expected a .csv or .parquet file"),
            ("missing.csv", "out.csv", "input: expected a readable CSV or Parquet file"),
            ("in.csv", "no/such/folder/out.csv", "output: expected a writable path"),
            ("nochip.csv", "out.csv", "chip: expected a column of the table"),
        ],
    )
    def test_paths_and_columns_refused(self, tmp_path, capsys, input_name, output_name, fragment):
        """A file of another kind, one that cannot be read or written, or a missing column: one line, exit 2."""
        self.write_csv(tmp_path / "in.csv", "date,chip,country", [("2025-06-01", "H20", "CN")])
        self.write_csv(tmp_path / "in.txt", "date,chip,country", [("2025-06-01", "H20", "CN")])
        self.write_csv(tmp_path / "nochip.csv", "date,part,country", [("2025-06-01", "H20", "CN")])
        assert main(["screen", str(tmp_path / input_name), "-o", str(tmp_path / output_name)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("chipcontrols: error: ")
        assert fragment in err


class TestErrorsInCommandLineWords:
    """Errors name the options as typed and no Python names."""

    @pytest.mark.parametrize(
        ("args", "expected", "absent"),
        [
            (["status", "2025-06-01", "H2O", "CN"], "(see: chipcontrols chips)", "chipcontrols.Chip"),
            (["events", "--from", "2025-13-01"], "--from: expected a day as YYYY-MM-DD, or today", "datetime"),
            (["events", "--to", "June"], "--to: expected a day as YYYY-MM-DD", "end:"),
            (["status", "2025-06-01", "H20", "CN", "--known-on", "x"], "--known-on: expected a day", "known_on"),
            (["history", "H20", "CN", "--start", "x"], "--start: expected a day", "datetime"),
            (["classify", "--on", "2024-06-01"], "specifications (--tpp, --die-area, ...), got neither", "None"),
        ],
    )
    def test_error_words(self, capsys, args, expected, absent):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert expected in err and absent not in err
        assert main([*args, "--json"]) == 2
        message = json.loads(capsys.readouterr().out)["error"]["message"]
        assert expected in message and absent not in message
