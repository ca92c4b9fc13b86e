"""Estimating Fellegi–Sunter parameters: random pairs for u, a rule count for λ, EM for m.

The numeric core behind :mod:`linkage.scoring` (arrays in, arrays out; the model class lives
there). Work is over distinct γ patterns: millions of candidate pairs collapse to a few thousand
distinct level vectors with counts, so one EM step costs microseconds per pattern, not per pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from linkage.compare.generic import levenshtein_levels

#: Enumerate every pair instead of rejection-sampling when there are at most this many.
_ENUMERATE_MAX = 20_000_000
#: Count patterns with bincount (O(n)) instead of sorting when the code space is this small.
_BINCOUNT_MAX = 1 << 22


def total_pairs(n: int, groups: np.ndarray | None = None) -> int:
    """How many unordered pairs ``n`` records form (only pairs across groups when given)."""
    if groups is None:
        return n * (n - 1) // 2
    sizes = np.unique(_group_codes(groups, n), return_counts=True)[1].astype(object)
    return (n * n - int(sum(s * s for s in sizes))) // 2


def _group_codes(groups, n: int) -> np.ndarray:
    codes = pd.factorize(pd.Series(np.asarray(groups, dtype=object)))[0]
    if len(codes) != n:
        raise ValueError(f"groups has {len(codes)} entries for {n} records; give one group "
                         f"(e.g. the source dataset) per record")
    return codes


def random_pairs(n: int, k: int, *, seed: int = 0,
                 groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``k`` distinct pairs of records drawn uniformly at random, for estimating u.

    Args:
        n: number of records (pairs are row positions ``0..n-1``).
        k: number of distinct pairs wanted.
        seed: random seed (same seed, same pairs).
        groups: one group label per record (e.g. the source of a link-only task); when given,
            only pairs whose two records are in different groups are drawn.

    Returns:
        ``(left, right)`` int64 arrays of length ``k`` with ``left < right``, sorted by
        ``(left, right)``.

    Raises:
        ValueError: when fewer than ``k`` such pairs exist, or ``groups`` has the wrong length.
    """
    codes = None if groups is None else _group_codes(groups, n)
    total = total_pairs(n, groups)
    if k < 0 or k > total:
        where = " across different groups" if groups is not None else ""
        raise ValueError(f"asked for {k} distinct pairs but {n} records form only {total} "
                         f"pairs{where}; ask for between 0 and {total}")
    rng = np.random.default_rng(seed)
    if k == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if n * (n - 1) // 2 <= _ENUMERATE_MAX and k > total // 4:
        left, right = np.triu_indices(n, 1)
        if codes is not None:
            keep = codes[left] != codes[right]
            left, right = left[keep], right[keep]
        pick = np.sort(rng.choice(len(left), k, replace=False))
        return left[pick].astype(np.int64), right[pick].astype(np.int64)
    # Rejection sampling: an ordered draw (a, b), a != b, sorted, is uniform over unordered pairs.
    share = total / (n * (n - 1) / 2)
    got = np.empty(0, np.int64)
    while len(got) < k:
        draw = int((k - len(got)) / share * 1.2) + 64
        a = rng.integers(0, n, draw, dtype=np.int64)
        b = rng.integers(0, n, draw, dtype=np.int64)
        keep = a != b
        if codes is not None:
            keep &= codes[a] != codes[b]
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        got = np.unique(np.concatenate([got, lo * n + hi]))
    if len(got) > k:
        got = np.sort(rng.choice(got, k, replace=False))
    return got // n, got % n


def rule_parts(rule) -> tuple[list[str], dict[str, int]]:
    """A prior rule's columns that must be equal and its columns allowed within an edit distance.

    A rule is a column, a list of columns, or ``{"keys": [...], "max_edits": {column: k}}``:
    the keys equal and each ``max_edits`` column at most ``k`` Levenshtein edits apart (Splink's
    ``l.first_name = r.first_name and levenshtein(l.surname, r.surname) <= 2``).

    Raises:
        ValueError: the rule has no keys, unknown entries, or a negative edit count.
    """
    if isinstance(rule, str):
        return [rule], {}
    if isinstance(rule, Mapping):
        unknown = sorted(set(rule) - {"keys", "max_edits"})
        keys = rule.get("keys")
        keys = [keys] if isinstance(keys, str) else list(keys or ())
        edits = dict(rule.get("max_edits") or {})
        if unknown or not keys or not all(isinstance(k, str) for k in keys):
            raise ValueError(f"prior rule {dict(rule)!r}: give 'keys' (the columns that must be "
                             f"equal) and optionally 'max_edits' ({{column: edits}}); unknown "
                             f"entries {unknown}")
        bad = {c: k for c, k in edits.items()
               if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0}
        if bad:
            raise ValueError(f"prior rule {dict(rule)!r}: max_edits {bad} must be whole numbers "
                             f">= 0 (Levenshtein edits allowed between the two values)")
        return keys, {str(c): int(k) for c, k in edits.items()}
    return list(rule), {}


