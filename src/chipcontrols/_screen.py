"""Screening: one answer per row of a table of shipments, computed in bulk.

Rows are grouped by what they ask (chip, destination, headquarters, knowledge day); each group's
compiled timeline is read once, and every row's period is found by one vectorised binary search
(``numpy.searchsorted``). Names, dates and errors are resolved once per distinct value, not per
row. Tables of any kind narwhals supports (pandas, polars, pyarrow, ...) come back as the same
kind, with the answer columns added; plain rows (mappings) come back as dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ._model import Basis, Country, Level, Requirement
from ._screen_input import CODE, EPOCH, NO_DAY, ScreenWork, read_table, require
from ._screen_output import SCREEN_COLUMNS, progress_bar, write_answers
from .errors import ChipControlsError, InvalidArgumentError, InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ._answer import Regime
    from ._engine.compiled import Timeline
    from ._rulebook import Rulebook

__all__ = ["SCREEN_COLUMNS", "screen", "screen_file"]


def screen(
    book: Rulebook,
    table: Any,
    *,
    date: str = "date",
    chip: str = "chip",
    country: str = "country",
    hq: str | None = "hq",
    known_on: str | None = "known_on",
    basis: Basis | str = Basis.ENFORCED,
    errors: str = "raise",
    strict: bool = False,
    progress: bool = False,
    where: str = "the table",
    hint: str = "errors='coerce' answers the other rows",
) -> Any:
    """Answer every row of ``table`` (see ``Rulebook.screen``); ``where`` and ``hint`` word the error
    raised for a bad row."""
    from ._rulebook import as_basis

    if errors not in ("raise", "coerce"):
        raise InvalidArgumentError("errors", errors, "'raise' or 'coerce'")
    if not isinstance(strict, bool):
        raise InvalidTypeError("", "strict", strict, "True or False")
    the_basis = as_basis(basis)
    frame, columns, n = read_table(table, date, chip, country, hq, known_on)
    np = require("screen()")
    work = ScreenWork(book, n)
    info = book.info
    first = (info.start - EPOCH).days
    reviewed = (info.reviewed - EPOCH).days
    days = work.days(columns["date"], date, required=True)
    work.fail_days(days, (days != NO_DAY) & (days < first), lambda d: _coverage(book, d))
    late = days > reviewed
    if strict:
        work.fail_days(days, late, lambda d: _coverage(book, d, strict=True))
    state = book._state  # its name indexes refuse without close matches when asked to (see ScreenWork.resolve)
    chip_values = work.resolve(columns["chip"], book.chip, chip, lambda v: state.chips.get(v, suggest=False))
    country_values = work.resolve(
        columns["country"], book.country, country, lambda v: state.countries.get(v, suggest=False)
    )
    hq_values = work.resolve(
        columns["hq"],
        lambda v: _headquarters(book, v, hq or "hq"),
        None,
        lambda v: _headquarters(book, v, hq or "hq", suggest=False),
    )
    # knowledge days: read as days (dates, midnight timestamps, strings), then each distinct one checked
    known_days = work.days(columns["known_on"], known_on or "known_on", required=False)
    if (known_days == NO_DAY).all():  # the common case, no knowledge day: no sort
        asked_known, known_codes = np.full(min(n, 1), NO_DAY, dtype=np.int64), np.zeros(n, dtype=CODE)
    else:
        asked_known, known_codes = np.unique(known_days, return_inverse=True)
    knowns: list[tuple[dt.date | None, bool]] = []
    failures: dict[int, ChipControlsError] = {}
    for k, d in enumerate(asked_known):
        try:
            knowns.append(book.known(EPOCH + dt.timedelta(days=int(d))) if d != NO_DAY else (None, False))
        except ChipControlsError as exc:
            knowns.append((None, False))
            failures[k] = exc
    known_codes = known_codes.reshape(-1).astype(CODE)
    work.fail_by(known_codes, failures, len(asked_known))
    if errors == "raise":
        refusal = work.first_error(where, hint)
        if refusal is not None:
            raise refusal from None
    # a question is its chip, destination, headquarters and knowledge day, however each was spelled
    chip_ids, chips = _identities(np, chip_values, lambda c: c)
    country_ids, countries = _identities(np, country_values, lambda c: c.code)
    hq_ids, hqs = _identities(np, hq_values, lambda c: c)
    codes = [
        chip_ids[columns["chip"].codes],
        country_ids[columns["country"].codes],
        hq_ids[columns["hq"].codes],
        known_codes,
    ]
    sizes = [len(chips) + 1, len(countries) + 1, len(hqs) + 1, len(asked_known) + 1]
    good = work.error < 0
    key = np.zeros(n, dtype=np.int64)
    for c, size in zip(codes, sizes, strict=True):  # at most catalogue x countries x countries x days: no overflow
        key = key * size + np.where(c < 0, size - 1, c)
    del columns  # the per-row arrays below are many: each is dropped once read for the last time
    slot = np.full(n, -1, dtype=CODE)  # a row's answer: an index into ``answers``
    governing = np.full(n, -1, dtype=CODE)  # a row's governing destination: an index into ``places``
    capped = np.zeros(n, dtype=bool)
    answers: list[dict[str, Any]] = []
    places: list[str] = []
    if good.any():
        # 1. each distinct question (chip, destination, headquarters, knowledge day) -> its timeline
        asked, inverse = np.unique(key[good], return_inverse=True)
        del key
        inverse = inverse.reshape(-1)
        rows_good = np.flatnonzero(good)
        first_row = np.empty(len(asked), dtype=np.int64)
        first_row[inverse[::-1]] = rows_good[::-1]  # a row of each question
        timelines = _Timelines(np, answers)
        place_index: dict[str, int] = {}
        tl_of = np.empty(len(asked), dtype=CODE)
        place_of = np.empty(len(asked), dtype=CODE)  # -1: the period's own governing destination
        capped_of = np.zeros(len(asked), dtype=bool)
        compiled = book._state.compiled
        merged = compiled.sharing.merged
        bar = progress_bar(len(asked)) if progress else None
        for q, r in enumerate(first_row):
            the_country = countries[codes[1][r]]
            known, capped_of[q] = knowns[known_codes[r]]
            hq_code = codes[2][r]
            tl = compiled.timeline(
                chips[codes[0][r]], the_country.code, the_basis, known, hqs[hq_code] if hq_code >= 0 else None
            )
            tl_of[q] = timelines.index(tl)
            if the_country.code in merged:
                place_of[q] = -1
            else:
                place_of[q] = place_index.setdefault(the_country.code, len(place_index))
            if bar is not None and q % 256 == 255:
                bar.advance(256)
        if bar is not None:
            bar.close()
        places.extend(place_index)
        del codes, known_codes, first_row
        # 2. per timeline, one binary search for all its rows
        row_tl = tl_of[inverse]
        row_place = place_of[inverse]
        capped[rows_good] = capped_of[inverse]
        del inverse
        order = np.argsort(row_tl, kind="stable")
        cuts = np.flatnonzero(np.diff(row_tl[order])) + 1
        for part in np.split(order, cuts):
            t = int(row_tl[part[0]])
            starts, slots, govs = timelines.arrays(t, places, place_index)
            rows = rows_good[part]
            period = np.searchsorted(starts, days[rows], side="right") - 1
            slot[rows] = slots[period]
            own = row_place[part] < 0  # merged destinations: governed as the period says
            governing[rows] = np.where(own, govs[period], row_place[part])
    notes = (late | capped) & (slot >= 0)
    return write_answers(frame, n, answers, slot, notes, governing, places, work)


def _identities(np: Any, resolved: np.ndarray, identity: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
    """For each distinct value (by code; the last entry is blank), the code of what it resolved to
    (``-1``: blank or refused), and what each code stands for."""
    found: dict[Any, int] = {}
    meant: list[Any] = []
    out = np.full(len(resolved), -1, dtype=CODE)
    for k, value in enumerate(resolved[:-1]):
        if value is not None:
            key = identity(value)
            if key not in found:
                found[key] = len(meant)
                meant.append(value)
            out[k] = found[key]
    return out, meant


class _Timelines:
    """The timelines a screen reads, each with its period starts and answers as arrays (built once)."""

    def __init__(self, np: Any, answers: list[dict[str, Any]]) -> None:
        self.np = np
        self.answers = answers
        self._index: dict[int, int] = {}
        self._timelines: list[Timeline] = []
        self._arrays: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._by_answer: dict[int, int] = {}  # rows are kept by their timeline: ids are stable here

    def index(self, tl: Timeline) -> int:
        found = self._index.get(id(tl))
        if found is None:
            found = self._index[id(tl)] = len(self._timelines)
            self._timelines.append(tl)
        return found

    def arrays(
        self, t: int, places: list[str], place_index: dict[str, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Starts (days since 1970), answer slots and governing places of timeline ``t``'s periods."""
        found = self._arrays.get(t)
        if found is not None:
            return found
        np = self.np
        tl = self._timelines[t]
        memo = tl.memo.get("screen")
        if memo is None:  # the timeline's periods as arrays and answer rows, kept with it
            memo = tl.memo.setdefault(
                "screen",
                (
                    np.array([(d - EPOCH).days for d in tl.starts], dtype=np.int64),
                    tuple(_answer(r, level) for r, level in zip(tl.regimes, tl.levels, strict=True)),
                    tuple(r.governing for r in tl.regimes),
                ),
            )
        starts, rows, governors = cast("tuple[NDArray[Any], tuple[dict[str, Any], ...], tuple[str, ...]]", memo)
        slots = np.empty(len(rows), dtype=CODE)
        govs = np.empty(len(rows), dtype=CODE)
        for i, (row, place) in enumerate(zip(rows, governors, strict=True)):
            k = self._by_answer.get(id(row))
            if k is None:
                k = self._by_answer[id(row)] = len(self.answers)
                self.answers.append(row)
            slots[i] = k
            if place not in place_index:
                place_index[place] = len(place_index)
                places.append(place)
            govs[i] = place_index[place]
        self._arrays[t] = (starts, slots, govs)
        return self._arrays[t]


