"""ID numbers (GB 11643), phone numbers and e-mail addresses.

The ID check character detects every single substitution and every adjacent transposition, so
an invalid number one such edit from a valid one is almost certainly that number mistyped, and
two different valid numbers are almost always two people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.compare.generic import jaro_winkler_levels
from linkage.compare.pairs import check_aligned, column, encode, text_matrix

_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.uint32)
_ID_CHECK = np.array([ord(c) for c in "10X98765432"], dtype=np.uint32)


def _valid(m: np.ndarray) -> np.ndarray:
    """Per row of an (n, 19) code matrix: an 18-character number with a correct check."""
    digits = m[:, :17] - np.uint32(ord("0"))  # wraps below '0', so one bound checks both
    shape_ok = (m[:, 18] == 0) & (m[:, 17] != 0) & (digits <= 9).all(axis=1)
    total = (np.minimum(digits, 9) * _ID_WEIGHTS).sum(axis=1)
    check = _ID_CHECK[total % 11]
    return shape_ok & (m[:, 17] == check)


def id_number_valid(numbers) -> np.ndarray:
    """Whether each value is an 18-character ID number with a correct check character.

    Args:
        numbers: standardised ID numbers (upper-case X, 15-digit forms already upgraded).

    Returns:
        A boolean array (False for missing values).
    """
    m, present = text_matrix(numbers, 19)
    return _valid(m) & present


def _as_valid(flags, m: np.ndarray) -> np.ndarray:
    """The caller's validity flags where given, else computed from the number."""
    if flags is None:
        return _valid(m)
    arr = column(flags)
    given = ~pd.isna(arr)
    out = np.zeros(len(arr), dtype=bool)
    out[given] = arr[given].astype(bool)
    rest = np.flatnonzero(~given)
    if len(rest):
        out[rest] = _valid(m[rest])
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
    a, b = column(left), column(right)
    ma, ka = text_matrix(a, 19)
    mb, kb = text_matrix(b, 19)
    va, vb = _as_valid(left_valid, ma), _as_valid(right_valid, mb)
    out = np.zeros(len(a), dtype=np.int8)
    differ = np.flatnonzero(ka & kb & ~(va & vb) & (a != b))
    if len(differ):
        xa, xb = ma[differ], mb[differ]
        same_birth = (xa[:, 6:14] == xb[:, 6:14]).all(axis=1) & (xa[:, 13] != 0)
        out[differ[same_birth]] = 1
        typo = ((va[differ] ^ vb[differ]) & (xa[:, 18] == 0) & (xb[:, 18] == 0)
                & one_typo_apart(xa[:, :18], xb[:, :18]))
        out[differ[typo]] = 2
    out[a == b] = 3
    out[~ka | ~kb] = -1
    return out


def phone_levels(left, right) -> np.ndarray:
    """Compare standardised phone numbers (digits only, mobiles 11 digits starting with 1).

    Levels:
        2: exact.
        1: the shorter number (≥ 7 digits) ends the longer one (a landline with and without
           its area code: 02188889999 / 88889999, 09318123456 / 8123456), the same last 8
           digits, or two mobiles one substitution or adjacent transposition apart.
        0: else.
        -1: either missing.
    """
    check_aligned(left, right)
    a, b = column(left), column(right)
    ma, ka = text_matrix(a, _PHONE_WIDTH)
    mb, kb = text_matrix(b, _PHONE_WIDTH)
    out = np.zeros(len(a), dtype=np.int8)
    differ = np.flatnonzero(ka & kb & (a != b))
    if len(differ):
        ma, mb = ma[differ], mb[differ]
        la, lb = (ma != 0).sum(axis=1), (mb != 0).sum(axis=1)
        shorter = np.minimum(la, lb)
        rows = np.arange(len(differ))
        tail_equal = np.ones(len(differ), dtype=bool)  # the last k digits agree, k = 1 …
        suffix = np.zeros(len(differ), dtype=bool)
        for k in range(1, _PHONE_WIDTH + 1):
            inside = k <= shorter
            if not inside.any():
                break
            ca = ma[rows, np.clip(la - k, 0, None)]
            cb = mb[rows, np.clip(lb - k, 0, None)]
            tail_equal &= ~inside | (ca == cb)
            if k == 8:
                suffix |= tail_equal & (shorter >= 8)
        same_tail = suffix | (tail_equal & (shorter >= 7))
        mobile = ((la == 11) & (lb == 11) & (ma[:, 0] == ord("1")) & (mb[:, 0] == ord("1"))
                  & one_typo_apart(ma[:, :11], mb[:, :11]))
        out[differ[same_tail | mobile]] = 1
    out[a == b] = 2
    out[~ka | ~kb] = -1
    return out


_PHONE_WIDTH = 24


def email_levels(left, right, *, threshold: float = 0.88) -> np.ndarray:
    """Compare e-mail addresses as Splink's ``EmailComparison`` does: the whole address, then
    the user name (what precedes the first '@'), exactly and by Jaro-Winkler.

    Args:
        left, right: aligned e-mail addresses.
        threshold: the Jaro-Winkler similarity of levels 2 and 1.

    Levels:
        4: exact.
        3: same user name, other domain (j.smith@a.com / j.smith@b.org).
        2: Jaro-Winkler ≥ threshold on the whole address.
        1: Jaro-Winkler ≥ threshold on the user names.
        0: else (an empty user name never agrees).
        -1: either missing.
    """
    check_aligned(left, right)
    full = jaro_winkler_levels(left, right, (threshold,))
    enc = encode(left, right)
    # The user name of each distinct address (code -1, a missing address, takes the trailing
    # None); an empty user name is missing too, so it never agrees.
    users = np.array([str(u).split("@", 1)[0] or None for u in enc.uniques] + [None],
                     dtype=object)
    user = jaro_winkler_levels(users[enc.left], users[enc.right], (threshold,))
    return np.select([full == -1, full == 2, user == 2, full == 1, user == 1],
                     [-1, 4, 3, 2, 1], 0).astype(np.int8)
