"""ID numbers (GB 11643) and phone numbers.

The ID check character detects every single substitution and every adjacent transposition, so
an invalid number one such edit from a valid one is almost certainly that number mistyped, and
two different valid numbers are almost always two people.
"""

from __future__ import annotations

import numpy as np

from linkage.compare.pairs import as_str, check_aligned, missing, values

_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.array([ord(c) for c in "10X98765432"], dtype=np.uint32)


def _char_matrix(arr: np.ndarray, width: int) -> np.ndarray:
    """Code points of each value in an (n, width) array, zero-padded (None → all zeros)."""
    fixed = np.array(as_str(arr), dtype=f"U{width}")
    return fixed.view(np.uint32).reshape(len(arr), width)


def id_number_valid(numbers) -> np.ndarray:
    """Whether each value is an 18-character ID number with a correct check character.

    Args:
        numbers: standardised ID numbers (upper-case X, 15-digit forms already upgraded).

    Returns:
        A boolean array (False for missing values).
    """
    arr = values(numbers)
    m = _char_matrix(arr, 19)
    digits = m[:, :17].astype(np.int64) - ord("0")
    shape_ok = (m[:, 18] == 0) & (m[:, 17] != 0) & ((digits >= 0) & (digits <= 9)).all(axis=1)
    check = _ID_CHECK[(np.clip(digits, 0, 9) @ _ID_WEIGHTS) % 11]
    return shape_ok & (m[:, 17] == check)


def _as_valid(flags, numbers: np.ndarray) -> np.ndarray:
    if flags is None:
        return id_number_valid(numbers)
    arr = np.asarray(flags, dtype=object)
    known = ~missing(arr)
    out = id_number_valid(numbers)  # unknown flags: compute from the number itself
    out[known] = arr[known].astype(bool)
    return out


def one_typo_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row of two (n, w) code matrices: one substitution or one adjacent transposition apart."""
    diff = a != b
    count = diff.sum(axis=1)
    out = count == 1
    two = np.flatnonzero(count == 2)
    if len(two):
        d = diff[two]
        i = d.argmax(axis=1)
        j = d.shape[1] - 1 - d[:, ::-1].argmax(axis=1)
        rows_a, rows_b = a[two], b[two]
        k = np.arange(len(two))
        swapped = (j == i + 1) & (rows_a[k, i] == rows_b[k, j]) & (rows_a[k, j] == rows_b[k, i])
        out[two[swapped]] = True
    return out


def id_number_levels(left, right, left_valid=None, right_valid=None) -> np.ndarray:
    """Compare standardised 18-character ID numbers, knowing their check characters.

    Args:
        left, right: aligned ID numbers.
        left_valid, right_valid: the records' ``id_valid`` flags; None (or missing values)
            computes validity from the check character.

    Levels:
        3: exact.
        2: one valid, the other invalid and one substitution or adjacent transposition away
           (the invalid one is the valid one mistyped).
        1: same birth date part (positions 7-14), different otherwise, at least one invalid.
        0: two different valid numbers (two people), or anything else.
        -1: either missing.
    """
    check_aligned(left, right)
    a, b = values(left), values(right)
    va, vb = _as_valid(left_valid, a), _as_valid(right_valid, b)
    ma, mb = _char_matrix(a, 19), _char_matrix(b, 19)
    out = np.zeros(len(a), dtype=np.int8)
    some_invalid = ~(va & vb)
    same_birth = (ma[:, 6:14] == mb[:, 6:14]).all(axis=1) & (ma[:, 13] != 0)
    out[some_invalid & same_birth] = 1
    typo = (va ^ vb) & (ma[:, 18] == 0) & (mb[:, 18] == 0) & one_typo_apart(ma[:, :18], mb[:, :18])
    out[typo] = 2
    out[a == b] = 3
    out[missing(a) | missing(b)] = -1
    return out


def phone_levels(left, right) -> np.ndarray:
    """Compare standardised phone numbers (digits only, mobiles 11 digits starting with 1).

    Levels:
        2: exact.
        1: same last 8 digits (a landline with and without its area code), or two mobiles one
           substitution or adjacent transposition apart.
        0: else.
        -1: either missing.
    """
    check_aligned(left, right)
    a, b = values(left), values(right)
    sa, sb = as_str(a), as_str(b)
    la = np.fromiter(map(len, sa), dtype=np.int64, count=len(sa))
    lb = np.fromiter(map(len, sb), dtype=np.int64, count=len(sb))
    out = np.zeros(len(a), dtype=np.int8)
    tail_a = np.array([s[-8:] for s in sa], dtype="U8")
    tail_b = np.array([s[-8:] for s in sb], dtype="U8")
    out[(la >= 8) & (lb >= 8) & (tail_a == tail_b)] = 1
    mobile = (la == 11) & (lb == 11)
    idx = np.flatnonzero(mobile)
    if len(idx):
        ma = _char_matrix(a[idx], 11)
        mb = _char_matrix(b[idx], 11)
        is_mobile = (ma[:, 0] == ord("1")) & (mb[:, 0] == ord("1"))
        out[idx[is_mobile & one_typo_apart(ma, mb)]] = 1
    out[a == b] = 2
    out[missing(a) | missing(b)] = -1
    return out
