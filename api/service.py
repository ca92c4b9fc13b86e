"""What the HTTP service holds while it runs: the store, the in-memory indexes (the resolved
graph's snapshot that profiles are served from, names for search), the audit log and the model
cache — opened together in the app's lifespan and closed together.

The indexes are built from the entities of the latest resolution runs and the batches loaded. A
background check rebuilds them when a new run or batch appears and swaps them in whole (with Neo4j
another process may resolve while the service runs; a LadybugDB store is owned by the service, so
there it never fires).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from api.audit import AuditLog
from api.auth import Authenticator
from api.lineage import ModelCache
from api.search import SearchIndex
from api.snapshot import Snapshot
from graph import GraphStore

log = logging.getLogger("yidang.api")
T = TypeVar("T")


def version(store: GraphStore) -> tuple:
    """What the indexes were built from: every resolution run and the newest batch."""
    newest = store.batches(limit=1)
    return tuple(store.run_ids()), newest[0].batch_id if newest else None


class Memo:
    """Results computed from the store as it was when the indexes were built, each computed once
    (a steward's conflict list reads every record). Rebuilt empty with the indexes, so nothing
    outlives the run or load it was computed from; a second caller of a key being computed
    waits for the first instead of computing it again."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return self._values[key]
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = compute()
            with self._lock:
                self._values[key] = value
            return value


@dataclass
class Indexes:
    version: tuple
    snapshot: Snapshot
    search: SearchIndex
    memo: Memo = field(default_factory=Memo)

    @classmethod
    def build(cls, store: GraphStore) -> Indexes:
        t = time.perf_counter()
        # The version first: a run or load landing while the snapshot is read (~15 s at 200k
        # persons) then leaves the indexes older than the store, and the next refresh rebuilds.
        built_from = version(store)
        snapshot = Snapshot(store)
        out = cls(built_from, snapshot, SearchIndex(snapshot))
        log.info("indexes: %d persons, %d organisations searchable in %.1fs",
                 len(out.search.persons), len(out.search.organizations), time.perf_counter() - t)
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
    def memo(self) -> Memo:
        """Results kept until the next run or load (conflicts, the quality report)."""
        return self.indexes.memo

    @property
    def snapshot(self) -> Snapshot:
        """The resolved graph in memory: what profiles are served from."""
        return self.indexes.snapshot

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
