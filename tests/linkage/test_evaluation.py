"""Pairwise and cluster-level scores in bench/quality/metrics.py."""

from __future__ import annotations

import random

import pytest

from linkage.evaluation import (
    canonical_pairs,
    cluster_scores,
    clusters_from_pairs,
    pairs_from_clusters,
    pairwise_scores,
    pairwise_scores_against_pairs,
    pairwise_scores_from_clusters,
)


def test_pairwise_scores_counts_unordered_pairs_once():
    truth = {("a", "b"), ("c", "d")}
    s = pairwise_scores([("b", "a"), ("a", "b"), ("a", "c")], truth)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)
    assert s["precision"] == pytest.approx(0.5)
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(0.5)


def test_pairwise_scores_ignore_self_pairs():
    assert canonical_pairs([("a", "a"), ("b", "a")]) == {("a", "b")}


def test_pairwise_scores_with_nothing_predicted_have_zero_recall_and_f1():
    s = pairwise_scores([], {("a", "b")})
    assert s["precision"] == 1.0 and s["recall"] == 0.0 and s["f1"] == 0.0


def test_pairwise_scores_perfect_prediction_scores_one():
    truth = {("a", "b"), ("a", "c"), ("b", "c")}
    assert pairwise_scores(truth, truth)["f1"] == 1.0


def test_pairs_from_clusters_lists_every_pair_inside_each_cluster():
    pairs = pairs_from_clusters({"a": 1, "b": 1, "c": 1, "d": 2, "e": 3, "f": 3})
    assert pairs == {("a", "b"), ("a", "c"), ("b", "c"), ("e", "f")}


def test_pairs_from_clusters_handles_a_cluster_of_thousands():
    mapping = {f"r{i:05d}": 0 for i in range(3000)}
    assert len(pairs_from_clusters(mapping)) == 3000 * 2999 // 2


def test_clusters_from_pairs_joins_chains_and_keeps_singletons():
    c = clusters_from_pairs([("b", "c"), ("a", "b"), ("x", "y")], ids="abcxyz")
    assert c["a"] == c["b"] == c["c"] == "a"
    assert c["x"] == c["y"] == "x"
    assert c["z"] == "z"


def test_cluster_pairwise_scores_equal_scores_over_listed_pairs():
    rng = random.Random(7)
    ids = [f"r{i:03d}" for i in range(300)]
    truth = {r: rng.randrange(120) for r in ids}
    pred = {r: rng.randrange(100) for r in ids}
    expected = pairwise_scores(pairs_from_clusters(pred), pairs_from_clusters(truth))
    assert pairwise_scores_from_clusters(pred, truth) == pytest.approx(expected)


def test_cluster_pairwise_scores_treat_missing_records_as_singletons():
    truth = {"a": 1, "b": 1, "c": 2}
    s = pairwise_scores_from_clusters({"a": 9, "b": 9}, truth)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 0, 0)


def test_bcubed_of_a_perfect_clustering_is_one_and_every_entity_is_exact():
    truth = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3, "f": 3}
    pred = {"a": "x", "b": "x", "c": "y", "d": "z", "e": "z", "f": "z"}
    s = cluster_scores(pred, truth)
    assert s["bcubed_f1"] == 1.0
    assert s["exact_clusters"] == 3 and s["exact_multi_clusters"] == 2
    assert s["true_multi_clusters"] == 2


def test_bcubed_matches_hand_computed_values():
    # truth {a,b,c} {d}; predicted {a,b} {c,d}
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = cluster_scores(pred, truth)
    # precision per record: a 1, b 1, c 1/2, d 1/2 -> 0.75
    # recall per record: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    assert s["bcubed_precision"] == pytest.approx(0.75)
    assert s["bcubed_recall"] == pytest.approx(2 / 3)
    assert s["exact_clusters"] == 0
    assert s["predicted_clusters"] == 2 and s["true_clusters"] == 2


def test_merging_everything_keeps_recall_and_ruins_precision():
    truth = {f"r{i}": i // 2 for i in range(10)}
    s = cluster_scores({r: 0 for r in truth}, truth)
    assert s["bcubed_recall"] == 1.0
    assert s["bcubed_precision"] == pytest.approx(0.2)


def test_scores_against_pairs_equal_scores_over_listed_pairs():
    rng = random.Random(11)
    ids = [f"r{i:03d}" for i in range(200)]
    pred = {r: rng.randrange(60) for r in ids}
    truth_pairs = {tuple(sorted(rng.sample(ids, 2))) for _ in range(150)}
    expected = pairwise_scores(pairs_from_clusters(pred), truth_pairs)
    assert pairwise_scores_against_pairs(pred, truth_pairs) == pytest.approx(expected)
