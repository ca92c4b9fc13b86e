"""Steward decisions: constraints every later resolve honours (full re-run and new batch), undo,
later decisions overriding earlier ones, and decisions as labels for the model."""

import numpy as np
import pandas as pd
import pytest

from linkage.decisions import (
    MIN_LABELS,
    DecisionError,
    decision_links,
    labelled_model,
    make_decision,
)
from linkage.run import resolve_store
from linkage.settings import default_settings
from loaders import load_file


def _decision(did, action, rids, part=(), at="2026-01-01T00:00:00", kind="person",
              status="active"):
    return {"did": did, "kind": kind, "action": action, "rids": list(rids), "part": list(part),
            "at": at, "status": status}


def _pairs(frame):
    return set(zip(frame["l"], frame["r"]))


def test_each_decision_becomes_its_constraints():
    links = decision_links([
        _decision("d1", "match", ["a", "b"]),
        _decision("d2", "no_match", ["d", "c"]),
        _decision("d3", "merge", ["e", "f", "g"], part=["e"]),
        _decision("d4", "split", ["h", "i", "j", "k"], part=["j", "k"]),
    ])["person"]
    assert _pairs(links.must_link) == {("a", "b"), ("e", "f"), ("e", "g"), ("j", "k")}
    assert _pairs(links.cannot_link) == {("c", "d"), ("h", "j"), ("h", "k"), ("i", "j"),
                                         ("i", "k")}
    labels = links.labels()
    assert labels["match"].sum() == 4 and (~labels["match"]).sum() == 5


def test_a_later_decision_overrides_an_earlier_one_and_undo_restores_it():
    merge = _decision("d1", "merge", ["a", "b", "c"], part=["a"], at="2026-01-01")
    split = _decision("d2", "split", ["a", "b", "c"], part=["a"], at="2026-01-02")
    links = decision_links([split, merge])  # replayed by time, not by list order
    assert _pairs(links["person"].must_link) == {("b", "c")}
    assert _pairs(links["person"].cannot_link) == {("a", "b"), ("a", "c")}
    rematch = _decision("d3", "match", ["b", "a"], at="2026-01-03")
    links = decision_links([merge, split, rematch])["person"]
    assert ("a", "b") in _pairs(links.must_link) and ("a", "b") not in _pairs(links.cannot_link)
    undone = decision_links([merge, {**split, "status": "undone"}])["person"]
    assert _pairs(undone.must_link) == {("a", "b"), ("a", "c")} and undone.cannot_link.empty


def test_make_decision_refuses_what_does_not_fit():
    eids = pd.Series({"s:1": "P1", "s:2": "P1", "s:3": "P2"})
    with pytest.raises(DecisionError, match="two different resolved records"):
        make_decision("person", "match", eids=eids, rids=["s:1", "s:9"], by="li")
    with pytest.raises(DecisionError, match="not all"):
        make_decision("person", "split", eids=eids, entities=["P1"], rids=["s:1", "s:2"], by="li")
    with pytest.raises(DecisionError, match="who decides"):
        make_decision("person", "merge", eids=eids, entities=["P1", "P2"], by=" ")
    d = make_decision("person", "merge", eids=eids, entities=["P1", "P2"], by="li", reason="x")
    assert d["rids"] == ["s:1", "s:2", "s:3"] and d["part"] == ["s:1", "s:2"]
    assert d["eids"] == ["P1", "P2"] and d["by"] == "li"


def _entities_of(eids, rids):
    return set(eids.reindex(rids))


def _take_four_decisions(store):
    """One decision of each type, on four disjoint groups of entities of the resolved city."""
    eids = store.resolution_of_kind("person")
    sizes = eids.value_counts()
    used: set[str] = set()
    review = store.review_pairs("person")
    pair = next((row.l, row.r) for row in review.itertuples()
                if eids[row.l] != eids[row.r])
    used |= _entities_of(eids, pair)
    multi = [e for e in sizes.index if sizes[e] >= 3 and e not in used]
    whole, apart = multi[0], multi[1]
    used |= {whole, apart}
    singles = [e for e in sizes.index[::-1] if e not in used][:2]
    split_rids = sorted(eids.index[eids == whole])
    apart_rids = sorted(eids.index[eids == apart])
    decisions = [
        make_decision("person", "match", eids=eids, rids=list(pair), by="li", reason="same"),
        make_decision("person", "no_match", eids=eids, rids=apart_rids[:2], by="wang",
                      reason="twins"),
        make_decision("person", "merge", eids=eids, entities=[multi[2], singles[0]], by="li",
                      reason="same person, renamed"),
        make_decision("person", "split", eids=eids, entities=[whole], rids=split_rids[:1],
                      by="zhao", reason="different person"),
    ]
    for d in decisions:
        store.record_decision(d)
    return decisions, eids


