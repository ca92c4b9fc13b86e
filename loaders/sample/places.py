"""Places: residential estates and office buildings in each district, the dwellings and offices in
them, and their true WGS-84 coordinates.

A place is one address down to the room. Dwellings of one building share its coordinates (as
geocoders return them), so rooms of one building are distinct places at one point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loaders.sample.data import read_table
from loaders.sample.regions import Districts, roads_by_district

LANE, BLOCK, OFFICE = 0, 1, 2  # estate styles: 上海-style 弄/号, 栋/单元 blocks, office towers
BUILDING_SUFFIXES = np.array(["栋", "幢", "号楼"], dtype=object)

_ESTATE_SHIFT = 32  # place key = estate << 32 | building << 24 | unit << 16 | room
_BUILDING_SHIFT = 24
_UNIT_SHIFT = 16


@dataclass(frozen=True)
class Places:
    """Every place used by anyone, sorted by key; a place is referred to by its row index."""

    key: np.ndarray  # int64, encodes estate, building, unit, room
    district: np.ndarray  # index into Districts
    road: np.ndarray
    number: np.ndarray  # "1234弄" or "88号"
    estate: np.ndarray  # estate or office-building name
    style: np.ndarray  # LANE, BLOCK or OFFICE
    building: np.ndarray  # 0 for a single office tower
    building_suffix: np.ndarray  # 号 (lane), 栋/幢/号楼 (block), "" (office)
    unit: np.ndarray  # 0 when the estate has no units
    room: np.ndarray
    lng: np.ndarray  # true WGS-84
    lat: np.ndarray

    def __len__(self) -> int:
        return len(self.key)

    def index_of(self, keys: np.ndarray) -> np.ndarray:
        """Row indices of the places with these keys (every key must have been allocated)."""
        return np.searchsorted(self.key, keys)


class PlaceBook:
    """Creates estates per district and hands out dwellings and offices, then freezes into Places."""

    def __init__(self, rng: np.random.Generator, d: Districts, homes: np.ndarray, offices: np.ndarray):
        """Args:
        rng: the generator.
        d: the districts.
        homes: expected number of dwellings per district (sizes the number of estates).
        offices: expected number of offices per district.
        """
        self._rng = rng
        self._d = d
        words = read_table("estates")
        part = {k: words.loc[words["kind"] == k, "part"].to_numpy(object) for k in words["kind"].unique()}
        estate_names = (part["estate_prefix"][:, None] + part["estate_suffix"][None, :]).ravel()
        office_names = (part["office_prefix"][:, None] + part["office_suffix"][None, :]).ravel()
        roads = roads_by_district()
        cols: dict[str, list] = {k: [] for k in
                                 ("district", "road", "number", "name", "style", "bsuffix", "nbuild",
                                  "nunit", "floors", "doors", "lng", "lat")}
        self._estates_of: list[np.ndarray] = []
        self._offices_of: list[np.ndarray] = []
        start = 0
        for i in range(len(d)):
            n_res = int(np.ceil(homes[i] / 250)) + 2
            n_off = int(np.ceil(offices[i] / 40)) + 1
            n = n_res + n_off
            res_names = rng.choice(estate_names, size=min(n_res, len(estate_names)), replace=False)
            res_names = np.resize(res_names, n_res)  # only for absurdly large cities: names repeat
            off_names = np.resize(rng.choice(office_names, size=min(n_off, len(office_names)), replace=False), n_off)
            shanghai = d.city[i] == "上海市"
            style = np.where(rng.random(n_res) < (0.7 if shanghai else 0.0), LANE, BLOCK)
            style = np.concatenate([style, np.full(n_off, OFFICE)])
            cols["district"].append(np.full(n, i))
            cols["road"].append(roads[i][rng.integers(0, len(roads[i]), n)])
            cols["number"].append(rng.integers(1, 1500, n))
            cols["name"].append(np.concatenate([res_names, off_names]))
            cols["style"].append(style)
            cols["bsuffix"].append(np.where(style == LANE, "号", np.where(
                style == OFFICE, "", BUILDING_SUFFIXES[rng.integers(0, 3, n)])).astype(object))
            cols["nbuild"].append(np.where(style == LANE, rng.integers(20, 120, n),
                                           np.where(style == OFFICE, 1, rng.integers(6, 40, n))))
            cols["nunit"].append(np.where(style == BLOCK, rng.integers(1, 5, n), 0))
            cols["floors"].append(np.where(style == LANE, rng.integers(4, 7, n),
                                           np.where(style == OFFICE, rng.integers(10, 45, n), rng.integers(6, 33, n))))
            cols["doors"].append(np.where(style == LANE, 2, np.where(style == OFFICE, 20, 4)))
            lat_sd = 0.018
            lng_sd = lat_sd / np.cos(np.radians(d.lat[i]))
            cols["lng"].append(d.lng[i] + rng.normal(0, lng_sd, n))
            cols["lat"].append(d.lat[i] + rng.normal(0, lat_sd, n))
            self._estates_of.append(np.arange(start, start + n_res))
            self._offices_of.append(np.arange(start + n_res, start + n))
            start += n
        self._e = {k: np.concatenate(v) for k, v in cols.items()}
        self._taken = np.empty(0, dtype=np.int64)

    def _draw(self, estates: np.ndarray) -> np.ndarray:
        e = self._e
        rng = self._rng
        n = len(estates)
        building = np.where(e["style"][estates] == OFFICE, 0,
                            1 + (rng.random(n) * e["nbuild"][estates]).astype(np.int64))
        unit = np.where(e["nunit"][estates] > 0, 1 + (rng.random(n) * e["nunit"][estates]).astype(np.int64), 0)
        floor = 1 + (rng.random(n) * e["floors"][estates]).astype(np.int64)
        door = 1 + (rng.random(n) * e["doors"][estates]).astype(np.int64)
        room = floor * 100 + door
        return ((estates.astype(np.int64) << _ESTATE_SHIFT) | (building << _BUILDING_SHIFT)
                | (unit << _UNIT_SHIFT) | room)

    def _allocate(self, district: np.ndarray, pools: list[np.ndarray]) -> np.ndarray:
        rng = self._rng
        estates = np.empty(len(district), dtype=np.int64)
        for i in np.unique(district):
            rows = np.flatnonzero(district == i)
            pool = pools[i]
            # a few estates are much larger than others
            w = np.linspace(1.0, 3.0, len(pool))
            estates[rows] = pool[rng.choice(len(pool), size=len(rows), p=w / w.sum())]
        keys = self._draw(estates)
        for _ in range(10):  # redraw rooms already given to someone else
            _, first = np.unique(keys, return_index=True)
            clash = np.ones(len(keys), bool)
            clash[first] = False
            clash |= np.isin(keys, self._taken)
            if not clash.any():
                break
            keys[clash] = self._draw(estates[clash])
        self._taken = np.union1d(self._taken, keys)
        return keys

    def homes(self, district: np.ndarray) -> np.ndarray:
        """Distinct free dwellings (place keys) in the given districts."""
        return self._allocate(np.asarray(district), self._estates_of)

    def offices(self, district: np.ndarray) -> np.ndarray:
        """Distinct free office rooms (place keys) in the given districts."""
        return self._allocate(np.asarray(district), self._offices_of)

    def freeze(self, used: np.ndarray) -> Places:
        """Build Places from every key in ``used`` (duplicates allowed), with true coordinates."""
        key = np.unique(used)
        e = self._e
        est = (key >> _ESTATE_SHIFT).astype(np.int64)
        building = (key >> _BUILDING_SHIFT) & 0xFF
        unit = (key >> _UNIT_SHIFT) & 0xFF
        room = key & 0xFFFF
        # one point per building: estate centre plus ~60 m for the building within the estate
        bkey, binv = np.unique(key >> _BUILDING_SHIFT, return_inverse=True)
        offset = self._rng.normal(0, 0.0006, (len(bkey), 2))
        offset[(e["style"][(bkey >> (_ESTATE_SHIFT - _BUILDING_SHIFT))] == OFFICE)] = 0.0
        lat = e["lat"][est] + offset[binv, 1]
        lng = e["lng"][est] + offset[binv, 0] / np.cos(np.radians(lat))
        suffix_num = np.where(e["style"][est] == LANE, "弄", "号").astype(object)
        return Places(
            key=key,
            district=e["district"][est],
            road=e["road"][est],
            number=e["number"][est].astype(str).astype(object) + suffix_num,
            estate=e["name"][est],
            style=e["style"][est],
            building=building,
            building_suffix=e["bsuffix"][est],
            unit=unit,
            room=room,
            lng=lng,
            lat=lat,
        )
