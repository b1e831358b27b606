"""Reading a table of shipments for ``screen``: each question column as codes of its distinct values, each
distinct value resolved once (names, days), and each bad row's error kept with its row."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ._dates import parse_date
from ._screen_output import SCREEN_COLUMNS
from .errors import ChipControlsError, InvalidArgumentError, InvalidDateError, InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ._rulebook import Rulebook

EPOCH = dt.date(1970, 1, 1)
#: The dtype of per-row codes (indices into distinct values, answers, messages): tables are refused
#: from 2**31 rows. Days stay 64-bit: a far-off numpy date must not wrap around.
CODE = "int32"
MAX_ROWS = 2**31 - 1
#: distinct bad values per column whose errors offer close matches (looking for them costs about a
#: millisecond each); those after them are refused without
SUGGESTED = 100
#: the columns a table may leave out, each under its default name
OPTIONAL_COLUMNS = {"hq": "hq", "known_on": "known_on"}
#: a row's day when it has none (blank or refused): numpy's NaT as an int64, below every date a numpy
#: day can hold, so no day before 1970 (a negative count) is mistaken for a blank
NO_DAY = -(2**63)
#: the first and last days a ``datetime.date`` can hold, as days since 1970-01-01
FIRST_DAY = (dt.date.min - EPOCH).days
LAST_DAY = (dt.date.max - EPOCH).days


def require(feature: str) -> Any:
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
    timestamps comes as days since 1970-01-01 instead (``days``; ``NO_DAY``: blank or refused), with the
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
    np = require("screen()")
    index: dict[tuple[type, Any], int] = {}
    uniques: list[Any] = []
    codes = np.empty(len(values), dtype=CODE)
    for i, v in enumerate(values):  # plain rows are Python objects: one pass over them
        if _blank(v):
            codes[i] = -1
            continue
        key = (type(v), v)  # by type too: True and 1 are equal, but one is refused as a bool, the other as an int
        try:
            k = index.get(key)
        except TypeError:  # an unhashable value: its own (refused) entry
            k = None
            index_key = None
        else:
            index_key = key
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

    np = require("screen()")
    dtype = series.dtype
    if day is not None and (dtype == nw.Date or isinstance(dtype, nw.Datetime)):
        return _dates_column(np, series, dtype, day)
    try:
        found = [u for u in series.unique().to_list() if not _blank(u)]
    except Exception:  # a type the backend cannot take distinct values of (polars objects, Arrow lists): by value
        return _factor_list(series.to_list())
    if not found:
        return _Column([], np.full(len(series), -1, dtype=CODE))
    try:
        uniques = sorted(found, key=lambda v: (type(v).__name__, str(v)))
        codes = (
            series.replace_strict(uniques, list(range(len(uniques))), default=-1, return_dtype=nw.Int32)
            .fill_null(-1)
            .to_numpy()
        )
        return _Column(uniques, codes.astype(CODE, copy=False))
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
    beyond = ((days < FIRST_DAY) | (days > LAST_DAY)) & ~blank  # a date cannot hold it (years 1 to 9999)
    refused |= beyond
    days[blank | refused] = NO_DAY
    codes = np.full(n, -1, dtype=CODE)
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
                ordinal = int(stamp.astype("datetime64[D]").astype(np.int64))
                if not FIRST_DAY <= ordinal <= LAST_DAY:
                    why = "outside the days a date can hold (years 1 to 9999)"
                else:
                    why = "a timestamp that is not midnight names an instant, not a day"
            refusals.append(InvalidDateError(argument, text, why))
    return _Column([], np.full(n, -1, dtype=CODE), days, codes, refusals)


def _as_day(value: object, argument: str) -> dt.date:
    """A day from a date, a ``YYYY-MM-DD`` string or a timestamp at midnight without a time zone."""
    if type(value).__name__ == "datetime64":  # numpy: compared in its own unit (nanoseconds are kept)
        stamp = cast(Any, value)
        np = require("screen()")
        unit = np.datetime_data(stamp.dtype)[0]
        if unit in ("Y", "M", "W"):  # a year, month or week "equals" its first day in its own unit
            raise InvalidDateError(argument, value, f"a datetime64 in unit {unit!r} names a period, not a day")
        day = stamp.astype("datetime64[D]")
        found = day.astype(object)  # a date (years 1 to 9999), else an int
        if not isinstance(found, dt.date):
            raise InvalidDateError(argument, value, "outside the days a date can hold (years 1 to 9999)")
        if day != stamp:
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


class ScreenWork:
    """The work of one call: each row's first error (an index into ``messages``, ``-1``: none)."""

    def __init__(self, book: Rulebook, n: int) -> None:
        self.book = book
        self.n = n
        np = require("screen()")
        self.np = np
        self.error = np.full(n, -1, dtype=CODE)  # index into self.messages
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
        per_value = np.full(size + 1, -1, dtype=CODE)
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
        codes = np.full(self.n, -1, dtype=CODE)
        codes[mask] = which
        self.fail_by(codes, {k: exc(int(d)) for k, d in enumerate(found)}, len(found))

    def resolve(
        self,
        col: _Column,
        fn: Callable[[Any], Any],
        required: str | None,
        quiet: Callable[[Any], Any] | None = None,
    ) -> np.ndarray:
        """Each distinct value through ``fn``; rows whose value fails (or is blank and required) are marked.

        With ``quiet`` (which refuses without looking for close matches), every value goes through
        it, then the values of the first ``SUGGESTED`` distinct bad ones, in row order, through
        ``fn`` for their close matches: a column of many distinct bad values costs no more than a few."""
        np = self.np
        resolved: list[Any] = [None] * len(col.uniques)
        failures: dict[int, ChipControlsError] = {}
        first = fn if quiet is None else quiet
        for k, value in enumerate(col.uniques):
            try:
                resolved[k] = first(value)
            except ChipControlsError as exc:
                failures[k] = exc
        if quiet is not None and failures:  # close matches for the values of the first bad rows, in row order
            again = list(failures)
            if len(again) > SUGGESTED:
                bad = np.zeros(len(col.uniques), dtype=bool)
                bad[again] = True
                given = col.codes[col.codes >= 0]
                hit = given[bad[given]]  # the bad rows' codes, in row order
                found, where = np.unique(hit, return_index=True)
                again = found[np.argsort(where, kind="stable")][:SUGGESTED].tolist()
            for k in again:
                try:
                    fn(col.uniques[k])
                except ChipControlsError as exc:
                    failures[k] = exc
        self.fail_by(col.codes, failures, len(col.uniques))
        if required is not None and (col.codes < 0).any():
            self.fail(col.codes < 0, InvalidArgumentError(required, None, f"a value in column {required!r}"))
        out = np.empty(len(resolved) + 1, dtype=object)
        out[:-1] = resolved
        out[-1] = None
        return cast("NDArray[Any]", out)

    def days(self, col: _Column, argument: str, *, required: bool) -> np.ndarray:
        """Each row's day as days since 1970-01-01 (``NO_DAY``: blank or refused)."""
        np = self.np
        if col.days is not None:
            refused = col.refused if col.refused is not None else np.full(self.n, -1, dtype=CODE)
            self.fail_by(refused, dict(enumerate(col.refusals)), len(col.refusals))
            blank = (col.days == NO_DAY) & (refused < 0)
            if required and blank.any():
                self.fail(blank, InvalidArgumentError(argument, None, f"a day in column {argument!r}"))
            return col.days
        ordinals = np.full(len(col.uniques) + 1, NO_DAY, dtype=np.int64)
        failures: dict[int, ChipControlsError] = {}
        for k, value in enumerate(col.uniques):
            try:
                ordinals[k] = (_as_day(value, argument) - EPOCH).days
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


