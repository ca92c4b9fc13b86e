"""Aligned pair arrays: null masks, string views, and evaluation once per distinct pair.

Candidate pairs repeat values heavily (a block of one birth date holds the same names many
times), so logic that needs Python per pair runs once per distinct (left, right) value pair and
is taken back to every pair by code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

NULL = np.int8(-1)


def values(x: Any) -> np.ndarray:
    """An object array of the values, with NaN, None and '' all as None."""
    arr = np.asarray(x.to_numpy(dtype=object) if isinstance(x, pd.Series) else x, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"pair columns must be one-dimensional, got shape {arr.shape}")
    out = arr.copy()
    out[missing(arr)] = None
    return out


def missing(x: Any) -> np.ndarray:
    """True where a value is None, NaN or the empty string."""
    arr = np.asarray(x, dtype=object)
    return pd.isna(arr) | (arr == "")


def check_aligned(*columns: Any) -> int:
    """The common length of the columns; raises ValueError when they differ."""
    lengths = {len(c) for c in columns}
    if len(lengths) > 1:
        raise ValueError(f"left and right pair columns must be aligned (same length), got "
                         f"lengths {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def as_str(arr: np.ndarray) -> list[str]:
    """Values as a list of strings, None as '' (for rapidfuzz, which takes no None)."""
    return ["" if v is None else str(v) for v in arr]


def pair_codes(left: Sequence[np.ndarray], right: Sequence[np.ndarray]) -> tuple[np.ndarray, int]:
    """One code per pair such that equal codes mean equal values in every column.

    Args:
        left, right: the same number of aligned object columns on each side.

    Returns:
        (codes, count): codes in ``range(count)``.
    """
    n = len(left[0])
    combined = np.zeros(n, dtype=np.int64)
    for col_l, col_r in zip(left, right):
        for col in (col_l, col_r):
            codes, uniques = pd.factorize(col, use_na_sentinel=True)
            codes = codes.astype(np.int64) + 1  # None → 0
            combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes)
            combined = combined.astype(np.int64)
    count = int(combined.max()) + 1 if n else 0
    return combined, count


def per_distinct_pair(left: Sequence[np.ndarray], right: Sequence[np.ndarray],
                      fn: Callable[..., Any], dtype: Any = np.int8) -> np.ndarray:
    """``fn(*left_values, *right_values)`` for every pair, computed once per distinct pair.

    Args:
        left, right: aligned object columns (the same number on each side).
        fn: takes one value per left column then one per right column.
        dtype: the result dtype.

    Returns:
        An array of ``fn``'s results, one per pair.
    """
    n = len(left[0])
    if n == 0:
        return np.empty(0, dtype=dtype)
    codes, count = pair_codes(left, right)
    first = np.full(count, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)  # first pair index with each code
    cols = [c[first] for c in (*left, *right)]
    results = np.fromiter((fn(*args) for args in zip(*cols)), dtype=dtype, count=count)
    return results[codes]


def per_value(arr: np.ndarray, fn: Callable[[Any], Any]) -> np.ndarray:
    """``fn(value)`` for every element (None stays None), computed once per distinct value."""
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[: len(uniques)] = [fn(u) for u in uniques]
    mapped[len(uniques)] = None
    return mapped[codes]
