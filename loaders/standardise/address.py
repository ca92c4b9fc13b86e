"""Postal addresses: divisions, then street, number, estate, building, unit and room.

Divisions (province / city / district, plus towns of district-less cities) come from
:mod:`loaders.standardise.divisions`. Below the district, the parser reads, in the usual order:
town (街道/镇/乡), road (路/街/大道/巷/胡同), number (号, or a Shanghai lane 弄), estate (the
named place before the building: 小区, 花园, 苑, 新村, 大厦 …), building (号楼/栋/幢/座/#), unit
(单元) and room (室/户, or a trailing number such as '501'; the compact '3-2-501' reads as
building-unit-room). Chinese numerals in building, unit and room become digits (三单元 → 3).

Parsing works on a simplified copy (traditional characters parse), the display text is kept as
written. A district name that exists in several cities (鼓楼区, 朝阳区) without a city leaves the
city empty and lists the candidates: never a silent guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from loaders.standardise.divisions import scan_divisions
from loaders.standardise.text import normalize_many, normalize_text, to_simplified, to_simplified_many

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d+|[零〇一二两三四五六七八九十百]+)"
_PREFIX = re.compile(r"^(?:中华人民共和国|中国)|^\d{6}(?!\d)")
_SPACES = re.compile(r"\s+")
_PREFIX_WORDS = ("中华人民共和国", "中国")
# Town, road and number in one anchored match: each part optional, in this order.
_HEAD = re.compile(
    r"(?P<town>[^\d路街号弄巷栋幢座单元室]{1,8}?(?:街道办事处|街道|镇|乡|苏木)"
    r"(?!路|街|道|巷|花园|小区|新村|公寓|大厦|广场|家园|苑|园))?"
    r"(?P<road>[^\d号弄栋幢座单元室#]{1,15}?(?:大道|大街|路|街|巷|胡同|道)(?:" + _NUM + r"段)?(?!道))?"
    r"(?:(?P<number>[甲乙丙丁]?\d+(?:[-之]\d+)?(?:弄|号院|号))(?!楼|馆))?"
)
_LANE_HOUSE = re.compile(r"(\d+)号(?!楼|院|馆|房)")
_BUILDING = re.compile(r"([A-Za-z]|" + _NUM + r")(?:号楼|栋|幢|座|号馆|#楼|#|楼(?=" + _NUM + r"单元))")
_USUAL_TAIL = re.compile(
    r"(?P<estate>[^\dA-Za-z#\-—号栋幢座单元室户层楼房]*?)(?P<building>[A-Za-z]|" + _NUM + r")(?:号楼|栋|幢|座)"
    r"(?:(?P<unit>" + _NUM + r")单元)?(?:(?P<room>\d+)(?:室|户|号房|房)|-?(?P<bare_room>\d{3,5}))?"
)
_UNIT = re.compile("(" + _NUM + r")单元")
_ROOM = re.compile(r"(\d+)(?:室|户|房|号房)")
_TRAILING_ROOM = re.compile(r"[-—]?(\d{3,5})$")
_FLOOR = re.compile(_NUM + r"(?:层|楼)(?=\d)")
_ESTATE_ROOM = re.compile(r"(?:(?<=[^\d\W])|-)(\d{3,5})$")
_SPACE_BETWEEN_ALNUM = re.compile(r"(?<=[0-9A-Za-z]) (?=[0-9A-Za-z])")
_TRAILING_FLOOR = re.compile(_NUM + r"(?:层|楼)$")
_COMPACT = re.compile(r"(\d+)[-—](\d+)[-—](\d+)(?:室|号)?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_NON_WORD = re.compile(r"[\W_]+")


class Address(NamedTuple):
    """A standardised address.

    Attributes:
        text: the normalised display text (NFKC, spaces collapsed; characters as written).
        province, city, district, town: full division names (simplified), None when unknown.
        road: e.g. '张江路'; number: e.g. '100号' or '1234弄'.
        estate: the named place below the road (小区, 大厦 …), None when absent.
        building, unit, room: digits (or a letter for building), e.g. '3', '2', '501'.
        key: canonical 'province|city|district|road|number|building|unit|room' for blocking and
            Key nodes; when there is neither road nor number, the road slot holds the estate
            (whatever precedes the building), so two estates in one district do not collide. None when nothing
            below the district is known (a bare district is not a place), or when neither city
            nor district is known (the same street exists in many cities).
        ambiguous: True when the district name fits several cities and none was given, or a short
            name is a city in one province and a district elsewhere (朝阳).
        candidates: 'province/city' strings of those cities.
    """

    text: str
    province: str | None
    city: str | None
    district: str | None
    town: str | None
    road: str | None
    number: str | None
    estate: str | None
    building: str | None
    unit: str | None
    room: str | None
    key: str | None
    ambiguous: bool
    candidates: tuple[str, ...]


def chinese_to_int(text: str) -> int | None:
    """Read a number written in digits or Chinese numerals up to 999 ('三' 3, '十二' 12, '一百零五' 105).

    Returns:
        The integer, or None when the text is not a number.
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _num(text: str | None) -> str | None:
    if text is None:
        return None
    if text.isdigit():
        return text if text[0] != "0" else str(int(text))
    if len(text) == 1 and text.isascii() and text.isalpha():
        return text.upper()
    value = chinese_to_int(text)
    return None if value is None else str(value)


def _clean(text: str) -> str | None:
    text = _EDGE_PUNCT.sub("", text)
    return text or None


@lru_cache(maxsize=256)
def _scan_city(name: str):
    return scan_divisions(to_simplified(normalize_text(name) or ""))


