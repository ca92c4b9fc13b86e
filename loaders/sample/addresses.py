"""Writing a place's address the way a department writes it.

The canonical form is province + city + district + road + number + estate + building + unit +
room (``江苏省南京市鼓楼区中山北路88号金陵花园3栋2单元501室``; a municipality is written once:
``上海市浦东新区张杨路1234弄5号301室``). A style drops or abbreviates parts at given rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loaders.sample import dates
from loaders.sample.places import BLOCK, BUILDING_SUFFIXES, LANE, OFFICE, Places
from loaders.sample.regions import Districts

CHINESE_NUMERALS = np.array(["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"], dtype=object)


@dataclass(frozen=True)
class AddressStyle:
    """Rates at which a source writes each variant (all 0: the canonical form)."""

    drop_province: float = 0.0  # 南京市鼓楼区… (not for municipalities)
    drop_city: float = 0.0  # 鼓楼区…: ambiguous where the district name repeats
    abbreviate: float = 0.0  # 沪浦东新区… for a municipality
    district_short: float = 0.0  # 浦东…, 鼓楼… (without 区/新区)
    estate_in_lane: float = 0.0  # 张杨路1234弄阳光小区5号…
    drop_road: float = 0.0  # block estates: 鼓楼区金陵花园3栋… without the road
    drop_estate: float = 0.0  # block estates: 中山北路88号3栋… without the estate
    building_variant: float = 0.0  # 3栋 / 3幢 / 3号楼 used interchangeably
    unit_chinese: float = 0.0  # 二单元
    room_bare: float = 0.0  # 501 without 室
    spaced: float = 0.0  # a space between region and street parts
    full_width: float = 0.0  # full-width digits


CANONICAL = AddressStyle()


def render(places: Places, d: Districts, idx: np.ndarray, rng: np.random.Generator,
           style: AddressStyle = CANONICAL) -> np.ndarray:
    """Addresses of places ``idx`` written in ``style``.

    Args:
        places: all places.
        d: the districts.
        idx: place row indices to write (repeats allowed).
        rng: draws which rows get which variant.
        style: variant rates.

    Returns:
        An object array of address strings.
    """
    idx = np.asarray(idx)
    n = len(idx)

    def draw(rate):
        return rng.random(n) < rate if rate else np.zeros(n, bool)

    dist = places.district[idx]
    muni = d.municipality[dist]
    s = places.style[idx]
    province = np.where(muni, "", d.province[dist]).astype(object)
    city = d.city[dist].copy()
    province[draw(style.drop_province) & ~muni] = ""
    abbr = draw(style.abbreviate) & muni
    city[abbr] = d.province_abbr[dist][abbr]
    no_city = draw(style.drop_city)
    province[no_city] = ""
    city[no_city] = ""
    district = np.where(draw(style.district_short), d.district_short[dist], d.district[dist]).astype(object)
    head = province + city + district

    road = places.road[idx] + places.number[idx]
    estate = places.estate[idx].copy()
    estate[(s == LANE) & ~draw(style.estate_in_lane)] = ""
    block = s == BLOCK
    drop_road = draw(style.drop_road) & block
    drop_estate = draw(style.drop_estate) & block & ~drop_road
    road[drop_road] = ""
    estate[drop_estate] = ""

    bnum = dates.text(places.building[idx])
    suffix = places.building_suffix[idx].copy()
    vary = draw(style.building_variant) & block
    suffix[vary] = BUILDING_SUFFIXES[rng.integers(0, len(BUILDING_SUFFIXES), int(vary.sum()))]
    building = np.where(s == OFFICE, "", bnum + suffix).astype(object)

    unit_no = places.unit[idx]
    has_unit = unit_no > 0
    unit_cn = draw(style.unit_chinese)
    unit = np.where(has_unit, np.where(unit_cn, CHINESE_NUMERALS[np.minimum(unit_no, 10)], dates.text(unit_no))
                    + "单元", "").astype(object)
    room = dates.text(places.room[idx]) + np.where(draw(style.room_bare), "", "室").astype(object)

    gap = np.where(draw(style.spaced), " ", "").astype(object)
    out = head + gap + road + estate + building + unit + room
    fw = np.flatnonzero(draw(style.full_width))
    if len(fw):
        table = str.maketrans("0123456789", "０１２３４５６７８９")
        out[fw] = [a.translate(table) for a in out[fw]]
    return out
