"""Reading record directories: every malformed file is refused with its file and key path, nothing is
half-loaded, nothing that is not a regular file is read (so nothing blocks); JSON in and out."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

import chipcontrols as cc
from chipcontrols import _bundled
from chipcontrols import model as m
from chipcontrols.errors import ChipControlsError, InvalidRecordError, InvalidTypeError
from chipcontrols.serialization import dumps, loads, structure

DATA = Path(str(resources.files("chipcontrols") / "data"))
HONG_KONG = Path("instruments") / "2020-12-hong-kong.toml"
MACAU = Path("instruments") / "2023-01-macau.toml"
REVIEWED = cc.bundled().info.reviewed


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """A writable copy of the bundled record."""
    target = tmp_path / "record"
    shutil.copytree(DATA, target)
    return target


def problems(path: object) -> list[str]:
    """The problems a record directory is refused with."""
    with pytest.raises(InvalidRecordError) as info:
        cc.load(path)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (which must hold it) by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


class TestBrokenFiles:
    """Each kind of malformed data gives a specific problem with file and key path."""

    def test_copy_loads(self, record):
        """The unmodified copy loads and equals the bundled record."""
        assert cc.load(record) == cc.bundled()

    def test_not_toml(self, record):
        """Invalid TOML syntax names the file."""
        (record / MACAU).write_text("id = = 3\n", encoding="utf-8")
        assert any(p.startswith("instruments/2023-01-macau.toml $: not valid TOML") for p in problems(record))

    def test_not_utf8(self, record):
        """A file that is not UTF-8 text is named as such."""
        (record / "chips.toml").write_bytes(b'[[chip]]\nname = "\xff"\n')
        assert any(p.startswith("chips.toml $: not UTF-8 text") for p in problems(record))

    def test_unknown_key(self, record):
        """An unknown key is refused, naming it and the entry it is in."""
        edit(record / "chips.toml", 'vendor = "NVIDIA"', 'vendor = "NVIDIA"\ncolour = "green"')
        assert any("chips.toml $.chip[0]" in p and "colour" in p for p in problems(record))

    def test_number_as_string(self, record):
        """A number written as a string is not coerced; the problem names the entry and the key."""
        edit(record / "chips.toml", "die_area_mm2 = 826.0", 'die_area_mm2 = "826"')
        assert any("chips.toml $.chip[0].die_area_mm2: expected a number, got '826'" in p for p in problems(record))

    def test_bad_enum(self, record):
        """An unknown review policy lists the valid ones, at the provision's key path."""
        edit(
            record / "instruments" / "2022-10-advanced-computing-ifr.toml",
            'review_policy = "presumption-of-denial"',
            'review_policy = "maybe"',
        )
        assert any(
            "2022-10-advanced-computing-ifr.toml $.provisions[0].review_policy" in p and "'case-by-case'" in p
            for p in problems(record)
        )

    def test_bad_date(self, record):
        """A date in another form is refused."""
        edit(record / MACAU, "published = 2023-01-18", 'published = "18/01/2023"')
        assert any("2023-01-macau.toml $.published" in p and "18/01/2023" in p for p in problems(record))

    def test_date_time_for_a_date(self, record):
        """A TOML date-time where a day is expected is refused."""
        edit(record / MACAU, "published = 2023-01-18\n", "published = 2023-01-18T09:00:00\n")
        assert any("2023-01-macau.toml $.published" in p and "date-time" in p for p in problems(record))

    def test_instrument_without_any_date(self, record):
        """An instrument file that gives no public date is refused as a whole, with the reason."""
        path = record / MACAU
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [ln for ln in lines if not ln.startswith(("published", "announced", "date_notes"))]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        assert any(
            p.startswith("instruments/2023-01-macau.toml $") and "an announced or a published date" in p
            for p in problems(record)
        )

    def test_dangling_amendment_target(self, record):
        """An amendment of a provision that does not exist names both."""
        edit(
            record / MACAU,
            'target = "2022-10-advanced-computing-ifr/china-3a090"',
            'target = "2022-10-advanced-computing-ifr/nowhere"',
        )
        assert any("2023-01-macau.toml $.amendments[0].target" in p and "'nowhere'" in p for p in problems(record))

    def test_suspension_ending_before_it_starts(self, record):
        """A suspension that ends before it starts is refused."""
        edit(record / "instruments" / "2025-11-affiliates-suspension.toml", "end = 2026-11-10", "end = 2025-11-01")
        assert any(
            p.startswith("instruments/2025-11-affiliates-suspension.toml $.amendments")
            and "Suspension.end: expected a day after the start (2025-11-10)" in p
            for p in problems(record)
        )

    def test_effective_before_published_without_note(self, record):
        """Dates out of order need a note saying why."""
        path = record / MACAU
        text = path.read_text(encoding="utf-8")
        path.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("date_notes")), encoding="utf-8")
        assert any("2023-01-macau.toml $.date_notes" in p for p in problems(record))

    def test_duplicate_instrument_id(self, record):
        """Two files with one id: both the duplicate and the file-name mismatch are reported."""
        shutil.copy(record / MACAU, record / "instruments" / "zz-copy.toml")
        found = problems(record)
        assert any("duplicate instrument id '2023-01-macau'" in p for p in found)
        assert any("instruments/zz-copy.toml $.id: file name must be the id" in p for p in found)

    def test_unknown_country_code(self, record):
        """A destination that is no ISO code is refused."""
        edit(record / "instruments" / "2022-10-advanced-computing-ifr.toml", 'countries = ["CN"]', 'countries = ["XX"]')
        assert any("unknown ISO 3166-1 code 'XX'" in p for p in problems(record))

    def test_unknown_exception_code(self, record):
        """A licence exception that the EAR does not have is refused."""
        edit(
            record / "instruments" / "2023-10-advanced-computing-ifr.toml",
            'exceptions = ["NAC"]',
            'exceptions = ["XYZ"]',
        )
        assert any("exceptions" in p and "'XYZ'" in p for p in problems(record))

    def test_unknown_group(self, record):
        """A scope naming a group that does not exist is refused."""
        edit(record / "instruments" / "2024-12-fdp-hbm-ifr.toml", 'groups = ["D:5"]', 'groups = ["D:9"]')
        assert any("unknown country group 'D:9'" in p for p in problems(record))

    def test_unknown_product(self, record):
        """A product neither in the catalogue nor a chip family is refused."""
        edit(record / "instruments" / "2025-04-nvidia-h20-letter.toml", 'products = ["H20"]', 'products = ["H21"]')
        assert any(
            "2025-04-nvidia-h20-letter.toml" in p and "unknown chip or family 'H21'" in p for p in problems(record)
        )

    def test_many_problems_reported_at_once(self, record):
        """Problems in several files are all listed in one error."""
        edit(record / "chips.toml", "die_area_mm2 = 826.0", 'die_area_mm2 = "826"')
        (record / MACAU).write_text("nonsense", encoding="utf-8")
        found = problems(record)
        assert any(p.startswith("chips.toml") for p in found)
        assert any(p.startswith("instruments/2023-01-macau.toml") for p in found)

    def test_missing_file(self, record):
        """A missing file is named."""
        (record / "criteria.toml").unlink()
        assert "criteria.toml $: file not found" in problems(record)

    def test_missing_instruments_directory(self, record):
        """A record without its instruments directory is refused, naming it."""
        shutil.rmtree(record / "instruments")
        assert "instruments/ $: directory not found" in problems(record)

    def test_bundled_unchanged_after_failures(self, record):
        """A failed load leaves the bundled record as it was."""
        before = cc.bundled()
        (record / "chips.toml").write_text("[[chip]]\nname = 3\n", encoding="utf-8")
        problems(record)
        assert cc.bundled() is before


