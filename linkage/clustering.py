"""Constrained clustering of scored pairs into entities — not plain connected components.

Connected components over pairwise matches chain different people together at scale: one
namesake edge joins two families, and a hub record pulls in everyone it half-resembles. This
module clusters with the constraints an entity must satisfy:

* **hard keys** — no cluster holds two different *valid* values of a hard identifier (two valid
  ID numbers are two people; two valid credit codes are two organisations). Invalid values do not
  constrain: a mistyped number is no evidence of a second person.
* **cannot-link** — pairs that must never end in one cluster (a steward's no-match, a branch and
  its head office), honoured transitively: no member of one side may ever join the other.
* **must-link** — pairs that must end together (a steward's match or merge), applied first and
  unconditionally; if they contradict a hard key or a cannot-link the records stay together and
  the contradiction is reported in ``Clustering.conflicts`` for a steward to settle.

Algorithm
    1. Must-link edges and candidate edges (``weight >= match_weight``) form a graph whose
       connected components are found with scipy's csgraph (vectorised, ~0.1 s per million edges).
    2. A component with at most one valid value per hard key and no cannot-link inside cannot
       violate anything: it is taken as is. Only the other components go through step 3, so the
       Python loop touches a small fraction of the edges on real data.
    3. Greedy constrained agglomeration: union-find over the must-links, then the component's
       candidate edges in descending weight (ties by rid, so the result is deterministic); two
       clusters merge only if the union keeps one valid value per hard key and no cannot-link
       joins them (checked by walking the smaller side's cannot-link set). A refused edge stays
       refused — clusters only grow, so a conflict found once persists. Before the loop, edges
       whose fate cannot depend on order are settled vectorised (components without steward
       links only): two records with the same valid value of every hard key are merged, two with
       different valid values are refused. The result is exactly that of the plain loop (a
       reference implementation in the tests checks it on random graphs).
    4. Weak-bridge cutting: in a cluster of ``bridge_min_size`` or more records whose internal
       graph is not dense (minimum degree below half its size — a graph at or above that has no
       bridge), find bridges (Tarjan) and, for small clusters, two-edge cuts. A cut is made when
       it leaves two groups of at least two records each, every cut edge is a scored edge (never a
       must-link) and the heaviest cut edge weighs less than ``bridge_ratio`` times the median
       internal weight of the weaker group. Qualifying bridges that split off disjoint groups
       are cut in one pass (weakest first), and the parts re-examined until no cut qualifies.

The result maps every record (singletons included) to a cluster key that is the smallest rid of
its cluster, so equal inputs give equal outputs whatever their row order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["Clustering", "cluster", "hard_key_columns"]

REJECTED_COLUMNS = ["l", "r", "weight", "reason"]
CONFLICT_COLUMNS = ["cluster", "reason", "detail"]

# Clusters this small are left alone by the two-edge-cut search (quadratic in edges); bridges are
# still searched in clusters of any size.
TWO_EDGE_CUT_MAX_EDGES = 300


@dataclass
class Clustering:
    """Outcome of :func:`cluster`.

    Attributes:
        assignment: rid -> cluster key (the cluster's smallest rid), one row per record, in the
            order of ``records``.
        rejected: candidate edges (``l``, ``r``, ``weight``) refused or cut, with ``reason``:
            ``'hard_key:<column>'``, ``'cannot_link'`` or ``'bridge_cut'``.
        conflicts: must-link clusters that break a constraint (``cluster``, ``reason``,
            ``detail``) — kept together as instructed, listed for a steward.
        stats: counts of what each stage did, for reports.
    """

    assignment: pd.Series
    rejected: pd.DataFrame
    conflicts: pd.DataFrame
    stats: dict = field(default_factory=dict)


def hard_key_columns(records: pd.DataFrame,
                     hard_keys: Mapping[str, str | None] | Sequence[str]) -> dict[str, str | None]:
    """Resolve each hard-key column to its validity column.

    A mapping is taken as given (``{"id_number": "id_valid"}``; ``None`` means every non-empty
    value counts as valid). For a plain list of names the validity column is ``<key>_valid`` if
    present, else ``<first word>_valid`` (``id_number`` -> ``id_valid``, ``uscc`` ->
    ``uscc_valid``), else none.

    Raises:
        ValueError: a named column is missing from ``records``.
    """
    if isinstance(hard_keys, str):
        hard_keys = [hard_keys]
    if isinstance(hard_keys, Mapping):
        resolved = dict(hard_keys)
    else:
        resolved = {}
        for key in hard_keys:
            guesses = [f"{key}_valid", f"{key.split('_')[0]}_valid"]
            resolved[key] = next((g for g in guesses if g in records.columns), None)
    for key, valid in resolved.items():
        for col in (key, valid):
            if col is not None and col not in records.columns:
                raise ValueError(f"hard key column {col!r} is not in the records "
                                 f"(columns: {', '.join(map(str, records.columns))})")
    return resolved


def _rid_series(records: pd.DataFrame) -> pd.Series:
    if "rid" in records.columns:
        rids = records["rid"]
    elif records.index.name == "rid" or not isinstance(records.index, pd.RangeIndex):
        rids = records.index.to_series()
    else:
        raise ValueError("records need a 'rid' column or index "
                         f"(columns: {', '.join(map(str, records.columns))})")
    rids = rids.astype(str).reset_index(drop=True)
    if rids.duplicated().any():
        dup = rids[rids.duplicated()].iloc[:3].tolist()
        raise ValueError(f"records hold duplicate rids, e.g. {dup}: each record needs its own rid")
    return rids


def _codes(rids_sorted: pd.Index, values, what: str, strict: bool = True) -> np.ndarray:
    values = pd.Index(values)
    if values.dtype != object:
        values = values.astype(str)
    codes = rids_sorted.get_indexer(values)
    if (codes < 0).any() and not values.map(type).isin([str]).all():  # e.g. int rids in objects
        values = values.astype(str)
        codes = rids_sorted.get_indexer(values)
    if strict and (codes < 0).any():
        missing = values[codes < 0][:3].tolist()
        raise ValueError(f"{what} name rids that are not in the records, e.g. {missing}: "
                         "pass the records every pair was scored from")
    return codes.astype(np.int64)


def _pair_codes(frame: pd.DataFrame | None, rids_sorted: pd.Index, what: str,
                strict: bool = True):
    """Canonical (smaller, larger) codes of a pair frame, self-pairs dropped, and the kept mask.

    With ``strict`` off, pairs naming an unknown rid are dropped instead of raising."""
    if frame is None or len(frame) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.zeros(0, bool)
    for col in ("l", "r"):
        if col not in frame.columns:
            raise ValueError(f"{what} need columns 'l' and 'r' "
                             f"(columns: {', '.join(map(str, frame.columns))})")
    a = _codes(rids_sorted, frame["l"], what, strict)
    b = _codes(rids_sorted, frame["r"], what, strict)
    keep = (a != b) & (a >= 0) & (b >= 0)
    return np.minimum(a, b)[keep], np.maximum(a, b)[keep], keep


def _valid_value_codes(records: pd.DataFrame, order: np.ndarray,
                       keys: dict[str, str | None]) -> dict[str, np.ndarray]:
    """Per hard key, an int code per record (in sorted-rid order) of its valid value, -1 if none."""
    out = {}
    for key, valid_col in keys.items():
        # Values are compared as given: standardised upstream (NFKC, upper-case X, 15 -> 18).
        values = records[key].to_numpy(dtype=object)
        ok = pd.notna(values) & (values != "")
        if valid_col is not None:
            ok &= records[valid_col].isin([True]).to_numpy()
        codes, _ = pd.factorize(np.where(ok, values, None))
        out[key] = codes.astype(np.int64)[order]
    return out


class _UnionFind:
    """Union-find over record codes, with per-root valid hard values and cannot-link sets.

    A root's value of a hard key is -1 (none), a value code, or -2 when must-links forced several
    values together (the set then lives in ``multi``) — plain ints keep the hot loop cheap.
    """

    def __init__(self, n: int, hard: dict[str, np.ndarray], cl_l: np.ndarray, cl_r: np.ndarray):
        self.parent = list(range(n))
        self.size = [1] * n
        self.keys = list(hard)
        self.value = [codes.tolist() for codes in hard.values()]
        self.multi: list[dict[int, set]] = [{} for _ in hard]
        # root -> set of records cannot-linked to some member of the cluster.
        self.forbidden: dict[int, set] = {}
        for a, b in zip(cl_l.tolist(), cl_r.tolist()):
            self.forbidden.setdefault(a, set()).add(b)
            self.forbidden.setdefault(b, set()).add(a)

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def held(self, k: int, root: int) -> set:
        v = self.value[k][root]
        return self.multi[k][root] if v == -2 else (set() if v == -1 else {v})

    def blocker(self, ra: int, rb: int) -> str | None:
        """Why clusters ``ra`` and ``rb`` may not merge, or None if they may."""
        for k, value in enumerate(self.value):
            a, b = value[ra], value[rb]
            if a == -1 or b == -1 or (a == b and a >= 0):
                continue
            if a >= 0 and b >= 0:
                return f"hard_key:{self.keys[k]}"
            # A must-link conflict already holds several values: adding a subset is no news.
            sa, sb = self.held(k, ra), self.held(k, rb)
            if not (sa <= sb or sb <= sa):
                return f"hard_key:{self.keys[k]}"
        fa, fb = self.forbidden.get(ra), self.forbidden.get(rb)
        if fa and fb:
            small, other = (fa, rb) if len(fa) <= len(fb) else (fb, ra)
            find = self.find
            for y in small:
                if find(y) == other:
                    return "cannot_link"
        return None

    def union(self, ra: int, rb: int) -> int:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        for k, value in enumerate(self.value):
            a, b = value[ra], value[rb]
            if b == -1 or (a == b and a >= 0):
                continue
            if a == -1:
                value[ra] = b
                if b == -2:
                    self.multi[k][ra] = self.multi[k].pop(rb)
            else:
                merged = self.held(k, ra) | self.held(k, rb)
                self.multi[k].pop(rb, None)
                if len(merged) == 1:
                    value[ra] = merged.pop()
                else:
                    value[ra] = -2
                    self.multi[k][ra] = merged
        fb = self.forbidden.pop(rb, None)
        if fb:
            fa = self.forbidden.get(ra)
            if fa is None:
                self.forbidden[ra] = fb
            elif len(fa) < len(fb):
                fb.update(fa)
                self.forbidden[ra] = fb
            else:
                fa.update(fb)
        return ra


def cluster(records: pd.DataFrame, pairs: pd.DataFrame, *, match_weight: float,
            hard_keys: Mapping[str, str | None] | Sequence[str] = (),
            cannot_link: pd.DataFrame | None = None, must_link: pd.DataFrame | None = None,
            bridge_ratio: float = 0.5, bridge_min_size: int = 4,
            bridge_min_density: float = 0.5) -> Clustering:
    """Cluster scored pairs into entities under hard-key, cannot-link and must-link constraints.

    Args:
        records: one row per record, with a ``rid`` column or index, and the hard-key columns.
        pairs: scored pairs with columns ``l``, ``r`` (rids) and ``weight`` (match weight in
            log2 Bayes-factor units). Duplicates and both orientations are allowed: the heaviest
            weight of a pair counts.
        match_weight: pairs at or above this weight are merge candidates; the rest are ignored.
        hard_keys: hard identifier columns, as ``{"id_number": "id_valid"}`` (value column ->
            validity column, or None if every non-empty value is valid) or a list of names whose
            validity column is found as described in :func:`hard_key_columns`.
        cannot_link: pairs (``l``, ``r``) that must never share a cluster.
        must_link: pairs (``l``, ``r``) that must share a cluster, whatever their weight.
        bridge_ratio: a cut of one or two edges is made when its heaviest edge weighs less than
            this fraction of the median internal weight of the weaker side; 0 disables cutting.
        bridge_min_size: clusters smaller than this are never cut.
        bridge_min_density: each side of a cut must have at least this share of its possible
            internal edges — a cut separates dense groups; the halves of a long chain are not
            dense, so a chain of strong links is not snipped.

    Returns:
        A :class:`Clustering`.

    Raises:
        ValueError: a required column is missing, rids repeat, or a pair names an unknown rid.
    """
    rids = _rid_series(records)
    order = np.argsort(rids.to_numpy(dtype=object), kind="stable")
    rids_sorted = pd.Index(rids.to_numpy(dtype=object)[order])
    n = len(rids_sorted)
    keys = hard_key_columns(records, hard_keys)
    hard = _valid_value_codes(records, order, keys)

    # Candidate edges: canonical orientation, one row per pair with its heaviest weight.
    if pairs is None or len(pairs) == 0:
        pairs = pd.DataFrame({"l": [], "r": [], "weight": []})
    if "weight" not in pairs.columns:
        raise ValueError("pairs need a 'weight' column (match weight, log2 Bayes factor) "
                         f"(columns: {', '.join(map(str, pairs.columns))})")
    w_all = pairs["weight"].to_numpy(dtype=float)
    cand = pairs[w_all >= match_weight]
    el, er, kept = _pair_codes(cand, rids_sorted, "pairs")
    ew = cand["weight"].to_numpy(dtype=float)[kept]
    el, er, ew = _dedupe(el, er, ew, n)

    # Steward links outlive records (a source may drop one): links to absent rids are skipped.
    ml_l, ml_r, ml_kept = _pair_codes(must_link, rids_sorted, "must_link pairs", strict=False)
    cl_l, cl_r, cl_kept = _pair_codes(cannot_link, rids_sorted, "cannot_link pairs", strict=False)

    # 1. Components over candidate and must-link edges.
    gl = np.concatenate([el, ml_l])
    gr = np.concatenate([er, ml_r])
    graph = coo_matrix((np.ones(len(gl), np.int8), (gl, gr)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)

    # 2. Components that could break a constraint: >1 valid value of a hard key, or a cannot-link.
    flagged = np.zeros(comp.max() + 1 if n else 0, dtype=bool)
    for codes in hard.values():
        has = codes >= 0
        if has.any():
            per = pd.DataFrame({"c": comp[has], "v": codes[has]}).drop_duplicates()
            counts = np.bincount(per["c"].to_numpy(), minlength=len(flagged))
            flagged |= counts > 1
    inside = comp[cl_l] == comp[cl_r]
    flagged[comp[cl_l[inside]]] = True

    # 3. Greedy constrained agglomeration inside flagged components.
    rej_l, rej_r, rej_w, rej_reason = [], [], [], []
    conflicts: list[tuple[int, str, str]] = []
    label = comp.astype(np.int64) + n  # unflagged components keep their component label
    if flagged.any():
        nodes = np.flatnonzero(flagged[comp])
        uf = _UnionFind(n, hard, cl_l[inside], cl_r[inside])
        # Contraction first: it rebuilds the forest, and touches only components without steward
        # links, so the must-link unions below are unaffected by it.
        sel = np.flatnonzero(flagged[comp[el]])
        sel, (pre, pre_reason) = _contract_agreeing(uf, sel, el, er, comp, hard, ml_l, cl_l, n)
        ml_sel = flagged[comp[ml_l]]
        for a, b in zip(ml_l[ml_sel].tolist(), ml_r[ml_sel].tolist()):
            ra, rb = uf.find(a), uf.find(b)
            if ra != rb:
                uf.union(ra, rb)
        conflicts = _must_link_conflicts(uf, ml_l[ml_sel], ml_r[ml_sel], cl_l[inside],
                                         cl_r[inside], keys)
        sel = sel[np.lexsort((er[sel], el[sel], -ew[sel]))]
        blocker, union = uf.blocker, uf.union
        parent, value, forbidden = uf.parent, uf.value, uf.forbidden
        for i, a, b in zip(sel.tolist(), el[sel].tolist(), er[sel].tolist()):
            while parent[a] != a:  # find(), inlined: this loop runs once per candidate edge
                parent[a] = parent[parent[a]]
                a = parent[a]
            while parent[b] != b:
                parent[b] = parent[parent[b]]
                b = parent[b]
            if a == b:
                continue
            for v in value:  # the common case: no hard-key clash, no cannot-link at stake
                x, y = v[a], v[b]
                if (x != y and x != -1 and y != -1) or x == -2:  # -2: several values, see blocker
                    break
            else:
                if not forbidden or (a not in forbidden and b not in forbidden):
                    union(a, b)
                    continue
            why = blocker(a, b)
            if why is None:
                union(a, b)
            else:
                rej_l.append(int(el[i])), rej_r.append(int(er[i])), rej_w.append(ew[i])
                rej_reason.append(why)
        rej_l.extend(el[pre].tolist()), rej_r.extend(er[pre].tolist())
        rej_w.extend(ew[pre].tolist()), rej_reason.extend(pre_reason)
        root = np.asarray(uf.parent, dtype=np.int64)
        while True:  # pointer jumping: every record straight to its root, vectorised
            up = root[root]
            if np.array_equal(up, root):
                break
            root = up
        label[nodes] = root[nodes]

    # 4. Weak-bridge cutting.
    cuts = 0
    if bridge_ratio > 0:
        label, cut_edges = _cut_bridges(label, el, er, ew, ml_l, ml_r, bridge_ratio,
                                        bridge_min_size, bridge_min_density)
        cuts = len(cut_edges)
        for a, b, w in cut_edges:
            rej_l.append(a), rej_r.append(b), rej_w.append(w), rej_reason.append("bridge_cut")

    # Cluster key = smallest rid: codes follow sorted rids, so the smallest code of each label.
    _, dense = np.unique(label, return_inverse=True)
    first = np.full(dense.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, dense, np.arange(n))
    key_code = first[dense]
    keys_sorted = rids_sorted.to_numpy()[key_code]
    inv = np.empty(n, np.int64)
    inv[order] = np.arange(n)
    assignment = pd.Series(keys_sorted[inv], index=pd.Index(rids.to_numpy(), name="rid"),
                           name="cluster")

    names = rids_sorted.to_numpy()
    rejected = pd.DataFrame({"l": names[np.asarray(rej_l, np.int64)],
                             "r": names[np.asarray(rej_r, np.int64)],
                             "weight": np.asarray(rej_w, float),
                             "reason": pd.Series(rej_reason, dtype=object)},
                            columns=REJECTED_COLUMNS)
    conflict_frame = pd.DataFrame(
        [(names[key_code[node]], reason, detail) for node, reason, detail in conflicts],
        columns=CONFLICT_COLUMNS)
    stats = {"records": n, "candidate_edges": int(len(el)), "components": int(len(flagged)),
             "constrained_components": int(flagged.sum()),
             "refused_edges": int(len(rej_l) - cuts), "bridge_cuts": cuts,
             "clusters": int(len(first)),
             # A huge cluster means a threshold or blocking key gone wrong: worth a warning.
             "largest_cluster": int(np.bincount(dense).max()) if n else 0,
             "must_link_conflicts": len(conflicts),
             "links_skipped": int((~ml_kept).sum() + (~cl_kept).sum())}
    return Clustering(assignment, rejected, conflict_frame, stats)


def _contract_agreeing(uf, sel, el, er, comp, hard, ml_l, cl_l, n):
    """Settle up front the edges whose fate does not depend on order; returns the rest.

    Returns the candidate edge indices left for the greedy loop, and (edge indices, reasons) of
    the edges refused outright.

    An edge whose two records hold the same valid value of every hard key joins clusters with
    identical hard values at any moment, so it can never be refused — provided no steward link
    touches the component (cannot-links and must-link conflicts depend on order). Merging such
    edges up front, vectorised, gives exactly the greedy result and leaves the Python loop only
    the edges that can matter (on person data: the pairs without two agreeing valid ID numbers).
    Likewise an edge between two different valid values is refused whenever it is met.
    """
    none = np.empty(0, np.int64), []
    if not hard or len(sel) == 0:
        return sel, none
    steward = np.zeros(comp.max() + 1, bool)
    steward[comp[ml_l]] = True
    steward[comp[cl_l]] = True
    a, b = el[sel], er[sel]
    free = ~steward[comp[a]]
    # Two different valid values on the records themselves: refused whenever met (without
    # must-links no cluster ever holds two values), so refuse them here, vectorised.
    clash = np.zeros(len(sel), bool)
    reasons = np.full(len(sel), None, dtype=object)
    for key, codes in hard.items():
        hit = free & ~clash & (codes[a] >= 0) & (codes[b] >= 0) & (codes[a] != codes[b])
        reasons[hit] = f"hard_key:{key}"
        clash |= hit
    refused = sel[clash], reasons[clash].tolist()
    ok = free.copy()
    for codes in hard.values():
        ok &= (codes[a] >= 0) & (codes[a] == codes[b])
    if not ok.any():
        return sel[~clash], refused
    graph = coo_matrix((np.ones(int(ok.sum()), np.int8), (a[ok], b[ok])), shape=(n, n))
    _, group = connected_components(graph, directed=False)
    rep = np.full(group.max() + 1, n, dtype=np.int64)
    np.minimum.at(rep, group, np.arange(n))
    root = rep[group]
    uf.parent = root.tolist()
    uf.size = np.bincount(group)[group].tolist()
    rest = sel[~ok & ~clash]
    return rest[root[el[rest]] != root[er[rest]]], refused


def _dedupe(el, er, ew, n):
    """One row per unordered pair, keeping its heaviest weight."""
    if len(el) == 0:
        return el, er, ew
    key = el * n + er
    idx = np.argsort(key, kind="stable")
    key, el, er, ew = key[idx], el[idx], er[idx], ew[idx]
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    if len(start) == len(key):
        return el, er, ew
    return el[start], er[start], np.maximum.reduceat(ew, start)


def _must_link_conflicts(uf: _UnionFind, ml_l, ml_r, cl_l, cl_r, keys):
    """(node in cluster, reason, detail) for each must-link cluster that breaks a constraint."""
    out = []
    roots = {uf.find(a) for a in ml_l.tolist()} | {uf.find(b) for b in ml_r.tolist()}
    for root in sorted(roots):
        for k, key in enumerate(uf.keys):
            values = uf.held(k, root)
            if len(values) > 1:
                out.append((root, f"hard_key:{key}",
                            f"{len(values)} different valid {key} values held together by "
                            "must-links"))
    for a, b in zip(cl_l.tolist(), cl_r.tolist()):
        if uf.find(a) == uf.find(b) and uf.find(a) in roots:
            out.append((a, "cannot_link", "a cannot-link pair held together by must-links"))
    return out


def _cut_bridges(label, el, er, ew, ml_l, ml_r, ratio, min_size, min_density):
    """Split clusters at weak one- or two-edge cuts; returns new labels and the cut edges."""
    n = len(label)
    # Internal graph: candidate edges inside a cluster plus must-links (weight +inf, never cut).
    al = np.concatenate([el, ml_l])
    ar = np.concatenate([er, ml_r])
    aw = np.concatenate([ew, np.full(len(ml_l), np.inf)])
    if len(al) == 0:
        return label, []
    al, ar, aw = _dedupe(np.minimum(al, ar), np.maximum(al, ar), aw, n)
    internal = label[al] == label[ar]
    al, ar, aw = al[internal], ar[internal], aw[internal]
    if len(al) == 0:
        return label, []
    _, dense = np.unique(label, return_inverse=True)
    size = np.bincount(dense)
    deg = np.bincount(al, minlength=n) + np.bincount(ar, minlength=n)
    min_deg = np.full(len(size), np.iinfo(np.int64).max)
    np.minimum.at(min_deg, dense, deg)
    # Minimum degree >= n/2 means no bridge and edge connectivity = minimum degree (Chartrand):
    # such a cluster has no cut worth making unless it is tiny.
    cand = (size >= min_size) & ((2 * min_deg < size) | (size <= 5))
    ec = dense[al]
    sel = np.flatnonzero(cand[ec])
    if len(sel) == 0:
        return label, []
    sel = sel[np.argsort(ec[sel], kind="stable")]
    bounds = np.flatnonzero(np.diff(ec[sel])) + 1
    label = label.copy()
    next_label = int(label.max()) + 1
    cut_edges = []
    for group in np.split(sel, bounds):
        edges = list(zip(al[group].tolist(), ar[group].tolist(), aw[group].tolist()))
        for part in _split_cluster(edges, ratio, min_size, min_density, cut_edges)[1:]:
            label[np.asarray(sorted(part), np.int64)] = next_label
            next_label += 1
    return label, cut_edges


def _split_cluster(edges, ratio, min_size, min_density, cut_edges):
    """Recursively cut one cluster's internal graph; returns its parts as node sets.

    Every qualifying bridge found in one pass is cut at once when the small sides they split off
    do not overlap (weakest first), so a large chained cluster costs a few passes, not one per cut.
    """
    stack = [edges]
    parts = []
    while stack:
        es = stack.pop()
        nodes = {x for a, b, _ in es for x in (a, b)}
        cuts = _weak_cuts(es, nodes, ratio, min_density) if len(nodes) >= min_size else []
        if not cuts:
            parts.append(nodes)
            continue
        cut_ids = set()
        for ids in cuts:
            cut_ids.update(ids)
        for i in sorted(cut_ids):
            cut_edges.append(es[i])
        for part in _parts(es, nodes, cut_ids):
            stack.append([e for i, e in enumerate(es) if i not in cut_ids and e[0] in part])
    return parts


def _parts(es, nodes, removed):
    adj: dict[int, list] = {x: [] for x in nodes}
    for i, (a, b, _) in enumerate(es):
        adj[a].append((b, i))
        adj[b].append((a, i))
    seen: set = set()
    out = []
    for x in nodes:
        if x not in seen:
            part = _side(adj, x, removed)
            seen |= part
            out.append(part)
    return out


def _weak_cuts(es, nodes, ratio, min_density):
    """Edge-id tuples of weak cuts to make: disjoint qualifying bridges, else one two-edge cut."""
    adj: dict[int, list] = {x: [] for x in nodes}
    for i, (a, b, _) in enumerate(es):
        adj[a].append((b, i))
        adj[b].append((a, i))
    finite = [w for _, _, w in es if w != np.inf]
    # A cut must weigh less than ratio x a median internal weight, so less than ratio x the
    # heaviest edge: candidates are tried weakest first and the rest skipped past that bound.
    bound = ratio * max(finite) if finite else -np.inf
    bridges = _bridges(adj, set())
    taken: set = set()
    found = []
    for w, i, child, sub in sorted((es[i][2], i, child, sub) for i, child, sub in bridges):
        if w >= bound:
            break
        side = _qualifying_side(es, adj, nodes, (i,), i, child, sub, ratio, min_density)
        # Cuts made together must leave what remains a group of two or more, as one at a time
        # would.
        if side is not None and not (side & taken) and len(nodes) - len(taken | side) >= 2:
            taken |= side
            found.append((i,))
    if found or len(es) > TWO_EDGE_CUT_MAX_EDGES or not any(w < bound for w in finite):
        return found
    # No bridge qualifies: try pairs of edges whose joint removal disconnects the cluster.
    skip = {i for i, _, _ in bridges}
    candidates, seen = [], set()
    for i, (_, _, w) in enumerate(es):
        if w == np.inf or i in skip:
            continue
        for j, child, sub in _bridges(adj, {i}):
            pair = (min(i, j), max(i, j))
            if j not in skip and pair not in seen:
                seen.add(pair)
                candidates.append((max(w, es[j][2]), pair, j, child, sub))
    for w, pair, j, child, sub in sorted(candidates):
        if w >= bound:
            break
        if _qualifying_side(es, adj, nodes, pair, j, child, sub, ratio, min_density) is not None:
            return [pair]
    return []


def _qualifying_side(es, adj, nodes, ids, bridge, child, sub, ratio, min_density):
    """The smaller side of cut ``ids`` if the cut separates two dense groups and is weak next to
    them, else None. ``bridge``, ``child``, ``sub``: the cut edge Tarjan reported, the DFS child
    below it and the child's subtree size (the side it cuts off)."""
    n, m = len(nodes), len(es)
    k = min(sub, n - sub)
    if k < 2:
        return None
    big = n - k
    # The bigger side cannot be dense if the whole cluster lacks the edges: skip without a walk.
    if m - len(ids) < min_density * big * (big - 1) / 2:
        return None
    removed = set(ids)
    a, b, _ = es[bridge]
    # Walk the smaller side only: the child's subtree, or from the bridge's other endpoint.
    side = _side(adj, child if sub <= n - sub else (a if b == child else b), removed)
    inner_small = {i for x in side for y, i in adj[x] if y in side}
    if len(inner_small) < min_density * k * (k - 1) / 2:
        return None
    if m - len(ids) - len(inner_small) < min_density * big * (big - 1) / 2:
        return None
    small_w = [es[i][2] for i in inner_small]
    big_w = [w for i, (_, _, w) in enumerate(es) if i not in inner_small and i not in removed]
    strength = []
    for weights in (small_w, big_w):
        finite = [w for w in weights if w != np.inf]
        strength.append(median(finite) if finite else np.inf)
    w_cut = max(es[i][2] for i in ids)
    if min(strength) > 0 and w_cut < ratio * min(strength):
        return side
    return None


def _bridges(adj, removed: set) -> list[tuple[int, int, int]]:
    """(edge id, child node, child subtree size) of each bridge of ``adj`` without ``removed``.

    Iterative Tarjan; the child's DFS subtree is exactly the side the bridge cuts off.
    """
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    sub: dict[int, int] = {}
    out = []
    t = 0
    for root in adj:
        if root in disc:
            continue
        disc[root] = low[root] = t
        sub[root] = 1
        t += 1
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            node, via, it = stack[-1]
            advanced = False
            for nxt, eid in it:
                if eid == via or eid in removed:
                    continue
                if nxt in disc:
                    if disc[nxt] < low[node]:
                        low[node] = disc[nxt]
                else:
                    disc[nxt] = low[nxt] = t
                    sub[nxt] = 1
                    t += 1
                    stack.append((nxt, eid, iter(adj[nxt])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    sub[parent] += sub[node]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                    if low[node] > disc[parent]:
                        out.append((via, node, sub[node]))
    return out


def _side(adj, start, removed: set) -> set:
    """Nodes reachable from ``start`` without crossing edges ``removed``."""
    seen = {start}
    todo = [start]
    while todo:
        x = todo.pop()
        for y, eid in adj[x]:
            if eid not in removed and y not in seen:
                seen.add(y)
                todo.append(y)
    return seen
