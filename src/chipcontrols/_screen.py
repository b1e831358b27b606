"""Screening: one answer per row of a table of shipments, computed in bulk.

Rows are grouped by what they ask (chip, destination, headquarters, knowledge day); each group's
compiled timeline is read once, and every row's period is found by one vectorised binary search
(``numpy.searchsorted``). Names, dates and errors are resolved once per distinct value, not per
row. Tables of any kind narwhals supports (pandas, polars, pyarrow, ...) come back as the same
kind, with the answer columns added; plain rows (mappings) come back as dictionaries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ._dates import parse_date
from ._model import Basis, Level, Requirement
from .errors import ChipControlsError, InvalidArgumentError, InvalidDateError, InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ._answer import Regime
    from ._engine.compiled import Timeline
    from ._rulebook import Rulebook

__all__ = ["SCREEN_COLUMNS", "screen"]

#: The answer columns ``screen`` adds, in order.
SCREEN_COLUMNS = (
    "license_required",
    "requirement",
    "level",
    "review_policy",
    "exceptions",
    "tier",
    "classification",
    "governing",
    "determinate",
    "caveats",
    "citations",
    "licenses",
    "record",
    "error",
)

_EPOCH = dt.date(1970, 1, 1)


def _require(feature: str) -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - numpy comes with the screen extra
        raise MissingDependencyError(feature, "numpy", "screen") from exc
    return numpy


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    name = type(value).__name__
    if name == "datetime64":  # numpy's NaT is the one datetime64 unequal to itself
        return bool(value != value)
    return name in ("NaTType", "NAType")


class _Column:
    """One input column as distinct values and a code per row (``-1``: blank). A column of dates or
    timestamps comes as days since 1970-01-01 instead (``days``; ``-1``: blank or refused), with the
    rows it refuses (``refused``: an index into ``refusals`` per row, ``-1``: not refused)."""

    def __init__(
        self,
        uniques: list[Any],
        codes: np.ndarray,
        days: np.ndarray | None = None,
        refused: np.ndarray | None = None,
        refusals: Sequence[ChipControlsError] = (),
    ) -> None:
        self.uniques = uniques
        self.codes = codes
        self.days = days
        self.refused = refused
        self.refusals = refusals


def _factor_list(values: Sequence[Any]) -> _Column:
    np = _require("screen()")
    index: dict[Any, int] = {}
    uniques: list[Any] = []
    codes = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):  # plain rows are Python objects: one pass over them
        if _blank(v):
            codes[i] = -1
            continue
        try:
            k = index.get(v)
        except TypeError:  # an unhashable value: its own (refused) entry
            k = None
            index_key = None
        else:
            index_key = v
        if k is None:
            k = len(uniques)
            uniques.append(v)
            if index_key is not None:
                index[index_key] = k
        codes[i] = k
    return _Column(uniques, codes)


def _factor_series(series: Any, day: str | None = None) -> _Column:
    """Factorise a narwhals Series in its own backend (``unique`` and ``replace_strict``); a column of
    days (``day`` names its argument) that holds dates or timestamps is converted in bulk instead."""
    import narwhals as nw

    np = _require("screen()")
    dtype = series.dtype
    if day is not None and (dtype == nw.Date or isinstance(dtype, nw.Datetime)):
        return _dates_column(np, series, dtype, day)
    found = [u for u in series.unique().to_list() if not _blank(u)]
    if not found:
        return _Column([], np.full(len(series), -1, dtype=np.int64))
    try:
        uniques = sorted(found, key=lambda v: (type(v).__name__, str(v)))
        codes = (
            series.replace_strict(uniques, list(range(len(uniques))), default=-1, return_dtype=nw.Int64)
            .fill_null(-1)
            .to_numpy()
        )
        return _Column(uniques, codes.astype(np.int64, copy=False))
    except Exception:
        return _factor_list(series.to_list())


def _dates_column(np: Any, series: Any, dtype: Any, argument: str) -> _Column:
    """A column of dates or timestamps, converted in bulk: a timestamp must be midnight, without a time
    zone. A refused timestamp is named in its row's error, one error per distinct timestamp."""
    import narwhals as nw

    n = len(series)
    blank = series.is_null().to_numpy()
    values = series.to_numpy()  # datetime64 (a zoned column: as UTC)
    day = values.astype("datetime64[D]")
    zone = dtype.time_zone if isinstance(dtype, nw.Datetime) else None
    if zone is not None:
        refused = ~blank
    elif isinstance(dtype, nw.Datetime):
        refused = (values != day.astype(values.dtype)) & ~blank  # not midnight: an instant, not a day
    else:
        refused = np.zeros(n, dtype=bool)
    days = day.astype(np.int64)
    days[blank | refused] = -1
    codes = np.full(n, -1, dtype=np.int64)
    refusals: list[ChipControlsError] = []
    if refused.any():
        stamps, which = np.unique(values[refused], return_inverse=True)
        codes[refused] = which
        for stamp in stamps:
            if zone is not None:
                text = str(np.datetime_as_string(stamp, timezone="UTC"))
                why = f"a timestamp with a time zone ({zone}) names an instant, not a day"
            else:
                text = str(np.datetime_as_string(stamp))
                why = "a timestamp that is not midnight names an instant, not a day"
            refusals.append(InvalidDateError(argument, text, why))
    return _Column([], np.full(n, -1, dtype=np.int64), days, codes, refusals)


