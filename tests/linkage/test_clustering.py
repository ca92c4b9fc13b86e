"""Constrained clustering: every constraint, weak bridges, determinism and a speed smoke test."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from linkage.clustering import cluster

T = 10.0  # match weight used throughout


def records(*rids, ids=None, valid=None):
    """Records with optional id_number / id_valid columns given as {rid: value}."""
    ids = ids or {}
    valid = valid or {}
    return pd.DataFrame({"rid": list(rids),
                         "id_number": [ids.get(r) for r in rids],
                         "id_valid": [valid.get(r, r in ids) for r in rids]})


def pairs(*edges):
    return pd.DataFrame(edges, columns=["l", "r", "weight"])


def links(*edges):
    return pd.DataFrame(edges, columns=["l", "r"])


def groups(result):
    """The clustering as a set of frozensets of rids."""
    a = result.assignment
    return {frozenset(g.index) for _, g in a.groupby(a)}


def test_unconstrained_edges_give_components_keyed_by_smallest_rid():
    res = cluster(records("b", "a", "c", "d"), pairs(("b", "a", 20), ("c", "d", 5)),
                  match_weight=T)
    assert res.assignment.to_dict() == {"b": "a", "a": "a", "c": "c", "d": "d"}
    assert res.rejected.empty and res.conflicts.empty


def test_two_valid_id_numbers_never_merge_even_through_a_strong_chain():
    recs = records("A", "B", "C", ids={"A": "110105194912310029", "C": "11010519491231002X"})
    res = cluster(recs, pairs(("A", "B", 30), ("B", "C", 25)), match_weight=T,
                  hard_keys=["id_number"])
    assert groups(res) == {frozenset({"A", "B"}), frozenset({"C"})}
    assert res.rejected[["l", "r", "reason"]].values.tolist() == [["B", "C", "hard_key:id_number"]]


def test_heavier_edge_decides_which_side_the_middle_record_joins():
    recs = records("A", "B", "C", ids={"A": "1", "C": "2"})
    res = cluster(recs, pairs(("A", "B", 12), ("B", "C", 25)), match_weight=T,
                  hard_keys={"id_number": "id_valid"})
    assert groups(res) == {frozenset({"A"}), frozenset({"B", "C"})}


def test_invalid_id_number_does_not_block_a_merge():
    recs = records("A", "B", ids={"A": "110105194912310029", "B": "110105194912310028"},
                   valid={"B": False})
    res = cluster(recs, pairs(("A", "B", 15)), match_weight=T, hard_keys=["id_number"])
    assert groups(res) == {frozenset({"A", "B"})}


def test_same_valid_id_number_merges():
    recs = records("A", "B", ids={"A": "X1", "B": "X1"})
    res = cluster(recs, pairs(("A", "B", 15)), match_weight=T, hard_keys=["id_number"])
    assert groups(res) == {frozenset({"A", "B"})}


def test_hard_key_without_validity_column_treats_every_value_as_valid():
    recs = pd.DataFrame({"rid": ["a", "b", "c"], "uscc": ["U1", None, "U2"]})
    res = cluster(recs, pairs(("a", "b", 20), ("b", "c", 20)), match_weight=T,
                  hard_keys={"uscc": None})
    assert groups(res) == {frozenset({"a", "b"}), frozenset({"c"})}


def test_cannot_link_is_honoured_transitively():
    # A and D may never meet: neither directly nor through B and C.
    recs = records("A", "B", "C", "D")
    res = cluster(recs, pairs(("A", "B", 30), ("C", "D", 30), ("B", "C", 20)),
                  match_weight=T, cannot_link=links(("A", "D")))
    assert groups(res) == {frozenset({"A", "B"}), frozenset({"C", "D"})}
    assert res.rejected["reason"].tolist() == ["cannot_link"]


def test_cannot_link_accepts_either_orientation():
    res = cluster(records("A", "B"), pairs(("A", "B", 40)), match_weight=T,
                  cannot_link=links(("B", "A")))
    assert groups(res) == {frozenset({"A"}), frozenset({"B"})}


def test_must_link_holds_below_threshold_and_without_any_pair():
    res = cluster(records("A", "B", "C"), pairs(("A", "B", 2)), match_weight=T,
                  must_link=links(("A", "B"), ("C", "B")))
    assert groups(res) == {frozenset({"A", "B", "C"})}


def test_must_link_conflict_stays_together_and_is_reported():
    recs = records("A", "B", "C", ids={"A": "1", "B": "2"})
    res = cluster(recs, pairs(("B", "C", 20)), match_weight=T, hard_keys=["id_number"],
                  must_link=links(("A", "B")))
    assert groups(res) == {frozenset({"A", "B", "C"})}
    assert res.conflicts[["cluster", "reason"]].values.tolist() == [["A", "hard_key:id_number"]]


def test_must_link_conflicting_with_cannot_link_is_reported():
    res = cluster(records("A", "B"), pairs(), match_weight=T, must_link=links(("A", "B")),
                  cannot_link=links(("A", "B")))
    assert groups(res) == {frozenset({"A", "B"})}
    assert res.conflicts["reason"].tolist() == ["cannot_link"]


def test_conflicted_must_link_cluster_still_refuses_a_third_valid_id():
    recs = records("A", "B", "C", ids={"A": "1", "B": "2", "C": "3"})
    res = cluster(recs, pairs(("B", "C", 30)), match_weight=T, hard_keys=["id_number"],
                  must_link=links(("A", "B")))
    assert groups(res) == {frozenset({"A", "B"}), frozenset({"C"})}


def clique(names, w):
    return [(a, b, w) for i, a in enumerate(names) for b in names[i + 1:]]


def test_weak_bridge_between_two_cliques_is_cut():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    edges = clique(left, 30) + clique(right, 30) + [("a3", "b1", 11)]
    res = cluster(records(*left, *right), pairs(*edges), match_weight=T)
    assert groups(res) == {frozenset(left), frozenset(right)}
    assert res.rejected[["l", "r", "reason"]].values.tolist() == [["a3", "b1", "bridge_cut"]]


def test_weak_two_edge_cut_between_two_cliques_is_cut():
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    edges = clique(left, 30) + clique(right, 30) + [("a1", "b1", 11), ("a2", "b2", 12)]
    res = cluster(records(*left, *right), pairs(*edges), match_weight=T)
    assert groups(res) == {frozenset(left), frozenset(right)}
    assert sorted(res.rejected["reason"]) == ["bridge_cut", "bridge_cut"]


def test_strong_bridge_is_kept():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    edges = clique(left, 30) + clique(right, 30) + [("a3", "b1", 25)]
    res = cluster(records(*left, *right), pairs(*edges), match_weight=T)
    assert groups(res) == {frozenset(left + right)}


def test_strong_chain_is_kept():
    names = [f"r{i}" for i in range(8)]
    edges = [(a, b, 20 + i % 3) for i, (a, b) in enumerate(zip(names, names[1:]))]
    res = cluster(records(*names), pairs(*edges), match_weight=T)
    assert groups(res) == {frozenset(names)}


def test_must_link_bridge_is_never_cut():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    edges = clique(left, 30) + clique(right, 30)
    res = cluster(records(*left, *right), pairs(*edges), match_weight=T,
                  must_link=links(("a3", "b1")))
    assert groups(res) == {frozenset(left + right)}


def test_bridge_cutting_can_be_disabled():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    edges = clique(left, 30) + clique(right, 30) + [("a3", "b1", 11)]
    res = cluster(records(*left, *right), pairs(*edges), match_weight=T, bridge_ratio=0)
    assert len(groups(res)) == 1


def test_duplicate_and_reversed_pairs_count_once_with_the_heaviest_weight():
    res = cluster(records("A", "B"), pairs(("A", "B", 3), ("B", "A", 12), ("A", "A", 50)),
                  match_weight=T)
    assert groups(res) == {frozenset({"A", "B"})}


def test_singletons_are_included():
    res = cluster(records("z", "y"), pairs(), match_weight=T)
    assert res.assignment.to_dict() == {"z": "z", "y": "y"}


def test_rid_as_index_is_accepted():
    recs = records("A", "B").set_index("rid")
    res = cluster(recs, pairs(("A", "B", 20)), match_weight=T, hard_keys=["id_number"])
    assert res.assignment.to_dict() == {"A": "A", "B": "A"}


def test_unknown_rid_in_pairs_says_what_to_pass():
    with pytest.raises(ValueError, match="not in the records"):
        cluster(records("A"), pairs(("A", "Q", 20)), match_weight=T)


def test_missing_hard_key_column_lists_the_columns():
    with pytest.raises(ValueError, match="'sfzh' is not in the records"):
        cluster(records("A"), pairs(), match_weight=T, hard_keys={"sfzh": None})


def synthetic(n_people, seed=0, dup=3):
    """Records of n_people people (1-`dup` records each) with strong pairs within a person,
    some invalid id numbers, and weak namesake pairs across people."""
    rng = np.random.default_rng(seed)
    per = rng.integers(1, dup + 1, n_people)
    person = np.repeat(np.arange(n_people), per)
    n = len(person)
    rids = np.char.add("r", np.arange(n).astype(str)).astype(object)
    valid = rng.random(n) > 0.1
    recs = pd.DataFrame({"rid": rids, "id_number": person.astype(str), "id_valid": valid})
    start = np.r_[0, np.cumsum(per)[:-1]]
    first = np.repeat(start, per)
    within = np.flatnonzero(np.arange(n) != first)
    cross_l = rng.integers(0, n, n // 2)
    cross_r = rng.integers(0, n, n // 2)
    l = np.r_[first[within], cross_l]
    r = np.r_[within, cross_r]
    w = np.r_[rng.uniform(15, 30, len(within)), rng.uniform(10, 16, len(cross_l))]
    prs = pd.DataFrame({"l": rids[l], "r": rids[r], "weight": w})
    return recs, prs


def test_result_does_not_depend_on_row_order():
    recs, prs = synthetic(2000, seed=1)
    a = cluster(recs, prs, match_weight=T, hard_keys=["id_number"])
    b = cluster(recs.sample(frac=1, random_state=3), prs.sample(frac=1, random_state=4),
                match_weight=T, hard_keys=["id_number"])
    assert a.assignment.sort_index().equals(b.assignment.sort_index())


def test_no_cluster_holds_two_valid_id_numbers_at_scale():
    recs, prs = synthetic(5000, seed=2)
    res = cluster(recs, prs, match_weight=T, hard_keys=["id_number"])
    merged = recs.assign(cluster=res.assignment.loc[recs["rid"]].to_numpy())
    valid = merged[merged["id_valid"]]
    assert valid.groupby("cluster")["id_number"].nunique().max() == 1


def test_speed_smoke_200k_records():
    recs, prs = synthetic(100_000, seed=5)
    t0 = time.perf_counter()
    res = cluster(recs, prs, match_weight=T, hard_keys=["id_number"])
    elapsed = time.perf_counter() - t0
    print(f"\ncluster: {len(recs):,} records, {len(prs):,} pairs in {elapsed:.2f} s; {res.stats}")
    assert len(res.assignment) == len(recs)


def reference_greedy(recs, prs, must, cannot, threshold):
    """Plain, slow statement of the greedy rule: must-links, then edges by weight (ties by rid)."""
    cluster_of = {r: {r} for r in recs["rid"]}
    value = {r: (v if ok else None) for r, v, ok in recs[["rid", "id_number", "id_valid"]].values}

    def join(a, b):
        merged = cluster_of[a] | cluster_of[b]
        for x in merged:
            cluster_of[x] = merged

    for a, b in must:
        join(a, b)
    edges = sorted(((w, min(a, b), max(a, b)) for a, b, w in prs if w >= threshold and a != b),
                   key=lambda e: (-e[0], e[1], e[2]))
    for _, a, b in edges:
        if cluster_of[a] is cluster_of[b]:
            continue
        va = {value[x] for x in cluster_of[a] if value[x] is not None}
        vb = {value[x] for x in cluster_of[b] if value[x] is not None}
        if va and vb and not (va <= vb or vb <= va):
            continue
        if any((x in cluster_of[a] and y in cluster_of[b]) or (y in cluster_of[a] and x in
               cluster_of[b]) for x, y in cannot):
            continue
        join(a, b)
    return {frozenset(c) for c in map(frozenset, cluster_of.values())}


@pytest.mark.parametrize("seed", range(100))
def test_greedy_matches_the_plain_reference(seed):
    rng = np.random.default_rng(seed)
    n = 40
    rids = [f"r{i:02d}" for i in range(n)]
    recs = pd.DataFrame({"rid": rids,
                         "id_number": [str(x) for x in rng.integers(0, 8, n)],
                         "id_valid": rng.random(n) < 0.6})
    m = 120 if seed % 2 else 30  # dense: one big component; sparse: many, some with links
    prs = [(rids[a], rids[b], float(w)) for a, b, w in
           zip(rng.integers(0, n, m), rng.integers(0, n, m), rng.integers(5, 30, m))]
    must = [(rids[a], rids[b]) for a, b in rng.integers(0, n, (seed % 3, 2))]
    cannot = [(rids[a], rids[b]) for a, b in rng.integers(0, n, ((seed // 3) % 4, 2)) if a != b]
    res = cluster(recs, pd.DataFrame(prs, columns=["l", "r", "weight"]), match_weight=T,
                  hard_keys=["id_number"], must_link=links(*must) if must else None,
                  cannot_link=links(*cannot) if cannot else None, bridge_ratio=0)
    expected = reference_greedy(recs, prs, must, cannot, T)
    assert groups(res) == expected


def test_integer_rids_match_their_string_form():
    recs = pd.DataFrame({"rid": [1, 2, 3]})
    res = cluster(recs, pd.DataFrame({"l": [1], "r": [2], "weight": [20.0]}), match_weight=T)
    assert res.assignment.to_dict() == {"1": "1", "2": "1", "3": "3"}


def test_steward_links_to_records_no_longer_present_are_skipped():
    res = cluster(records("A", "B"), pairs(("A", "B", 20)), match_weight=T,
                  cannot_link=links(("A", "gone")), must_link=links(("gone", "B")))
    assert groups(res) == {frozenset({"A", "B"})}
    assert res.stats["links_skipped"] == 2


def test_no_records_give_an_empty_clustering():
    res = cluster(records(), pairs(), match_weight=T, hard_keys=["id_number"])
    assert res.assignment.empty and res.rejected.empty


def test_weak_bridges_cut_together_never_strand_a_single_record():
    # S1 =weak= x =weak= S2: cutting both bridges at once would leave x alone.
    s1, s2 = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    edges = clique(s1, 30) + clique(s2, 30) + [("a3", "x", 11), ("x", "b1", 12)]
    res = cluster(records(*s1, "x", *s2), pairs(*edges), match_weight=T)
    assert groups(res) == {frozenset(s1), frozenset(s2 + ["x"])}
