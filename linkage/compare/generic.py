"""Generic comparisons for any text or number column (the English benchmark datasets).

Levels follow Splink's comparison library: an exact level on top, then thresholds, then 0;
-1 where either side is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from linkage.compare.pairs import check_aligned, column, distinct_pairs, encode, missing


def exact_levels(left, right) -> np.ndarray:
    """Exact equality.

    Levels:
        1: equal; 0: different; -1: either missing.
    """
    check_aligned(left, right)
    enc = encode(left, right)
    out = (enc.left == enc.right).astype(np.int8)
    out[enc.null] = -1
    return out


def exact_fallback_levels(left, right, left_key=None, right_key=None) -> np.ndarray:
    """Exact equality, else equality of a coarser key (Splink's usual custom two-level field:
    '成都府 雙流縣' / '成都府 華陽縣' share the prefecture, a street address its number).

    Levels:
        2: equal; 1: different but the fallback key is equal; 0: else; -1: either missing.
    """
    check_aligned(left, right)
    out = exact_levels(left, right)
    if left_key is not None and right_key is not None:
        ka, kb = column(left_key), column(right_key)
        coarse = (out == 0) & ~missing(ka) & ~missing(kb) & (ka == kb)
        out[out == 1] = 2
        out[coarse] = 1
    else:
        out[out == 1] = 2
    return out


def _distinct_levels(left, right, scorer, default: float, thresholds: Sequence[float],
                     higher_is_closer: bool) -> np.ndarray:
    """Threshold levels computed once per distinct (left, right) value pair: candidate and
    random pairs repeat names, towns and postcodes heavily, and scoring 1M pairs one by one
    was most of training's time."""
    enc = encode(left, right)
    if not len(enc.left):
        return np.zeros(0, dtype=np.int8)
    inverse, da, db = distinct_pairs(enc.left, enc.right)
    null = (da < 0) | (db < 0)
    equal = (da == db) & ~null
    scores = np.full(len(da), default, dtype=float)
    idx = np.flatnonzero(~null & ~equal)
    if len(idx):
        text = np.array([str(u) for u in enc.uniques], dtype=object)
        scores[idx] = cpdist(text[da[idx]].tolist(), text[db[idx]].tolist(), scorer=scorer,
                             workers=-1)
    k = len(thresholds)
    out = np.zeros(len(da), dtype=np.int8)
    # Loosest threshold first so stricter ones overwrite.
    for rank, t in reversed(list(enumerate(thresholds))):
        # rapidfuzz returns float32 similarities: 0.95 comes back as 0.9499999.
        hit = scores >= t - 1e-6 if higher_is_closer else scores <= t
        out[hit] = k - rank
    out[equal] = k + 1
    out[null] = -1
    return out[inverse]


def jaro_winkler_levels(left, right, thresholds: Sequence[float] = (0.95, 0.88)) -> np.ndarray:
    """Jaro-Winkler similarity at thresholds (strictest first).

    Levels (default thresholds):
        3: exact; 2: JW ≥ 0.95; 1: JW ≥ 0.88; 0: else; -1: either missing.
    """
    check_aligned(left, right)
    return _distinct_levels(left, right, JaroWinkler.similarity, 0.0, thresholds, True)


def levenshtein_levels(left, right, thresholds: Sequence[int] = (1, 2)) -> np.ndarray:
    """Levenshtein distance at thresholds (strictest first).

    Levels (default thresholds):
        3: exact; 2: distance ≤ 1; 1: distance ≤ 2; 0: else; -1: either missing.
    """
    check_aligned(left, right)
    return _distinct_levels(left, right, Levenshtein.distance, np.inf, thresholds, False)


def numeric_abs_diff_levels(left, right, thresholds: Sequence[float] = (1.0,)) -> np.ndarray:
    """Absolute difference of numbers at thresholds (strictest first).

    Levels (thresholds (t1, t2, …)):
        k+1: equal; k: |a − b| ≤ t1; …; 1: ≤ tk; 0: else; -1: either missing or not a number.
    """
    check_aligned(left, right)
    a = np.asarray(_numbers(left), dtype=float)
    b = np.asarray(_numbers(right), dtype=float)
    diff = np.abs(a - b)
    k = len(thresholds)
    out = np.zeros(len(a), dtype=np.int8)
    for rank, t in reversed(list(enumerate(thresholds))):
        out[diff <= t] = k - rank
    out[diff == 0] = k + 1
    out[np.isnan(diff)] = -1
    return out


def _numbers(x) -> np.ndarray:
    """Values as floats, NaN where missing or not a number."""
    return pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce").to_numpy(float)