def rule_pair_count(records: pd.DataFrame, rules: Sequence, groups: np.ndarray | None = None,
                    max_pairs: int = 50_000_000) -> int:
    """Distinct pairs that satisfy at least one rule (:func:`rule_parts`; missing never agrees).

    Pairs are materialised per rule (rules are strong keys: few pairs each) and deduplicated
    across rules, so a pair caught by two rules counts once.
    """
    base = records.reset_index(drop=True)
    codes = None if groups is None else _group_codes(groups, len(base))
    found = []
    for rule in rules:
        cols, edits = rule_parts(rule)
        absent = [c for c in cols + list(edits) if c not in base.columns]
        if absent:
            raise ValueError(f"prior rule {cols} names column {absent[0]!r}, which the records "
                             f"do not have (columns: {', '.join(map(str, base.columns))})")
        key = base[cols].astype(object).where(base[cols].notna() & (base[cols] != ""))
        key = key.dropna()
        code = key.groupby(cols, sort=False).ngroup().to_numpy()
        rows = key.index.to_numpy()
        sizes = np.bincount(code)
        n_pairs = int((sizes.astype(np.int64) * (sizes - 1) // 2).sum())
        if n_pairs > max_pairs:
            raise ValueError(f"prior rule {cols} yields {n_pairs} pairs (more than {max_pairs}); "
                             f"use a stronger key (e.g. add a column to the rule)")
        order = np.argsort(code, kind="stable")
        rows, code = rows[order], code[order]
        starts = np.r_[0, np.cumsum(sizes)[:-1]]
        los, his = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
        for size in np.unique(sizes[sizes > 1]):
            blocks = starts[sizes == size][:, None] + np.arange(size)  # (groups, size)
            i, j = np.triu_indices(size, 1)
            left, right = rows[blocks[:, i]].ravel(), rows[blocks[:, j]].ravel()
            los.append(np.minimum(left, right))
            his.append(np.maximum(left, right))
        lo, hi = np.concatenate(los).astype(np.int64), np.concatenate(his).astype(np.int64)
        if codes is not None:
            keep = codes[lo] != codes[hi]
            lo, hi = lo[keep], hi[keep]
        for col, k in edits.items():
            values = base[col].to_numpy(dtype=object)
            # Level > 0: equal or within k edits; missing (-1) never agrees.
            keep = levenshtein_levels(values[lo], values[hi], (k,)) > 0
            lo, hi = lo[keep], hi[keep]
        found.append(lo * len(base) + hi)
    return int(len(np.unique(np.concatenate(found)))) if found else 0


def level_patterns(levels: np.ndarray, n_levels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct level rows and how often each occurs.

    Args:
        levels: (pairs, comparisons) int array, values in ``-1..n_levels[c]-1``.
        n_levels: levels per comparison.

    Returns:
        ``(patterns, counts)``: (P, comparisons) int8 distinct rows and their int64 counts.
    """
    radix = np.asarray(n_levels, dtype=np.int64) + 1
    space = float(np.prod(radix.astype(float)))
    if space > 2.0 ** 62:
        pats, counts = np.unique(levels, axis=0, return_counts=True)
        return pats.astype(np.int8), counts.astype(np.int64)
    strides = np.ones(len(radix), np.int64)
    strides[:-1] = np.cumprod(radix[::-1])[:-1][::-1]
    key = np.zeros(len(levels), np.int64)
    for c in range(levels.shape[1]):
        key += (levels[:, c].astype(np.int64) + 1) * strides[c]
    if space <= _BINCOUNT_MAX:
        tally = np.bincount(key, minlength=int(space))
        keys = np.flatnonzero(tally)
        counts = tally[keys]
    else:
        keys, counts = np.unique(key, return_counts=True)
    pats = (keys[:, None] // strides[None, :]) % radix[None, :] - 1
    return pats.astype(np.int8), counts.astype(np.int64)


def level_counts(levels: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Count (or weight) of each level ``0..n-1`` in one column; missing (-1) is left out."""
    return np.bincount(levels.astype(np.int64) + 1, weights=weights, minlength=n + 1)[1:n + 1]


def monotone_ratio(m: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The closest m (in likelihood) whose Bayes factor m/u never falls as the level rises.

    Higher levels mean stronger agreement, so their evidence for a match must not be weaker.
    This is the maximum-likelihood ordered estimate: weighted isotonic regression (pool adjacent
    violators) of m/u with weights u; it keeps sum(m).
    """
    blocks: list[list[float]] = []  # [ratio, weight, length]
    for ratio, w in zip(m / u, u):
        blocks.append([ratio, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            r2, w2, n2 = blocks.pop()
            r1, w1, n1 = blocks.pop()
            blocks.append([(r1 * w1 + r2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    ratios = np.concatenate([np.full(n, r) for r, _, n in blocks])
    return ratios * u


def smoothed(counts: np.ndarray, centre: np.ndarray, strength: float) -> np.ndarray:
    """Probabilities from counts with a Dirichlet prior: ``counts + strength * centre``, normed."""
    p = counts + strength * centre
    return p / p.sum()


def em(patterns: np.ndarray, counts: np.ndarray, m: list[np.ndarray], u: list[np.ndarray],
       lam: float, *, fix_u: bool, monotone: bool, max_iter: int, tol: float,
       strength: float, max_lam: float = 1.0,
       ) -> tuple[list[np.ndarray], list[np.ndarray], float, dict]:
    """Expectation–maximisation of a two-class mixture over distinct γ patterns.

    Args:
        patterns: (P, C) distinct level rows; counts: how many pairs have each.
        m, u: starting P(level | match) / P(level | non-match) per comparison.
        lam: starting share of matches among these pairs.
        max_lam: the largest share of matches the pairs can hold (EM's share is capped there).
        fix_u: keep u (from random pairs) and learn only m and the match share.
        monotone: keep each comparison's Bayes factor non-decreasing in its level.
        max_iter, tol: stop after ``max_iter`` steps or when no parameter moves more than tol.
        strength: pseudo-count of the Dirichlet prior centred on u that keeps every m > 0
            (an unseen level gets m near u: weight near 0, not -inf).

    Returns:
        ``(m, u, lam, info)``; info has ``iterations``, ``converged``, ``log_likelihood``
        (per pair) and ``warnings``.
    """
    cols = [patterns[:, c].astype(np.int64) + 1 for c in range(patterns.shape[1])]
    total = counts.sum()
    info: dict = {"iterations": 0, "converged": False, "warnings": []}
    for it in range(1, max_iter + 1):
        lm, lu = np.zeros(len(counts)), np.zeros(len(counts))
        for c, idx in enumerate(cols):
            lm += np.r_[0.0, np.log(m[c])][idx]
            lu += np.r_[0.0, np.log(u[c])][idx]
        logit = np.log(lam) - np.log1p(-lam) + lm - lu
        resp = 0.5 * (1 + np.tanh(0.5 * logit))  # stable logistic
        wm, wu = counts * resp, counts * (1 - resp)
        new_lam = float(np.clip(wm.sum() / total, 1e-12, min(max_lam, 1 - 1e-12)))
        new_m, new_u = [], []
        for c, idx in enumerate(cols):
            n = len(m[c])
            mc = smoothed(level_counts(idx - 1, n, wm), u[c], strength)
            new_u.append(u[c] if fix_u else
                         smoothed(level_counts(idx - 1, n, wu), np.full(n, 1 / n), strength))
            new_m.append(monotone_ratio(mc, new_u[c]) if monotone else mc)
        delta = max([abs(new_lam - lam)] + [float(np.abs(a - b).max()) for a, b in
                                            zip(new_m + new_u, m + u)])
        m, u, lam = new_m, new_u, new_lam
        info["iterations"] = it
        info["log_likelihood"] = float(
            (counts * np.logaddexp(np.log(lam) + lm, np.log1p(-lam) + lu)).sum() / total)
        if delta < tol:
            info["converged"] = True
            break
    if not fix_u and _agreement(m) < _agreement(u):  # the classes swapped: match = agreement
        m, u, lam = u, m, 1 - lam
        info["warnings"].append("EM's match class agreed less than its non-match class; "
                                "the classes were swapped back")
    if lam * total < 1:
        info["warnings"].append(f"EM found almost no matches among the {int(total)} candidate "
                                f"pairs (share {lam:.2e}): m stays near u; block on keys "
                                f"matches share, or give candidate_prior")
    info["log_likelihood"] = float(info.get("log_likelihood", float("nan")))
    return m, u, float(lam), info


def _agreement(p: list[np.ndarray]) -> float:
    """Mean level (scaled to 0..1) a class puts its mass on, summed over comparisons."""
    return float(sum((q * np.arange(len(q))).sum() / max(len(q) - 1, 1) for q in p))
