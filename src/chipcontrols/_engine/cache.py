"""Bounded caches: every cache the engine keeps has a size limit and can be inspected and cleared.

A cache that reaches its limit is emptied and starts again (entries are recomputed on demand):
memory stays bounded under any stream of distinct inputs, and the work of refilling a cache
is amortised over at least ``limit`` insertions.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

__all__ = ["Bounded"]


class Bounded(dict[K, V], Generic[K, V]):
    """A dict with a size limit (``put`` empties it first when full) and counters of its use."""

    __slots__ = ("clears", "limit", "name")

    def __init__(self, name: str, limit: int) -> None:
        super().__init__()
        self.name = name
        self.limit = limit
        self.clears = 0

    def put(self, key: K, value: V) -> V:
        """Store ``value`` unless an entry is already there; return the stored one."""
        if self.limit <= 0:
            return value  # a cache of no size keeps nothing
        if len(self) >= self.limit:
            self.clear()
            self.clears += 1
        return self.setdefault(key, value)

    def __reduce__(self) -> tuple[object, ...]:  # a cache travels empty
        return (Bounded, (self.name, self.limit))
