"""resolve_store: a loaded sample city resolved into the store, re-run, and re-run after a batch."""

import pandas as pd

from graph import RELATION_TYPES
from linkage.evaluation import evaluate_assignments
from linkage.run import resolve_store
from loaders import load_file


def test_resolves_every_kind_and_writes_entities_and_relations(city_store):
    store, truth = city_store
    lines = []
    report = resolve_store(store, progress=lines.append)
    assert [k.status for k in report.kinds] == ["resolved"] * 3
    assert any(line.startswith("person: block") for line in lines)
    assignments = store.assignments()
    assert assignments["entity_id"].notna().all()
    scores = evaluate_assignments(assignments, pd.read_csv(truth, dtype=str))
    assert scores["person"]["f1"] > 0.99 and scores["organization"]["f1"] > 0.99
    assert set(report.relations) == set(RELATION_TYPES)
    run = store.last_run("person")
    assert run["counts"]["entities"] == assignments.query("kind == 'person'")["entity_id"].nunique()
    assert run["model"]["comparisons"][0] == "name"


def test_a_second_run_without_changes_does_nothing_and_force_keeps_ids(city_store):
    store, _ = city_store
    resolve_store(store)
    before = store.assignments()
    report = resolve_store(store)
    assert [k.status for k in report.kinds] == ["up_to_date"] * 3 and report.relations == {}
    forced = resolve_store(store, ["person"], force=True)
    assert forced.kinds[0].status == "resolved" and not forced.kinds[0].model_reused
    assert store.assignments().equals(before)
    assert set(forced.kinds[0].events["event"]) == {"kept"} and forced.resolutions == {}
    # Only relations touching persons are rewritten; organisation-place ones stay as they were.
    assert forced.relations["LIVES_AT"] > 0 and "REGISTERED_AT" not in forced.relations


def test_a_new_batch_reuses_the_model_and_keeps_ids(city_store, tmp_path):
    store, _ = city_store
    resolve_store(store)
    before = store.assignments().set_index(["source", "key"])["entity_id"]
    person = store.records_frame("person").iloc[0]
    mapping = tmp_path / "walkin.yaml"
    mapping.write_text("source: walk_in\nkind: person\nformat: csv\nkey: ref\n"
                       "fields: {name: name, id_number: id, birth_date: born}\n", "utf-8")
    rows = tmp_path / "walkin.csv"
    rows.write_text(f"ref,name,id,born\n1,{person['name']},{person['id_number']},"
                    f"{person['birth_date'] or ''}\n2,欧阳新来,,1990-01-01\n", "utf-8")
    load_file(store, mapping, rows)
    report = resolve_store(store, ["person"])
    [person_report] = report.kinds
    assert person_report.status == "resolved" and person_report.model_reused
    assert "train" not in person_report.timings
    after = store.assignments().set_index(["source", "key"])["entity_id"]
    assert after[before.index].equals(before)  # every old record keeps its entity
    assert after[("walk_in", "1")] == before[(person["source"], person["key"])]
    assert after[("walk_in", "2")] not in set(before)


def test_a_merge_leaves_a_redirect_in_the_store(city_store):
    store, _ = city_store
    resolve_store(store, ["person"])
    eids = store.resolution_of_kind("person")
    sizes = eids.value_counts()
    big, small = sizes.index[0], sizes.index[-1]
    l, r = eids[eids == big].index[0], eids[eids == small].index[0]
    resolve_store(store, ["person"], force=True,
                  must_link={"person": pd.DataFrame({"l": [l], "r": [r]})})
    index = store.entity_index("person").set_index("eid")
    assert index.loc[small, "status"] == "redirected" and index.loc[small, "redirect_to"] == big
    assert store.resolution_of_kind("person")[r] == big
