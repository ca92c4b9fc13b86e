"""The resolved graph as the service reads it: every entity (active, or a stub of an id merged
away), its member records, its relations, redirects and history, held in memory as Arrow tables
sorted by entity id — so a profile costs a few binary searches, not four queries.

A :class:`Snapshot` answers the reads a profile makes with the names and shapes
:class:`graph.GraphStore` uses (``entity``, ``entity_members``, ``entity_neighbours``,
``entity_redirects``, ``entity_history``, ``batch_files``, ``active_entities``), so
:mod:`api.profiles` serves from either: the service from a snapshot, the CLI from the store.
The service builds one at start-up and again when a resolution run or a load lands
(:mod:`api.service`); until then it answers as of the last run, which is what the store holds
too, since entities change only when a run is written.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph import GraphStore
from graph.model import KINDS, check_kind
from graph.store import decode_entity, decode_record

log = logging.getLogger("yidang.api")

#: Columns of :meth:`Snapshot.active_entities`, as GraphStore.active_entities returns them.
_SEARCHED = {"person": ("eid", "name", "birth_date", "gender", "address", "id_number"),
             "organization": ("eid", "name", "uscc", "address")}


class _Grouped:
    """The rows of an Arrow table by the value of a string column: the table sorted by it (stably:
    a value's rows keep their order), and a dict from each value to where its rows start (a dict
    probe is ~20x cheaper than ``np.searchsorted`` on a string array, which converts its needle on
    every call). Rows are read column by column (a third of the cost of
    ``Table.slice(...).to_pylist()``)."""

    def __init__(self, table: pa.Table, key: str):
        if table.num_rows:
            keys = table.column(key).to_numpy(zero_copy_only=False).astype(str)
            if (keys[:-1] > keys[1:]).any():  # not sorted by the store already
                order = np.argsort(keys, kind="stable")
                keys, table = keys[order], table.take(order)
            values, starts = np.unique(keys, return_index=True)
            self._start = dict(zip(values.tolist(), range(len(values))))
            self._bounds = np.append(starts, len(keys)).tolist()
            table = table.combine_chunks()
        else:
            self._start, self._bounds = {}, [0]
        self.table = table
        self._names = table.column_names
        self._columns = [c.chunk(0) if c.num_chunks == 1 else c for c in table.columns]

    def __len__(self) -> int:
        return self.table.num_rows

    def rows(self, value: str) -> list[dict[str, Any]]:
        i = self._start.get(value)
        if i is None:
            return []
        lo, hi = self._bounds[i], self._bounds[i + 1]
        columns = [c.slice(lo, hi - lo).to_pylist() for c in self._columns]
        return [dict(zip(self._names, row)) for row in zip(*columns)]

    def first(self, value: str) -> dict[str, Any] | None:
        i = self._start.get(value)
        return None if i is None else self.row(self._bounds[i])

    def row(self, position: int) -> dict[str, Any]:
        """The row at ``position`` of the sorted table."""
        return {n: c[position].as_py() for n, c in zip(self._names, self._columns)}

    def at(self, positions: list[int]) -> list[dict[str, Any]]:
        """The rows at ``positions`` of the sorted table."""
        if not positions:
            return []
        index = pa.array(positions, pa.int64())
        columns = [c.take(index).to_pylist() for c in self._columns]
        return [dict(zip(self._names, row)) for row in zip(*columns)]


class Snapshot:
    """Entities, members, relations, redirects, history and batches of one store, in memory."""

    def __init__(self, store: GraphStore):
        t = time.perf_counter()
        self._entities = {k: _Grouped(store.snapshot_entities(k), "eid") for k in KINDS}
        self._members = {k: _Grouped(store.snapshot_members(k), "eid") for k in KINDS}
        relations = self._with_ends(store.snapshot_relations())
        self._out = _Grouped(relations, "from_eid")
        # Incoming relations: positions in _out by their to_eid (an index, not a second copy of
        # the table, which was 102 MiB at 200k persons).
        self._in = _Grouped(pa.table({"to_eid": self._out.table.column("to_eid"),
                                      "row": pa.array(np.arange(len(self._out)))}), "to_eid")
        self._redirects = {k: _Grouped(self._stubs(k), "redirect_to") for k in KINDS}
        events = store.entity_events()  # sorted by eid, time, event id
        self._history = _Grouped(pa.Table.from_pandas(
            events[["eid", "at", "event", "detail", "run_id"]], preserve_index=False), "eid")
        batches = store.batches(limit=1_000_000)
        self._batches = {b.batch_id: {"file": b.file, "loaded_at": b.loaded_at} for b in batches}
        self._mappings = {b.batch_id: json.loads(b.mapping or "{}") for b in batches}
        log.info("snapshot: %s entities, %s member records, %d relations, %d events in %.1fs "
                 "(%.0f MB of tables)", {k: len(v) for k, v in self._entities.items()},
                 {k: len(v) for k, v in self._members.items()}, len(self._out),
                 len(self._history), time.perf_counter() - t, self.nbytes / 2**20)

    @property
    def nbytes(self) -> int:
        """Bytes held by the tables' Arrow buffers (their id indexes come on top)."""
        groups = [*self._entities.values(), *self._members.values(), self._out, self._in,
                  *self._redirects.values(), self._history]
        return sum(g.table.nbytes for g in groups)

    # -- the reads a profile makes (GraphStore's names and shapes) ---------------------------
    def entity(self, kind: str, eid: str) -> dict[str, Any] | None:
        """The entity node (active or a redirect stub) with its JSON fields decoded, or None."""
        row = self._entities[check_kind(kind)].first(eid)
        return None if row is None else decode_entity(row)

    def entity_members(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """The source records resolved to ``eid``, as GraphStore.entity_members gives them."""
        out = []
        for row in self._members[check_kind(kind)].rows(eid):
            del row["eid"]
            out.append(decode_record(row, self._mappings.get(row.get("batch_id"))))
        return out

    def entity_neighbours(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """Relations touching ``eid`` in their own direction, with the other entity's name and
        address (GraphStore.entity_neighbours)."""
        out = []
        for row in self._out.rows(eid):
            out.append(self._neighbour(row, "to"))
        for row in self._out.at([r["row"] for r in self._in.rows(eid)]):
            if row["from_eid"] != row["to_eid"]:  # a self-loop is listed once
                out.append(self._neighbour(row, "from"))
        return out

    def entity_redirects(self, kind: str, eid: str) -> list[dict[str, Any]]:
        """Ids merged into ``eid`` that now redirect to it, oldest id first (the stubs are
        taken from the eid-sorted entities, and grouping by ``redirect_to`` keeps that order)."""
        return [{"eid": r["eid"], "reason": r["redirect_reason"], "at": r["redirected_at"]}
                for r in self._redirects[check_kind(kind)].rows(eid)]

    def entity_history(self, eid: str) -> list[dict[str, Any]]:
        """The entity's events, oldest first."""
        rows = self._history.rows(eid)
        for r in rows:
            del r["eid"]
        return rows

    def batch_files(self, batch_ids: list[str]) -> dict[str, dict[str, Any]]:
        """batch_id -> ``file`` and ``loaded_at`` of each of ``batch_ids`` that exists."""
        return {b: self._batches[b] for b in batch_ids if b in self._batches}

    def active_entities(self, kind: str) -> pd.DataFrame:
        """Active persons or organisations with the fields fuzzy search indexes
        (GraphStore.active_entities)."""
        if kind not in _SEARCHED:
            raise ValueError(f"search indexes persons and organizations, not {kind!r}")
        table = self._entities[kind].table
        if table.num_rows:
            table = table.filter(pc.equal(table.column("status"), "active"))
        frame = table.select(list(_SEARCHED[kind])).to_pandas() if table.num_rows else \
            pd.DataFrame(columns=list(_SEARCHED[kind]))
        return frame.astype(object).where(frame.notna(), None)

    # -- building ---------------------------------------------------------------------------
    def _stubs(self, kind: str) -> pa.Table:
        table = self._entities[kind].table
        if not table.num_rows:
            return pa.table({"redirect_to": pa.array([], pa.string())})
        table = table.filter(pc.equal(table.column("status"), "redirected"))
        return table.select(["eid", "redirect_to", "redirect_reason", "redirected_at"])

    def _with_ends(self, relations: pa.Table) -> pa.Table:
        """``relations`` with the name and address of both ends (one pass at build time: an
        organisation with hundreds of employees is then no slower to serve than a person)."""
        if not relations.num_rows:
            return pa.table({"from_eid": pa.array([], pa.string()),
                             "to_eid": pa.array([], pa.string())})
        names, addresses = {}, {}
        for kind, group in self._entities.items():
            table = group.table
            if not table.num_rows:
                continue
            eids = table.column("eid").to_pylist()
            addresses.update(zip(eids, table.column("address").to_pylist()))
            if kind != "place":
                names.update(zip(eids, table.column("name").to_pylist()))
        for end in ("from", "to"):
            ids = relations.column(f"{end}_eid").to_pylist()
            relations = relations.append_column(
                f"{end}_name", pa.array([names.get(e) for e in ids], pa.string()))
            relations = relations.append_column(
                f"{end}_address", pa.array([addresses.get(e) for e in ids], pa.string()))
        return relations

    @staticmethod
    def _neighbour(row: dict[str, Any], other: str) -> dict[str, Any]:
        return {"type": row["type"], "from_eid": row["from_eid"], "to_eid": row["to_eid"],
                "name": row[f"{other}_name"] or None, "address": row[f"{other}_address"],
                "rids": row["rids"], "rule": row["rule"]}
