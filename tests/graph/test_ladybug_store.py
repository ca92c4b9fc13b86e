"""LadybugDB-specific behaviour: ownership, schema agreement with the shared queries."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from graph import StoreBusyError, open_store
from graph.ladybug_store import _table_columns
from queries import load


def test_update_query_sets_every_source_record_property(tmp_path):
    store = open_store(tmp_path / "s")
    columns = set(_table_columns(store._engine._conn, "SourceRecord")) - {"rid"}
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
    import pyarrow as pa

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
    import gc

    import pandas as pd
    import pyarrow as pa

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
