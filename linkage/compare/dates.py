"""Dates as standardised ISO strings ('1985-03-02'; '1985-03' or '1985' when partial)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from linkage.compare.identifiers import one_typo_apart
from linkage.compare.pairs import check_aligned, missing, values

_DIGIT_POS = [0, 1, 2, 3, 5, 6, 8, 9]


def _parts(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct value, then per row: year, month, day (-1 unknown), digit matrix, day number."""
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    m = len(uniques)
    year = np.full(m + 1, -1, dtype=np.int64)
    month = year.copy()
    day = year.copy()
    digits = np.zeros((m + 1, 8), dtype=np.uint32)
    ordinal = np.full(m + 1, np.nan)
    if m:
        text = np.array([str(u) for u in uniques], dtype="U11")
        mat = text.view(np.uint32).reshape(m, 11)
        num = mat.astype(np.int64) - ord("0")
        isdig = (num >= 0) & (num <= 9)
        y_ok = isdig[:, :4].all(axis=1)
        ym_ok = y_ok & (mat[:, 4] == ord("-")) & isdig[:, 5:7].all(axis=1)
        ymd_ok = ym_ok & (mat[:, 7] == ord("-")) & isdig[:, 8:10].all(axis=1) & (mat[:, 10] == 0)
        year[:m] = np.where(y_ok, num[:, 0] * 1000 + num[:, 1] * 100 + num[:, 2] * 10 + num[:, 3], -1)
        month[:m] = np.where(ym_ok, num[:, 5] * 10 + num[:, 6], -1)
        day[:m] = np.where(ymd_ok, num[:, 8] * 10 + num[:, 9], -1)
        digits[:m] = np.where(ymd_ok[:, None], mat[:, _DIGIT_POS], 0)
        full = np.where(ymd_ok, text, None)
        stamps = pd.to_datetime(pd.Series(full, dtype=object), format="%Y-%m-%d", errors="coerce")
        ordinal[:m] = (stamps - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    return year[codes], month[codes], day[codes], digits[codes], ordinal[codes]


def date_levels(left, right, *, near_days: Sequence[int] = ()) -> np.ndarray:
    """Compare ISO dates, allowing for the usual slips of data entry.

    Args:
        left, right: aligned ISO dates.
        near_days: optional bands of distance in days (e.g. ``[31, 366, 3653]``: within a month,
            a year, ten years — the levels of Splink's date-of-birth comparison) that replace
            the "same year" level with one level per band, narrowest band highest.

    Levels (default):
        3: exact.
        2: day and month swapped (1985-03-02 / 1985-02-03), one digit off, or ≤ 1 day apart.
        1: same year (with or without the same month).
        0: else.
        -1: either missing.
    With ``near_days`` of k bands: k + 2 exact, k + 1 a slip as level 2 above, then one level
    per band (k for the narrowest … 1 for the widest), 0 else.
    """
    check_aligned(left, right)
    a, b = values(left), values(right)
    ya, ma, da, ga, oa = _parts(a)
    yb, mb, db, gb, ob = _parts(b)
    out = np.zeros(len(a), dtype=np.int8)
    bands = sorted({int(d) for d in near_days}, reverse=True)
    distance = np.abs(oa - ob)
    if bands:
        for level, days in enumerate(bands, start=1):
            out[distance <= days] = level
    else:
        out[(ya >= 0) & (ya == yb)] = 1
    full = (da >= 0) & (db >= 0)
    swapped = full & (ya == yb) & (ma == db) & (da == mb)
    typo = full & one_typo_apart(ga, gb)
    near = distance <= 1
    out[swapped | typo | near] = len(bands) + 1 if bands else 2
    out[a == b] = len(bands) + 2 if bands else 3
    out[missing(a) | missing(b)] = -1
    return out