class TestRecordFile:
    """record.toml states the record's own days in a ``[record]`` table."""

    def test_old_coverage_table_refused(self, record):
        """The former ``[coverage]`` table is an unknown key, and ``[record]`` is missing."""
        edit(record / "record.toml", "[record]", "[coverage]")
        found = problems(record)
        assert "record.toml $.record: required key missing" in found
        assert any(p.startswith("record.toml $") and "coverage" in p for p in found)

    def test_review_day_before_the_first_day(self, record):
        """A review day before the record's first day is refused, naming the field."""
        edit(record / "record.toml", f"reviewed = {REVIEWED}", "reviewed = 2018-11-22")
        assert any(p.startswith("record.toml $.record") and "RecordInfo.reviewed" in p for p in problems(record))

    def test_info_read_from_the_table(self, record):
        """The loaded record's info is what record.toml says."""
        edit(record / "record.toml", f'version = "{cc.bundled().info.version}"', 'version = "mine"')
        edit(record / "record.toml", f"reviewed = {REVIEWED}", "reviewed = 2027-02-01")
        info = cc.load(record).info
        assert (info.version, info.start, info.reviewed) == ("mine", dt.date(2019, 1, 1), dt.date(2027, 2, 1))


class TestWhatIsNotARegularFile:
    """Only regular files are read: anything else is a problem, named, and never blocks."""

    def test_fifo_refused_without_blocking(self, record):
        """A FIFO among the instrument files is refused at once (reading it would wait for a writer forever)."""
        fifo = record / "instruments" / "zz-pipe.toml"
        os.mkfifo(fifo)
        found: list[object] = []

        def load() -> None:
            try:
                cc.load(record)
            except InvalidRecordError as exc:
                found.extend(str(p) for p in exc.problems)
            except BaseException as exc:  # reported by the assertion below
                found.append(exc)

        worker = threading.Thread(target=load, daemon=True)
        started = time.monotonic()
        worker.start()
        worker.join(timeout=60)
        if worker.is_alive():  # unblock the reader so that the thread can end, then fail
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            worker.join(timeout=10)
            pytest.fail("loading a record with a FIFO in it blocked")
        assert time.monotonic() - started < 30
        assert found == ["instruments/zz-pipe.toml $: cannot be read: not a regular file"]

    def test_fifo_for_a_top_level_file(self, record):
        """A FIFO in place of chips.toml is refused the same way."""
        (record / "chips.toml").unlink()
        os.mkfifo(record / "chips.toml")
        assert problems(record) == ["chips.toml $: cannot be read: not a regular file"]

    def test_dangling_symlink(self, record):
        """A link to nothing is reported as a missing file, by its name in the record."""
        os.symlink(record / "nowhere.toml", record / "instruments" / "zz-link.toml")
        assert problems(record) == ["instruments/zz-link.toml $: file not found"]

    def test_symlink_loop(self, record):
        """A link to itself is a problem, not a hang or a crash."""
        link = record / "instruments" / "zz-loop.toml"
        os.symlink(link, link)
        (found,) = problems(record)
        assert found.startswith("instruments/zz-loop.toml $: cannot be read")

    def test_upper_case_extension(self, record):
        """A ``.TOML`` file is not skipped: it is refused, asking for the lowercase extension."""
        shutil.copy(record / MACAU, record / "instruments" / "extra.TOML")
        assert problems(record) == ["instruments/extra.TOML $: rename it to end in '.toml' (lowercase)"]

    def test_other_file_in_instruments(self, record):
        """A file that is not TOML among the instruments is refused, not skipped."""
        (record / "instruments" / "notes.txt").write_text("x", encoding="utf-8")
        assert problems(record) == ["instruments/notes.txt $: not an instrument file: only *.toml files belong here"]

    def test_hidden_files_are_skipped(self, record):
        """Hidden files (editor swap files, .gitkeep) are not read."""
        (record / "instruments" / ".gitkeep").write_text("not toml at all {", encoding="utf-8")
        assert cc.load(record) == cc.bundled()

    def test_directory_named_like_an_instrument_file(self, record):
        """A directory called ``x.toml`` among the instruments is refused as a directory."""
        (record / "instruments" / "dir.toml").mkdir()
        assert problems(record) == ["instruments/dir.toml $: cannot be read: a directory"]

    def test_directory_in_place_of_a_top_level_file(self, record):
        """A directory called ``chips.toml`` is refused as a directory."""
        (record / "chips.toml").unlink()
        (record / "chips.toml").mkdir()
        assert problems(record) == ["chips.toml $: cannot be read: a directory"]

    def test_a_file_as_the_record_path(self):
        """A path to a file, not a directory, is refused, naming it."""
        path = DATA / "chips.toml"
        assert problems(path) == [f"{path} $: not a directory (a record is a directory)"]

    def test_a_path_that_does_not_exist(self, tmp_path):
        """A path to nothing is refused, naming it."""
        path = tmp_path / "nowhere"
        assert problems(path) == [f"{path} $: cannot be read: No such file or directory"]

    def test_none_as_the_path(self):
        """``load(None)`` is a type error of the library, naming the argument."""
        with pytest.raises(InvalidTypeError, match=r"^path: expected a directory path") as info:
            cc.load(None)  # type: ignore[arg-type]
        assert isinstance(info.value, ChipControlsError) and isinstance(info.value, TypeError)

    def test_nul_in_the_path(self):
        """A path with a NUL byte is refused as unreadable, not with a bare ValueError."""
        assert problems("\x00") == ["\x00 $: cannot be read: embedded null byte"]


