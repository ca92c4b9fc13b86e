"""Contract tests: every engine must behave the same through the GraphStore seam."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graph import Batch, BatchWrite, StoreError

RECORD_COLS = ["rid", "source", "key", "kind", "version", "batch_id", "loaded_at", "row_no",
               "row_hash", "raw", "flags", "name", "id_number", "id_valid", "phone", "lng"]


MAPPING = json.dumps({"fields": {"name": "xm", "gender": "xb"}, "values": {"gender": {"1": "M"}}})


def _batch(bid="b1", source="hr", rows_in=3, loaded=2, quarantined=1, new=2, changed=0):
    return Batch(batch_id=bid, source=source, kind="person", file=f"/data/{bid}.csv",
                 sha256="ab" * 32, mapping=MAPPING, loaded_at=f"2026-01-01T00:00:0{bid[-1]}+00:00",
                 rows_in=rows_in, rows_loaded=loaded, rows_quarantined=quarantined,
                 rows_new=new, rows_changed=changed, rows_unchanged=loaded - new - changed)


def _records(bid, rows):
    base = {"source": "hr", "kind": "person", "batch_id": bid, "loaded_at": "2026-01-01",
            "flags": [], "id_valid": None, "lng": None, "phone": None}
    return pd.DataFrame([{**base, **r} for r in rows], columns=RECORD_COLS)


def _keys(pairs):
    return pd.DataFrame([{"rid": rid, "k": k, "type": k.split(":")[0], "value": k.split(":", 1)[1]}
                         for rid, k in pairs], columns=["rid", "k", "type", "value"])


EMPTY_Q = pd.DataFrame(columns=["qid", "batch_id", "source", "file", "row_no", "raw", "reason"])


def _first_load(store):
    recs = _records("b1", [
        {"rid": "hr:1", "key": "1", "version": 1, "row_no": 2, "row_hash": "h1",
         "raw": json.dumps({"xm": "张伟"}), "name": "张伟", "id_number": "11010519491231002X",
         "id_valid": True, "flags": ["phone:invalid"], "lng": 121.5},
        {"rid": "hr:2", "key": "2", "version": 1, "row_no": 3, "row_hash": "h2",
         "raw": json.dumps({"xm": "王芳"}), "name": "王芳", "phone": "13800138000"},
    ])
    q = pd.DataFrame([{"qid": "b1:4", "batch_id": "b1", "source": "hr", "file": "/data/b1.csv",
                       "row_no": 4, "raw": "{}", "reason": "no key: column 'grbh' is empty"}])
    store.write_batch(BatchWrite(
        batch=_batch("b1"), new_records=recs, changed_records=recs.iloc[0:0],
        superseded=pd.DataFrame(), keys=_keys([("hr:1", "id_number:11010519491231002X"),
                                                ("hr:1", "phone:13800138000"),
                                                ("hr:2", "phone:13800138000")]),
        quarantine=q))


def test_empty_store_reports_nothing(store):
    status = store.status()
    assert status.sources == [] and status.records == 0 and status.keys == {}
    assert store.batches() == [] and store.quarantine() == []
    assert store.get_record("hr:1") is None and store.find_batch("hr", "x") is None


def test_batch_write_is_readable_through_every_operation(store):
    _first_load(store)
    rec = store.get_record("hr:1")
    assert rec["name"] == "张伟" and rec["id_valid"] is True and rec["version"] == 1
    assert rec["raw"] == {"xm": "张伟"} and rec["flags"] == ["phone:invalid"] and rec["lng"] == 121.5
    assert "phone" not in rec  # absent values are absent on every engine
    assert {r["rid"] for r in store.records_with_key("phone:13800138000")} == {"hr:1", "hr:2"}
    assert store.record_states("hr")["2"].row_hash == "h2"
    assert store.find_batch("hr", "ab" * 32).batch_id == "b1"
    [q] = store.quarantine(source="hr")
    assert q["row_no"] == 4 and q["reason"].startswith("no key")
    status = store.status()
    [hr] = status.sources
    assert (hr.source, hr.kind, hr.records, hr.batches, hr.quarantined) == ("hr", "person", 2, 1, 1)
    assert status.keys == {"id_number": 1, "phone": 1}


def test_changed_record_keeps_its_previous_version(store):
    _first_load(store)
    changed = _records("b2", [{"rid": "hr:2", "key": "2", "version": 2, "row_no": 2,
                               "row_hash": "h2b", "raw": json.dumps({"xm": "王芳芳"}),
                               "name": "王芳芳", "phone": "13900139000"}])
    superseded = pd.DataFrame([{
        "vid": "hr:2#1", "rid": "hr:2", "version": 1, "batch_id": "b1", "loaded_at": "2026-01-01",
        "superseded_at": "2026-01-02", "superseded_by": "b2", "row_no": 3, "row_hash": "h2",
        "raw": json.dumps({"xm": "王芳", "xb": "1"}),
        "canonical": json.dumps({"name": "王芳", "phone": "13800138000"})}])
    store.write_batch(BatchWrite(
        batch=_batch("b2", rows_in=1, loaded=1, quarantined=0, new=0, changed=1),
        new_records=changed.iloc[0:0], changed_records=changed, superseded=superseded,
        keys=_keys([("hr:2", "phone:13900139000")]), quarantine=EMPTY_Q))
    rec = store.get_record("hr:2")
    assert (rec["name"], rec["phone"], rec["version"], rec["batch_id"]) == ("王芳芳", "13900139000", 2, "b2")
    assert rec["raw_fields"] == {"name": "王芳芳", "gender": None}  # through b2's mapping
    [old] = store.record_versions("hr:2")
    assert old["raw_fields"] == {"name": "王芳", "gender": "M"}  # code table applied
    assert old["version"] == 1 and old["batch_id"] == "b1" and old["canonical"]["phone"] == "13800138000"
    # the old phone no longer points at the new version; the new one does
    assert [r["rid"] for r in store.records_with_key("phone:13800138000")] == ["hr:1"]
    assert [r["rid"] for r in store.records_with_key("phone:13900139000")] == ["hr:2"]
    assert [b.batch_id for b in store.batches(source="hr")] == ["b2", "b1"]


def test_failed_batch_write_leaves_nothing_behind(store):
    _first_load(store)
    recs = _records("b3", [{"rid": "hr:9", "key": "9", "version": 1, "row_no": 2,
                            "row_hash": "h9", "raw": "{}", "name": "赵六"}])
    bad_q = EMPTY_Q.assign(no_such_column=[])  # fails after the records were written
    bad_q.loc[0] = ["b3:5", "b3", "hr", "f", 5, "{}", "x", "boom"]
    with pytest.raises(Exception):
        store.write_batch(BatchWrite(batch=_batch("b3"), new_records=recs,
                                     changed_records=recs.iloc[0:0], superseded=pd.DataFrame(),
                                     keys=_keys([("hr:9", "phone:1")]), quarantine=bad_q))
    assert store.get_record("hr:9") is None
    assert [b.batch_id for b in store.batches()] == ["b1"]
    assert store.records_with_key("phone:1") == []
    # the rolled-back key is not remembered as existing: a later batch creates and links it
    store.write_batch(BatchWrite(batch=_batch("b4"), new_records=recs.assign(batch_id="b4"),
                                 changed_records=recs.iloc[0:0], superseded=pd.DataFrame(),
                                 keys=_keys([("hr:9", "phone:1")]), quarantine=EMPTY_Q))
    assert [r["rid"] for r in store.records_with_key("phone:1")] == ["hr:9"]


def test_quarantine_pages(store):
    _first_load(store)
    assert store.quarantine(limit=1, offset=1) == []
    assert len(store.quarantine(batch_id="b1")) == 1 and store.quarantine(batch_id="zz") == []


def test_records_frame_holds_every_current_record_of_a_kind(store):
    _first_load(store)
    frame = store.records_frame("person")
    assert frame["rid"].tolist() == ["hr:1", "hr:2"]
    first = frame.iloc[0]
    assert first["name"] == "张伟" and first["id_valid"] is True
    assert "lng" not in frame.columns  # only the kind's own properties
    assert frame.iloc[1]["id_number"] is None  # missing is None, never NaN
    assert first["flags"] == ["phone:invalid"]  # list properties as Python lists
    assert store.records_frame("organization").empty
    with pytest.raises(ValueError, match="unknown kind 'company'"):
        store.records_frame("company")


def _resolution(run_id, finished, entities, members, redirects=(), evidence=(), events=()):
    from graph import ResolutionWrite

    return ResolutionWrite(
        kind="person",
        run={"run_id": run_id, "kind": "person", "started": finished, "finished": finished,
             "settings": "{}", "model": "{}", "counts": json.dumps({"records": 2}),
             "timings": "{}", "blocking": "[]"},
        entities=pd.DataFrame(entities),
        members=pd.DataFrame(members, columns=["rid", "eid", "rule"]),
        redirects=pd.DataFrame(list(redirects), columns=["from_eid", "to_eid", "reason"]),
        evidence=pd.DataFrame(list(evidence),
                              columns=["l", "r", "weight", "probability", "status", "detail"]),
        events=pd.DataFrame(list(events), columns=["eid", "event", "detail"]))


GOLDEN = {"provenance": "{}", "alternatives": "{}", "rule": "{}", "sources": ["hr"]}


def _two_singletons(store, **rest):
    """Run r1: hr:1 -> P1 and hr:2 -> P2, each alone."""
    store.write_resolution(_resolution(
        "r1", "2026-01-02T00:00:00+00:00",
        [{"eid": "P1", "name": "张伟", "record_count": 1, **GOLDEN},
         {"eid": "P2", "name": "王芳", "record_count": 1, **GOLDEN}],
        [("hr:1", "P1", "singleton"), ("hr:2", "P2", "singleton")], **rest))


def test_resolution_is_written_and_replaced_with_redirects_kept(store):
    _first_load(store)
    _two_singletons(store,
                    evidence=[("hr:1", "hr:2", 1.5, 0.7, "review", '{"name":[0,-3.0]}')],
                    events=[("P1", "created", ""), ("P2", "created", "")])
    assert store.resolution_of_kind("person").to_dict() == {"hr:1": "P1", "hr:2": "P2"}
    assert store.last_run("person")["counts"] == {"records": 2}
    # A second run merges P2 into P1: P2 stays as a redirect, the old evidence is replaced.
    store.write_resolution(_resolution(
        "r2", "2026-01-03T00:00:00+00:00",
        [{"eid": "P1", "name": "张伟", "record_count": 2, **GOLDEN}],
        [("hr:1", "P1", "match"), ("hr:2", "P1", "match")],
        redirects=[("P2", "P1", "merged")],
        events=[("P1", "kept", ""), ("P2", "merged_into", "P1")]))
    assert store.resolution_of_kind("person").to_dict() == {"hr:1": "P1", "hr:2": "P1"}
    index = store.entity_index("person").set_index("eid")
    assert index.loc["P1", "status"] == "active"
    assert (index.loc["P2", "status"], index.loc["P2", "redirect_to"]) == ("redirected", "P1")
    assert store.last_run("person")["run_id"] == "r2"
    # A third run keeps the old redirect although it merges nothing new.
    store.write_resolution(_resolution(
        "r3", "2026-01-04T00:00:00+00:00",
        [{"eid": "P1", "name": "张伟", "record_count": 2, **GOLDEN}],
        [("hr:1", "P1", "match"), ("hr:2", "P1", "match")]))
    index = store.entity_index("person").set_index("eid")
    assert index.loc["P2", "redirect_to"] == "P1" and len(index) == 2
    assignments = store.assignments()
    assert assignments.set_index("key")["entity_id"].to_dict() == {"1": "P1", "2": "P1"}


def test_write_relations_refuses_an_unknown_type_and_authority_is_read(store):
    _first_load(store)
    _two_singletons(store)
    with pytest.raises(ValueError, match="unknown relation type 'KNOWS'"):
        store.write_relations(pd.DataFrame([{"type": "KNOWS", "from_eid": "P1", "to_eid": "P2",
                                             "rids": ["hr:1"], "rule": "x"}]))
    assert store.source_authority() == {"hr": set()}
