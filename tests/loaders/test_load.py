"""The load pipeline end to end on a real store: counts, quarantine, versions, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph import open_store
from loaders import load_file, load_files, load_mapping
from loaders.load import _commit_order
from loaders.errors import MappingError, SourceFileError
from tests.factories import PERSON_ROWS, write_source


def _counts_add_up(batch):
    assert batch.rows_in == batch.rows_loaded + batch.rows_quarantined
    assert batch.rows_loaded == batch.rows_new + batch.rows_changed + batch.rows_unchanged


def test_clean_file_loads_every_row_standardised(store, source_files):
    report = load_file(store, *source_files())
    b = report.batch
    _counts_add_up(b)
    assert (b.rows_in, b.rows_new, b.rows_quarantined) == (3, 3, 0)
    rec = store.get_record("social_security:S002")
    assert rec["id_number"] == "11010519491231002X"  # 15 digits upgraded
    assert "id_number:upgraded_15" in rec["flags"]
    assert rec["raw_fields"]["id_number"] == "110105491231002"  # the raw value stays beside it
    assert rec["raw"]["csrq"] == "1949年12月31日" and rec["birth_date"] == "1949-12-31"
    assert rec["gender"] == "F" and rec["phone"] == "13900139000"
    s1 = store.get_record("social_security:S001")
    assert s1["id_valid"] is True and s1["phone"] == "13800138000"
    s3 = store.get_record("social_security:S003")
    assert s3["id_valid"] is False and "id_number:bad_check" in s3["flags"]  # kept, flagged
    assert [r["rid"] for r in store.records_with_key("id_number:11010519491231002X")] == [
        "social_security:S001", "social_security:S002"]
    assert store.find_batch("social_security", b.sha256).batch_id == b.batch_id


def test_bad_rows_go_to_quarantine_with_reasons_and_counts_add_up(store, source_files):
    text = (
        "grbh,xm,sfzh,xb,csrq,lxdh,dwmc,tyshxydm\n"
        "S1,张伟,11010519491231002X,1,19491231,,,\n"       # good
        ",无名,,,,,,\n"                                      # no key
        "S1,张伟伟,,,,,,\n"                                  # duplicate key
        "S2,王芳,1,2,3,4,5,6,7,8\n"                          # too many fields
        "S3,,,,,,,\n"                                        # nothing but a key
        "S4,李娜,bad-id,女,not a date,12,,\n"                # bad values: kept and flagged
    )
    mapping, file = source_files(raw_text=text)
    report = load_file(store, mapping, file)
    b = report.batch
    _counts_add_up(b)
    assert (b.rows_in, b.rows_loaded, b.rows_quarantined) == (6, 2, 4)
    reasons = {q["row_no"]: q["reason"] for q in store.quarantine(source="social_security")}
    assert reasons == {
        3: "no key: column 'grbh' is empty",
        4: "duplicate key 'S1' inside the file (first at row 2)",
        5: "row has 10 fields, the header has 8",
        6: "no values: every mapped column (xm, sfzh, xb, csrq, lxdh, dwmc, tyshxydm) is empty",
    }
    s4 = store.get_record("social_security:S4")
    assert s4["raw_fields"]["birth_date"] == "not a date" and "birth_date" not in s4
    assert {"birth_date:unparsed", "phone:invalid"} <= set(s4["flags"])
    assert store.status().quarantined == 4


def test_loading_the_same_file_twice_changes_nothing(store, source_files):
    mapping, file = source_files()
    first = load_file(store, mapping, file).batch
    again = load_file(store, mapping, file)
    assert again.already_loaded and again.batch.batch_id == first.batch_id
    assert len(store.batches()) == 1 and store.status().records == 3


def test_changed_row_becomes_a_new_version_and_the_old_stays_readable(store, tmp_path):
    load_file(store, *write_source(tmp_path / "v1"))
    rows = [dict(r) for r in PERSON_ROWS]
    rows[0]["lxdh"] = "13700137000"  # changed phone
    rows.append({**PERSON_ROWS[2], "grbh": "S004"})  # a new key
    b = load_file(store, *write_source(tmp_path / "v2", rows=rows)).batch
    _counts_add_up(b)
    assert (b.rows_new, b.rows_changed, b.rows_unchanged) == (1, 1, 2)
    rec = store.get_record("social_security:S001")
    assert rec["version"] == 2 and rec["phone"] == "13700137000" and rec["batch_id"] == b.batch_id
    [old] = store.record_versions("social_security:S001")
    assert old["version"] == 1 and old["canonical"]["phone"] == "13800138000"
    assert old["raw"]["lxdh"] == "138-0013-8000" and old["superseded_by"] == b.batch_id
    assert store.records_with_key("phone:13800138000") == []
    assert store.status().records == 4


def test_reverting_to_an_earlier_file_loads_the_reverted_values(store, tmp_path):
    v1 = write_source(tmp_path / "v1")
    load_file(store, *v1)
    rows = [dict(r) for r in PERSON_ROWS]
    rows[1]["xm"] = "王方"
    load_file(store, *write_source(tmp_path / "v2", rows=rows))
    back = load_file(store, *v1)
    assert not back.already_loaded and back.batch.rows_changed == 1
    assert store.get_record("social_security:S002")["name"] == "王芳"


@pytest.mark.parametrize("fmt, encoding", [("jsonl", "utf-8"), ("xlsx", "utf-8"),
                                           ("csv", "gb18030"), ("parquet", "utf-8")])
def test_every_format_gives_the_same_records(store, source_files, fmt, encoding):
    load_file(store, *source_files(fmt=fmt, encoding=encoding, source=f"s_{fmt}"))
    rec = store.get_record(f"s_{fmt}:S001")
    assert rec["name"] == "张伟" and rec["id_number"] == "11010519491231002X"


def test_file_problems_stop_before_anything_is_written(store, source_files):
    rows = [{k: v for k, v in r.items() if k != "lxdh"} for r in PERSON_ROWS]
    with pytest.raises(SourceFileError, match="has no column 'lxdh'"):
        load_file(store, *source_files(rows=rows))
    with pytest.raises(MappingError, match="unknown kind"):
        load_file(store, *source_files(kind="vehicle"))
    mapping, file = source_files()
    file.write_bytes(file.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(SourceFileError, match="decodes as GB18030"):
        load_file(store, mapping, file)
    assert store.batches() == [] and store.status().records == 0


def test_files_prepared_in_workers_load_the_same_records_as_in_process(tmp_path):
    jobs = [write_source(tmp_path / f"src{i}", source=f"s{i}") for i in range(3)]
    rows = [dict(r) for r in PERSON_ROWS]
    rows[0]["xb"] = ""  # a None among the values, and flags lists, cross the Parquet hand-off
    jobs.append(write_source(tmp_path / "src3", rows=rows, source="s3"))
    records = {}
    for workers in (1, 2):
        with open_store(tmp_path / f"store{workers}") as s:
            reports = list(load_files(s, jobs, workers=workers))
            assert sorted(r.batch.source for r in reports) == ["s0", "s1", "s2", "s3"]
            records[workers] = [s.get_record(f"s{i}:S00{j}") for i in range(4) for j in (1, 2, 3)]
            assert s.records_with_key("id_number:11010519491231002X")
    for one, two in zip(records[1], records[2]):
        for varies in ("batch_id", "loaded_at"):
            one.pop(varies), two.pop(varies)
        assert one == two
    assert "gender" not in records[2][9] and records[2][10]["flags"]
    rows[1]["sfzh"] = "bad-id"  # a changed row, written from Arrow-backed frames
    changed = write_source(tmp_path / "src4", rows=rows, source="s3")
    with open_store(tmp_path / "store2") as s:
        report = {r.batch.source: r for r in load_files(s, [changed, jobs[0]], workers=2)}["s3"]
        assert report.batch.rows_changed == 1
        rec = s.get_record("s3:S002")
        assert rec["version"] == 2 and rec["id_valid"] is False and isinstance(rec["flags"], list)
        assert s.record_versions("s3:S002")[0]["canonical"]["id_number"] == "11010519491231002X"


def test_sources_are_committed_smallest_first_and_a_sources_files_in_the_order_given(tmp_path):
    rows = [dict(r) for r in PERSON_ROWS]
    more = [{**r, "grbh": f"B{i:03d}"} for i, r in enumerate(rows * 3)]
    big = write_source(tmp_path / "big", rows=more, source="big")
    first = write_source(tmp_path / "first", rows=rows[:2], source="two_files")
    second = write_source(tmp_path / "second", rows=rows[:1], source="two_files")
    small = write_source(tmp_path / "small", rows=rows[:1], source="small")
    jobs = [(load_mapping(m), f) for m, f in (big, first, second, small)]
    order = [(m.source, Path(f).parent.name) for m, f in _commit_order(jobs)]
    # two_files (two files, 3 rows in all) is smaller than big (9), larger than small; its second
    # file is smaller than its first but stays after it.
    assert order == [("small", "small"), ("two_files", "first"), ("two_files", "second"),
                     ("big", "big")]
    with open_store(tmp_path / "s") as s:
        reports = list(load_files(s, [big, first, second, small], workers=2))
        assert [Path(r.batch.file).parent.name for r in reports] == [
            "small", "first", "second", "big"]
        assert s.get_record("two_files:S001")["version"] == 1  # the same row in both files


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_file_among_many_stops_the_load_before_anything_is_written(store, tmp_path, workers):
    good = write_source(tmp_path / "good")
    rows = [{k: v for k, v in r.items() if k != "lxdh"} for r in PERSON_ROWS]
    bad = write_source(tmp_path / "bad", rows=rows, source="other")
    with pytest.raises(SourceFileError, match="has no column 'lxdh'"):
        list(load_files(store, [good, good, bad], workers=workers))
    assert store.batches() == [] and store.status().records == 0


def test_one_process_and_workers_load_the_same_records(tmp_path):
    jobs = [write_source(tmp_path / "a"), write_source(tmp_path / "b", source="other", fmt="jsonl")]
    loaded = []
    for workers in (1, 2):
        with open_store(tmp_path / f"s{workers}") as s:
            reports = list(load_files(s, jobs, workers=workers))
            loaded.append(([(r.batch.source, r.batch.rows_loaded, r.batch.rows_quarantined)
                            for r in reports], s.records_frame("person")
                           .drop(columns=["batch_id", "loaded_at"]).to_dict("records")))
    assert loaded[0] == loaded[1] and loaded[0][1]


def test_organization_and_place_sources_load(store, tmp_path):
    orgs = [{"code": "91350100M000100Y43", "mc": "上海宏达电子科技有限公司浦东分公司",
             "fr": "张伟", "clrq": "2015-06-01", "dz": "上海市浦东新区张江路100号"}]
    m, f = write_source(tmp_path / "o", rows=orgs, mapping={
        "source": "market", "kind": "organization", "key": "code",
        "fields": {"uscc": "code", "name": "mc", "legal_rep_name": "fr", "established": "clrq",
                   "address": "dz"}})
    load_file(store, m, f)
    org = store.get_record("market:91350100M000100Y43")
    assert org["uscc_valid"] is True and org["org_code"] == "M000100Y4"
    assert org["co_branch"] and org["addr_district"] == "浦东新区"
    places = [{"id": "A1", "addr": "上海市浦东新区张江路100号", "x": "121.59", "y": "31.20", "crs": "gcj02"}]
    m, f = write_source(tmp_path / "p", rows=places, mapping={
        "source": "addr", "kind": "place", "key": "id",
        "fields": {"address": "addr", "lng": "x", "lat": "y", "crs": "crs"}})
    load_file(store, m, f)
    place = store.get_record("addr:A1")
    assert place["crs"] == "gcj02" and 121.58 < place["lng"] < 121.59  # shifted to WGS-84
    assert store.records_with_key("address:" + place["addr_key"])


CHILD = textwrap.dedent("""
    import sys
    from graph import open_store
    from loaders import load_file
    def say(stage, rows):
        print(stage, flush=True)
    with open_store(sys.argv[1]) as s:
        load_file(s, sys.argv[2], sys.argv[3], progress=say)
    print("done", flush=True)
""")


def test_a_load_killed_mid_write_is_all_or_nothing_and_rerun_completes(tmp_path):
    rows = [{**PERSON_ROWS[0], "grbh": f"S{i:06d}", "lxdh": f"138{i:08d}"} for i in range(20000)]
    mapping, file = write_source(tmp_path / "big", rows=rows)
    store_dir = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for delay in ("0", "0.05", "0.2"):  # kill at different points of the write
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(store_dir), str(mapping),
                                 str(file)], stdout=subprocess.PIPE, text=True, env=env)
        for line in proc.stdout:
            if line.strip().endswith("writing"):
                time.sleep(float(delay))
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with open_store(store_dir) as s:
            batches = s.batches()
            records = s.status().records
            assert records == sum(b.rows_loaded for b in batches)  # in or out, never half
            assert len(batches) <= 1
    with open_store(store_dir) as s:
        report = load_file(s, mapping, file)
        assert s.status().records == 20000 and len(s.batches()) == 1
        assert report.already_loaded or report.batch.rows_new == 20000
