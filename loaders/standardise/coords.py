"""Coordinate reference systems used by Chinese map services, and an inside-China test.

- WGS-84 (GPS) and CGCS2000 (the national datum) agree to well under a metre: both are ``wgs84``.
- GCJ-02 (Gaode/AMap, Tencent, Google China) shifts WGS-84 by ~300-700 m through a published
  closed-form obfuscation. The shift applies only inside mainland China; elsewhere the services
  serve WGS-84, so points outside pass through unchanged.
- BD-09 (Baidu) applies a further rotation/scaling on top of GCJ-02 (~1 km more). It is a plain
  transform of GCJ-02 and is applied everywhere.

The forward transforms are closed-form; the inverses iterate the forward transform until the
round trip is below 1e-9 degree (~0.1 mm), which takes 2-4 steps.

The inside-China test uses ``china_boundary.json``: a hand-digitised outline of mainland China
and Hainan (~370 vertices) with Hong Kong and Macau cut out. Its accuracy is ~5-20 km along land
borders and the coast (the coast runs a little offshore) and ~1 km around Hong Kong and Macau
(there the line leans to the populated Shenzhen side of the river); it decides whether the GCJ-02
shift applies, it is not a map of borders. Taiwan, Kinmen and Matsu are outside.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

import numpy as np

_A = 6378245.0  # Krasovsky 1940 semi-major axis, used by the GCJ-02 formula
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0  # BD-09 rotation constant
_TOLERANCE = 1e-9  # degrees, ~0.1 mm
_MAX_STEPS = 30

CRS_NAMES = ("wgs84", "gcj02", "bd09")
_CRS_ALIASES = {
    "wgs84": "wgs84", "wgs-84": "wgs84", "wgs_84": "wgs84", "epsg:4326": "wgs84", "4326": "wgs84",
    "cgcs2000": "wgs84", "epsg:4490": "wgs84", "4490": "wgs84", "gps": "wgs84",
    "gcj02": "gcj02", "gcj-02": "gcj02", "gcj_02": "gcj02", "gcj": "gcj02", "amap": "gcj02",
    "gaode": "gcj02", "mars": "gcj02",
    "bd09": "bd09", "bd-09": "bd09", "bd_09": "bd09", "bd09ll": "bd09", "baidu": "bd09",
}


def normalise_crs(crs: str | None) -> str:
    """Return the canonical name (``wgs84``, ``gcj02`` or ``bd09``) of a CRS label.

    Args:
        crs: a label such as ``'WGS84'``, ``'CGCS2000'``, ``'GCJ-02'``, ``'bd09ll'``; None or ''
            means WGS-84.

    Returns:
        The canonical name.

    Raises:
        ValueError: if the label is not one of the known systems.
    """
    if crs is None:
        return "wgs84"
    key = str(crs).strip().lower()
    if not key:
        return "wgs84"
    try:
        return _CRS_ALIASES[key]
    except KeyError:
        raise ValueError(
            f"unknown coordinate system {crs!r}: use one of wgs84 (also cgcs2000), gcj02, bd09"
        ) from None


# --------------------------------------------------------------------------- inside China

@cache
def _boundary() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Load the outline polygons and holes as (n, 2) float arrays."""
    text = resources.files("loaders.standardise").joinpath("china_boundary.json").read_text("utf-8")
    data = json.loads(text)
    polygons = [np.asarray(v, dtype=float) for v in data["polygons"].values()]
    holes = [np.asarray(v, dtype=float) for v in data["holes"].values()]
    return polygons, holes


@cache
def _edges() -> tuple[tuple[tuple[float, float, float, float], ...], ...]:
    """Edges (x1, y1, x2, y2) of every ring, polygons first then holes, for the scalar test."""
    polygons, holes = _boundary()
    rings = []
    for ring in polygons + holes:
        xs, ys = ring[:, 0].tolist(), ring[:, 1].tolist()
        n = len(xs)
        rings.append(tuple((xs[i], ys[i], xs[(i + 1) % n], ys[(i + 1) % n]) for i in range(n)))
    return tuple(rings)


