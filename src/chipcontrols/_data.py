"""Reading a record from TOML data files: the bundled one, or a user's own directory.

Nothing is half-read: every problem in every file is collected, and one
:class:`~chipcontrols.errors.InvalidRecordError` lists them all with file and key path. Only
regular files are read (a FIFO or a device would block or never end), each at most
:data:`MAX_FILE_BYTES`; a file that cannot be read, or whose name has the extension in another
case, is a problem, never skipped.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ._convert import TOO_DEEP, structure
from ._model import AmbiguousName, Chip, CountryAlias, CountryGroup, CriteriaVersion, Instrument, RecordInfo
from ._record import Record
from .errors import InvalidRecordError, InvalidTypeError, RecordProblem

__all__ = ["MAX_FILE_BYTES", "load_record"]

T = TypeVar("T")

MAX_FILE_BYTES = 16 * 1024 * 1024


@attrs.frozen(kw_only=True)
class RecordFile:
    """``record.toml``: what the record says of itself."""

    record: RecordInfo


@attrs.frozen(kw_only=True)
class ChipsFile:
    """``chips.toml``: the chip catalogue."""

    chip: tuple[Chip, ...] = ()


@attrs.frozen(kw_only=True)
class GroupsFile:
    """``groups.toml``: country groups and their standing members."""

    group: tuple[CountryGroup, ...] = ()


@attrs.frozen(kw_only=True)
class CountriesFile:
    """``countries.toml``: extra names for countries, and names that are ambiguous."""

    alias: tuple[CountryAlias, ...] = ()
    ambiguous: tuple[AmbiguousName, ...] = ()


@attrs.frozen(kw_only=True)
class CriteriaFile:
    """``criteria.toml``: versioned classification criteria."""

    version: tuple[CriteriaVersion, ...] = ()


def _read(node: Traversable | Path, name: str, problems: list[RecordProblem]) -> dict[str, Any] | None:
    try:
        if isinstance(node, Path):
            info = os.stat(node)  # follows links: a dangling link or a loop is an error here
            if not stat.S_ISREG(info.st_mode):
                kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
                problems.append(RecordProblem(name, "$", f"cannot be read: {kind}"))
                return None
            if info.st_size > MAX_FILE_BYTES:
                problems.append(
                    RecordProblem(name, "$", f"too large ({info.st_size:,} bytes; at most {MAX_FILE_BYTES:,})")
                )
                return None
        with node.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            problems.append(RecordProblem(name, "$", f"too large (more than {MAX_FILE_BYTES:,} bytes)"))
            return None
        return tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        problems.append(RecordProblem(name, "$", "file not found"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(RecordProblem(name, "$", f"not valid TOML: {exc}"))
    except UnicodeDecodeError as exc:
        problems.append(RecordProblem(name, "$", f"not UTF-8 text: {exc}"))
    except RecursionError:
        problems.append(RecordProblem(name, "$", TOO_DEEP))
    except (OSError, ValueError) as exc:
        problems.append(
            RecordProblem(
                name, "$", f"cannot be read: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
            )
        )
    return None


def _part(node: Traversable | Path, name: str, cls: type[T], problems: list[RecordProblem]) -> T | None:
    data = _read(node, name, problems)
    if data is None:
        return None
    try:
        return structure(data, cls, file=name)
    except InvalidRecordError as exc:
        problems.extend(exc.problems)
        return None


def _files(folder: Traversable | Path, problems: list[RecordProblem]) -> Iterable[Traversable | Path]:
    found = []
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.startswith("."):
            continue  # hidden files (editor swap files, .gitkeep)
        if f.name.endswith(".toml"):
            found.append(f)
        elif f.name.lower().endswith(".toml"):
            problems.append(RecordProblem(f"instruments/{f.name}", "$", "rename it to end in '.toml' (lowercase)"))
        else:
            problems.append(
                RecordProblem(f"instruments/{f.name}", "$", "not an instrument file: only *.toml files belong here")
            )
    return found


def _root(path: object) -> Traversable | Path:
    if isinstance(path, str | os.PathLike):
        try:
            root = Path(path)
            os.stat(root)
        except (ValueError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise InvalidRecordError([RecordProblem(str(path)[:200], "$", f"cannot be read: {reason}")]) from None
        if not root.is_dir():
            raise InvalidRecordError([RecordProblem(str(path)[:200], "$", "not a directory (a record is a directory)")])
        return root
    if isinstance(path, Traversable):
        return path
    raise InvalidTypeError("", "path", path, "a directory path (str or pathlib.Path)")


def load_record(path: str | os.PathLike[str] | Traversable) -> Record:
    """Read and validate a record directory.

    The directory holds ``record.toml``, ``chips.toml``, ``groups.toml``, ``countries.toml``,
    ``criteria.toml`` and ``instruments/*.toml`` (one instrument a file, named by its id).

    Raises:
        InvalidRecordError: any file is missing, unreadable, malformed or inconsistent.
    """
    root = _root(path)
    problems: list[RecordProblem] = []
    record = _part(root / "record.toml", "record.toml", RecordFile, problems)
    chips = _part(root / "chips.toml", "chips.toml", ChipsFile, problems)
    groups = _part(root / "groups.toml", "groups.toml", GroupsFile, problems)
    countries = _part(root / "countries.toml", "countries.toml", CountriesFile, problems)
    criteria = _part(root / "criteria.toml", "criteria.toml", CriteriaFile, problems)
    instruments: list[Instrument] = []
    origins: list[tuple[str, str]] = [
        ("chips", "chips.toml"),
        ("groups", "groups.toml"),
        ("countries", "countries.toml"),
        ("criteria", "criteria.toml"),
    ]
    folder = root / "instruments"
    if not folder.is_dir():
        problems.append(RecordProblem("instruments/", "$", "directory not found"))
    else:
        seen: dict[str, str] = {}
        for f in _files(folder, problems):
            name = f"instruments/{f.name}"
            inst = _part(f, name, Instrument, problems)
            if inst is None:
                continue
            if f.name != f"{inst.id}.toml":
                problems.append(RecordProblem(name, "$.id", f"file name must be the id: {inst.id}.toml"))
            if inst.id in seen:
                problems.append(
                    RecordProblem(name, "$.id", f"duplicate instrument id {inst.id!r} (also in {seen[inst.id]})")
                )
                continue
            seen[inst.id] = name
            instruments.append(inst)
            origins.append((f"instrument:{inst.id}", name))
    if problems or record is None or chips is None or groups is None or countries is None or criteria is None:
        raise InvalidRecordError(problems)
    return Record(
        info=record.record,
        chips=chips.chip,
        groups=groups.group,
        criteria=criteria.version,
        instruments=instruments,
        country_aliases=countries.alias,
        ambiguous_names=countries.ambiguous,
        origins=origins,
    )
