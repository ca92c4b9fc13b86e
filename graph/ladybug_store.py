"""LadybugDB engine: an embedded store in a folder on disk, no server.

Facts that shape it (measured on 0.22.0): one process owns a folder read-write; ``COPY FROM`` a
DataFrame is the fast bulk path (~1M nodes in ~2 s) and maps columns by POSITION, so frames are
reordered to the table's columns here; ``COPY`` of a duplicate primary key can crash the process,
so ``merge_nodes`` looks existing keys up first; a multi-threaded ``COPY`` can deadlock, so every
``COPY`` runs on one thread; ``COPY`` inside an explicit transaction rolls back with it, which makes
a whole batch atomic. A connection keeps every statement it prepared, with the values bound to
it, until it closes; a ``COPY FROM $frame`` is prepared anew for each frame, so the write connection
is renewed after each write that copied (see ``_renew``). The default HASH primary-key index loses keys
when ``COPY`` appends to a table that holds rows, so every node table gets an ART index instead
(see ``ensure_schema``). ``COPY`` writes nothing to the write-ahead log: a commit that copied is
durable through the checkpoint LadybugDB runs at that commit, so a load cannot defer checkpoints
to its end (measured: without one, a committed COPY is gone after a kill).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import ladybug
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.model import NODE_LABELS, PRIMARY_KEYS, REL_TYPES, SCHEMA_QUERIES
from graph.store import StoreBusyError, StoreError, frame_rows
from queries import load


OWNER_FILE = "owner.json"


def _owner(folder: Path) -> str:
    """Who holds the store, from the note its owner left (best effort: it may be stale)."""
    try:
        note = json.loads((folder / OWNER_FILE).read_text())
        return f" (pid {note['pid']}: {note['command']}, since {note['since']})"
    except (OSError, ValueError, KeyError):
        return ""


def _plain(value: Any) -> Any:
    """LadybugDB result values as plain Python: nodes without internals, sums as numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("_ID", "_LABEL", "_id", "_label")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class LadybugEngine:
    """Engine over one LadybugDB database folder, owned by this process while open."""

    name = "ladybug"

    def __init__(self, path: str | Path, read_only: bool = False, buffer_pool_mb: int = 0):
        folder = Path(path)
        self.location = str(folder)
        db_path = folder / "graph.lbdb"
        if read_only and not db_path.exists():
            raise StoreError(f"no store at {folder}: load a source first (yidang load MAPPING FILE)")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            # LadybugDB's page cache defaults to most of the machine's memory and counts in the
            # process's footprint; buffer_pool_mb caps it (see graph.DEFAULT_BUFFER_POOL_MB).
            pool = {"buffer_pool_size": buffer_pool_mb * 2**20} if buffer_pool_mb else {}
            self._db = ladybug.Database(str(db_path), read_only=read_only, **pool)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the store {folder} is open in another process{_owner(folder)} (LadybugDB "
                    "allows one owner); stop that process, or send the request to the running "
                    "`yidang serve`") from exc
            raise StoreError(f"cannot open the store {folder}: {exc}") from exc
        self._conn = ladybug.Connection(self._db)
        self._copied = False  # a COPY ran on self._conn since it was opened (see _renew)
        self._types: dict[str, dict[str, str]] = {}  # table -> property types (_types_of)
        self._lock = threading.RLock()
        self._readers = threading.local()  # one read connection per thread (see read())
        self._reader_conns: list[ladybug.Connection] = []
        self._in_tx = False
        self._owner_file = None if read_only else folder / OWNER_FILE
        if self._owner_file:
            self._owner_file.write_text(json.dumps({
                "pid": os.getpid(), "command": " ".join(sys.argv)[:200],
                "since": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}))

    # -- protocol -------------------------------------------------------------------------
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        text = load(query, self.name).text
        with self._lock:
            result = self._conn.execute(text, params or {})
            columns = result.get_column_names()
            rows = [dict(zip(columns, _plain(row))) for row in result.get_all()]
            result.close()
        return rows

    def table(self, query: str, params: dict[str, Any] | None = None) -> pa.Table:
        text = load(query, self.name).text
        with self._lock:
            result = self._conn.execute(text, params or {})
            try:
                return result.get_as_arrow()
            finally:
                result.close()

    def frame(self, query: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        table = self.table(query, params)
        # Column by column from Arrow (a quarter of the size of object frames): nulls become
        # None, and the peak is the Arrow table plus the frame, not two frames.
        columns = {}
        for name in table.column_names:
            col = table.column(name)
            if pa.types.is_list(col.type):  # list properties come back as Python lists
                values = np.empty(len(col), dtype=object)
                values[:] = col.to_pylist()
            elif pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
                values = _shared_strings(col)
            else:
                values = col.to_numpy(zero_copy_only=False)
            columns[name] = values
            table = table.drop_columns([name])
        return pd.DataFrame(columns, copy=False)

    def create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        if label not in NODE_LABELS:
            raise ValueError(f"unknown node label {label!r}")
        self._copy(label, self._conform(label, frame), {})

    def merge_nodes(self, label: str, frame: pd.DataFrame) -> None:
        if label != "Key":
            raise ValueError(f"merge_nodes creates Key nodes only, not {label!r}")
        frame = frame.drop_duplicates("k")
        fresh = frame[~self._stored(label, frame["k"])]
        if len(fresh):
            self._copy(label, self._conform(label, fresh), {})

    def create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if (from_label, to_label) not in REL_TYPES.get(rel_type, ()):
            raise ValueError(f"unknown relationship {from_label}-[:{rel_type}]->{to_label}")
        self._copy(rel_type, frame, {"from": from_label, "to": to_label})

    def replace_records(self, frame: pd.DataFrame) -> None:
        full = self._conform("SourceRecord", frame)
        rows = frame_rows(full)
        for i in range(0, len(rows), 50_000):
            self.run("update_records", {"rows": rows[i:i + 50_000]})

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._in_tx:  # nested: the outer transaction decides
                yield
                return
            self._conn.execute("BEGIN TRANSACTION").close()
            self._in_tx = True
            try:
                yield
            except BaseException:
                try:
                    self._conn.execute("ROLLBACK").close()
                except RuntimeError:
                    pass  # a failed statement has already rolled the transaction back
                raise
            else:
                self._conn.execute("COMMIT").close()
            finally:
                self._in_tx = False
                self._renew()

    def ensure_schema(self) -> None:
        """Create what is missing: tables, then an ART primary-key index per node table.

        LadybugDB gives a node table a HASH primary-key index by default; 0.22.0's loses keys
        when COPY appends to a table that holds rows (a row stays, but neither a lookup nor a
        relationship COPY finds it: 1 key in ~150k, depending on the keys; see
        tests/graph/test_ladybug_store.py). Tables are created with that default switched off and
        every node table, whatever schema file made it, gets an ART index on its primary key; a
        store made before this has its HASH indexes replaced, which also makes any key they lost
        findable again.
        """
        with self._lock:
            self._conn.execute("CALL enable_default_hash_index=false").close()
            for name in SCHEMA_QUERIES:
                for statement in load(name, self.name).statements():
                    self._conn.execute(statement).close()
            for table, index in self._rows("CALL show_indexes() WHERE index_type = 'HASH' "
                                           "RETURN table_name, index_name"):
                self._conn.execute(f"DROP INDEX `{table}`.`{index}`").close()
            for (table,) in self._rows("CALL show_tables() WHERE type = 'NODE' RETURN name"):
                (key,), = self._rows(f"CALL table_info('{table}') WHERE `primary key` RETURN name")
                self._conn.execute(f"CREATE ART INDEX `{table}_pk` IF NOT EXISTS "
                                   f"FOR (n:`{table}`) ON (n.`{key}`)").close()
            self._types.clear()

    def _rows(self, text: str) -> list[list[Any]]:
        """All rows of a catalogue call on the write connection (under its lock)."""
        res = self._conn.execute(text)
        try:
            return res.get_all()
        finally:
            res.close()

    # -- concurrent reads (the HTTP service) --------------------------------------------------
    def _reader(self) -> ladybug.Connection:
        """This thread's read connection: LadybugDB runs reads on many connections at once,
        where ``run`` serialises everything on the one write connection."""
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = ladybug.Connection(self._db)
            # Serving reads are key lookups: one thread each (sixteen requests on two cores
            # otherwise fight over every core; ~15% more profiles/s measured).
            conn.set_max_threads_for_exec(1)
            with self._lock:
                self._reader_conns.append(conn)
            self._readers.conn = conn
        return conn

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run named read query ``query`` on this thread's read connection."""
        conn = self._reader()
        result = conn.execute(load(query, self.name).text, params or {})
        try:
            columns = result.get_column_names()
            return [dict(zip(columns, _plain(row))) for row in result.get_all()]
        finally:
            result.close()

    def read_text(self, text: str, params: dict[str, Any], limit: int,
                  timeout_s: float) -> tuple[list[str], list[list[Any]], bool]:
        """Run caller-written Cypher in a READ ONLY transaction (LadybugDB refuses any write in
        it), stopping after ``limit`` rows and interrupting it after ``timeout_s``.

        Returns:
            (column names, up to ``limit`` rows, whether more rows were left unread).
        """
        conn = self._reader()
        conn.set_query_timeout(int(timeout_s * 1000))
        conn.set_max_threads_for_exec(0)  # an analyst's scan may use every core
        conn.execute("BEGIN TRANSACTION READ ONLY").close()
        try:
            result = conn.execute(text, params)
            try:
                columns = result.get_column_names()
                rows = []
                while result.has_next() and len(rows) < limit:
                    rows.append(_plain(result.get_next()))
                more = result.has_next()
            finally:
                result.close()
        except RuntimeError as exc:
            raise StoreError(str(exc)) from exc
        finally:
            try:
                conn.execute("ROLLBACK").close()
            except RuntimeError:
                pass  # a failed statement has already rolled the transaction back
            conn.set_query_timeout(0)
            conn.set_max_threads_for_exec(1)
        return columns, rows, more

    def close(self) -> None:
        with self._lock:
            for conn in self._reader_conns:
                conn.close()
            self._reader_conns.clear()
            self._conn.close()
            self._db.close()
            if self._owner_file:
                self._owner_file.unlink(missing_ok=True)

    # -- internals ------------------------------------------------------------------------
    def _copy(self, table: str, frame: pd.DataFrame, options: dict[str, str]) -> None:
        opts = ", ".join(f"{k}='{v}'" for k, v in options.items())
        text = f"COPY {table} FROM $frame" + (f" ({opts})" if opts else "")
        with self._lock:
            # One thread: a multi-threaded COPY into a table with a primary key deadlocks in
            # LadybugDB 0.22.0's index builder (two workers waiting on one rwlock, seen with gdb;
            # 1 hang in 1-2 COPYs into the Key table), single-threaded it never did (COPY Key x6
            # into a growing table, 3M keys), and on two shared cores it is no slower.
            self._conn.set_max_threads_for_exec(1)
            self._copied = True
            try:
                self._conn.execute(text, {"frame": self._scan_source(table, frame)}).close()
            finally:
                self._conn.set_max_threads_for_exec(0)
                self._renew()  # not inside a transaction: _renew waits for its end

    def _renew(self) -> None:
        """A fresh write connection if a COPY ran on this one, outside any transaction.

        ladybug caches each statement a connection prepares, keyed by the identity of the frame
        bound to it, and the C++ side keeps every prepared plan, until the connection closes: every
        frame ever copied stayed in memory (0.9 GB of Arrow buffers and ~1.9 GB of the main
        process's 3.7 GB peak after loading the 200k-person city). Closing the connection frees
        them; opening one costs well under a millisecond.
        """
        with self._lock:
            if not self._copied or self._in_tx:
                return
            self._conn.close()
            self._conn = ladybug.Connection(self._db)
            self._copied = False

    def _scan_source(self, table: str, frame: pd.DataFrame) -> pd.DataFrame | pa.Table:
        """What COPY reads: an Arrow-backed frame (the loader's) goes as an Arrow table typed like
        ``table``, which LadybugDB scans without a Python object per value (~25% less CPU and a
        third of the memory of object columns); any other frame goes as it is."""
        frame = frame.reset_index(drop=True)
        if not any(isinstance(t, pd.ArrowDtype) for t in frame.dtypes):
            return frame
        types = self._types_of(table)
        fields = []
        for col in frame.columns:
            arrow = _ARROW_TYPES.get(types.get(col, "STRING"))
            if arrow is None:  # a type the loader never writes: let LadybugDB convert it
                return frame
            fields.append(pa.field(col, arrow))
        return pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)

    def _conform(self, label: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Reorder ``frame`` to the table's columns (COPY maps by position); absent ones null."""
        columns = tuple(self._types_of(label))
        extra = set(frame.columns) - set(columns)
        if extra:
            raise StoreError(f"{label} has no properties {sorted(extra)}; add them to "
                             "queries/ladybug/create_schema.cypher (records) or create_resolution_schema.cypher "
                             "(entities)")
        absent = [c for c in columns if c not in frame.columns]
        if not absent:
            return frame[list(columns)]
        # None, not NaN (which would be cast to the column type); np.full, not a list of Nones
        # (2 s per 600k rows x 35 absent columns when pandas converts the list).
        nulls = pd.DataFrame({c: np.full(len(frame), None, dtype=object) for c in absent},
                             index=frame.index)
        return pd.concat([frame, nulls], axis=1)[list(columns)]


    def _types_of(self, table: str) -> dict[str, str]:
        if table not in self._types:
            with self._lock:
                self._types[table] = _table_types(self._conn, table)
        return self._types[table]

    def _stored(self, label: str, keys: pd.Series) -> np.ndarray:
        """Which of ``keys`` are primary keys ``label`` already holds (a duplicate key in a COPY
        can crash the process). Reading every key of the table is a column scan (~0.2 s for 500k)
        where looking keys up one by one costs ~5 s per million, so scan unless the table is
        much larger than the batch; the scan is matched in Arrow, without a Python str per key."""
        pk = PRIMARY_KEYS[label]
        with self._lock:
            res = self._conn.execute(f"MATCH (n:{label}) RETURN count(*)")
            size = res.get_next()[0]
            res.close()
            if not size:
                return np.zeros(len(keys), dtype=bool)
            if size <= 4 * len(keys):
                res = self._conn.execute(f"MATCH (n:{label}) RETURN n.{pk}")
                stored = res.get_as_arrow().column(0)
                res.close()  # an open result pins pages: a later COPY can wait on it forever
                wanted = pa.array(keys, type=pa.string(), from_pandas=True)
                return pc.is_in(wanted, value_set=stored.combine_chunks()).to_numpy(
                    zero_copy_only=False)
            found: set[str] = set()
            values = keys.to_numpy(dtype=object).tolist()
            for i in range(0, len(values), 200_000):
                res = self._conn.execute(
                    f"UNWIND $keys AS x MATCH (n:{label} {{{pk}: x}}) RETURN n.{pk}",
                    {"keys": values[i:i + 200_000]})
                found.update(r[0] for r in res.get_all())
                res.close()
        return keys.isin(found).to_numpy(dtype=bool)


def _shared_strings(col: pa.ChunkedArray) -> np.ndarray:
    """A string column as an object array holding one Python ``str`` per distinct value (nulls
    None): equal cells share one object. Records repeat most of their values (source, batch,
    province, gender: a handful each), and a ``str`` per cell made the 200k city's person
    frame ~1 GB of Python objects where the distinct values are ~150 MB."""
    # One hash pass; null is encoded as a value of its own, so positions have no nulls.
    encoded = col.combine_chunks().dictionary_encode(null_encoding="encode")
    return encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy()]


#: LadybugDB column types as Arrow types, for COPY from Arrow-backed frames.
_ARROW_TYPES = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(),
                "BOOL": pa.bool_(), "STRING[]": pa.list_(pa.string())}


def _table_types(conn: ladybug.Connection, table: str) -> dict[str, str]:
    """Property name -> LadybugDB type, in column order; a relationship table's ``from``/``to``
    are not listed."""
    res = conn.execute(f"CALL table_info('{table}') RETURN name, type ORDER BY `property id`")
    types = {r[0]: r[1] for r in res.get_all()}
    res.close()
    return types
