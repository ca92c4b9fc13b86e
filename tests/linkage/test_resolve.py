"""resolve() on a real generated sample city: quality floors, stable ids, decisions, evidence."""

import json

import numpy as np
import pandas as pd
import pytest

from graph import open_store
from linkage.evaluation import pairwise_scores_from_clusters
from linkage.evidence import waterfall
from linkage.resolve import resolve
from linkage.settings import LinkageSettings, default_settings


@pytest.fixture(scope="module")
def frames(sample_city):
    folder, truth_path = sample_city
    with open_store(folder, read_only=True) as store:
        frames = {k: store.records_frame(k) for k in ("person", "organization", "place")}
        authority = store.source_authority()
    truth = pd.read_csv(truth_path, dtype=str)
    truth = dict(zip(truth["source"] + ":" + truth["key"], truth["entity"]))
    return frames, authority, truth


@pytest.mark.parametrize("kind, floor", [("person", 0.99), ("organization", 0.99),
                                         ("place", 0.9)])  # 25 true place pairs here
def test_quality_on_the_sample_city(frames, kind, floor):
    records, authority, truth = frames
    res = resolve(records[kind], default_settings(kind), authority=authority)
    pred = res.eids.to_dict()
    scores = pairwise_scores_from_clusters(pred, {r: truth[r] for r in pred})
    assert scores["f1"] >= floor, scores
    assert set(res.golden["eid"]) == set(res.eids)
    assert res.golden["record_count"].sum() == len(records[kind])


def test_hard_key_never_joins_two_valid_id_numbers(frames):
    records, authority, _ = frames
    res = resolve(records["person"], default_settings("person"), authority=authority)
    p = records["person"].assign(eid=res.eids.reindex(records["person"]["rid"]).to_numpy())
    valid = p[p["id_valid"].isin([True])]
    assert (valid.groupby("eid")["id_number"].nunique() <= 1).all()


def test_ids_are_stable_when_nothing_changes_and_merges_redirect(frames):
    records, authority, _ = frames
    s = default_settings("person")
    first = resolve(records["person"], s, authority=authority)
    again = resolve(records["person"], s, previous=first.eids, issued=first.eids.unique(),
                    model=first.model)
    assert again.eids.equals(first.eids)
    assert set(again.ids.events["event"]) == {"kept"}
    # A steward's match between two entities merges them: the larger keeps its id.
    sizes = first.eids.value_counts()
    big, small = sizes.index[0], sizes.index[-1]
    l = first.eids[first.eids == big].index[0]
    r = first.eids[first.eids == small].index[0]
    merged = resolve(records["person"], s, previous=first.eids, issued=first.eids.unique(),
                     model=first.model, must_link=pd.DataFrame({"l": [l], "r": [r]}))
    assert merged.eids[r] == big == merged.eids[l]
    assert merged.ids.redirects.to_dict("records") == [
        {"from_eid": small, "to_eid": big, "reason": "merged"}]


def test_cannot_link_splits_and_the_larger_part_keeps_the_id(frames):
    records, authority, _ = frames
    s = default_settings("person")
    first = resolve(records["person"], s, authority=authority)
    sizes = first.eids.value_counts()
    eid = sizes.index[0]
    members = sorted(first.eids[first.eids == eid].index)
    assert len(members) >= 3
    # Everything of the entity must stay apart from its first record.
    no = pd.DataFrame({"l": [members[0]] * (len(members) - 1), "r": members[1:]})
    split = resolve(records["person"], s, previous=first.eids, issued=first.eids.unique(),
                    model=first.model, cannot_link=no)
    assert split.eids[members[0]] != split.eids[members[1]]
    assert split.eids[members[1]] == eid  # the larger part keeps the id
    events = split.ids.events.set_index("eid")["event"]
    assert events[split.eids[members[0]]] == "split_from"


def test_evidence_explains_each_kept_pair(frames):
    records, authority, _ = frames
    res = resolve(records["person"], default_settings("person"), authority=authority)
    ev = res.evidence
    assert set(ev["status"]) == {"match", "review"}
    for row in ev.sample(20, random_state=1).itertuples():
        steps = waterfall(res.model, row.detail)
        assert steps[-1]["cumulative"] == pytest.approx(row.weight, abs=0.01)
        assert set(json.loads(row.detail)) == set(res.model.comparisons)
    # Pairs scored as matches that hold two different valid ID numbers (twins, namesakes) are
    # refused by the hard key: they end in different entities, with the reason recorded.
    a = records["person"].set_index("rid")
    m = ev[ev["status"] == "match"]
    la, ra = a.loc[m["l"], "id_number"].to_numpy(), a.loc[m["r"], "id_number"].to_numpy()
    both = a.loc[m["l"], "id_valid"].isin([True]).to_numpy() \
        & a.loc[m["r"], "id_valid"].isin([True]).to_numpy()
    clash = m[both & (la != ra)]
    assert len(clash)
    assert (res.eids[clash["l"]].to_numpy() != res.eids[clash["r"]].to_numpy()).all()
    assert "hard_key:id_number" in set(res.clustering.rejected["reason"])


def test_records_need_a_rid():
    with pytest.raises(ValueError, match="records need a 'rid' column"):
        resolve(pd.DataFrame({"name": ["x"]}), default_settings("person"))


def test_link_groups_keep_pairs_across_groups_only(frames):
    records, _, _ = frames
    people = records["person"]
    res = resolve(people, default_settings("person"), link_groups="source")
    src = people.set_index("rid")["source"]
    ev = res.evidence
    assert len(ev) and not np.any(src[ev["l"]].to_numpy() == src[ev["r"]].to_numpy())


def _with_prior(kind: str, prior_keys: list):
    d = default_settings(kind).to_dict()
    d["model"]["prior_keys"] = prior_keys
    return LinkageSettings.from_dict(d)


def test_a_broken_prior_rule_stops_training_and_a_rule_no_pair_meets_falls_back(frames):
    people = frames[0]["person"].head(2000)
    with pytest.raises(ValueError, match="names column 'no_such_column'"):
        resolve(people, _with_prior("person", [["no_such_column"]]))
    # Every record's own rid is unique: no pair agrees, so the prior is one match per record.
    res = resolve(people, _with_prior("person", [["rid"]]))
    assert len(res.eids) == len(people)
