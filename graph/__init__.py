"""The graph store seam: domain operations over LadybugDB (embedded) or Neo4j (server)."""

from __future__ import annotations

from pathlib import Path

from graph.model import (
    ENTITY_LABELS,
    KINDS,
    RELATION_TYPES,
    Batch,
    BatchWrite,
    RecordState,
    ResolutionWrite,
    SourceCount,
    StoreStatus,
)
from graph.store import GraphStore, StoreBusyError, StoreError


#: LadybugDB page cache cap (MB); 0 leaves LadybugDB's default (most of the machine's memory).
#: A cap shrinks the footprint; a write whose uncommitted data or checkpoint needs more than the
#: cap fails. Since the store frees written frames (it renews its write connection after a
#: COPY), 1 GB loads the 200k city (50 s) and resolves it (63 s, peak 2,292 MiB); 512 MB fails
#: on its 152k-row file. None by default: the sizes a deployment writes are not known here.
DEFAULT_BUFFER_POOL_MB = 0


def open_store(path: str | Path | None = None, *, neo4j_uri: str | None = None,
               neo4j_user: str = "neo4j", neo4j_password: str = "",
               neo4j_database: str = "neo4j", read_only: bool = False,
               buffer_pool_mb: int = DEFAULT_BUFFER_POOL_MB) -> GraphStore:
    """Open the store: Neo4j when ``neo4j_uri`` is given, else the LadybugDB folder ``path``.

    The schema is created if missing (not on a read-only open).

    Raises:
        StoreBusyError: the LadybugDB folder is owned by another process.
        StoreError: the store cannot be opened; the message says why.
    """
    if neo4j_uri:
        from graph.neo4j_store import Neo4jEngine

        engine = Neo4jEngine(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    else:
        from graph.ladybug_store import LadybugEngine

        engine = LadybugEngine(path or "yidang-data", read_only=read_only,
                               buffer_pool_mb=buffer_pool_mb)
    store = GraphStore(engine)
    if not read_only:
        store.ensure_schema()
    return store


__all__ = [
    "ENTITY_LABELS", "KINDS", "RELATION_TYPES", "Batch", "BatchWrite", "GraphStore", "RecordState",
    "ResolutionWrite", "SourceCount", "StoreBusyError", "StoreError", "StoreStatus", "open_store",
]
