"""Stable entity ids across re-runs: unchanged, merge, split, new records, ties, no reuse."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from linkage.identity import assign_ids


def clusters(**groups):
    """assignment from cluster key -> rids, e.g. clusters(a="a b", c="c")."""
    return pd.Series({rid: key for key, rids in groups.items() for rid in rids.split()})


def prev(**eids):
    """previous from eid -> rids."""
    return pd.Series({rid: eid for eid, rids in eids.items() for rid in rids.split()})


def events(res):
    return sorted(map(tuple, res.events[["eid", "event", "detail"]].values.tolist()))


def test_first_run_creates_numbered_ids_in_cluster_order():
    res = assign_ids(clusters(b="b c", a="a"), None, prefix="P")
    assert res.eids.to_dict() == {"b": "P0000000002", "c": "P0000000002", "a": "P0000000001"}
    assert events(res) == [("P0000000001", "created", ""), ("P0000000002", "created", "")]
    assert res.redirects.empty


def test_unchanged_rerun_keeps_every_id_with_only_kept_events():
    before = prev(P0000000007="a b", P0000000003="c")
    res = assign_ids(clusters(a="a b", c="c"), before, prefix="P")
    assert res.eids.to_dict() == before.to_dict()
    assert set(res.events["event"]) == {"kept"}
    assert res.redirects.empty


def test_merge_keeps_the_larger_entity_and_redirects_the_smaller():
    before = prev(P0000000009="a b c", P0000000001="d")
    res = assign_ids(clusters(a="a b c d"), before, prefix="P")
    assert set(res.eids) == {"P0000000009"}
    assert res.redirects.values.tolist() == [["P0000000001", "P0000000009", "merged"]]
    assert events(res) == [("P0000000001", "merged_into", "P0000000009"),
                           ("P0000000009", "kept", "")]


def test_merge_tie_keeps_the_older_id():
    before = prev(P0000000010="a b", P0000000002="c d")
    res = assign_ids(clusters(a="a b c d"), before, prefix="P")
    assert set(res.eids) == {"P0000000002"}
    assert res.redirects["from_eid"].tolist() == ["P0000000010"]


def test_older_id_is_compared_by_number_not_text():
    before = prev(P10="a", P9="b")
    res = assign_ids(clusters(a="a b"), before, prefix="P")
    assert set(res.eids) == {"P9"}


def test_split_keeps_the_id_on_the_larger_part_and_gives_the_other_a_new_id():
    before = prev(P0000000005="a b c d e")
    res = assign_ids(clusters(a="a b", c="c d e"), before, prefix="P")
    assert res.eids[["c", "d", "e"]].unique().tolist() == ["P0000000005"]
    new = res.eids["a"]
    assert new == "P0000000006" and res.eids["b"] == new
    assert events(res) == [("P0000000005", "kept", ""), (new, "split_from", "P0000000005")]


def test_split_tie_keeps_the_id_on_the_part_with_the_smaller_key():
    before = prev(P0000000005="a b c d")
    res = assign_ids(clusters(c="c d", a="a b"), before, prefix="P")
    assert res.eids["a"] == "P0000000005"
    assert res.eids["c"] != "P0000000005"


def test_new_record_joining_an_entity_takes_its_id():
    before = prev(P0000000004="a b")
    res = assign_ids(clusters(a="a b z"), before, prefix="P")
    assert set(res.eids) == {"P0000000004"}
    assert events(res) == [("P0000000004", "kept", "")]


def test_brand_new_entity_gets_a_fresh_id_above_the_largest():
    before = prev(P0000000004="a", P0000000011="b")
    res = assign_ids(clusters(a="a", b="b", x="x y"), before, prefix="P")
    assert res.eids["x"] == res.eids["y"] == "P0000000012"
    assert ("P0000000012", "created", "") in events(res)


def test_retired_id_is_never_reused():
    # Run 1 merged P..12 away into P..04; run 2 must not hand out 12 again.
    before = prev(P0000000004="a b")
    res = assign_ids(clusters(a="a b", x="x"), before, prefix="P", issued=["P0000000012"])
    assert res.eids["x"] == "P0000000013"


def test_an_old_id_never_names_two_entities():
    # Entity split three ways and merged with another: every eid names exactly one cluster.
    before = prev(P0000000001="a b c d e f", P0000000002="g")
    assignment = clusters(a="a b", c="c d g", e="e f")
    res = assign_ids(assignment, before, prefix="P")
    per_eid = res.eids.groupby(res.eids).apply(lambda s: assignment[s.index].nunique())
    assert (per_eid == 1).all()
    assert res.eids.groupby(assignment).nunique().eq(1).all()
    assert res.redirects.empty  # P..2's only cluster went to the split part it joined


def test_merged_records_with_split_remainder():
    # P1 = a b c; P2 = d e. New: {a b d e} and {c}. P1 and P2 each bring 2 records to the
    # big cluster (tie -> older P1 keeps); c splits off with a new id.
    before = prev(P0000000001="a b c", P0000000002="d e")
    res = assign_ids(clusters(a="a b d e", c="c"), before, prefix="P")
    assert res.eids["a"] == "P0000000001"
    assert res.eids["c"] == "P0000000003"
    assert events(res) == [("P0000000001", "kept", ""),
                           ("P0000000002", "merged_into", "P0000000001"),
                           ("P0000000003", "split_from", "P0000000001")]


def test_custom_generator_is_used_and_checked():
    ids = iter(["X-a", "X-b"])
    res = assign_ids(clusters(a="a", b="b"), None, prefix="X", new_id=lambda: next(ids))
    assert res.eids.to_dict() == {"a": "X-a", "b": "X-b"}
    with pytest.raises(ValueError, match="already in use"):
        assign_ids(clusters(a="a", b="b"), prev(P0000000001="a"), prefix="P",
                   new_id=lambda: "P0000000001")


def test_rerun_is_deterministic():
    before = prev(P0000000001="a b c", P0000000002="d")
    a = assign_ids(clusters(a="a", b="b c d", x="x"), before, prefix="P")
    b = assign_ids(clusters(x="x", b="b c d", a="a"), before.iloc[::-1], prefix="P")
    assert a.eids.sort_index().equals(b.eids.sort_index())
    assert events(a) == events(b)


def test_speed_smoke_1m_records():
    n = 1_000_000
    rids = pd.Index(np.char.add("r", np.arange(n).astype(str)).astype(object))
    old = pd.Series(np.char.add("P", (np.arange(n) // 2).astype(str)).astype(object), index=rids)
    new = pd.Series(rids[(np.arange(n) // 3) * 3], index=rids)
    t0 = time.perf_counter()
    res = assign_ids(new, old.sample(frac=0.9, random_state=1), prefix="P")
    print(f"\nassign_ids: {n:,} records in {time.perf_counter() - t0:.2f} s, "
          f"{res.events['event'].value_counts().to_dict()}")
    assert res.eids.notna().all()


def test_ids_follow_steward_decisions_through_clustering():
    from linkage.clustering import cluster

    recs = pd.DataFrame({"rid": list("abcde")})
    prs = pd.DataFrame([("a", "b", 30), ("b", "c", 30), ("a", "c", 30), ("c", "d", 25),
                        ("d", "e", 12)], columns=["l", "r", "weight"])
    run1 = cluster(recs, prs, match_weight=10)
    ids1 = assign_ids(run1.assignment, None, prefix="P")
    big = ids1.eids["a"]
    assert ids1.eids[list("abcd")].nunique() == 1

    # A steward splits d off (no-match with each record it was joined to): a-b-c keep the id.
    no_match = pd.DataFrame([(x, "d") for x in "abc"], columns=["l", "r"])
    run2 = cluster(recs, prs, match_weight=10, cannot_link=no_match)
    ids2 = assign_ids(run2.assignment, ids1.eids, prefix="P")
    assert (ids2.eids[list("abc")] == big).all() and ids2.eids["d"] != big
    assert (ids2.eids["d"], "split_from", big) in events(ids2)

    # A later steward merge of d with c brings d back under the surviving id and redirects d's.
    run3 = cluster(recs, prs, match_weight=10, must_link=pd.DataFrame({"l": ["d"], "r": ["c"]}))
    ids3 = assign_ids(run3.assignment, ids2.eids, prefix="P")
    assert (ids3.eids[list("abcd")] == big).all()
    assert ids3.redirects[["from_eid", "to_eid"]].values.tolist() == [[ids2.eids["d"], big]]
