"""Loading a record from TOML data files: the bundled one, or a user's own directory."""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Iterable
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ._model import Chip, ClassificationVersion, CountryGroup, Coverage, Instrument, Merge
from ._rulebook import CountryAlias, Rulebook
from .errors import InvalidRecordError, RecordProblem

__all__ = ["bundled", "load"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class RecordFile:
    """``record.toml``: what the record covers."""

    coverage: Coverage


@attrs.frozen(kw_only=True)
class ChipsFile:
    """``chips.toml``: the chip catalogue."""

    chip: tuple[Chip, ...] = ()


@attrs.frozen(kw_only=True)
class GroupsFile:
    """``groups.toml``: country groups and tiers."""

    group: tuple[CountryGroup, ...] = ()


@attrs.frozen(kw_only=True)
class CountriesFile:
    """``countries.toml``: extra names and merged destinations."""

    alias: tuple[CountryAlias, ...] = ()
    merge: tuple[Merge, ...] = ()


@attrs.frozen(kw_only=True)
class CriteriaFile:
    """``criteria.toml``: versioned classification criteria."""

    version: tuple[ClassificationVersion, ...] = ()


def _read(node: Traversable | Path, name: str, problems: list[RecordProblem]) -> dict[str, Any] | None:
    try:
        with node.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        problems.append(RecordProblem(name, "$", "file not found"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(RecordProblem(name, "$", f"not valid TOML: {exc}"))
    except UnicodeDecodeError as exc:
        problems.append(RecordProblem(name, "$", f"not UTF-8 text: {exc}"))
    return None


def _part(node: Traversable | Path, name: str, cls: type[T], problems: list[RecordProblem]) -> T | None:
    from .serialization import structure  # cattrs is imported when data is first loaded

    data = _read(node, name, problems)
    if data is None:
        return None
    try:
        return structure(data, cls, file=name)
    except InvalidRecordError as exc:
        problems.extend(exc.problems)
        return None


def _files(folder: Traversable | Path) -> Iterable[Traversable | Path]:
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
        key=lambda f: f.name,
    )


def load(path: str | Path | Traversable) -> Rulebook:
    """Load and validate a record directory.

    The directory holds ``record.toml``, ``chips.toml``, ``groups.toml``,
    ``countries.toml``, ``criteria.toml`` and ``instruments/*.toml`` (one instrument a
    file). Nothing is half-loaded: every problem in every file is collected, and one
    :class:`~chipcontrols.errors.InvalidRecordError` lists them all.

    Raises:
        InvalidRecordError: any file is missing, malformed or inconsistent.
    """
    root: Traversable | Path = Path(path) if isinstance(path, str) else path
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
        for f in _files(folder):
            name = f"instruments/{f.name}"
            inst = _part(f, name, Instrument, problems)
            if inst is not None:
                if inst.id in seen:
                    problems.append(
                        RecordProblem(
                            name,
                            "$.id",
                            f"duplicate instrument id {inst.id!r} (also in {seen[inst.id]})",
                        )
                    )
                seen.setdefault(inst.id, name)
                instruments.append(inst)
                origins.append((f"instrument:{inst.id}", name))
                if f.name != f"{inst.id}.toml":
                    problems.append(RecordProblem(name, "$.id", f"file name must be the id: {inst.id}.toml"))
    if problems or record is None or chips is None or groups is None or countries is None or criteria is None:
        raise InvalidRecordError(problems)
    return Rulebook(
        coverage=record.coverage,
        chips=chips.chip,
        groups=groups.group,
        merges=countries.merge,
        criteria=criteria.version,
        instruments=instruments,
        country_aliases=countries.alias,
        origins=origins,
    )


_LOCK = threading.Lock()
_BUNDLED: list[Rulebook] = []


def bundled() -> Rulebook:
    """The record shipped with the package, loaded once (thread-safe).

    >>> bundled() is bundled()
    True
    """
    if _BUNDLED:
        return _BUNDLED[0]
    with _LOCK:
        if not _BUNDLED:
            _BUNDLED.append(load(resources.files("chipcontrols") / "data"))
        return _BUNDLED[0]