class TestHostileContent:
    """Content built to break a parser or a converter is refused as a problem of its file."""

    @pytest.mark.parametrize("nest", ["[" * 2000 + "]" * 2000, "{a = " * 2000 + "1" + "}" * 2000])
    def test_toml_nested_2000_deep(self, record, nest):
        """Arrays or tables nested 2000 deep are a problem of the file, not a RecursionError."""
        (record / "chips.toml").write_text(f"x = {nest}\n", encoding="utf-8")
        (found,) = problems(record)
        assert found.startswith("chips.toml $: ")
        assert "nested too deeply" in found or "not valid TOML" in found

    def test_string_where_an_array_belongs(self, record):
        """``aliases = "A100"`` is not read as a list of letters: an array is required."""
        old = 'aliases = ["A100 (SXM 80GB)", "A100 SXM4 80GB", "A100 80GB SXM"]'
        edit(record / "chips.toml", old, 'aliases = "A100 SXM4"')
        (found,) = problems(record)
        assert found.startswith("chips.toml $.chip") and "aliases: expected an array, got 'A100 SXM4'" in found

    @pytest.mark.parametrize("value", ["nan", "inf", "-1"])
    def test_threshold_not_a_finite_number_of_0_or_more(self, record, value):
        """A threshold of ``nan``, ``inf`` or below zero is refused, naming Threshold.value."""
        old = '{ spec = "tpp", op = ">=", value = 4800 },'
        edit(record / "criteria.toml", old, old.replace("4800", value))
        (found,) = problems(record)
        assert found.startswith("criteria.toml $.version") and "Threshold.value: expected a finite number" in found

    def test_integer_of_400_digits_for_a_figure(self, record):
        """A 400-digit integer where a figure belongs is refused (too large for a float), not an OverflowError."""
        edit(record / "chips.toml", "die_area_mm2 = 826.0", "die_area_mm2 = " + "9" * 400)
        (found,) = problems(record)
        assert found.startswith("chips.toml $.chip")
        assert "die_area_mm2: expected a finite number, got an integer of 400 digits" in found

    def test_integer_of_400_digits_for_a_bit_length(self, record):
        """A 400-digit bit length is refused with the valid range, its value cut short in the message."""
        edit(record / "chips.toml", "bits = 8", "bits = " + "9" * 400)
        (found,) = problems(record)
        assert "Throughput.bits: expected an integer from 1 to 1024" in found and len(found) < 300