def _as_day(value: object, argument: str) -> dt.date:
    """A day from a date, a ``YYYY-MM-DD`` string or a timestamp at midnight without a time zone."""
    if type(value).__name__ == "datetime64":  # numpy: compared in its own unit (nanoseconds are kept)
        stamp = cast(Any, value)
        day = stamp.astype("datetime64[D]")
        found = day.astype(object)  # a date (years 1 to 9999), else an int
        if not isinstance(found, dt.date) or day != stamp:
            raise InvalidDateError(argument, value, "a timestamp that is not midnight names an instant, not a day")
        return found
    if isinstance(value, dt.datetime):  # pandas' Timestamp too, with its nanoseconds
        if value.tzinfo is not None:
            raise InvalidDateError(argument, value, "a timestamp with a time zone names an instant, not a day")
        nanoseconds: int = getattr(value, "nanosecond", 0)
        if value.time() != dt.time(0) or nanoseconds:
            raise InvalidDateError(argument, value, "a timestamp that is not midnight names an instant, not a day")
        return value.date()
    return parse_date(value, argument)


class _Screen:
    """The work of one call: each row's first error (an index into ``messages``, ``-1``: none)."""

    def __init__(self, book: Rulebook, n: int) -> None:
        self.book = book
        self.n = n
        np = _require("screen()")
        self.np = np
        self.error = np.full(n, -1, dtype=np.int64)  # index into self.messages
        self.messages: list[ChipControlsError] = []

    def fail(self, mask: np.ndarray, exc: ChipControlsError) -> None:
        """Rows in ``mask`` fail with ``exc`` (a row keeps its first failure)."""
        self.messages.append(exc)
        self.error[mask & (self.error < 0)] = len(self.messages) - 1

    def fail_by(self, codes: np.ndarray, failures: Mapping[int, ChipControlsError], size: int) -> None:
        """Rows whose code (``0 <= code < size``, ``-1``: none) failed: one pass over the rows, however
        many values failed."""
        if not failures:
            return
        np = self.np
        per_value = np.full(size + 1, -1, dtype=np.int64)
        for k, exc in failures.items():
            self.messages.append(exc)
            per_value[k] = len(self.messages) - 1
        row_error = per_value[codes]  # code -1 reads the last entry, -1
        self.error = np.where(self.error < 0, row_error, self.error)

    def fail_days(self, days: np.ndarray, mask: np.ndarray, exc: Callable[[int], ChipControlsError]) -> None:
        """Rows in ``mask`` fail with ``exc(day)``: one error per distinct day, naming it."""
        if not mask.any():
            return
        np = self.np
        found, which = np.unique(days[mask], return_inverse=True)
        codes = np.full(self.n, -1, dtype=np.int64)
        codes[mask] = which
        self.fail_by(codes, {k: exc(int(d)) for k, d in enumerate(found)}, len(found))

    def resolve(self, col: _Column, fn: Callable[[Any], Any], required: str | None) -> np.ndarray:
        """Each distinct value through ``fn``; rows whose value fails (or is blank and required) are marked."""
        np = self.np
        resolved: list[Any] = []
        failures: dict[int, ChipControlsError] = {}
        for k, value in enumerate(col.uniques):
            try:
                resolved.append(fn(value))
            except ChipControlsError as exc:
                resolved.append(None)
                failures[k] = exc
        self.fail_by(col.codes, failures, len(col.uniques))
        if required is not None and (col.codes < 0).any():
            self.fail(col.codes < 0, InvalidArgumentError(required, None, f"a value in column {required!r}"))
        out = np.empty(len(resolved) + 1, dtype=object)
        out[:-1] = resolved
        out[-1] = None
        return cast("NDArray[Any]", out)

    def days(self, col: _Column, argument: str, *, required: bool) -> np.ndarray:
        """Each row's day as days since 1970-01-01 (``-1``: blank or refused)."""
        np = self.np
        if col.days is not None:
            refused = col.refused if col.refused is not None else np.full(self.n, -1, dtype=np.int64)
            self.fail_by(refused, dict(enumerate(col.refusals)), len(col.refusals))
            blank = (col.days < 0) & (refused < 0)
            if required and blank.any():
                self.fail(blank, InvalidArgumentError(argument, None, f"a day in column {argument!r}"))
            return col.days
        ordinals = np.full(len(col.uniques) + 1, -1, dtype=np.int64)
        failures: dict[int, ChipControlsError] = {}
        for k, value in enumerate(col.uniques):
            try:
                ordinals[k] = (_as_day(value, argument) - _EPOCH).days
            except ChipControlsError as exc:
                failures[k] = exc
        self.fail_by(col.codes, failures, len(col.uniques))
        if required and (col.codes < 0).any():
            self.fail(col.codes < 0, InvalidArgumentError(argument, None, f"a day in column {argument!r}"))
        return cast("NDArray[Any]", ordinals[col.codes])

    def first_error(self, where: str, hint: str) -> ChipControlsError | None:
        """The first bad row's error (a copy, its message naming the row), or ``None``."""
        bad = self.error >= 0
        if not bad.any():
            return None
        row = int(bad.argmax())
        found = self.messages[int(self.error[row])]
        exc = type(found).__new__(type(found))  # the library's error, its type and attributes kept
        exc.__dict__.update(found.__dict__)
        exc.args = (f"{found} (in row {row} of {where}; {hint})",)
        return exc


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
    frame, columns, n = _read(table, date, chip, country, hq, known_on)
    np = _require("screen()")
    work = _Screen(book, n)
    info = book.info
    first = (info.start - _EPOCH).days
    reviewed = (info.reviewed - _EPOCH).days
    days = work.days(columns["date"], date, required=True)
    work.fail_days(days, (days >= 0) & (days < first), lambda d: _coverage(book, d))
    late = days > reviewed
    if strict:
        work.fail_days(days, late, lambda d: _coverage(book, d, strict=True))
    chip_values = work.resolve(columns["chip"], book.chip, chip)
    country_values = work.resolve(columns["country"], book.country, country)
    hq_values = work.resolve(columns["hq"], lambda v: book.country(v).code, None)
    # knowledge days: read as days (dates, midnight timestamps, strings), then each distinct one checked
    known_days = work.days(columns["known_on"], known_on or "known_on", required=False)
    if (known_days < 0).all():  # the common case, no knowledge day: no sort
        asked_known, known_codes = np.full(min(n, 1), -1, dtype=np.int64), np.zeros(n, dtype=np.int64)
    else:
        asked_known, known_codes = np.unique(known_days, return_inverse=True)
    knowns: list[tuple[dt.date | None, bool]] = []
    failures: dict[int, ChipControlsError] = {}
    for k, d in enumerate(asked_known):
        try:
            knowns.append(book.known(_EPOCH + dt.timedelta(days=int(d))) if d >= 0 else (None, False))
        except ChipControlsError as exc:
            knowns.append((None, False))
            failures[k] = exc
    known_codes = known_codes.reshape(-1).astype(np.int64)
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
    slot = np.full(n, -1, dtype=np.int64)  # a row's answer: an index into ``answers``
    governing = np.full(n, -1, dtype=np.int64)  # a row's governing destination: an index into ``places``
    capped = np.zeros(n, dtype=bool)
    answers: list[dict[str, Any]] = []
    places: list[str] = []
    if good.any():
        # 1. each distinct question (chip, destination, headquarters, knowledge day) -> its timeline
        asked, inverse = np.unique(key[good], return_inverse=True)
        inverse = inverse.reshape(-1)
        rows_good = np.flatnonzero(good)
        first_row = np.empty(len(asked), dtype=np.int64)
        first_row[inverse[::-1]] = rows_good[::-1]  # a row of each question
        timelines = _Timelines(np, answers)
        place_index: dict[str, int] = {}
        tl_of = np.empty(len(asked), dtype=np.int64)
        place_of = np.empty(len(asked), dtype=np.int64)  # -1: the period's own governing destination
        capped_of = np.zeros(len(asked), dtype=bool)
        compiled = book._state.compiled
        merged = compiled.sharing.merged
        bar = _progress(len(asked)) if progress else None
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
        # 2. per timeline, one binary search for all its rows
        row_tl = tl_of[inverse]
        row_place = place_of[inverse]
        capped[rows_good] = capped_of[inverse]
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
    return _write(frame, n, answers, slot, notes, governing, places, work)


