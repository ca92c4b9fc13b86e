"""Coordinates (WGS-84 degrees) compared by great-circle distance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from linkage.compare.pairs import check_aligned

EARTH_RADIUS_M = 6_371_008.8


def _floats(x) -> np.ndarray:
    return pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce").to_numpy(float)


def haversine_m(lng1, lat1, lng2, lat2) -> np.ndarray:
    """Great-circle distance in metres per pair (NaN where a coordinate is missing)."""
    check_aligned(lng1, lat1, lng2, lat2)
    x1, y1, x2, y2 = (np.radians(_floats(v)) for v in (lng1, lat1, lng2, lat2))
    h = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def geo_levels(lng1, lat1, lng2, lat2,
               thresholds_m: Sequence[float] = (30.0, 150.0, 1000.0)) -> np.ndarray:
    """Compare points by distance (thresholds strictest first).

    Levels (default thresholds):
        3: ≤ 30 m; 2: ≤ 150 m; 1: ≤ 1 km; 0: farther; -1: a coordinate missing.
    """
    d = haversine_m(lng1, lat1, lng2, lat2)
    k = len(thresholds_m)
    out = np.zeros(len(d), dtype=np.int8)
    for rank, t in reversed(list(enumerate(thresholds_m))):
        out[d <= t] = k - rank
    out[np.isnan(d)] = -1
    return out
