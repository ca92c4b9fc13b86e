import math

import numpy as np
import pytest

from loaders.standardise.coords import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_china,
    in_china_array,
    normalise_crs,
    to_wgs84,
    to_wgs84_array,
    wgs84_to_gcj02,
)

INSIDE = {
    "Beijing": (116.40, 39.90), "Shanghai": (121.47, 31.23), "Urumqi": (87.62, 43.83),
    "Lhasa": (91.13, 29.65), "Harbin": (126.65, 45.75), "Sanya": (109.51, 18.25),
    "Kashgar": (75.99, 39.47), "Shenzhen": (114.06, 22.54), "Shenzhen Luohu": (114.12, 22.55),
    "Shenzhen Futian riverside": (114.041, 22.503),
    "Zhuhai": (113.58, 22.27), "Hengqin": (113.52, 22.12), "Dandong": (124.38, 40.13),
    "Mohe": (122.53, 52.97), "Haikou": (110.33, 20.03), "Ruili": (97.85, 24.01),
    "Xiamen": (118.09, 24.48), "Xiamen Xiang'an": (118.30, 24.60), "Pingtan": (119.79, 25.50),
}
OUTSIDE = {
    "Hong Kong": (114.16, 22.28), "Kowloon": (114.17, 22.32), "Sheung Shui": (114.13, 22.50),
    "Macau": (113.54, 22.19), "Taipa": (113.56, 22.155), "Taipei": (121.56, 25.03),
    "Seoul": (126.98, 37.57), "Pyongyang": (125.75, 39.03), "Sinuiju": (124.40, 40.10),
    "Hanoi": (105.85, 21.03), "Ulaanbaatar": (106.92, 47.92), "Vladivostok": (131.89, 43.12),
    "Almaty": (76.95, 43.24), "Kathmandu": (85.32, 27.72), "Tokyo": (139.7, 35.7),
    "Kinmen": (118.32, 24.44), "Matsu": (119.94, 26.16), "Penghu": (119.57, 23.57),
}


def _metres(a, b):
    dlat = (a[1] - b[1]) * 111_320
    dlng = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dlat, dlng)


@pytest.mark.parametrize("city", sorted(INSIDE))
def test_in_china_accepts_mainland_cities(city):
    assert in_china(*INSIDE[city])


@pytest.mark.parametrize("city", sorted(OUTSIDE))
def test_in_china_rejects_sars_taiwan_and_neighbours(city):
    assert not in_china(*OUTSIDE[city])


def test_in_china_array_agrees_with_scalar_and_rejects_nan():
    points = list(INSIDE.values()) + list(OUTSIDE.values()) + [(float("nan"), 30.0)]
    result = in_china_array([p[0] for p in points], [p[1] for p in points])
    assert result.tolist() == [in_china(*p) for p in points[:-1]] + [False]


def test_wgs84_to_gcj02_shifts_beijing_by_a_few_hundred_metres():
    wgs = (116.397, 39.909)
    gcj = wgs84_to_gcj02(*wgs)
    assert 100 < _metres(wgs, gcj) < 700


def test_wgs84_to_gcj02_leaves_points_outside_china_unshifted():
    for city in ("Hong Kong", "Taipei", "Seoul"):
        assert wgs84_to_gcj02(*OUTSIDE[city]) == OUTSIDE[city]
        assert gcj02_to_wgs84(*OUTSIDE[city]) == OUTSIDE[city]


@pytest.mark.parametrize("city", ["Beijing", "Shanghai", "Urumqi", "Sanya", "Harbin"])
def test_gcj02_to_wgs84_inverts_to_under_a_millimetre(city):
    wgs = INSIDE[city]
    back = gcj02_to_wgs84(*wgs84_to_gcj02(*wgs))
    assert _metres(wgs, back) < 0.001


def test_bd09_round_trip_and_offset():
    gcj = wgs84_to_gcj02(121.47, 31.23)
    bd = gcj02_to_bd09(*gcj)
    assert 500 < _metres(gcj, bd) < 1500
    assert _metres(bd09_to_gcj02(*bd), gcj) < 0.001


def test_to_wgs84_handles_every_crs():
    wgs = (121.47, 31.23)
    gcj = wgs84_to_gcj02(*wgs)
    bd = gcj02_to_bd09(*gcj)
    assert _metres(to_wgs84(*gcj, "GCJ-02"), wgs) < 0.001
    assert _metres(to_wgs84(*bd, "bd09"), wgs) < 0.001
    assert to_wgs84(*wgs, "cgcs2000") == wgs
    assert to_wgs84(*wgs, None) == wgs


def test_to_wgs84_array_matches_scalar():
    pts = [INSIDE["Beijing"], INSIDE["Lhasa"], OUTSIDE["Taipei"], (float("nan"), float("nan"))]
    for crs in ("wgs84", "gcj02", "bd09"):
        lng, lat = to_wgs84_array([p[0] for p in pts], [p[1] for p in pts], crs)
        for i, p in enumerate(pts[:-1]):
            assert _metres((lng[i], lat[i]), to_wgs84(*p, crs)) < 0.001
        assert np.isnan(lng[-1]) and np.isnan(lat[-1])


def test_unknown_crs_names_the_allowed_ones():
    with pytest.raises(ValueError, match="wgs84.*gcj02.*bd09"):
        normalise_crs("utm50n")
