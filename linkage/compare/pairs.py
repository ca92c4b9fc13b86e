"""Aligned pair arrays: null masks, fixed-width views, and work once per distinct value or pair.

Candidate pairs repeat values heavily (a block of one birth date holds the same names many
times), so logic that needs Python runs once per distinct value (:func:`encode`) or per distinct
(left, right) pair (:func:`distinct_pairs`) and is taken back to every pair by code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd


def column(x: Any) -> np.ndarray:
    """A one-dimensional object array of the values (no copy when already one)."""
    arr = x.to_numpy(dtype=object) if isinstance(x, pd.Series) else np.asarray(x, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"pair columns must be one-dimensional, got shape {arr.shape}")
    return arr


def known(arr: np.ndarray) -> np.ndarray:
    """True where a value is present: not None, NaN or the empty string."""
    return ~(pd.isna(arr) | (arr == ""))


def values(x: Any) -> np.ndarray:
    """An object array of the values, with NaN, None and '' all as None (a copy)."""
    arr = column(x).copy()
    arr[~known(arr)] = None
    return arr


def missing(x: Any) -> np.ndarray:
    """True where a value is None, NaN or the empty string."""
    return ~known(np.asarray(x, dtype=object))


def check_aligned(*columns: Any) -> int:
    """The common length of the columns; raises ValueError when they differ."""
    lengths = {len(c) for c in columns}
    if len(lengths) > 1:
        raise ValueError(f"left and right pair columns must be aligned (same length), got "
                         f"lengths {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def as_str(arr: np.ndarray) -> list[str]:
    """Values as a list of strings, None as '' (for rapidfuzz, which takes no None)."""
    arr = np.asarray(arr, dtype=object)
    return np.where(known(arr), arr, "").astype(str).tolist()


def char_matrix(arr: np.ndarray, present: np.ndarray, width: int) -> np.ndarray:
    """Code points of each value in an (n, width) uint32 array, zero-padded; absent rows zero.

    Values longer than ``width`` are cut: give one more than the longest valid length to tell
    them apart.
    """
    text = np.where(present, arr, "").astype(f"U{width}")
    return text.view(np.uint32).reshape(len(arr), width)


# What ``astype(str)`` makes of missing markers; code points, zero-padded to 5.
_MISSING_TEXT = np.array([[ord(c) for c in t.ljust(5, "\0")] for t in ("None", "nan", "<NA>", "NaT")],
                         dtype=np.uint32)


def text_matrix(x: Any, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Code points of each value in an (n, width) uint32 array, and whether it is present.

    Faster than :func:`known` + :func:`char_matrix` for short codes (ID numbers, phones,
    dates): one string conversion, missing markers recognised in the matrix itself.
    Values longer than ``width`` are cut.
    """
    arr = column(x)
    wide = max(width, 5)
    mat = arr.astype(f"U{wide}").view(np.uint32).reshape(len(arr), wide)
    head = mat[:, :5]
    present = mat[:, 0] != 0
    for token in _MISSING_TEXT:
        present &= ~(head == token).all(axis=1)
    return mat[:, :width], present


class Encoded(NamedTuple):
    """Both sides of a column as codes into one table of distinct values (-1 = missing)."""

    left: np.ndarray
    right: np.ndarray
    uniques: np.ndarray

    @property
    def null(self) -> np.ndarray:
        """Pairs with a side missing."""
        return (self.left < 0) | (self.right < 0)


def _categorical(x: Any) -> pd.Categorical | None:
    if isinstance(x, pd.Series) and isinstance(x.dtype, pd.CategoricalDtype):
        return x.array
    return x if isinstance(x, pd.Categorical) else None


def encode(left: Any, right: Any) -> Encoded:
    """Codes for both sides of a column over their shared distinct values.

    None, NaN and '' are all missing (code -1). Categorical columns sharing their categories
    (a record column made categorical once, then taken per side) skip the hashing: only the
    categories the pairs use are kept.
    """
    n = check_aligned(left, right)
    cl, cr = _categorical(left), _categorical(right)
    if cl is not None and cr is not None and cl.categories.equals(cr.categories):
        codes = np.concatenate([cl.codes, cr.codes]).astype(np.int64)
        used = np.zeros(len(cl.categories) + 1, dtype=bool)
        used[codes] = True  # -1 lands in the last slot
        used = used[:-1]
        remap = np.full(len(cl.categories) + 1, -1, dtype=np.int64)
        remap[:-1][used] = np.arange(int(used.sum()))
        codes = remap[codes]
        uniques = np.asarray(cl.categories, dtype=object)[used]
    else:
        codes, uniques = pd.factorize(np.concatenate([column(left), column(right)]),
                                      use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
    empty = np.flatnonzero(uniques == "")
    if len(empty):
        codes[codes == empty[0]] = -1
    codes = codes.astype(np.int64)
    return Encoded(codes[:n], codes[n:], uniques)


def distinct_pairs(left_codes: np.ndarray, right_codes: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (left, right) code pairs.

    Returns:
        (inverse, left, right): pair i is distinct pair ``inverse[i]``, whose codes are
        ``left[inverse[i]]`` and ``right[inverse[i]]``.
    """
    width = int(max(left_codes.max(initial=-1), right_codes.max(initial=-1))) + 2
    inverse, _ = pd.factorize((left_codes + 1) * width + (right_codes + 1))
    first = np.empty(int(inverse.max(initial=-1)) + 1, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return inverse, left_codes[first], right_codes[first]


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

