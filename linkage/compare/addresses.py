"""Addresses compared by their parsed hierarchy (province / city / district / … / room)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.compare.frames import FramePair

ADDRESS_FIELDS = ("addr_province", "addr_city", "addr_district", "addr_town", "addr_road",
                  "addr_number", "addr_estate", "addr_building", "addr_unit", "addr_room",
                  "addr_key", "addr_candidates")


def address_levels(left_frame: pd.DataFrame, right_frame: pd.DataFrame) -> np.ndarray:
    """Compare parsed addresses level by level of the hierarchy.

    Args:
        left_frame, right_frame: aligned frames (pair i = row i of each) with any of the
            ``addr_*`` columns of the standardised records; absent columns read as missing.

    Levels:
        6: same ``addr_key``, or the same full hierarchy down to the room.
        5: the same dwelling written with gaps: same district, building and room, unit equal
           where both known, and road, number and estate each equal or missing on one side
           (绿城三村3号楼1单元3204室 / 西直门外大街114号3号楼1单元3204室). Kept apart from 4
           so a model does not count "same building" and "same room" as independent evidence.
        4: same place down to the building (unit equal where both known).
        3: same road and number, or same estate, within the same district.
        2: same district (and city where both known).
        1: same city.
        0: else, and always when city or district are both known and differ (鼓楼区 of 南京 and
           鼓楼区 of 福州 are different places).
        -1: either side has no parsed address part at all.

    A side whose city and district were left unresolved (an ambiguous district name: the
    parser lists its candidate regions in ``addr_candidates``) is within the other side's
    district when that side's province/city is a candidate.
    """
    p = FramePair(left_frame, right_frame)
    has_a = np.zeros(p.n, dtype=bool)
    has_b = np.zeros(p.n, dtype=bool)
    for col in ADDRESS_FIELDS:
        ka, kb = p.known(col)
        has_a |= ka
        has_b |= kb

    city_ok = p.same_or_one_missing("addr_city")
    same_city = p.equal("addr_city")
    same_district = p.equal("addr_district") & city_ok
    # Within the same district: named on both sides, or on one side with the city the same, or
    # one side's region left unresolved (朝阳 alone is in Beijing, Changchun or Chaoyang city)
    # with the other side's city among its candidates.
    district_ok = same_district | (p.same_or_one_missing("addr_district") & same_city) \
        | _region_open(p)

    street = (p.equal("addr_road") & p.equal("addr_number")) | p.equal("addr_estate")
    street_ok = (p.same_or_both_missing("addr_road") & p.same_or_both_missing("addr_number")
                 & p.same_or_both_missing("addr_estate"))
    same_building = district_ok & street & p.equal("addr_building") \
        & p.same_or_one_missing("addr_unit")
    full = district_ok & street & street_ok & p.equal("addr_room") \
        & p.same_or_both_missing("addr_building") & p.same_or_both_missing("addr_unit")

    dwelling = district_ok & p.equal("addr_building") & p.equal("addr_room") \
        & p.same_or_one_missing("addr_unit") & p.same_or_one_missing("addr_road") \
        & p.same_or_one_missing("addr_number") & p.same_or_one_missing("addr_estate")

    out = np.zeros(p.n, dtype=np.int8)
    out[same_city] = 1
    out[same_district] = 2
    out[district_ok & street] = 3
    out[same_building] = 4
    out[dwelling] = 5
    out[full | p.equal("addr_key")] = 6
    conflict = p.differ("addr_city") | p.differ("addr_district")
    out[conflict] = 0
    out[~has_a | ~has_b] = -1
    return out


def _region_open(p: FramePair) -> np.ndarray:
    """One side's region unresolved, the other's city among its candidates."""
    out = np.zeros(p.n, dtype=bool)
    kc_a, kc_b = p.known("addr_city")
    kd_a, kd_b = p.known("addr_district")
    cand_a, cand_b = p.sides("addr_candidates")
    prov_a, prov_b = p.sides("addr_province")
    city_a, city_b = p.sides("addr_city")
    for open_side, cand, prov, city, known_city in (
            (~kc_a & ~kd_a, cand_a, prov_b, city_b, kc_b),
            (~kc_b & ~kd_b, cand_b, prov_a, city_a, kc_a)):
        rows = np.flatnonzero(open_side & known_city)
        for i in rows.tolist():  # ambiguous regions are rare (about 1 % of addresses)
            options = cand[i]
            if isinstance(options, str) and f"{prov[i]}/{city[i]}" in options.split("|"):
                out[i] = True
    return out
