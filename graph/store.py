"""GraphStore: the domain operations every engine offers, over a small engine protocol.

The store speaks in batches, records, keys and quarantine entries; an engine knows how to run a
named query, bulk-create nodes and relationships and hold a transaction. Callers never see which
engine is underneath, nor any of its result objects.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any, Protocol

import pandas as pd
import pyarrow as pa

from graph.stewardship import StewardshipStore
from graph.model import (
    ENTITY_LABELS,
    ENTITY_META,
    GOLDEN_FIELDS,
    KINDS,
    REL_TYPES,
    RELATION_TYPES,
    Batch,
    BatchWrite,
    RecordState,
    ResolutionWrite,
    SourceCount,
    StoreStatus,
    check_kind,
    raw_fields,
)


class StoreError(Exception):
    """Root of the graph store's errors; the message says what to do."""


class StoreBusyError(StoreError):
    """The store is owned by another process (LadybugDB allows one read-write owner)."""


class Engine(Protocol):
    """What an engine provides. Implementations: ``LadybugEngine``, ``Neo4jEngine``."""

    name: str
    location: str

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run named query ``query`` (from queries/) and return its rows as plain dicts."""

    def frame(self, query: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run named query ``query`` and return its rows as a DataFrame (bulk reads)."""

    def table(self, query: str, params: dict[str, Any] | None = None) -> pa.Table:
        """Run named query ``query`` and return its rows as an Arrow table (bulk reads kept in
        memory: strings at their size, not as Python objects)."""

    def create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        """Create one ``label`` node per row; the caller guarantees the keys are new."""

    def merge_nodes(self, label: str, frame: pd.DataFrame) -> None:
        """Create the rows whose primary key is not in the store yet (duplicates in ``frame`` too)."""

    def replace_records(self, frame: pd.DataFrame) -> None:
        """Replace every property of the SourceRecords keyed by ``rid`` with the row's values."""

    def create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        """Create one relationship per row between the nodes keyed ``from`` and ``to``."""

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run named read query ``query`` so that many threads can read at once."""

    def read_text(self, text: str, params: dict[str, Any], limit: int,
                  timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        """Run caller-written Cypher in a read-only transaction: (columns, rows, truncated)."""

    def ensure_schema(self) -> None: ...

    def close(self) -> None: ...


def _batch(row: dict[str, Any]) -> Batch:
    return Batch(**{k: row[k] for k in Batch.__dataclass_fields__})


class GraphStore(StewardshipStore):
    """Domain operations over one engine. Open one with :func:`graph.open_store`."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._batch_mappings: dict[str, dict[str, Any]] = {}  # batches never change once written

    @property
    def engine(self) -> str:
        return self._engine.name

    @property
    def location(self) -> str:
        return self._engine.location

    # -- lifecycle ------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        self._engine.ensure_schema()

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading --------------------------------------------------------------------------
    def find_batch(self, source: str, sha256: str) -> Batch | None:
        """The batch that loaded this exact file content for ``source``, if any."""
        rows = self._engine.run("find_batch", {"source": source, "sha256": sha256})
        return _batch(rows[0]["batch"]) if rows else None

    def record_states(self, source: str) -> dict[str, RecordState]:
        """Current version and row hash of every record ``source`` has, by source key."""
        rows = self._engine.run("record_states", {"source": source})
        return {r["key"]: RecordState(int(r["version"]), r["row_hash"]) for r in rows}

    def write_batch(self, write: BatchWrite) -> None:
        """Apply one load atomically: the batch is either wholly in the store or not at all."""
        e = self._engine
        bid = write.batch.batch_id
        with e.transaction():
            # Key nodes first, in the batch's transaction: a crash leaves none of them either.
            # (They had a transaction of their own while a Key COPY could hang, which was a
            # deadlock of LadybugDB's multi-threaded COPY; the engine copies on one thread. A
            # second commit per batch cost a checkpoint: 0.7 s a file with ART indexes.)
            if len(write.keys):
                e.merge_nodes("Key", write.keys[["k", "type", "value"]])
            e.create_nodes("Batch", pd.DataFrame([write.batch.as_row()]))
            if len(write.changed_records):
                rids = write.changed_records["rid"].tolist()
                e.run("detach_record_edges", {"rids": rids})
                e.replace_records(write.changed_records)
            if len(write.new_records):
                e.create_nodes("SourceRecord", write.new_records)
            if len(write.superseded):
                e.create_nodes("RecordVersion", write.superseded)
                e.create_rels("PREVIOUS_VERSION", "SourceRecord", "RecordVersion",
                              _edges(write.superseded["rid"], write.superseded["vid"]))
                e.create_rels("LOADED_IN", "RecordVersion", "Batch",
                              _edges(write.superseded["vid"], write.superseded["batch_id"]))
            loaded = pd.concat([write.new_records["rid"], write.changed_records["rid"]],
                               ignore_index=True)
            if len(loaded):
                e.create_rels("LOADED_IN", "SourceRecord", "Batch", _edges(loaded, bid))
            if len(write.keys):
                e.create_rels("HAS_KEY", "SourceRecord", "Key",
                              _edges(write.keys["rid"], write.keys["k"]))
            if len(write.quarantine):
                e.create_nodes("Quarantine", write.quarantine)
                e.create_rels("QUARANTINED_IN", "Quarantine", "Batch",
                              _edges(write.quarantine["qid"], bid))

    # -- reading --------------------------------------------------------------------------
    def batches(self, source: str = "", limit: int = 100, offset: int = 0) -> list[Batch]:
        """Batches, newest first, optionally of one source."""
        rows = self._engine.run("list_batches", {"source": source, "skip": offset, "limit": limit})
        return [_batch(r["batch"]) for r in rows]

    def quarantine(self, source: str = "", batch_id: str = "", limit: int = 100,
                   offset: int = 0) -> list[dict[str, Any]]:
        """Quarantined rows with their reasons, optionally of one source or batch."""
        rows = self._engine.run("list_quarantine", {
            "source": source, "batch_id": batch_id, "skip": offset, "limit": limit})
        return [_present(r["entry"]) for r in rows]

    def get_record(self, rid: str) -> dict[str, Any] | None:
        """The current version of a source record (``source:key``), or None."""
        rows = self._engine.run("get_record", {"rid": rid})
        return self._decode_records([r["record"] for r in rows])[0] if rows else None

    def record_versions(self, rid: str) -> list[dict[str, Any]]:
        """Earlier versions of a record, oldest first, each with its batch and canonical values."""
        rows = self._engine.run("record_versions", {"rid": rid})
        out = self._decode_records([r["version"] for r in rows])  # raw, raw_fields as records
        for v in out:
            v["canonical"] = json.loads(v.get("canonical") or "{}")
            v.setdefault("raw", {})
        return out

    def current_records(self, rids: list[str]) -> list[dict[str, Any]]:
        """The current version of each of ``rids`` that exists, in one round trip."""
        rows = self._engine.run("get_records", {"rids": rids})
        return self._decode_records([r["record"] for r in rows])

    def records_frame(self, kind: str) -> pd.DataFrame:
        """Every current source record of ``kind``, one row each and one column per property
        (resolution's input), sorted by rid. Missing values are None."""
        frame = self._engine.frame(f"records_of_{check_kind(kind)}", {"kind": kind})
        if frame.empty:
            return pd.DataFrame(columns=frame.columns)
        # Sorted here, not by the query: a sort in the engine costs its memory (LadybugDB keeps
        # the sort's pages resident), and unique rids make any sort give the same order.
        order = None if frame["rid"].is_monotonic_increasing else frame["rid"].argsort().to_numpy()
        for name in frame.columns:  # one column at a time: no second copy of the whole frame
            col = frame[name] if order is None else pd.Series(frame[name].to_numpy()[order])
            if col.isna().any():
                col = col.astype(object).where(col.notna(), None)
            frame[name] = col
        return frame

    def records_with_key(self, k: str) -> list[dict[str, Any]]:
        """Source records holding identifier ``k`` (``type:value``, e.g. ``phone:13800138000``)."""
        rows = self._engine.run("records_with_key", {"k": k})
        return self._decode_records([r["record"] for r in rows])

    def status(self) -> StoreStatus:
        """Records per source and kind, batches and quarantine counts, keys per type."""
        e = self._engine
        records = {(r["source"], r["kind"]): int(r["n"]) for r in e.run("count_records")}
        batches = {r["source"]: (r["kind"], int(r["batches"]), int(r["quarantined"]))
                   for r in e.run("count_batches")}
        sources = []
        for src in sorted({s for s, _ in records} | set(batches)):
            kind, nb, nq = batches.get(src, ("", 0, 0))
            kinds = [k for s, k in records if s == src] or [kind]
            for k in kinds:
                sources.append(SourceCount(src, k, records.get((src, k), 0), nb, nq))
        keys = {r["type"]: int(r["n"]) for r in e.run("count_keys")}
        return StoreStatus(engine=e.name, location=e.location, sources=sources, keys=keys)

    # -- resolution ------------------------------------------------------------------------
    def resolution_of_kind(self, kind: str) -> pd.Series:
        """rid -> entity id of the last resolution run of ``kind`` (empty before the first)."""
        rows = self._engine.run("resolution_of_kind", {"kind": check_kind(kind)})
        return pd.Series({r["rid"]: r["eid"] for r in rows}, dtype=object)

    def entity_index(self, kind: str) -> pd.DataFrame:
        """Every entity id ever issued for ``kind``: ``eid``, ``status``, and for ids merged
        away ``redirect_to``, ``redirect_reason``, ``redirected_at``."""
        rows = self._engine.run(f"entity_index_{check_kind(kind)}")
        return pd.DataFrame(rows, columns=["eid", "status", "redirect_to", "redirect_reason",
                                           "redirected_at"])

    def source_authority(self) -> dict[str, set[str]]:
        """source -> the fields its mapping declares it authoritative for (latest batch)."""
        out: dict[str, set[str]] = {}
        for r in self._engine.run("latest_mappings"):
            mapping = json.loads(r["mapping"] or "{}")
            out[r["source"]] = set(mapping.get("authority") or ())
        return out

    def last_run(self, kind: str) -> dict[str, Any] | None:
        """The latest Run of ``kind`` (JSON fields decoded), or None."""
        rows = self._engine.run("last_run", {"kind": check_kind(kind)})
        if not rows:
            return None
        run = dict(rows[0])
        for key in ("settings", "model", "counts", "timings", "blocking"):
            run[key] = json.loads(run.get(key) or "null")
        return run

    def assignments(self) -> pd.DataFrame:
        """``source, key, kind, entity_id`` for every current source record (entity_id None
        where the record's kind has not been resolved)."""
        frame = self._engine.frame("export_assignments")
        columns = ["source", "key", "kind", "entity_id"]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        return frame[columns].astype(object).where(frame[columns].notna(), None)

    def write_resolution(self, write: ResolutionWrite, index: pd.DataFrame | None = None) -> None:
        """Replace ``write.kind``'s entities with this run's, atomically.

        Ids merged away in earlier runs stay as redirect nodes (status ``redirected``) and keep
        answering; this run's merges add to them. Relations touching the kind are removed with
        its old entities; write them again with :meth:`write_relations`.

        Args:
            index: the kind's :meth:`entity_index` if the caller has just read it (a resolve
                reads it for the issued ids); read here otherwise.
        """
        kind = check_kind(write.kind)
        label = ENTITY_LABELS[kind]
        e = self._engine
        run_id, at = write.run["run_id"], write.run["finished"]
        old = self.entity_index(kind) if index is None else index
        active = set(write.entities["eid"])
        stubs = old[(old["status"] == "redirected") & ~old["eid"].isin(active)]
        fresh = write.redirects.rename(columns={"from_eid": "eid", "to_eid": "redirect_to",
                                                "reason": "redirect_reason"})
        fresh = fresh.assign(redirected_at=at)
        stubs = pd.concat([stubs[~stubs["eid"].isin(fresh["eid"])], fresh], ignore_index=True)
        stubs = stubs.assign(status="redirected", run_id=run_id, updated_at=at)
        columns = [*ENTITY_META, *GOLDEN_FIELDS[kind]]
        entities = write.entities.assign(status="active", run_id=run_id, updated_at=at)
        entities = entities[[c for c in columns if c in entities.columns]]
        stub_rows = stubs[[c for c in columns if c in stubs.columns]]
        events = write.events.assign(kind=kind, run_id=run_id, at=at)
        events["event_id"] = run_id + ":" + events["eid"].astype(str) + ":" + events["event"] \
            + ":" + events["detail"].astype(str)
        events = events.drop_duplicates("event_id")
        with e.transaction():
            e.run("delete_matches", {"kind": kind})
            e.run(f"delete_entities_{kind}")
            e.create_nodes("Run", pd.DataFrame([write.run]))
            if len(entities):
                e.create_nodes(label, entities)
            if len(stub_rows):
                e.create_nodes(label, stub_rows)
                e.create_rels("REDIRECTS_TO", label, label, pd.DataFrame({
                    "from": stubs["eid"].to_numpy(), "to": stubs["redirect_to"].to_numpy(),
                    "at": stubs["redirected_at"].to_numpy(),
                    "reason": stubs["redirect_reason"].to_numpy()}))
            if len(write.members):
                e.create_rels("RESOLVES_TO", "SourceRecord", label, pd.DataFrame({
                    "from": write.members["rid"].to_numpy(),
                    "to": write.members["eid"].to_numpy(),
                    "run_id": run_id, "rule": write.members["rule"].to_numpy()}))
            if len(write.evidence):
                ev = write.evidence
                e.create_rels("MATCHES", "SourceRecord", "SourceRecord", pd.DataFrame({
                    "from": ev["l"].to_numpy(), "to": ev["r"].to_numpy(), "run_id": run_id,
                    "weight": ev["weight"].to_numpy(dtype=float),
                    "probability": ev["probability"].to_numpy(dtype=float),
                    "status": ev["status"].to_numpy(), "detail": ev["detail"].to_numpy()}))
            if len(events):
                e.create_nodes("EntityEvent", events)

    def write_relations(self, relations: pd.DataFrame) -> None:
        """Create relationship edges between entities: rows of ``type``, ``from_eid``,
        ``to_eid``, ``rids`` (list), ``rule``. Call after :meth:`write_resolution`, which removed
        the old edges of the kinds it rewrote."""
        with self._engine.transaction():
            for rel_type, rows in relations.groupby("type", sort=True):
                if rel_type not in RELATION_TYPES:
                    raise ValueError(f"unknown relation type {rel_type!r}; expected one of "
                                     f"{', '.join(RELATION_TYPES)}")
                (frm, to), = REL_TYPES[rel_type]
                self._engine.create_rels(rel_type, frm, to, pd.DataFrame({
                    "from": rows["from_eid"].to_numpy(), "to": rows["to_eid"].to_numpy(),
                    "rids": rows["rids"].to_numpy(), "rule": rows["rule"].to_numpy()}))

    # -- serving: profiles, lineage, relationships, users, audit ---------------------------
    # Reads here go through the engine's concurrent read path (``Engine.read``), so the HTTP
    # service's requests do not queue behind one connection. Queries name one label each (a
    # file per kind): on LadybugDB a label alternation scans every table instead of using the key.
    def entity(self, kind: str, eid: str) -> dict[str, Any] | None:
        """An entity node of ``kind`` (active, or a redirect stub of an id merged away) with its
        JSON fields decoded, or None."""
        rows = self._engine.read(f"get_entity_{check_kind(kind)}", {"eid": eid})
        if not rows:
            return None
        return decode_entity(rows[0]["entity"])

    def entity_members(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """The source records resolved to ``eid`` (the fields a profile shows), each with
        ``rule``, ``run_id`` and ``batch_id`` (see :meth:`batch_files`)."""
        return self._decode_records([
            r.pop("record") | r
            for r in self._engine.read(f"entity_members_{check_kind(kind)}", {"eid": eid})])

    def batch_mappings(self, batch_ids: list[str]) -> dict[str, dict[str, Any]]:
        """batch_id -> the mapping it was loaded with (decoded), for each of ``batch_ids`` that
        exists; read once per batch and kept (a batch never changes)."""
        missing = [b for b in dict.fromkeys(batch_ids) if b and b not in self._batch_mappings]
        if missing:
            for r in self._engine.read("batch_mappings", {"batch_ids": missing}):
                self._batch_mappings[r["batch_id"]] = json.loads(r["mapping"] or "{}")
        return {b: self._batch_mappings[b] for b in batch_ids if b in self._batch_mappings}

    def _decode_records(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        mappings = self.batch_mappings([r.get("batch_id") for r in rows])
        return [decode_record(r, mappings.get(r.get("batch_id"))) for r in rows]

    def batch_files(self, batch_ids: list[str]) -> dict[str, dict[str, Any]]:
        """batch_id -> ``file`` and ``loaded_at`` of each of ``batch_ids`` that exists."""
        ids = list(dict.fromkeys(b for b in batch_ids if b))
        if not ids:
            return {}
        return {r.pop("batch_id"): r for r in self._engine.read("get_batches", {"batch_ids": ids})}

    def entity_events(self) -> pd.DataFrame:
        """Every entity event (``eid, at, event, detail, run_id, event_id``): the history of
        every id across resolution runs, sorted by eid, time and event id."""
        frame = self._engine.frame("entity_events")
        columns = ["eid", "at", "event", "detail", "run_id", "event_id"]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        return frame[columns].sort_values(["eid", "at", "event_id"], ignore_index=True)

    def entity_history(self, eid: str) -> list[dict[str, Any]]:
        """The entity's events, oldest first: created, kept, merged_into, split_from. (A scan on
        LadybugDB: a service indexes :meth:`entity_events` instead.)"""
        return [_present(r) for r in self._engine.read("entity_history", {"eid": eid})]

    def run_ids(self) -> list[str]:
        """Every resolution run's id (a new one means entities changed)."""
        return [r["run_id"] for r in self._engine.read("run_ids")]

    def entity_redirects(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """Ids merged into ``eid`` that now redirect to it."""
        return self._engine.read(f"redirects_to_{check_kind(kind)}", {"eid": eid})

    def entities_with_key(self, k: str) -> list[dict[str, Any]]:
        """Entities whose records hold identifier ``k`` (``type:value``), most records first."""
        return self._engine.read("entities_with_key", {"k": k})

    def entity_neighbours(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """Relations touching entity ``eid`` of ``kind`` (one hop), as ``type, from_eid, to_eid,
        rids, rule`` in the relation's own direction, with the other entity's ``name`` (None
        for a place) and ``address``."""
        rows = self._engine.read(f"entity_neighbours_{check_kind(kind)}", {"eid": eid})
        for r in rows:
            r["name"] = r.get("name") or None
        return rows

    # Bulk reads of what a service keeps in memory (api/snapshot.py), as Arrow tables.
    def snapshot_entities(self, kind: str) -> pa.Table:
        """Every entity node of ``kind`` (active and redirect stubs): :data:`ENTITY_META` and the
        kind's golden fields, JSON fields as text, sorted by eid."""
        return self._engine.table(f"snapshot_entities_{check_kind(kind)}")

    def snapshot_members(self, kind: str) -> pa.Table:
        """Every current record resolved to an entity of ``kind``: ``eid`` and the columns of
        :meth:`entity_members` (``raw``, ``raw_fields`` as JSON text), sorted by eid and rid."""
        return self._engine.table(f"snapshot_members_{check_kind(kind)}")

    def snapshot_relations(self) -> pa.Table:
        """Every relation between entities: ``type, from_eid, to_eid, rids, rule``."""
        return self._engine.table("snapshot_relations")

    def entity_briefs(self, kind: str, eids: list[str]) -> dict[str, dict[str, Any]]:
        """eid -> ``name`` (not for places), ``address``, ``status`` of each of ``eids`` of
        ``kind`` that exists."""
        if not eids:
            return {}
        rows = self._engine.read(f"entity_briefs_{check_kind(kind)}", {"eids": list(dict.fromkeys(eids))})
        return {r.pop("eid"): _present(r) for r in rows}

    def shortest_connection(self, a: tuple[str, str], b: tuple[str, str]) -> dict[str, Any] | None:
        """The shortest chain of relations (at most 6) between entities ``a`` and ``b``, each
        given as ``(kind, eid)``: ``eids`` along it from ``a`` to ``b`` and the relation
        ``types`` between them, or None."""
        (ka, ea), (kb, eb) = (check_kind(a[0]), a[1]), (check_kind(b[0]), b[1])
        flip = KINDS.index(ka) > KINDS.index(kb)  # one file per unordered pair of kinds
        if flip:
            (ka, ea), (kb, eb) = (kb, eb), (ka, ea)
        rows = self._engine.read(f"shortest_connection_{ka}_{kb}", {"a": ea, "b": eb})
        if not rows:
            return None
        eids, types = list(rows[0]["eids"]), list(rows[0]["types"])
        return {"eids": eids[::-1], "types": types[::-1]} if flip else {"eids": eids, "types": types}

    def shared_keys(self, kind: str, eid: str, types: list[str],
                    limit: int = 1000) -> list[dict[str, Any]]:
        """Other entities holding an identifier of ``types`` that ``eid``'s records hold:
        rows of ``type``, ``value``, ``eid``."""
        return self._engine.read(f"shared_keys_{check_kind(kind)}",
                                 {"eid": eid, "types": types, "limit": limit})

    def record_entity(self, rid: str) -> dict[str, Any] | None:
        """The entity a source record resolves to (``eid, name, rule, run_id``), or None."""
        rows = self._engine.read("record_entity", {"rid": rid})
        return rows[0] if rows else None

    def record_batch(self, rid: str) -> dict[str, Any] | None:
        """The batch that loaded a record's current version, or None."""
        rows = self._engine.read("record_batch", {"rid": rid})
        return rows[0] if rows else None

    def record_evidence(self, rid: str) -> list[dict[str, Any]]:
        """Scored pairs touching ``rid``: ``other, weight, probability, status, detail
        (decoded), run_id``, strongest first."""
        out = []
        for r in self._engine.read("record_evidence", {"rid": rid}):
            r["detail"] = json.loads(r.get("detail") or "{}")
            out.append(r)
        return out

    def run_model(self, run_id: str) -> dict[str, Any] | None:
        """The model (decoded JSON) a resolution run scored with, or None."""
        rows = self._engine.read("get_run", {"run_id": run_id})
        return json.loads(rows[0]["model"] or "null") if rows else None

    def active_entities(self, kind: str) -> pd.DataFrame:
        """Active persons or organisations with the fields fuzzy search indexes."""
        if kind not in ("person", "organization"):
            raise ValueError(f"search indexes persons and organizations, not {kind!r}")
        frame = self._engine.frame(f"active_{'persons' if kind == 'person' else 'organizations'}")
        return frame.astype(object).where(frame.notna(), None)

    def read_cypher(self, text: str, params: dict[str, Any], limit: int,
                    timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        """Run caller-written read-only Cypher: the engine refuses writes (a read transaction),
        stops after ``limit`` rows and interrupts it after ``timeout_s``.

        Returns:
            (columns, rows, truncated).

        Raises:
            StoreError: the engine refused or failed the query; the message is its reason.
        """
        return self._engine.read_text(text, params, limit, timeout_s)

    def add_user(self, name: str, role: str, token_hash: str, created_at: str) -> None:
        """Create a user, or give an existing one a new role and token."""
        if self._engine.run("find_user", {"name": name}):
            self._engine.run("set_user_token", {"name": name, "role": role,
                                                "token_hash": token_hash, "active": True})
        else:
            self._engine.run("create_user", {"name": name, "role": role,
                                             "token_hash": token_hash, "created_at": created_at})

    def user_by_token(self, token_hash: str) -> dict[str, Any] | None:
        """The active user holding a token (by its hash), or None."""
        rows = self._engine.read("user_by_token", {"token_hash": token_hash})
        return rows[0] if rows else None

    def users(self) -> list[dict[str, Any]]:
        """Every user: name, role, created_at, active (never the token hash)."""
        return self._engine.run("list_users")

    def append_audit(self, entries: list[dict[str, Any]]) -> None:
        """Append audit entries (``aid, at, user, role, action, method, path, status,
        entities (list), detail, client``) in one transaction."""
        if entries:
            with self._engine.transaction():
                self._engine.run("create_audit_entries", {"rows": entries})

    def audit(self, user: str = "", action: str = "", eid: str = "", since: str = "",
              limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Audit entries, newest first, filtered by user, action, entity and time."""
        return self._engine.run("list_audit", {"user": user, "action": action, "eid": eid,
                                               "since": since, "skip": offset, "limit": limit})


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame``'s rows as maps of Python values, nulls as None, for an engine's parameters.
    The loader's Arrow-backed frames go through Arrow, so list cells stay lists, not arrays."""
    if any(isinstance(t, pd.ArrowDtype) for t in frame.dtypes):
        return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _edges(frm: pd.Series | list, to: pd.Series | str) -> pd.DataFrame:
    frame = pd.DataFrame({"from": pd.Series(frm).reset_index(drop=True)})
    frame["to"] = to if isinstance(to, str) else pd.Series(to).reset_index(drop=True)
    return frame


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """Drop absent properties: LadybugDB lists null columns, Neo4j stores none."""
    return {k: v for k, v in props.items() if v is not None}


def decode_entity(props: dict[str, Any]) -> dict[str, Any]:
    """An entity node as a profile reads it: absent properties dropped, ``provenance``,
    ``alternatives`` and ``rule`` decoded from JSON (``{}`` when absent)."""
    e = _present(props)
    for key in ("provenance", "alternatives", "rule"):
        e[key] = json.loads(e.get(key) or "{}")
    return e


def decode_record(props: dict[str, Any], mapping: dict[str, Any] | None) -> dict[str, Any]:
    """A source record row as a profile shows it: absent properties dropped, ``raw`` decoded
    from JSON and, given the mapping of the record's batch, ``raw_fields`` derived from it."""
    rec = _present(props)
    rec.pop("raw_fields", None)  # stored by stores loaded before it was derived
    if "raw" in rec:
        rec["raw"] = json.loads(rec["raw"])
        if mapping is not None:
            rec["raw_fields"] = raw_fields(rec["raw"], mapping)
    if rec.get("flags") == []:
        del rec["flags"]
    return rec