def _headquarters(book: Rulebook, value: object, column: str, *, suggest: bool = True) -> str:
    """A headquarters cell's country code; a value of the wrong type is refused naming the column."""
    if not isinstance(value, str | Country):
        raise InvalidTypeError("", column, value, "an ISO code, a name or a chipcontrols.model.Country")
    return book._state.countries.get(value, suggest=suggest).code


def _coverage(book: Rulebook, ordinal: int, *, strict: bool = False) -> ChipControlsError:
    from .errors import OutsideCoverageError

    return OutsideCoverageError(EPOCH + dt.timedelta(days=ordinal), book.info.start, book.info.reviewed, strict=strict)


#: Answer rows by content: timelines share few distinct answers, so each is kept once (bounded).
_ANSWERS: dict[tuple[Any, ...], dict[str, Any]] = {}
_ANSWERS_LIMIT = 100_000


def _answer(regime: Regime, level: Level) -> dict[str, Any]:
    """A period's answer as a row of the answer columns (the same row object for equal answers)."""
    row = _answer_row(regime, level)
    key = tuple(tuple(v) if isinstance(v, list) else v for v in row.values())
    found = _ANSWERS.get(key)
    if found is None:
        if len(_ANSWERS) >= _ANSWERS_LIMIT:
            _ANSWERS.clear()
        found = _ANSWERS.setdefault(key, row)
    return found


