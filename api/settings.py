"""Settings read once at the edge (environment prefix ``YIDANG_``); everything below gets plain arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from graph import GraphStore, open_store


class Settings(BaseSettings):
    """Where the store is. ``YIDANG_NEO4J_URI`` selects Neo4j; otherwise the LadybugDB folder."""

    model_config = SettingsConfigDict(env_prefix="YIDANG_", extra="ignore")

    store: Path = Path("yidang-data")
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    buffer_pool_mb: int = 0  # the embedded store's page cache cap in MB; 0 = LadybugDB's default
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout_s: float = 10.0  # analysts' Cypher is stopped after this
    audit_interval_s: float = 0.5  # how long audit entries wait in memory before written
    refresh_interval_s: float = 30.0  # how often the service looks for a new resolution run

    def open_store(self, read_only: bool = False) -> GraphStore:
        """Open the configured store (see :func:`graph.open_store`)."""
        return open_store(self.store, neo4j_uri=self.neo4j_uri, neo4j_user=self.neo4j_user,
                          neo4j_password=self.neo4j_password, neo4j_database=self.neo4j_database,
                          read_only=read_only, buffer_pool_mb=self.buffer_pool_mb)
