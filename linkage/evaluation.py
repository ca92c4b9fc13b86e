"""Scores for entity resolution against a ground truth: pairwise and cluster-level.

Pairs are unordered and written as sorted tuples ``(a, b)`` with ``a < b``. Clusterings are maps
``record id -> cluster id``; a record missing from a map is a singleton.

Pairwise scores over clusterings are computed from the contingency table of the two partitions
(``sum C(n, 2)`` over cells), so a clustering with a 20,000-record component costs nothing extra;
:func:`pairs_from_clusters` materialises the pairs only when a set is what the caller needs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations

Pair = tuple[str, str]


def canonical_pairs(pairs: Iterable[tuple[Hashable, Hashable]]) -> set[tuple]:
    """Pairs as sorted tuples without self-pairs or repeats."""
    out = set()
    for a, b in pairs:
        if a != b:
            out.add((a, b) if a < b else (b, a))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def pairwise_scores(predicted_pairs: Iterable[tuple], truth_pairs: Iterable[tuple]) -> dict:
    """Precision, recall and F1 of predicted matching pairs.

    Args:
        predicted_pairs: pairs declared matches (any order within a pair; repeats ignored).
        truth_pairs: the true matching pairs.

    Returns:
        ``{"precision", "recall", "f1", "tp", "fp", "fn"}``. With nothing predicted precision is
        1.0; with no true pairs recall is 1.0 (nothing was missed).
    """
    pred = canonical_pairs(predicted_pairs)
    truth = canonical_pairs(truth_pairs)
    tp = len(pred & truth)
    return _prf(tp, len(pred) - tp, len(truth) - tp)


def pairs_from_clusters(mapping: Mapping[Hashable, Hashable]) -> set[tuple]:
    """Every pair of records that share a cluster, as sorted tuples.

    A cluster of n members yields n(n-1)/2 pairs: fine up to a few thousand members; for
    scoring large clusterings use :func:`pairwise_scores_from_clusters`, which never builds them.
    """
    members: dict[Hashable, list] = defaultdict(list)
    for rid, cid in mapping.items():
        members[cid].append(rid)
    out: set[tuple] = set()
    for group in members.values():
        if len(group) > 1:
            out.update(combinations(sorted(group), 2))
    return out


def clusters_from_pairs(pairs: Iterable[tuple], ids: Iterable[Hashable] = ()) -> dict:
    """Connected components of ``pairs`` as ``id -> cluster id`` (the smallest member id).

    Args:
        pairs: matching pairs (edges).
        ids: records to include as singletons when no pair touches them.
    """
    parent: dict = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for rid in ids:
        parent.setdefault(rid, rid)
    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    return {rid: find(rid) for rid in parent}


def _cells(predicted: Mapping, truth: Mapping) -> tuple[Counter, Counter, Counter]:
    """Sizes of predicted clusters, true clusters and their intersections over all records."""
    ids = set(truth) | set(predicted)
    # Records missing from a map are singletons: give them a cluster id no real one can equal.
    pred = {r: predicted.get(r, ("__single__", r)) for r in ids}
    true = {r: truth.get(r, ("__single__", r)) for r in ids}
    pred_size = Counter(pred.values())
    true_size = Counter(true.values())
    cells = Counter((pred[r], true[r]) for r in ids)
    return pred_size, true_size, cells


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores_from_clusters(predicted: Mapping, truth: Mapping) -> dict:
    """Pairwise precision/recall/F1 of one clustering against another, without listing pairs.

    Equal to ``pairwise_scores(pairs_from_clusters(predicted), pairs_from_clusters(truth))``.
    """
    pred_size, true_size, cells = _cells(predicted, truth)
    tp = sum(_c2(n) for n in cells.values())
    n_pred = sum(_c2(n) for n in pred_size.values())
    n_true = sum(_c2(n) for n in true_size.values())
    return _prf(tp, n_pred - tp, n_true - tp)


def pairwise_scores_against_pairs(predicted: Mapping, truth_pairs: Iterable[tuple]) -> dict:
    """Pairwise scores of a clustering against a list of true pairs, without listing its pairs.

    For a truth given only as pairs (possibly not transitively closed): a true pair is found
    when both records share a predicted cluster; every other pair inside a cluster is a false
    positive.
    """
    truth = canonical_pairs(truth_pairs)
    sizes = Counter(predicted.values())
    n_pred = sum(_c2(n) for n in sizes.values())
    tp = sum(1 for a, b in truth
             if a in predicted and b in predicted and predicted[a] == predicted[b])
    return _prf(tp, n_pred - tp, len(truth) - tp)


def cluster_scores(predicted: Mapping, truth: Mapping) -> dict:
    """Cluster-level agreement: B-cubed precision/recall/F1 and exactly recovered entities.

    B-cubed averages, over records, the share of a record's predicted cluster that truly belongs
    with it (precision) and the share of its true cluster that was found (recall), so each record
    counts once however large its cluster.

    Returns:
        ``bcubed_precision``, ``bcubed_recall``, ``bcubed_f1``; ``exact_clusters``: true entities
        whose records form exactly one predicted cluster; ``exact_multi_clusters``: the same
        among entities with two or more records; ``true_clusters``, ``true_multi_clusters``,
        ``predicted_clusters``; ``records``.
    """
    pred_size, true_size, cells = _cells(predicted, truth)
    n = sum(cells.values())
    if not n:
        return {"bcubed_precision": 1.0, "bcubed_recall": 1.0, "bcubed_f1": 1.0,
                "exact_clusters": 0, "exact_multi_clusters": 0, "true_clusters": 0,
                "true_multi_clusters": 0, "predicted_clusters": 0, "records": 0}
    p_sum = sum(k * k / pred_size[c] for (c, _), k in cells.items())
    r_sum = sum(k * k / true_size[t] for (_, t), k in cells.items())
    bp, br = p_sum / n, r_sum / n
    exact = [t for (c, t), k in cells.items() if k == pred_size[c] == true_size[t]]
    return {
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "bcubed_f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
        "exact_clusters": len(exact),
        "exact_multi_clusters": sum(1 for t in exact if true_size[t] > 1),
        "true_clusters": len(true_size),
        "true_multi_clusters": sum(1 for s in true_size.values() if s > 1),
        "predicted_clusters": len(pred_size),
        "records": n,
    }


def evaluate_assignments(assignments, truth) -> dict[str, dict]:
    """Score a store's resolution against a truth file, per kind.

    Args:
        assignments: ``source, key, kind, entity_id`` per source record (``yidang export``).
        truth: ``source, key, entity`` rows (a ``kind`` column is optional).

    Returns:
        kind -> pairwise ``precision, recall, f1, tp, fp, fn`` plus :func:`cluster_scores` and
        ``records`` (records in both files) and ``unresolved`` (records in the truth whose kind
        has no resolution yet). Only records present in both are scored.
    """
    need = {"source", "key", "entity"} - set(truth.columns)
    if need:
        raise ValueError(f"the truth file needs columns source, key, entity; missing "
                         f"{', '.join(sorted(need))} (columns: {', '.join(truth.columns)})")
    rid = lambda f: f["source"].astype(str) + ":" + f["key"].astype(str)  # noqa: E731
    pred = dict(zip(rid(assignments), assignments["entity_id"]))
    kinds = dict(zip(rid(assignments), assignments["kind"]))
    true = dict(zip(rid(truth), truth["entity"].astype(str)))
    out: dict[str, dict] = {}
    for kind in sorted({k for k in kinds.values() if k}):
        ids = [r for r in true if kinds.get(r) == kind]
        unresolved = sum(1 for r in ids if pred.get(r) is None)
        scored = [r for r in ids if pred.get(r) is not None]
        p = {r: pred[r] for r in scored}
        t = {r: true[r] for r in scored}
        out[kind] = {**pairwise_scores_from_clusters(p, t), **cluster_scores(p, t),
                     "records": len(scored), "unresolved": unresolved}
    return out
