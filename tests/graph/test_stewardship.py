"""Store operations of stewardship, on every engine: decisions recorded ABOUT their records,
listed, undone once; review and quality reads on an empty store."""

import pytest

from loaders import load_file


def _decision(did, at, action="match", rids=("social_security:S001", "social_security:S002")):
    return {"did": did, "kind": "person", "action": action, "rids": list(rids),
            "eids": ["P1", "P2"], "part": [], "by": "li", "at": at, "reason": "same person"}


def test_decisions_are_recorded_listed_and_undone(store, source_files):
    load_file(store, *source_files())
    store.record_decision(_decision("D2", "2026-01-02T00:00:00+00:00"))
    store.record_decision(_decision("D1", "2026-01-01T00:00:00+00:00", "no_match",
                                    ("social_security:S002", "social_security:S003")))
    assert [d["did"] for d in store.decisions()] == ["D1", "D2"]  # oldest first
    assert [d["did"] for d in store.decisions_about("social_security:S003")] == ["D1"]
    assert store.decisions_about("social_security:S002")[1]["rids"] == [
        "social_security:S001", "social_security:S002"]
    assert store.undo_decision("D2", "wang", "2026-01-03T00:00:00+00:00")
    assert not store.undo_decision("D2", "wang", "2026-01-04T00:00:00+00:00")
    [undone] = store.decisions(status="undone")
    assert (undone["did"], undone["undone_by"], undone["undone_at"]) == (
        "D2", "wang", "2026-01-03T00:00:00+00:00")
    assert [d["did"] for d in store.decisions(kind="person", status="active")] == ["D1"]
    assert store.decisions(kind="organization") == []
    assert store.mapped_fields()["social_security"] >= {"name", "id_number"}


def test_a_decision_must_name_a_kind_an_action_and_records(store):
    with pytest.raises(ValueError, match="unknown decision"):
        store.record_decision({**_decision("D", "t"), "action": "maybe"})
    with pytest.raises(ValueError, match="rids"):
        store.record_decision({**_decision("D", "t"), "rids": []})


def test_review_and_quality_reads_are_empty_before_a_resolution(store):
    assert store.review_pairs("person").empty
    assert store.pair_evidence("a:1", "b:2") is None
    for kind in ("person", "organization", "place"):
        assert store.entity_alternatives(kind).empty
