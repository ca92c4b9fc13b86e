"""What the HTTP service holds while it runs: the store, the in-memory indexes (names for search,
entity history), the audit log and the model cache — opened together in the app's lifespan and
closed together.

The indexes are built from the entities of the latest resolution runs and the batches loaded. A
background check rebuilds them when a new run or batch appears (with Neo4j another process may resolve while the service
runs; a LadybugDB store is owned by the service, so there it never fires).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from api.audit import AuditLog
from api.auth import Authenticator
from api.lineage import ModelCache
from api.search import SearchIndex
from graph import GraphStore

log = logging.getLogger("yidang.api")


class HistoryIndex:
    """Entity events by entity id (LadybugDB has no index on EntityEvent.eid: a scan per
    profile would cost 0.17 s on the 200k city)."""

    def __init__(self, store: GraphStore):
        frame = store.entity_events()
        self._eid = frame["eid"].to_numpy(dtype=str) if len(frame) else np.array([], dtype=str)
        self._rows = frame[["at", "event", "detail", "run_id"]].to_dict("records")

    def __len__(self) -> int:
        return len(self._rows)

    def __call__(self, eid: str) -> list[dict[str, Any]]:
        lo, hi = np.searchsorted(self._eid, eid, "left"), np.searchsorted(self._eid, eid, "right")
        return [dict(r) for r in self._rows[lo:hi]]


class BatchIndex:
    """Where and when each batch was loaded (a handful of rows; kept to spare every profile a
    query)."""

    def __init__(self, store: GraphStore):
        self._batches = {b.batch_id: {"file": b.file, "loaded_at": b.loaded_at}
                         for b in store.batches(limit=1_000_000)}

    def __call__(self, batch_ids: list[str]) -> dict[str, dict[str, Any]]:
        return {b: self._batches[b] for b in batch_ids if b in self._batches}


def version(store: GraphStore) -> tuple:
    """What the indexes were built from: every resolution run and the newest batch."""
    newest = store.batches(limit=1)
    return tuple(store.run_ids()), newest[0].batch_id if newest else None


@dataclass
class Indexes:
    version: tuple
    search: SearchIndex
    history: HistoryIndex
    batches: BatchIndex

    @classmethod
    def build(cls, store: GraphStore) -> Indexes:
        t = time.perf_counter()
        out = cls(version(store), SearchIndex(store), HistoryIndex(store), BatchIndex(store))
        log.info("indexes: %d persons, %d organisations, %d entity events in %.1fs",
                 len(out.search.persons), len(out.search.organizations), len(out.history),
                 time.perf_counter() - t)
        return out


@dataclass
class Service:
    store: GraphStore
    indexes: Indexes
    audit: AuditLog
    auth: Authenticator
    models: ModelCache
    query_timeout_s: float
    ready: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def open(cls, store: GraphStore, query_timeout_s: float = 10.0,
             audit_interval_s: float = 0.5, refresh_interval_s: float = 30.0) -> Service:
        service = cls(store=store, indexes=Indexes.build(store),
                      audit=AuditLog(store, audit_interval_s), auth=Authenticator(store),
                      models=ModelCache(store), query_timeout_s=query_timeout_s, ready=True)
        if refresh_interval_s > 0:
            threading.Thread(target=service._watch, args=(refresh_interval_s,), daemon=True,
                             name="index-refresh").start()
        return service

    @property
    def search(self) -> SearchIndex:
        return self.indexes.search

    @property
    def history(self) -> HistoryIndex:
        return self.indexes.history

    @property
    def batches(self) -> BatchIndex:
        return self.indexes.batches

    def refresh(self) -> bool:
        """Rebuild the indexes if a resolution run or a load happened since they were built."""
        if version(self.store) == self.indexes.version:
            return False
        self.indexes = Indexes.build(self.store)
        return True

    def close(self) -> None:
        self.ready = False
        self._stop.set()
        self.audit.close()

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.refresh()
            except Exception:
                log.exception("could not refresh the indexes; keeping the old ones")
