"""What the HTTP service holds while it runs: the store, the search index, the audit log and the
model cache, opened together in the app's lifespan and closed together."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from api.audit import AuditLog
from api.auth import Authenticator
from api.lineage import ModelCache
from api.search import SearchIndex
from graph import GraphStore

log = logging.getLogger("yidang.api")


@dataclass
class Service:
    store: GraphStore
    search: SearchIndex
    audit: AuditLog
    auth: Authenticator
    models: ModelCache
    query_timeout_s: float
    ready: bool = False

    @classmethod
    def open(cls, store: GraphStore, query_timeout_s: float = 10.0,
             audit_interval_s: float = 0.5) -> Service:
        t = time.perf_counter()
        search = SearchIndex(store)
        log.info("search index: %d persons, %d organisations in %.1fs", len(search.persons),
                 len(search.organizations), time.perf_counter() - t)
        return cls(store=store, search=search, audit=AuditLog(store, audit_interval_s),
                   auth=Authenticator(store), models=ModelCache(store),
                   query_timeout_s=query_timeout_s, ready=True)

    def close(self) -> None:
        self.ready = False
        self.audit.close()