def _identities(np: Any, resolved: np.ndarray, identity: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
    """For each distinct value (by code; the last entry is blank), the code of what it resolved to
    (``-1``: blank or refused), and what each code stands for."""
    found: dict[Any, int] = {}
    meant: list[Any] = []
    out = np.full(len(resolved), -1, dtype=np.int64)
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
                    np.array([(d - _EPOCH).days for d in tl.starts], dtype=np.int64),
                    tuple(_answer(r, level) for r, level in zip(tl.regimes, tl.levels, strict=True)),
                    tuple(r.governing for r in tl.regimes),
                ),
            )
        starts, rows, governors = cast("tuple[NDArray[Any], tuple[dict[str, Any], ...], tuple[str, ...]]", memo)
        slots = np.empty(len(rows), dtype=np.int64)
        govs = np.empty(len(rows), dtype=np.int64)
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


def _coverage(book: Rulebook, ordinal: int, *, strict: bool = False) -> ChipControlsError:
    from .errors import OutsideCoverageError

    return OutsideCoverageError(_EPOCH + dt.timedelta(days=ordinal), book.info.start, book.info.reviewed, strict=strict)


def _answer(regime: Regime, level: Level) -> dict[str, Any]:
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


class _Bar:
    def __init__(self, total: int) -> None:
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._task = self._progress.add_task("screening", total=total)
        self._progress.start()

    def advance(self, steps: int = 1) -> None:
        self._progress.advance(self._task, steps)

    def close(self) -> None:
        self._progress.stop()