def _count(n: int) -> int:
    if n > MAX_ROWS:
        raise InvalidArgumentError("table", f"{n:,} rows", f"at most {MAX_ROWS:,} rows in one call: screen it in parts")
    return n


def read_table(
    table: Any, date: str, chip: str, country: str, hq: str | None, known_on: str | None
) -> tuple[Any, dict[str, _Column], int]:
    """The input as columns of codes; ``frame`` is the narwhals frame (``None`` for plain rows).

    ``hq`` and ``known_on`` may be missing from the table under their default names (the
    table then names no headquarters or knowledge days); a column named otherwise must exist:
    a misspelt name would otherwise answer every row without it."""
    wanted = {"date": date, "chip": chip, "country": country, "hq": hq, "known_on": known_on}
    for role, name in wanted.items():
        optional = role in OPTIONAL_COLUMNS
        if not (isinstance(name, str) or (optional and name is None)):
            raise InvalidTypeError("", role, name, "a column name (a string)" + (" or None" if optional else ""))
    frame = _frame(table)
    np = require("screen()")
    if frame is not None:
        names = set(frame.columns)
        taken = sorted(names & set(SCREEN_COLUMNS))
        if taken:
            raise InvalidArgumentError("table", taken, "a table without columns named like the answer columns")
        n = _count(len(frame))
        out: dict[str, _Column] = {}
        for role, name in wanted.items():
            if name is not None and name in names:
                out[role] = _factor_series(frame[name], name if role in ("date", "known_on") else None)
            elif name is None or OPTIONAL_COLUMNS.get(role) == name:
                out[role] = _Column([], np.full(n, -1, dtype=CODE))
            else:
                raise InvalidArgumentError(role, name, _one_of("a column of the table", sorted(map(str, names)), name))
        return frame, out, n
    if isinstance(table, str | bytes | Mapping) or not isinstance(table, Iterable):
        raise InvalidTypeError(
            "", "table", table, "a DataFrame (pandas, polars, pyarrow, ...) or an iterable of rows (mappings)"
        )
    rows = list(table)
    _count(len(rows))
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise InvalidTypeError("", f"table[{i}]", r, "a row as a mapping of column names to values")
    out = {}
    for role, name in wanted.items():
        if name is not None and rows and any(name in r for r in rows):
            out[role] = _factor_list([r.get(name) for r in rows])
        elif name is None or OPTIONAL_COLUMNS.get(role) == name or not rows:
            out[role] = _Column([], np.full(len(rows), -1, dtype=CODE))
        else:
            keys = sorted({str(k) for r in rows[:1000] for k in r})  # the keys of the first rows name enough
            raise InvalidArgumentError(role, name, _one_of("a key of the rows", keys, name))
    return rows, out, len(rows)


