"""LadybugDB-specific behaviour: ownership, schema agreement with the shared queries."""

from __future__ import annotations

import gc
import random
import re
import subprocess
import sys
import textwrap

import ladybug
import pandas as pd
import pyarrow as pa
import pytest

from graph import StoreBusyError, open_store
from graph.ladybug_store import _table_types
from graph.model import PRIMARY_KEYS
from queries import load


def test_update_query_sets_every_source_record_property(tmp_path):
    store = open_store(tmp_path / "s")
    columns = set(_table_types(store._engine._conn, "SourceRecord")) - {"rid"}
    text = load("update_records", "ladybug").text
    assert set(re.findall(r"s\.(\w+) = (?:CAST\()?r\.\1\b", text)) == columns
    store.close()


def test_second_process_is_refused_with_the_owner_named(tmp_path):
    folder = tmp_path / "s"
    store = open_store(folder)
    code = textwrap.dedent(f"""
        from graph import open_store, StoreBusyError
        try:
            open_store({str(folder)!r})
        except StoreBusyError as e:
            print(e)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    store.close()
    assert "is open in another process" in out.stdout
    assert "pid" in out.stdout and "yidang serve" in out.stdout


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(Exception, match="load a source first"):
        open_store(tmp_path / "nothing", read_only=True)


def test_string_columns_share_one_object_per_distinct_value():

    from graph.ladybug_store import _shared_strings

    col = pa.chunked_array([["北京市", None, "上海市"], ["北京市", "", None]])
    values = _shared_strings(col)
    assert values.dtype == object
    assert values.tolist() == ["北京市", None, "上海市", "北京市", "", None]
    assert values[0] is values[3]  # one str per distinct value, not one per cell
    assert _shared_strings(pa.chunked_array([], type=pa.string())).tolist() == []


def test_a_written_frame_is_not_kept_alive_by_the_store(tmp_path):
    # ladybug caches the statement of every COPY FROM $frame with its frame until the connection
    # closes; the store renews its write connection so each file's frames go when written.


    store = open_store(tmp_path / "s")
    engine = store._engine
    gc.collect()
    before = pa.total_allocated_bytes()
    for batch in range(3):
        keys = pd.Series([f"k{batch}-{i:06d}-" + "x" * 200 for i in range(20_000)],
                         dtype=pd.ArrowDtype(pa.string()))
        frame = pd.DataFrame({"k": keys, "type": "t", "value": keys})
        with engine.transaction():
            engine.create_nodes("Key", frame)
        engine.create_nodes("Key", frame.assign(k=frame["k"] + "!"))  # outside a transaction
        del keys, frame
    gc.collect()
    assert pa.total_allocated_bytes() - before < 2**20
    assert store._engine.run("count_keys")[0]["n"] == 120_000
    store.close()


# -- primary-key indexes ------------------------------------------------------------------------

def _lost_keys_batches():
    """Three batches of keys after which LadybugDB 0.22.0's HASH index has lost one key of the
    second batch (found by trying seeds; the loss depends on the keys' hashes, not on their
    number: a 605k-key load in another order lost none)."""
    rnd = random.Random(1)
    return [list(dict.fromkeys(
        f"src{b}:" + "".join(rnd.choice("0123456789") for _ in range(rnd.choice([12, 20])))
        for _ in range(n))) for b, n in enumerate((20422, 18702, 105389))]


def _unfindable(conn, table: str, key: str, keys: list[str]) -> int:
    res = conn.execute(f"UNWIND $ks AS x MATCH (n:{table} {{{key}: x}}) RETURN count(*)",
                       {"ks": keys})
    found = res.get_next()[0]
    res.close()
    return len(keys) - found


def _copy_batches(conn, table: str, columns: tuple[str, ...]) -> list[str]:
    """COPY the three batches into ``table``, each key in every one of ``columns``."""
    every = []
    for keys in _lost_keys_batches():
        conn.execute(f"COPY {table} FROM $f", {"f": pa.table({c: keys for c in columns})}).close()
        every += keys
    return every


def test_every_node_table_has_an_art_primary_key_index(tmp_path):
    store = open_store(tmp_path / "s")
    res = store._engine._conn.execute(
        "CALL show_indexes() RETURN table_name, index_type, property_names")
    indexes = sorted(res.get_all())  # rows, not a map: a second index on a table would show
    res.close()
    store.close()
    keys = {**PRIMARY_KEYS, "User": "name", "AuditEntry": "aid"}
    assert indexes == sorted([label, "ART", [key]] for label, key in keys.items())


def test_appended_keys_stay_findable_where_the_hash_index_loses_one(tmp_path):
    # The engine's default: a HASH index. If this stops losing the key, LadybugDB has fixed
    # the bug and ensure_schema's switch to ART indexes can be reconsidered.
    db = ladybug.Database(str(tmp_path / "hash"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE T(id STRING, PRIMARY KEY(id))").close()
    assert _unfindable(conn, "T", "id", _copy_batches(conn, "T", ("id",))) == 1
    conn.close()
    db.close()

    # The same keys appended to the store's own Key table, as ensure_schema made it.
    store = open_store(tmp_path / "s")
    conn = store._engine._conn
    every = _copy_batches(conn, "Key", ("k", "type", "value"))
    assert _unfindable(conn, "Key", "k", every) == 0
    store.close()


def test_a_store_made_with_hash_indexes_gets_art_ones_and_keeps_its_rows(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    db = ladybug.Database(str(folder / "graph.lbdb"))  # where the engine keeps its database
    conn = ladybug.Connection(db)
    for statement in load("create_schema", "ladybug").statements():  # default: HASH indexes
        conn.execute(statement).close()
    conn.execute("CREATE (:Key {k: 'phone:13800000000', type: 'phone', value: '13800000000'})")
    every = _copy_batches(conn, "Key", ("k", "type", "value"))
    assert _unfindable(conn, "Key", "k", every) == 1  # the HASH index lost one
    conn.close()
    db.close()

    store = open_store(folder)
    conn = store._engine._conn
    res = conn.execute("CALL show_indexes() RETURN DISTINCT index_type")
    assert res.get_all() == [["ART"]]
    res.close()
    assert _unfindable(conn, "Key", "k", every) == 0  # the rebuilt index finds it again
    assert store._engine.run("count_keys", {})  # the row is there ...
    res = conn.execute("MATCH (k:Key {k: 'phone:13800000000'}) RETURN k.value")
    assert res.get_all() == [["13800000000"]]  # ... and found through the new index
    res.close()
    store.close()


COPY_THEN_DIE = textwrap.dedent("""
    import os, sys
    import ladybug, pandas as pd
    db = ladybug.Database(sys.argv[1] + "/graph.lbdb")
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE T(k STRING, PRIMARY KEY(k))")
    conn.execute("CREATE (:T {k: 'created'})")
    if sys.argv[2] == "defer":
        conn.execute("CALL auto_checkpoint=false")
    conn.execute("BEGIN TRANSACTION")
    conn.execute("COPY T FROM $f", {"f": pd.DataFrame({"k": [f"c{i}" for i in range(1000)]})})
    conn.execute("COMMIT")
    print("committed", flush=True)
    os.kill(os.getpid(), 9)
""")


@pytest.mark.parametrize("mode, kept", [("checkpoint", 1001), ("defer", 1)])
def test_a_committed_copy_is_durable_only_through_its_checkpoint(tmp_path, mode, kept):
    # Why every batch commits with a checkpoint (LadybugDB's default), although one checkpoint
    # per load would save several seconds at 200k persons: COPY writes no WAL records, so a
    # commit whose checkpoint is deferred is gone after a kill. If this starts keeping 1001
    # rows with "defer", the load could checkpoint once at its end.
    child = subprocess.run([sys.executable, "-c", COPY_THEN_DIE, str(tmp_path), mode],
                           capture_output=True, text=True, check=False)
    assert child.stdout.strip() == "committed", child.stderr  # killed after its commit, not before
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "graph.lbdb")))
    assert conn.execute("MATCH (t:T) RETURN count(*)").get_next()[0] == kept
