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

from linkage.compare.pairs import as_str, check_aligned, column, missing


def exact_levels(left, right) -> np.ndarray:
    """Exact equality.

    Levels:
        1: equal; 0: different; -1: either missing.
    """
    check_aligned(left, right)
    a, b = column(left), column(right)
    null = missing(a) | missing(b)
    out = (a == b).astype(np.int8)
    out[null] = -1
    return out


def _scores(a: np.ndarray, b: np.ndarray, scorer, default: float) -> np.ndarray:
    """``scorer`` over the pairs that are present and not equal (the rest get ``default``)."""
    out = np.full(len(a), default, dtype=float)
    idx = np.flatnonzero(~missing(a) & ~missing(b) & (a != b))
    if len(idx):
        out[idx] = cpdist(as_str(a[idx]), as_str(b[idx]), scorer=scorer, workers=-1)
    return out


def _threshold_levels(a: np.ndarray, b: np.ndarray, scores: np.ndarray,
                      thresholds: Sequence[float], higher_is_closer: bool) -> np.ndarray:
    null = missing(a) | missing(b)
    k = len(thresholds)
    out = np.zeros(len(a), dtype=np.int8)
    # Loosest threshold first so stricter ones overwrite.
    for rank, t in reversed(list(enumerate(thresholds))):
        # rapidfuzz returns float32 similarities: 0.95 comes back as 0.9499999.
        hit = scores >= t - 1e-6 if higher_is_closer else scores <= t
        out[hit] = k - rank
    out[a == b] = k + 1
    out[null] = -1
    return out


def jaro_winkler_levels(left, right, thresholds: Sequence[float] = (0.95, 0.88)) -> np.ndarray:
    """Jaro-Winkler similarity at thresholds (strictest first).

    Levels (default thresholds):
        3: exact; 2: JW ≥ 0.95; 1: JW ≥ 0.88; 0: else; -1: either missing.
    """
    check_aligned(left, right)
    a, b = column(left), column(right)
    scores = _scores(a, b, JaroWinkler.similarity, 0.0)
    return _threshold_levels(a, b, scores, thresholds, True)


def levenshtein_levels(left, right, thresholds: Sequence[int] = (1, 2)) -> np.ndarray:
    """Levenshtein distance at thresholds (strictest first).

    Levels (default thresholds):
        3: exact; 2: distance ≤ 1; 1: distance ≤ 2; 0: else; -1: either missing.
    """
    check_aligned(left, right)
    a, b = column(left), column(right)
    scores = _scores(a, b, Levenshtein.distance, np.inf)
    return _threshold_levels(a, b, scores, thresholds, False)


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