def _resolve_default_city(scan, default_city: str):
    """Apply the caller's default city: pick it among candidates, or fill an empty city.

    Returns:
        (province, city, district, candidates) after the default is applied.
    """
    unchanged = scan.province, scan.city, scan.district, scan.candidates
    default = _scan_city(default_city)
    if default.city is None:
        return unchanged
    wanted = f"{default.province}/{default.city}"
    if scan.candidates:
        if wanted in scan.candidates:
            district = scan.candidate_districts[scan.candidates.index(wanted)]
            return default.province, default.city, district, ()
        return unchanged
    if scan.city is None and (scan.province in (None, default.province)) and scan.district is None:
        return default.province, default.city, None, ()
    return unchanged


def parse_address(raw: object, default_city: str | None = None) -> Address | None:
    """Standardise an address.

    Args:
        raw: e.g. '沪浦东张江路100弄3号楼2单元501室', '上海市浦東新區張江路100號'.
        default_city: the city a source's addresses are in when they do not say
            (e.g. '南京市' for a Nanjing department); used to pick among ambiguous district
            candidates and to fill an empty city. Never overrides a city the address names.

    Returns:
        An :class:`Address`, or None when the value is empty.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    return _parse(text, to_simplified(text), default_city)


def parse_addresses(values, default_city: str | None = None) -> list[Address | None]:
    """:func:`parse_address` over many values, normalising and simplifying them in bulk.

    Args:
        values: raw addresses.
        default_city: as for :func:`parse_address`.

    Returns:
        One :class:`Address` (or None for an empty value) per input, in order.
    """
    texts = normalize_many(values)
    simplified = to_simplified_many(texts)
    return [None if t is None else _parse(t, w, default_city) for t, w in zip(texts, simplified)]


def _parse(text: str, simplified: str, default_city: str | None) -> Address:
    if " " in simplified:  # a space between two numbers separates them: keep it as '-'
        work = _SPACES.sub("", _SPACE_BETWEEN_ALNUM.sub("-", simplified))
    else:
        work = simplified
    if work.startswith(_PREFIX_WORDS) or work[:1].isdigit():
        work = _PREFIX.sub("", work, count=1)
        work = _PREFIX.sub("", work, count=1)  # '中国' after a postcode
    scan = scan_divisions(work)
    province, city, district, candidates = scan.province, scan.city, scan.district, scan.candidates
    if default_city:
        province, city, district, candidates = _resolve_default_city(scan, default_city)
    head = _HEAD.match(work, scan.end)
    town = scan.town or head.group("town")
    road = head.group("road")
    number = head.group("number")
    rest = work[head.end():]
    building = unit = room = estate = None
    if rest:
        building, unit, room, estate = _below_number(rest, number)
    key = _key(province, city, district, road, number, estate, building, unit, room)
    return Address(text, province, city, district, town, road, number, estate, building, unit,
                   room, key, bool(candidates), candidates)


def _below_number(rest: str, number: str | None):
    """Building, unit, room and estate from what follows the road and number."""
    m = _USUAL_TAIL.fullmatch(rest)  # '汤臣豪园3号楼2单元501室' in one go, the common case
    if m and not (number and number[-1] == "弄"):
        estate = m.group("estate")
        if estate:
            estate = _clean(estate)
            if estate and estate.isdigit():
                estate = None
        room = m.group("room") or m.group("bare_room")
        return _num(m.group("building")), _num(m.group("unit")), room, estate or None
    building = unit = room = None
    lane_estate = ""
    if number and number[-1] == "弄":
        # In a lane the house number is the building: '1234弄5号', '1234弄阳光小区5号'.
        m = _LANE_HOUSE.search(rest)
        if m and not _BUILDING.search(rest, 0, m.start()):
            building, lane_estate, rest = m.group(1), rest[: m.start()], rest[m.end():]
    b = _BUILDING.search(rest) if building is None else None
    after = 0
    first = len(rest)
    if b:
        building, after, first = _num(b.group(1)), b.end(), b.start()
    u = _UNIT.search(rest, after)
    if u:
        unit, after, first = _num(u.group(1)), u.end(), min(first, u.start())
    f = _FLOOR.match(rest, after)
    if f:
        after = f.end()
    r = _ROOM.search(rest, after)
    if r:
        room, first = r.group(1), min(first, r.start())
    elif building or unit:
        t = _TRAILING_ROOM.match(rest, after)
        if t:
            room = t.group(1)
    if building is None and unit is None and room is None:
        c = _COMPACT.search(rest)
        if c:
            building, unit, room = c.group(1), c.group(2), c.group(3)
            first = c.start()
    estate = lane_estate or rest[:first]
    if estate:
        estate = _clean(_TRAILING_FLOOR.sub("", estate))
        if estate and estate.isdigit():
            estate = None
        elif estate and room is None and building is None and unit is None:
            t = _ESTATE_ROOM.search(estate)  # '环球广场2201': a room number right after the name
            if t:
                room, estate = t.group(1), estate[: t.start()] or None
    return building, unit, room, estate or None


def _key(province, city, district, road, number, estate, building, unit, room) -> str | None:
    if not (road or number or estate or building or room) or not (city or district):
        return None
    if road or number:
        locator = [_NON_WORD.sub("", road.lower()) if road else "", number or ""]
    else:
        locator = [_NON_WORD.sub("", estate.lower()) if estate else "", ""]
    parts = [province or "", city or "", district or "", *locator, building or "", unit or "",
             room or ""]
    return "|".join(parts)
