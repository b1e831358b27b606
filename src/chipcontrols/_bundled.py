"""The bundled record, loaded once, and the top-level functions that ask it."""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections.abc import Callable
from importlib.resources.abc import Traversable
from typing import Concatenate, ParamSpec, TypeVar

from ._rulebook import Rulebook

__all__ = ["bundled", "load", "on_bundled"]


def load(path: str | os.PathLike[str] | Traversable) -> Rulebook:
    """Load and validate a record directory (see ``docs/data.md`` for its files).

    Raises:
        InvalidRecordError: any file is missing, unreadable, malformed or inconsistent; every
            problem is listed with its file and key path.
    """
    from ._data import load_record

    return Rulebook(load_record(path))


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
            from importlib import resources

            _BUNDLED.append(load(resources.files("chipcontrols") / "data"))
        return _BUNDLED[0]


P = ParamSpec("P")
R = TypeVar("R")


def on_bundled(method: Callable[Concatenate[Rulebook, P], R]) -> Callable[P, R]:
    """The method asked of the bundled record: same arguments, same documentation, so the two cannot drift."""

    @functools.wraps(method)
    def ask(*args: P.args, **kwargs: P.kwargs) -> R:
        return method(bundled(), *args, **kwargs)

    signature = inspect.signature(method)
    ask.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]
    ask.__module__ = "chipcontrols"
    ask.__qualname__ = method.__name__
    return ask
