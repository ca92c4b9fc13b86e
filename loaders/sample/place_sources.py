"""The place source: the address register (地址库), coordinates from Chinese map services."""

from __future__ import annotations

import numpy as np

from loaders.sample.addresses import AddressStyle, render
from loaders.sample.corruption import Corruptor
from loaders.sample.places import Places
from loaders.sample.regions import Districts
from loaders.sample.sources import SourceTable, unique_numbers
from loaders.standardise.coords import gcj02_to_bd09, wgs84_to_gcj02

ERROR_RATES = {
    "address_register": {
        "coverage": 1.0, "duplicate_place": 0.03, "bd09": 0.3, "coordinates_missing": 0.01,
        "geocoding_noise_m": 5.0,
    },
}
REGISTER_ADDRESS = AddressStyle(drop_province=0.4, drop_city=0.05, abbreviate=0.2, district_short=0.2,
                                estate_in_lane=0.4, drop_road=0.15, drop_estate=0.15, building_variant=0.2,
                                unit_chinese=0.2, room_bare=0.1, spaced=0.05, full_width=0.05)
CRS_LABELS = {"gcj02": "GCJ-02", "bd09": "BD-09"}
_METRES_PER_DEGREE = 111_320.0


def place_entity(index: np.ndarray, width: int) -> np.ndarray:
    """True place ids ``A000001`` … for place row indices."""
    return ("A" + np.char.zfill((np.asarray(index) + 1).astype(str), width)).astype(object)


def _map_coordinates(lng: np.ndarray, lat: np.ndarray, bd09: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Truth (WGS-84) to GCJ-02 or BD-09, converting each distinct point once."""
    points, inverse = np.unique(np.stack([lng, lat], axis=1), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    gcj = np.array([wgs84_to_gcj02(x, y) for x, y in points.tolist()]).reshape(-1, 2)
    out = gcj[inverse].copy()
    for j in np.flatnonzero(bd09):
        out[j] = gcj02_to_bd09(*gcj[inverse[j]])
    return out[:, 0], out[:, 1]


def address_register(places: Places, d: Districts, rng: np.random.Generator, cor: Corruptor,
                     width: int) -> SourceTable:
    """地址库: UTF-8 CSV, English headers; coordinates in GCJ-02 or BD-09 as map services give them."""
    r = ERROR_RATES["address_register"]
    src = "address_register"
    n = len(places)
    dup = np.flatnonzero(rng.random(n) < r["duplicate_place"])
    rows = np.concatenate([np.arange(n), dup])
    cor._tally(src, "duplicate_place", len(dup))
    bd09 = rng.random(len(rows)) < r["bd09"]
    lng, lat = _map_coordinates(places.lng[rows], places.lat[rows], bd09)
    sd = r["geocoding_noise_m"] / _METRES_PER_DEGREE
    lat = lat + rng.normal(0, sd, len(rows))
    lng = lng + rng.normal(0, sd, len(rows)) / np.cos(np.radians(lat))
    lng_text = np.char.mod("%.6f", lng).astype(object)
    lat_text = np.char.mod("%.6f", lat).astype(object)
    gone = rng.random(len(rows)) < r["coordinates_missing"]
    lng_text[gone] = lat_text[gone] = ""
    cor._tally(src, "coordinates_missing", gone.sum())
    crs = np.where(bd09, CRS_LABELS["bd09"], CRS_LABELS["gcj02"]).astype(object)
    crs[gone] = ""
    columns = {
        "addr_id": unique_numbers(rng, len(rows), 10, "DZ"),
        "full_address": render(places, d, rows, rng, REGISTER_ADDRESS),
        "lng": lng_text,
        "lat": lat_text,
        "coord_sys": crs,
    }
    return SourceTable(
        name=src, kind="place", format="csv", encoding="utf-8", key="addr_id", columns=columns,
        entity=place_entity(rows, width),
        fields={"address": "full_address", "lng": "lng", "lat": "lat", "crs": "coord_sys"},
        values={"crs": {v: k for k, v in CRS_LABELS.items()}},
        authority=["address", "lng", "lat"],
        description="地址库 address register: UTF-8, English headers, coordinates in GCJ-02 or BD-09",
    )