def _one_of(what: str, names: list[str], name: str) -> str:
    """``what``, the names there are, and those close to ``name`` (a misspelt or miscased column)."""
    import difflib

    close = difflib.get_close_matches(name.casefold(), [n.casefold() for n in names], n=3, cutoff=0.6)
    near = [n for n in names if n.casefold() in close]
    listed = ", ".join(names[:30]) + (f", ... ({len(names)} in all)" if len(names) > 30 else "")
    return f"{what}: {listed}" + (f" (close matches: {', '.join(map(repr, near))})" if near else "")


def _frame(table: Any) -> Any:
    try:
        import narwhals as nw
    except ImportError:
        return None
    try:
        return nw.from_native(table, eager_only=True)
    except TypeError:
        pass
    except nw.exceptions.DuplicateError:
        columns = getattr(table, "column_names", None)  # pyarrow: its .columns are the data
        names = [str(c) for c in (columns if columns is not None else table.columns)]
        twice = sorted({c for c in names if names.count(c) > 1})
        raise InvalidArgumentError("table", twice, "a table whose column names are unique") from None
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
        "an eager DataFrame or rows: screen a lazy or distributed frame partition by partition (Dask: "
        "map_partitions; Spark: mapInPandas; see the docs' 'Beyond one machine') or collect it first",
    )
