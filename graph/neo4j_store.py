"""Neo4j 5 engine over Bolt, for production and scale-out (cluster, Aura).

Bulk writes are batched ``UNWIND`` statements inside one explicit transaction per batch, so a
load is atomic here as on LadybugDB. The statement text for each label and relationship type is
built from the closed sets in :mod:`graph.model` (never from input) and listed by
:func:`bulk_statements` so the test suite can run Neo4j's own checker over every one of them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import pandas as pd
import pyarrow as pa

from graph.model import NODE_LABELS, PRIMARY_KEYS, REL_TYPES, SCHEMA_QUERIES
from graph.store import StoreError, frame_rows
from queries import load

CHUNK = 5_000


def create_nodes_statement(label: str) -> str:
    return f"UNWIND $rows AS r CREATE (n:{label}) SET n = r"


def merge_nodes_statement(label: str) -> str:
    pk = PRIMARY_KEYS[label]
    return f"UNWIND $rows AS r MERGE (n:{label} {{{pk}: r.{pk}}}) ON CREATE SET n = r"


def create_rels_statement(rel_type: str, from_label: str, to_label: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{from_label} {{{PRIMARY_KEYS[from_label]}: r.from}}) "
            f"MATCH (b:{to_label} {{{PRIMARY_KEYS[to_label]}: r.to}}) "
            f"CREATE (a)-[x:{rel_type}]->(b) SET x = r.props")


def bulk_statements() -> dict[str, str]:
    """Every bulk statement this engine can send, by a readable name (for the linter)."""
    out = {}
    for label in NODE_LABELS:
        out[f"create_nodes:{label}"] = create_nodes_statement(label)
        out[f"merge_nodes:{label}"] = merge_nodes_statement(label)
    for rel, pairs in REL_TYPES.items():
        for a, b in pairs:
            out[f"create_rels:{a}-{rel}->{b}"] = create_rels_statement(rel, a, b)
    out["wipe"] = WIPE
    return out


WIPE = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted"


def _plain(value: Any) -> Any:
    if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as maps of Python scalars; nulls dropped (Neo4j stores no null properties)."""
    return [{k: v for k, v in r.items() if v is not None} for r in frame_rows(frame)]


class Neo4jEngine:
    """Engine over a Neo4j 5 database reached by Bolt."""

    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j"):
        self.location = f"{uri}/{database}"
        self._database = database
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {uri} ({exc}); check YIDANG_NEO4J_URI, YIDANG_NEO4J_USER "
                "and YIDANG_NEO4J_PASSWORD, or unset YIDANG_NEO4J_URI to use the embedded store"
            ) from exc
        self._local = threading.local()

    def _send(self, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            result = tx.run(text, params)
            return [{k: _plain(v) for k, v in rec.items()} for rec in result]
        records, _, _ = self._driver.execute_query(text, params, database_=self._database)
        return [{k: _plain(v) for k, v in rec.items()} for rec in records]

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._send(load(query, self.name).text, params or {})

    def frame(self, query: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return pd.DataFrame(self._send(load(query, self.name).text, params or {}))

    def table(self, query: str, params: dict[str, Any] | None = None) -> pa.Table:
        return pa.Table.from_pylist(self._send(load(query, self.name).text, params or {}))

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run named read query ``query``, routed to a reader in a cluster."""
        records, _, _ = self._driver.execute_query(
            load(query, self.name).text, params or {}, database_=self._database,
            routing_=neo4j.RoutingControl.READ)
        return [{k: _plain(v) for k, v in rec.items()} for rec in records]

    def read_text(self, text: str, params: dict[str, Any], limit: int,
                  timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        """Run caller-written Cypher in a read transaction (the server refuses writes in it)
        with a server-side timeout, reading at most ``limit`` rows; see LadybugEngine.read_text."""
        try:
            with self._driver.session(database=self._database,
                                      default_access_mode=neo4j.READ_ACCESS) as session:
                tx = session.begin_transaction(timeout=timeout_s)
                try:
                    result = tx.run(text, params)
                    columns = list(result.keys())
                    rows = []
                    for rec in result:
                        if len(rows) == limit:
                            return columns, rows, True
                        rows.append([_plain(v) for v in rec.values()])
                    return columns, rows, False
                finally:
                    tx.rollback()
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreError(exc.message or str(exc)) from exc

    def _chunks(self, text: str, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), CHUNK):
            self._send(text, {"rows": rows[i:i + CHUNK]})

    def create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        if label not in NODE_LABELS:
            raise ValueError(f"unknown node label {label!r}")
        self._chunks(create_nodes_statement(label), _records(frame))

    def merge_nodes(self, label: str, frame: pd.DataFrame) -> None:
        if label not in NODE_LABELS:
            raise ValueError(f"unknown node label {label!r}")
        self._chunks(merge_nodes_statement(label), _records(frame))

    def create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if (from_label, to_label) not in REL_TYPES.get(rel_type, ()):
            raise ValueError(f"unknown relationship {from_label}-[:{rel_type}]->{to_label}")
        props = [c for c in frame.columns if c not in ("from", "to")]
        rows = [{"from": r["from"], "to": r["to"], "props": {p: r[p] for p in props if p in r}}
                for r in _records(frame)]
        self._chunks(create_rels_statement(rel_type, from_label, to_label), rows)

    def replace_records(self, frame: pd.DataFrame) -> None:
        rows = _records(frame)
        for i in range(0, len(rows), CHUNK):
            self.run("update_records", {"rows": rows[i:i + CHUNK]})

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if getattr(self._local, "tx", None) is not None:
            yield
            return
        with self._driver.session(database=self._database) as session:
            tx = session.begin_transaction()
            self._local.tx = tx
            try:
                yield
            except BaseException:
                tx.rollback()
                raise
            else:
                tx.commit()
            finally:
                self._local.tx = None

    def ensure_schema(self) -> None:
        for name in SCHEMA_QUERIES:
            for statement in load(name, self.name).statements():
                self._send(statement, {})

    def wipe(self) -> None:
        """Delete everything (tests against a throw-away database only)."""
        while self._send(WIPE, {})[0]["deleted"]:
            pass

    def close(self) -> None:
        self._driver.close()