def _check_honoured(store, decisions, before):
    eids = store.resolution_of_kind("person")
    match, no_match, merge, split = decisions
    assert eids[match["rids"][0]] == eids[match["rids"][1]]
    assert eids[no_match["rids"][0]] != eids[no_match["rids"][1]]
    assert len(_entities_of(eids, merge["rids"])) == 1
    big = max(merge["eids"], key=lambda e: (before == e).sum())
    assert eids[merge["rids"][0]] == big  # the larger entity keeps its id
    rest = [r for r in split["rids"] if r not in split["part"]]
    assert _entities_of(eids, split["part"]).isdisjoint(_entities_of(eids, rest))
    assert eids[rest[0]] == split["eids"][0]  # the larger part keeps the id
    return eids


def test_every_decision_type_survives_a_full_rerun_and_a_new_batch(city_store, tmp_path):
    store, _ = city_store
    resolve_store(store)
    decisions, before = _take_four_decisions(store)
    report = resolve_store(store)  # decisions since the last run: person is stale, not skipped
    assert [k.status for k in report.kinds] == ["resolved", "up_to_date", "up_to_date"]
    first = _check_honoured(store, decisions, before)
    index = store.entity_index("person").set_index("eid")
    gone = [e for e in decisions[2]["eids"] if e != first[decisions[2]["rids"][0]]][0]
    assert index.loc[gone, "status"] == "redirected"

    resolve_store(store, ["person"], force=True)  # full re-resolve, retrained
    assert store.resolution_of_kind("person").sort_index().equals(first.sort_index())

    person = store.records_frame("person").set_index("rid").loc[decisions[0]["rids"][0]]
    mapping = tmp_path / "walkin.yaml"
    mapping.write_text("source: walk_in\nkind: person\nformat: csv\nkey: ref\n"
                       "fields: {name: name, id_number: id, birth_date: born}\n", "utf-8")
    rows = tmp_path / "walkin.csv"
    rows.write_text(f"ref,name,id,born\n1,{person['name']},{person['id_number'] or ''},"
                    f"{person['birth_date'] or ''}\n", "utf-8")
    load_file(store, mapping, rows)
    report = resolve_store(store, ["person"])
    assert report.kinds[0].model_reused
    after = _check_honoured(store, decisions, before)
    assert after.reindex(first.index).equals(first)
    assert {d["by"] for d in store.decisions_about(decisions[3]["rids"][0])} == {"zhao"}


def test_undo_makes_the_next_resolve_ignore_the_decision(city_store):
    store, _ = city_store
    resolve_store(store, ["person"])
    eids = store.resolution_of_kind("person")
    sizes = eids.value_counts()
    a, b = sizes.index[0], sizes.index[-1]
    d = make_decision("person", "merge", eids=eids, entities=[a, b], by="li", reason="same")
    store.record_decision(d)
    resolve_store(store, ["person"])
    assert store.resolution_of_kind("person")[d["part"][0]] == \
        store.resolution_of_kind("person")[d["rids"][-1]]
    assert store.undo_decision(d["did"], "wang", "2099-01-01T00:00:00+00:00")
    assert not store.undo_decision(d["did"], "wang", "2099-01-01T00:00:00+00:00")
    [undone] = store.decisions(status="undone")
    assert (undone["undone_by"], undone["by"]) == ("wang", "li")
    report = resolve_store(store, ["person"])
    assert report.kinds[0].status == "resolved"
    after = store.resolution_of_kind("person")
    assert after[d["part"][0]] != after[d["rids"][-1]]
    assert after[d["part"][0]] == a  # the big entity kept its id all along


def test_decisions_become_labels_once_there_are_enough(city_store):
    store, truth = city_store
    report = resolve_store(store, ["person"], keep_resolutions=True)
    res = report.resolutions["person"]
    records = store.records_frame("person")
    truth = pd.read_csv(truth, dtype=str)
    entity = dict(zip(truth["source"] + ":" + truth["key"], truth["entity"]))
    ev = res.evidence.head(3 * MIN_LABELS)
    labels = pd.DataFrame({"l": ev["l"], "r": ev["r"],
                           "match": [entity.get(a) == entity.get(b)
                                     for a, b in zip(ev["l"], ev["r"])]})
    settings = default_settings("person")
    assert labelled_model(records, settings, res.model, labels.head(MIN_LABELS - 1)) is res.model
    fitted = labelled_model(records, settings, res.model, labels)
    assert fitted.fit_info["method"] == "labelled"
    assert fitted.fit_info["matches"] + fitted.fit_info["non_matches"] == len(labels)
    assert not np.allclose(fitted.m["name"], res.model.m["name"])
    # Reusing a labelled model blends afresh from its EM base, never on top of the blend.
    again = labelled_model(records, settings, fitted, labels)
    assert np.allclose(again.m["name"], fitted.m["name"])
    assert labelled_model(records, settings, fitted, None).to_dict() == res.model.to_dict()