def _inside_ring(x: float, y: float, edges) -> bool:
    inside = False
    for x1, y1, x2, y2 in edges:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_china(lng: float, lat: float) -> bool:
    """Tell whether a point lies in mainland China (incl. Hainan), where GCJ-02 applies.

    Hong Kong, Macau, Taiwan, Kinmen and Matsu are outside, as is everything beyond the land
    border.

    Args:
        lng: longitude in degrees.
        lat: latitude in degrees.

    Returns:
        True inside the outline, False outside or for non-finite input.
    """
    if not (73.0 < lng < 135.5 and 17.5 < lat < 54.0):  # bounding box first: cheap reject
        return False
    rings = _edges()
    n_polygons = len(_boundary()[0])
    if not any(_inside_ring(lng, lat, r) for r in rings[:n_polygons]):
        return False
    return not any(_inside_ring(lng, lat, r) for r in rings[n_polygons:])


def _inside_ring_array(x: np.ndarray, y: np.ndarray, ring: np.ndarray) -> np.ndarray:
    inside = np.zeros(x.shape, dtype=bool)
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(len(x1)):  # loop over ~370 edges, vectorised over points
            crosses = (y1[i] > y) != (y2[i] > y)
            if not crosses.any():
                continue
            xint = x1[i] + (y - y1[i]) * (x2[i] - x1[i]) / (y2[i] - y1[i])
            inside ^= crosses & (x < xint)
    return inside


def in_china_array(lng, lat) -> np.ndarray:
    """Vectorised :func:`in_china` over arrays of longitudes and latitudes.

    Args:
        lng: array-like of longitudes.
        lat: array-like of latitudes, same length.

    Returns:
        A boolean array; NaN coordinates give False.
    """
    x = np.asarray(lng, dtype=float)
    y = np.asarray(lat, dtype=float)
    result = (x > 73.0) & (x < 135.5) & (y > 17.5) & (y < 54.0)
    idx = np.flatnonzero(result)
    if idx.size == 0:
        return result
    xs, ys = x[idx], y[idx]
    polygons, holes = _boundary()
    inside = np.zeros(idx.size, dtype=bool)
    for ring in polygons:
        inside |= _inside_ring_array(xs, ys, ring)
    for ring in holes:
        inside &= ~_inside_ring_array(xs, ys, ring)
    result[idx] = inside
    return result


# --------------------------------------------------------------------------- GCJ-02

