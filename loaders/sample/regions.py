"""Real districts (GB/T 2260 codes) that the sample city's people live, are born and work in.

The table deliberately holds district names that exist in several cities (鼓楼区 in 南京, 徐州
and 福州; 朝阳区 in 北京 and 长春; 新城区 in 西安 and 呼和浩特; 和平区 in 天津 and 沈阳; 普陀区 in
上海 and 舟山), so an address written without its city is genuinely ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from loaders.sample.data import read_table

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


@dataclass(frozen=True)
class Districts:
    """Column arrays over the district table; a district is referred to by its row index."""

    code: np.ndarray  # 6-digit region code as text
    province: np.ndarray
    province_abbr: np.ndarray  # 沪, 京, 苏 …
    city: np.ndarray
    city_short: np.ndarray  # 上海, 南京 …: the region word in company names
    district: np.ndarray
    district_short: np.ndarray  # 浦东, 鼓楼 …
    area_code: np.ndarray  # landline area code
    lng: np.ndarray  # approximate centre, WGS-84
    lat: np.ndarray
    weight: np.ndarray  # share of residents, normalised to 1
    municipality: np.ndarray  # bool: province and city are the same (上海市上海市 is never written)

    def __len__(self) -> int:
        return len(self.code)

    def same_city(self, index: int) -> np.ndarray:
        """Indices of the districts in the same city as district ``index`` (itself included)."""
        return np.flatnonzero(self.city == self.city[index])


@cache
def districts() -> Districts:
    """Load the shipped district table."""
    t = read_table("districts")
    weight = t["weight"].astype(float).to_numpy()
    return Districts(
        code=t["code"].to_numpy(object),
        province=t["province"].to_numpy(object),
        province_abbr=t["province_abbr"].to_numpy(object),
        city=t["city"].to_numpy(object),
        city_short=t["city_short"].to_numpy(object),
        district=t["district"].to_numpy(object),
        district_short=t["district_short"].to_numpy(object),
        area_code=t["area_code"].to_numpy(object),
        lng=t["lng"].astype(float).to_numpy(),
        lat=t["lat"].astype(float).to_numpy(),
        weight=weight / weight.sum(),
        municipality=t["province"].isin(MUNICIPALITIES).to_numpy(),
    )


def roads_by_district() -> list[np.ndarray]:
    """For each district, the road names its addresses use: the city's own roads, then generic ones."""
    t = read_table("roads")
    d = districts()
    generic = t.loc[t["city"] == "*", "road"].to_numpy(object)
    out = []
    for city in d.city:
        own = t.loc[t["city"] == city, "road"].to_numpy(object)
        out.append(own if len(own) >= 10 else np.concatenate([own, generic]))
    return out