def _answer_row(regime: Regime, level: Level) -> dict[str, Any]:
    requirement = regime.requirement
    return {
        "license_required": None if requirement is Requirement.UNDETERMINED else requirement is Requirement.REQUIRED,
        "requirement": requirement.value,
        "level": level.value,
        "review_policy": regime.review_policy.value if regime.review_policy else None,
        "exceptions": [x.value for x in regime.exceptions],
        "tier": regime.tier,
        "classification": regime.classification,
        "determinate": regime.determinate,
        "caveats": sorted({c.kind.value for c in regime.caveats}),
        "citations": list(regime.citations),
        "licenses": [lic.id for lic in regime.licenses],
    }


def screen_file(book: Rulebook, args: Any) -> tuple[str, Any]:
    """``chipcontrols screen IN -o OUT``: read a CSV or Parquet table, screen it, write the answers.

    Returns the summary (text and data) the command prints.
    """
    import sys
    from collections import Counter
    from pathlib import Path

    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError("chipcontrols screen", "pyarrow", "screen") from exc
    source, target = Path(args.input), Path(args.output)
    for path, argument in ((source, "input"), (target, "output")):
        if path.suffix.lower() not in (".csv", ".parquet"):
            raise InvalidArgumentError(argument, str(path), "a .csv or .parquet file")
    try:
        if source.suffix.lower() == ".csv":
            # the question's columns are text as written ("NA" is Namibia, "4090" a chip); only an empty cell is blank
            options = pacsv.ConvertOptions(
                column_types={name: pa.string() for name in ("date", "chip", "country", "hq", "known_on")},
                null_values=[""],
                strings_can_be_null=True,
            )
            table = pacsv.read_csv(source, convert_options=options)
            where = f"{source.name}, counting from 0 below the header"
        else:
            table = pq.read_table(source)
            where = f"{source.name}, counting from 0"
    except (OSError, pa.ArrowInvalid) as exc:
        raise InvalidArgumentError("input", str(source), f"a readable CSV or Parquet file ({exc})") from None
    show = not args.no_progress and sys.stderr.isatty() and table.num_rows > 100_000
    out = screen(
        book,
        table,
        basis=args.basis,
        errors="coerce" if args.coerce else "raise",
        strict=args.strict,
        progress=show,
        where=where,
        hint="--coerce answers the other rows",
    )
    counts = Counter(v if v is not None else "error" for v in out.column("level").to_pylist())
    if target.suffix.lower() == ".csv":
        flat = out
        for i, field in enumerate(out.schema):
            if pa.types.is_list(field.type):
                joined = ["; ".join(v) if v is not None else None for v in out.column(i).to_pylist()]
                flat = flat.set_column(
                    flat.schema.get_field_index(field.name), field.name, pa.array(joined, pa.string())
                )
        try:
            pacsv.write_csv(flat, target)
        except OSError as exc:
            raise InvalidArgumentError("output", str(target), f"a writable path ({exc})") from None
    else:
        try:
            pq.write_table(out, target)
        except OSError as exc:
            raise InvalidArgumentError("output", str(target), f"a writable path ({exc})") from None
    order = [lv.value for lv in Level] + ["error"]
    lines = [f"{out.num_rows} rows screened into {target} (record {book.info.version}, reviewed {book.info.reviewed})"]
    lines += [f"  {name:22} {counts[name]:>10,}" for name in order if counts.get(name)]
    return "\n".join(lines), {
        "rows": out.num_rows,
        "output": str(target),
        "levels": {k: counts[k] for k in order if counts.get(k)},
    }