class TestRecordLevelProblems:
    """Problems of the record as a whole, found in the files, name the file that states them."""

    def test_merge_into_itself(self, record):
        """A destination merged into itself is refused."""
        edit(record / HONG_KONG, 'into = "CN"', 'into = "HK"')
        assert problems(record) == ["instruments/2020-12-hong-kong.toml $.merges[0]: HK cannot be merged into itself"]

    def test_merge_cycle(self, record):
        """Two destinations merged into each other are refused as a cycle."""
        append(record / HONG_KONG, '[[merges]]\ncode = "CN"\ninto = "HK"\n')
        found = problems(record)
        assert found and all(p.startswith("instruments/2020-12-hong-kong.toml $.merges") for p in found)
        assert any("HK is merged into CN, which is itself merged into HK (a cycle)" in p for p in found)

    def test_merge_chain(self, record):
        """A destination merged into one that is itself merged is refused as a chain."""
        append(record / HONG_KONG, '[[merges]]\ncode = "CN"\ninto = "TW"\n')
        assert problems(record) == [
            "instruments/2020-12-hong-kong.toml $.merges: HK is merged into CN, which is itself merged into TW "
            "(a chain): merge each place into the one that governs it"
        ]

    def test_merge_across_instruments_names_the_instrument(self, record):
        """A chain made by a merge in another instrument is reported in the file of the merge that leads into it."""
        append(record / MACAU, '[[merges]]\ncode = "CN"\ninto = "TW"\n')
        found = problems(record)
        assert any(p.startswith("instruments/2020-12-hong-kong.toml $.merges") and "(a chain)" in p for p in found)

    def test_destination_merged_twice(self, record):
        """One destination merged into two places is refused."""
        append(record / HONG_KONG, '[[merges]]\ncode = "HK"\ninto = "TW"\n')
        assert problems(record) == ["instruments/2020-12-hong-kong.toml $.merges[1]: HK is merged twice (also into CN)"]

    def test_duplicate_criteria_version_id(self, record):
        """Two criteria versions with one id are refused."""
        edit(record / "criteria.toml", 'id = "3a090-2023"', 'id = "3a090-2022"')
        assert problems(record) == ["criteria.toml $.version: duplicate version id '3a090-2022'"]

    def test_group_change_removing_a_non_member(self, record):
        """An instrument removing from a group a country that is not in it is refused."""
        edit(
            record / "instruments" / "2024-03-nicaragua.toml",
            'group = "D:5"\nadd = ["NI"]',
            'group = "D:5"\nremove = ["NI"]',
        )
        assert any(
            p.startswith("instruments/2024-03-nicaragua.toml $.group_changes[1].remove") and "NI is not a member" in p
            for p in problems(record)
        )

    def test_group_change_of_an_unknown_group(self, record):
        """A group change naming no group of the record is refused."""
        edit(record / "instruments" / "2024-03-nicaragua.toml", 'group = "D:5"', 'group = "D:9"')
        assert any(
            p == "instruments/2024-03-nicaragua.toml $.group_changes[1].group: unknown country group 'D:9'"
            for p in problems(record)
        )