def _progress(total: int) -> _Bar | None:
    try:
        return _Bar(total)
    except ImportError:  # rich is in the screen extra; without it, no bar
        return None


# ------------------------------------------------------------------ tables in and out


def _read(
    table: Any, date: str, chip: str, country: str, hq: str | None, known_on: str | None
) -> tuple[Any, dict[str, _Column], int]:
    """The input as columns of codes; ``frame`` is the narwhals frame (``None`` for plain rows)."""
    wanted = {"date": date, "chip": chip, "country": country, "hq": hq, "known_on": known_on}
    frame = _frame(table)
    np = _require("screen()")
    if frame is not None:
        names = set(frame.columns)
        taken = sorted(names & set(SCREEN_COLUMNS))
        if taken:
            raise InvalidArgumentError("table", taken, "a table without columns named like the answer columns")
        n = len(frame)
        out: dict[str, _Column] = {}
        for role, name in wanted.items():
            if name is not None and name in names:
                out[role] = _factor_series(frame[name], name if role in ("date", "known_on") else None)
            elif role in ("hq", "known_on"):
                out[role] = _Column([], np.full(n, -1, dtype=np.int64))
            else:
                raise InvalidArgumentError(role, name, "a column of the table: " + ", ".join(sorted(map(str, names))))
        return frame, out, n
    if isinstance(table, str | bytes | Mapping) or not isinstance(table, Iterable):
        raise InvalidTypeError(
            "", "table", table, "a DataFrame (pandas, polars, pyarrow, ...) or an iterable of rows (mappings)"
        )
    rows = list(table)
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise InvalidTypeError("", f"table[{i}]", r, "a row as a mapping of column names to values")
    out = {}
    for role, name in wanted.items():
        if name is not None and rows and any(name in r for r in rows):
            out[role] = _factor_list([r.get(name) for r in rows])
        elif role in ("hq", "known_on") or not rows:
            out[role] = _Column([], np.full(len(rows), -1, dtype=np.int64))
        else:
            raise InvalidArgumentError(role, name, "a key of the rows")
    return rows, out, len(rows)


def _frame(table: Any) -> Any:
    try:
        import narwhals as nw
    except ImportError:
        return None
    try:
        return nw.from_native(table, eager_only=True)
    except TypeError:
        pass
    try:
        with warnings.catch_warnings():  # only asking whether it is a lazy frame: no advice on backends
            warnings.simplefilter("ignore")
            nw.from_native(table)
    except TypeError:
        return None
    raise InvalidTypeError(
        "",
        "table",
        table,
        "an eager DataFrame or rows: screen a lazy frame (Dask, a polars LazyFrame, ...) partition by partition "
        "(map_partitions) or collect it first",
    )


