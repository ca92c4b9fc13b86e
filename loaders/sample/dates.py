"""Date parts of numpy day arrays, for writing dates in each source's own format."""

from __future__ import annotations

import numpy as np

REFERENCE_DATE = np.datetime64("2024-06-30")  # "today" in the sample city


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day (int arrays) of a ``datetime64[D]`` array."""
    days = days.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months).astype(np.int64) + 1
    return year, month, day


def text(values: np.ndarray) -> np.ndarray:
    """Integers as an object array of strings (ready for elementwise ``+``)."""
    return np.asarray(values).astype(str).astype(object)


def padded(values: np.ndarray, width: int) -> np.ndarray:
    """Integers as zero-padded strings in an object array."""
    return np.char.zfill(np.asarray(values).astype(str), width).astype(object)


def compact(days: np.ndarray) -> np.ndarray:
    """``19850302``."""
    y, m, d = ymd(days)
    return text(y) + padded(m, 2) + padded(d, 2)


def iso(days: np.ndarray) -> np.ndarray:
    """``1985-03-02``."""
    y, m, d = ymd(days)
    return text(y) + "-" + padded(m, 2) + "-" + padded(d, 2)


def chinese(days: np.ndarray) -> np.ndarray:
    """``1985年3月2日``."""
    y, m, d = ymd(days)
    return text(y) + "年" + text(m) + "月" + text(d) + "日"


def slashed(days: np.ndarray) -> np.ndarray:
    """``1985/3/2``."""
    y, m, d = ymd(days)
    return text(y) + "/" + text(m) + "/" + text(d)


def age(days: np.ndarray) -> np.ndarray:
    """Whole years from ``days`` to the reference date."""
    return ((REFERENCE_DATE - days.astype("datetime64[D]")).astype(np.int64) / 365.25).astype(np.int64)