class TestStructure:
    """Structuring plain data into the model's types."""

    def test_structure_a_bare_value(self):
        """Structuring a plain value (not a table) reports its problem at the top of the file."""
        with pytest.raises(InvalidRecordError) as info:
            structure("June 1, 2025", dt.date, file="x.json")
        assert [str(p) for p in info.value.problems] == ["x.json $: expected a date (YYYY-MM-DD), got 'June 1, 2025'"]
        assert structure("2025-06-01", dt.date) == dt.date(2025, 6, 1)

    def test_not_a_table(self):
        """A list where a table belongs is refused at the top of the file."""
        with pytest.raises(InvalidRecordError) as info:
            structure([1, 2], m.Chip, file="x.json")
        assert [str(p) for p in info.value.problems] == ["x.json $: expected a table (mapping), got list"]

    def test_number_too_large(self):
        """A number too large for a float is a structuring problem naming its key, not a crash."""
        with pytest.raises(InvalidRecordError) as info:
            structure({"name": "X", "tpp": 10**400}, m.Chip, file="x.json")
        (problem,) = info.value.problems
        assert (problem.file, problem.path) == ("x.json", "$.tpp")
        assert problem.message == "expected a finite number, got an integer of 401 digits"

    def test_structure_path(self):
        """Nested problems carry their key path, with the index of the entry."""
        with pytest.raises(InvalidRecordError) as info:
            structure({"name": "X", "throughput": [{"bits": "8", "tera_ops": 1}]}, m.Chip, file="x.toml")
        assert str(info.value.problems[0]).startswith("x.toml $.throughput[0].bits")


class TestSerialization:
    """JSON in and out."""

    def test_round_trip_bundled(self):
        """The bundled record survives JSON, and a rulebook is written as its record."""
        book = cc.bundled()
        assert dumps(book) == dumps(book.record)
        back = loads(dumps(book))
        assert isinstance(back, m.Record) and back == book.record
        assert cc.Rulebook(back) == book

    def test_dumps_deterministic(self):
        """Two dumps of equal records are identical text."""
        assert dumps(cc.bundled()) == dumps(cc.load(DATA))

    def test_loads_bad_json(self):
        """Not JSON: one problem, named."""
        with pytest.raises(InvalidRecordError, match="not JSON") as info:
            loads("{")
        assert len(info.value.problems) == 1

    def test_loads_deeply_nested_json(self):
        """JSON nested beyond the recursion limit is a problem of the text, not a RecursionError."""
        depth = sys.getrecursionlimit() + 100
        with pytest.raises(InvalidRecordError, match="nested too deeply"):
            loads("[" * depth + "]" * depth)


def test_bundled_record_loaded_once_under_contention(monkeypatch):
    """Threads asking for the bundled record at once all get the one rulebook, loaded once."""
    real = cc.bundled()
    loaded: list[object] = []

    def counting_load(path: object) -> cc.Rulebook:
        loaded.append(path)
        return real

    monkeypatch.setattr(_bundled, "_BUNDLED", [])
    monkeypatch.setattr(_bundled, "load", counting_load)
    got: list[cc.Rulebook] = []
    threads = [threading.Thread(target=lambda: got.append(_bundled.bundled())) for _ in range(2)]
    with _bundled._LOCK:  # both threads find nothing loaded and wait for the lock
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while not all(_current_function(t) is _bundled.bundled.__code__ for t in threads):
            assert time.monotonic() < deadline, "threads did not reach bundled()"
            time.sleep(0.001)
    for t in threads:
        t.join()
    assert len(loaded) == 1 and got == [real, real] and got[0] is got[1]


def _current_function(thread: threading.Thread) -> object:
    frame = sys._current_frames().get(thread.ident or -1)
    return None if frame is None else frame.f_code