def _write(
    frame: Any,
    n: int,
    answers: list[dict[str, Any]],
    slot: np.ndarray,
    notes: np.ndarray,
    governing: np.ndarray,
    places: list[str],
    work: _Screen,
) -> Any:
    """The answers joined to the input: per column, a small pool of distinct values and one
    vectorised ``take`` by each row's answer (with a second pool for rows after the review day)."""
    np = work.np
    m = len(answers)
    index = np.where(slot < 0, 2 * m, slot + m * notes)  # 2m: a row without an answer
    record = work.book.info.version
    pools: dict[str, list[Any]] = {}
    for name in SCREEN_COLUMNS:
        if name in ("governing", "record", "error"):
            continue
        values = [a[name] for a in answers]
        if name == "caveats":
            # the caveats of answers read after the review day add "record-age": built only for those read so
            late_slots = set(np.unique(slot[(notes > 0) & (slot >= 0)]).tolist()) if notes.any() else set()
            late = [sorted({*c, "record-age"}) if k in late_slots else c for k, c in enumerate(values)]
            pools[name] = [*values, *late, None]
        else:
            pools[name] = [*values, *values, None]
    place_pool = [*places, None]
    messages = [None, *(str(e).splitlines()[0] for e in work.messages)]
    answered = slot >= 0
    if isinstance(frame, list):
        out = []
        for i, row in enumerate(frame):
            k = int(index[i])
            answer = {name: _plain(pools[name][k]) for name in pools}
            answer["governing"] = place_pool[int(governing[i])] if answered[i] else None
            answer["record"] = record if answered[i] else None
            answer["error"] = messages[int(work.error[i]) + 1]
            out.append({**row, **{name: answer[name] for name in SCREEN_COLUMNS}})
        return out
    import pyarrow as pa

    taken = pa.array(index, type=pa.int64())
    arrays = {}
    for name in SCREEN_COLUMNS:
        if name == "governing":
            where = np.where(governing < 0, len(places), governing)
            arrays[name] = pa.array(place_pool, type=pa.string()).take(pa.array(where, type=pa.int64()))
        elif name == "record":
            arrays[name] = pa.array([record, None], type=pa.string()).take(pa.array((~answered).astype(np.int64)))
        elif name == "error":
            arrays[name] = pa.array(messages, type=pa.string()).take(pa.array(work.error + 1, type=pa.int64()))
        else:
            arrays[name] = pa.array(pools[name], type=_ARROW_TYPES[name]()).take(taken)
    return _to_frame(frame, pa.table(arrays))


def _arrow_types() -> dict[str, Callable[[], Any]]:
    def of(make: Callable[[Any], Any]) -> Callable[[], Any]:
        def build() -> Any:
            import pyarrow as pa

            return make(pa)

        return build

    lists = of(lambda pa: pa.list_(pa.string()))
    strings = of(lambda pa: pa.string())
    return {
        "license_required": of(lambda pa: pa.bool_()),
        "requirement": strings,
        "level": strings,
        "review_policy": strings,
        "exceptions": lists,
        "tier": strings,
        "classification": strings,
        "governing": strings,
        "determinate": of(lambda pa: pa.bool_()),
        "caveats": lists,
        "citations": lists,
        "licenses": lists,
        "record": strings,
    }


_ARROW_TYPES = _arrow_types()


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _to_frame(frame: Any, answers: Any) -> Any:
    """The input frame with the answer columns (given as a pyarrow table), in the input's backend."""
    import narwhals as nw

    backend = nw.get_native_namespace(frame)
    added = nw.from_arrow(answers, backend=backend)
    levels = nw.Enum([lv.value for lv in Level])
    requirements = nw.Enum([r.value for r in Requirement])
    with contextlib.suppress(NotImplementedError):  # a backend without an ordered category type keeps the words
        added = added.with_columns(nw.col("level").cast(levels), nw.col("requirement").cast(requirements))
    out = nw.concat([frame, added], how="horizontal")
    return _nullable_bool(out.to_native())


def _nullable_bool(native: Any) -> Any:
    """pandas: the nullable boolean dtype for the yes/no columns (an object column otherwise)."""
    if type(native).__module__.startswith("pandas"):
        for name in ("license_required", "determinate"):
            native[name] = native[name].astype("boolean")
    return native


# ------------------------------------------------------------------ the command


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
