"""Writing ``screen``'s answers: the answer columns joined to the input table, of the same kind (or rows),
and the progress bar of a long screen."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._model import Level, Requirement

if TYPE_CHECKING:
    import numpy as np

    from ._screen_input import ScreenWork

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


def progress_bar(total: int) -> _Bar | None:
    try:
        return _Bar(total)
    except ImportError:  # rich is in the screen extra; without it, no bar
        return None


# ------------------------------------------------------------------ tables in and out


def write_answers(
    frame: Any,
    n: int,
    answers: list[dict[str, Any]],
    slot: np.ndarray,
    notes: np.ndarray,
    governing: np.ndarray,
    places: list[str],
    work: ScreenWork,
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

    def columns() -> Iterator[tuple[str, list[Any], Any]]:
        """Each answer column as its pool of distinct values and each row's index into it."""
        for name in SCREEN_COLUMNS:
            if name == "governing":
                yield name, place_pool, np.where(governing < 0, len(places), governing)
            elif name == "record":
                yield name, [record, None], (~answered).astype(slot.dtype)
            elif name == "error":
                yield name, messages, work.error + 1
            else:
                yield name, pools[name], index

    return _to_frame(frame, columns())


#: Each answer column's kind of value: a boolean, a list of strings or a string (all nullable).
_KINDS: dict[str, str] = {
    **dict.fromkeys(SCREEN_COLUMNS, "str"),
    **dict.fromkeys(("license_required", "determinate"), "bool"),
    **dict.fromkeys(("exceptions", "caveats", "citations", "licenses"), "list"),
}


def _arrow_type(pa: Any, name: str) -> Any:
    kind = _KINDS[name]
    return pa.bool_() if kind == "bool" else pa.list_(pa.string()) if kind == "list" else pa.string()


def _narwhals_type(nw: Any, name: str) -> Any:
    kind = _KINDS[name]
    return nw.Boolean if kind == "bool" else nw.List(nw.String) if kind == "list" else nw.String


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _to_frame(frame: Any, answers: Iterator[tuple[str, list[Any], Any]]) -> Any:
    """The input frame with the answer columns (each given as a pool of values and every row's index into
    it), in the input's backend.

    Each column is built and converted before the next, so that only one is held twice at a time. polars
    gathers from the pool itself (a third of the memory of going through Arrow); the other backends take
    from an Arrow array, in memory the system allocator gives back (Arrow's own pool would keep it)."""
    import narwhals as nw

    backend = nw.get_native_namespace(frame)
    ordered = {
        "level": nw.Enum([lv.value for lv in Level]),
        "requirement": nw.Enum([r.value for r in Requirement]),
    }
    parts = [frame]
    if getattr(backend, "__name__", "") == "polars":  # pyarrow is not even imported
        for name, pool, at in answers:
            kind = ordered.get(name) or _narwhals_type(nw, name)
            parts.append(nw.new_series(name, pool, kind, backend=backend)[at].to_frame())
        return nw.concat(parts, how="horizontal").to_native()
    import pyarrow as pa
    import pyarrow.compute as pc

    system = pa.system_memory_pool()
    for name, pool, at in answers:
        values = pa.array(pool, type=_arrow_type(pa, name), memory_pool=system)
        part = nw.from_arrow(pa.table({name: pc.take(values, pa.array(at), memory_pool=system)}), backend=backend)
        if name in ordered:
            with contextlib.suppress(NotImplementedError):  # a backend without an ordered category keeps the words
                part = part.with_columns(nw.col(name).cast(ordered[name]))
        parts.append(part)
    out = nw.concat(parts, how="horizontal")
    return _nullable_bool(out.to_native())


def _nullable_bool(native: Any) -> Any:
    """pandas: the nullable boolean dtype for the yes/no columns (an object column otherwise)."""
    if type(native).__module__.startswith("pandas"):
        for name in ("license_required", "determinate"):
            native[name] = native[name].astype("boolean")
    return native


# ------------------------------------------------------------------ the command
