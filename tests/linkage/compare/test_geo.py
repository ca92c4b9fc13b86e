import numpy as np

from linkage.compare import geo_levels, haversine_m


def test_haversine_one_degree_latitude_is_about_111_km():
    d = haversine_m([121.0], [31.0], [121.0], [32.0])
    assert abs(d[0] - 111_195) < 100


def test_geo_levels_by_distance():
    lng = np.full(5, 121.5)
    lat = np.full(5, 31.2)
    dlat = np.array([10, 100, 500, 5000, 0]) / 111_195
    lat2 = lat + dlat
    lat2[4] = np.nan
    assert geo_levels(lng, lat, lng, lat2).tolist() == [3, 2, 1, 0, -1]