def _gcj_delta(lng, lat):
    """GCJ-02 offset (dlng, dlat) in degrees at a WGS-84 point; works on floats and arrays."""
    x = lng - 105.0
    y = lat - 35.0
    sqrt_abs_x = np.sqrt(np.abs(x)) if isinstance(x, np.ndarray) else math.sqrt(abs(x))
    pi = math.pi
    sin = np.sin if isinstance(x, np.ndarray) else math.sin
    cos = np.cos if isinstance(x, np.ndarray) else math.cos
    common = (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x + common
    dlat += (20.0 * sin(y * pi) + 40.0 * sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * sin(y / 12.0 * pi) + 320.0 * sin(y * pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x + common
    dlng += (20.0 * sin(x * pi) + 40.0 * sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlng += (150.0 * sin(x / 12.0 * pi) + 300.0 * sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * pi
    magic = 1.0 - _EE * sin(rad_lat) ** 2
    sqrt_magic = magic ** 0.5
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * cos(rad_lat) * pi)
    return dlng, dlat


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """Convert WGS-84 to GCJ-02; points outside mainland China are returned unchanged.

    Args:
        lng: WGS-84 longitude in degrees.
        lat: WGS-84 latitude in degrees.

    Returns:
        ``(lng, lat)`` in GCJ-02.
    """
    if not in_china(lng, lat):
        return lng, lat
    dlng, dlat = _gcj_delta(lng, lat)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """Convert GCJ-02 to WGS-84 by iterating the forward transform (error < 1e-9 degree).

    Args:
        lng: GCJ-02 longitude in degrees.
        lat: GCJ-02 latitude in degrees.

    Returns:
        ``(lng, lat)`` in WGS-84; points outside mainland China are returned unchanged.
    """
    if not in_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _ in range(_MAX_STEPS):
        dlng, dlat = _gcj_delta(wlng, wlat)
        err_lng = wlng + dlng - lng
        err_lat = wlat + dlat - lat
        if abs(err_lng) < _TOLERANCE and abs(err_lat) < _TOLERANCE:
            break
        wlng -= err_lng
        wlat -= err_lat
    return wlng, wlat


# --------------------------------------------------------------------------- BD-09

def _bd_forward(lng, lat):
    sin = np.sin if isinstance(lng, np.ndarray) else math.sin
    cos = np.cos if isinstance(lng, np.ndarray) else math.cos
    atan2 = np.arctan2 if isinstance(lng, np.ndarray) else math.atan2
    z = (lng * lng + lat * lat) ** 0.5 + 0.00002 * sin(lat * _X_PI)
    theta = atan2(lat, lng) + 0.000003 * cos(lng * _X_PI)
    return z * cos(theta) + 0.0065, z * sin(theta) + 0.006


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    """Convert GCJ-02 to Baidu BD-09.

    Args:
        lng: GCJ-02 longitude in degrees.
        lat: GCJ-02 latitude in degrees.

    Returns:
        ``(lng, lat)`` in BD-09.
    """
    return _bd_forward(lng, lat)


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """Convert Baidu BD-09 to GCJ-02 by iterating the forward transform (error < 1e-9 degree).

    Args:
        lng: BD-09 longitude in degrees.
        lat: BD-09 latitude in degrees.

    Returns:
        ``(lng, lat)`` in GCJ-02.
    """
    glng, glat = lng - 0.0065, lat - 0.006
    for _ in range(_MAX_STEPS):
        blng, blat = _bd_forward(glng, glat)
        err_lng, err_lat = blng - lng, blat - lat
        if abs(err_lng) < _TOLERANCE and abs(err_lat) < _TOLERANCE:
            break
        glng -= err_lng
        glat -= err_lat
    return glng, glat


def to_wgs84(lng: float, lat: float, crs: str | None = "wgs84") -> tuple[float, float]:
    """Convert a point from any supported system to WGS-84.

    Args:
        lng: longitude in ``crs``.
        lat: latitude in ``crs``.
        crs: ``wgs84`` (also ``cgcs2000``), ``gcj02`` or ``bd09``; see :func:`normalise_crs`.

    Returns:
        ``(lng, lat)`` in WGS-84.

    Raises:
        ValueError: for an unknown ``crs``.
    """
    name = normalise_crs(crs)
    if name == "bd09":
        lng, lat = bd09_to_gcj02(lng, lat)
        name = "gcj02"
    if name == "gcj02":
        return gcj02_to_wgs84(lng, lat)
    return lng, lat


def to_wgs84_array(lng, lat, crs: str | None = "wgs84") -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`to_wgs84` for many points in one system.

    Args:
        lng: array-like of longitudes.
        lat: array-like of latitudes.
        crs: the system all points are in.

    Returns:
        ``(lng, lat)`` float arrays in WGS-84; NaN stays NaN.

    Raises:
        ValueError: for an unknown ``crs``.
    """
    name = normalise_crs(crs)
    x = np.array(lng, dtype=float)
    y = np.array(lat, dtype=float)
    if name == "wgs84" or x.size == 0:
        return x, y
    if name == "bd09":
        gx, gy = x - 0.0065, y - 0.006
        for _ in range(_MAX_STEPS):
            bx, by = _bd_forward(gx, gy)
            ex, ey = bx - x, by - y
            gx, gy = gx - ex, gy - ey
            if np.nanmax(np.abs(ex), initial=0.0) < _TOLERANCE and np.nanmax(
                np.abs(ey), initial=0.0
            ) < _TOLERANCE:
                break
        x, y = gx, gy
    inside = in_china_array(x, y)
    if not inside.any():
        return x, y
    gx, gy = x[inside], y[inside]
    wx, wy = gx.copy(), gy.copy()
    for _ in range(_MAX_STEPS):
        dx, dy = _gcj_delta(wx, wy)
        ex, ey = wx + dx - gx, wy + dy - gy
        wx, wy = wx - ex, wy - ey
        if np.abs(ex).max() < _TOLERANCE and np.abs(ey).max() < _TOLERANCE:
            break
    x[inside], y[inside] = wx, wy
    return x, y
