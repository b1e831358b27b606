"""A rulebook's derived state: its indexes, compiled timelines and caches, and the record's stamp."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import TYPE_CHECKING

from ._answer import Stamp
from ._engine.cache import Bounded
from ._engine.compiled import Compiled
from ._engine.index import Index
from ._model import Chip
from ._names import ChipIndex, CountryIndex
from ._query_cache import QueryCache
from ._record import Record

if TYPE_CHECKING:
    from ._rulebook import Rulebook

__all__ = ["State"]


def _stamp(record: Record) -> Stamp:
    from ._convert import CONVERTER

    data = json.dumps(CONVERTER.unstructure(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    info = record.info
    return Stamp(
        version=info.version,
        reviewed=info.reviewed,
        sources_through=info.sources_through,
        digest=hashlib.sha256(data.encode()).hexdigest(),
    )


class State:
    """A rulebook's derived lookups and caches: never part of its value."""

    def __init__(self, book: Rulebook) -> None:
        record = book.record
        self.index = Index(record)
        self.chips = ChipIndex(record.chips, family_of=book._family)
        self.countries = CountryIndex(
            {a.name: a.code for a in record.country_aliases},
            {a.name: sorted(a.countries) for a in record.ambiguous_names},
        )
        self.first = record.info.start
        self.last = record.info.reviewed
        self._stamp: Stamp | None = None
        self._stamp_lock = threading.Lock()
        self.compiled = Compiled(self.index, self.first, None, self.stamp)
        self.queries = QueryCache()
        self.families: Bounded[str, Chip] = Bounded("chip families", 4_096)

    def stamp(self) -> Stamp:
        with self._stamp_lock:
            if self._stamp is None:
                self._stamp = _stamp(self.index.record)
            return self._stamp
