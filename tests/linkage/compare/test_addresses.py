import pandas as pd

from linkage.compare import address_levels
from loaders.standardise.address import parse_addresses

_FIELDS = {"province": "addr_province", "city": "addr_city", "district": "addr_district",
           "town": "addr_town", "road": "addr_road", "number": "addr_number",
           "estate": "addr_estate", "building": "addr_building", "unit": "addr_unit",
           "room": "addr_room", "key": "addr_key"}


def _frame(texts):
    rows = []
    for a in parse_addresses(texts):
        rows.append({col: (getattr(a, f) if a else None) for f, col in _FIELDS.items()})
    return pd.DataFrame(rows)


def _levels(pairs):
    return address_levels(_frame([p[0] for p in pairs]), _frame([p[1] for p in pairs])).tolist()


def test_same_room_is_level_6():
    assert _levels([("上海市浦东新区祖冲之路100号5号楼2单元301室",
                     "上海浦东新区张江镇祖冲之路100号5幢2单元301室")]) == [6]


def test_same_dwelling_written_with_gaps_is_level_5():
    assert _levels([("北京市海淀区绿城三村3号楼1单元3204室",
                     "北京市海淀西直门外大街114号3号楼1单元3204室"),
                    ("天津市和平胜利路202号春江雅苑23号楼1单元1401室",
                     "天津市和平区春江雅苑23号楼1单元1401室")]) == [5, 5]
    # A road known on both sides and different is not the same dwelling.
    assert _levels([("北京市海淀区学院路1号3号楼1单元3204室",
                     "北京市海淀区西直门外大街114号3号楼1单元3204室")]) == [2]


def test_same_building_other_room_is_level_4():
    assert _levels([("上海市浦东新区祖冲之路100号5号楼2单元301室",
                     "上海市浦东新区祖冲之路100号5号楼2单元502室")]) == [4]


def test_same_road_and_number_is_level_3():
    assert _levels([("南京市鼓楼区中山路1号", "南京市鼓楼区中山路1号3栋")]) == [3]


def test_same_district_city_and_nothing_in_common():
    assert _levels([("南京市鼓楼区中山路1号", "南京市鼓楼区北京西路8号"),
                    ("南京市鼓楼区中山路1号", "南京市玄武区中山路1号"),
                    ("南京市玄武区北京东路2号", "上海市浦东新区祖冲之路100号")]) == [2, 0, 0]


def test_same_city_is_level_1():
    assert _levels([("南京市鼓楼区中山路1号", "南京市")]) == [1]


def test_conflicting_city_with_same_district_name_is_level_0():
    a = pd.DataFrame({"addr_city": ["南京市"], "addr_district": ["鼓楼区"], "addr_road": ["中山路"],
                      "addr_number": ["1号"]})
    b = pd.DataFrame({"addr_city": ["福州市"], "addr_district": ["鼓楼区"], "addr_road": ["中山路"],
                      "addr_number": ["1号"]})
    assert address_levels(a, b).tolist() == [0]


def test_missing_address_is_minus_1():
    a = pd.DataFrame({"addr_city": [None], "addr_key": [None]})
    b = pd.DataFrame({"addr_city": ["南京市"], "addr_key": [None]})
    assert address_levels(a, b).tolist() == [-1]


def test_unresolved_region_matches_a_candidate_city_only():
    a = pd.DataFrame({"addr_city": [None, None], "addr_district": [None, None],
                      "addr_candidates": ["北京市/北京市|吉林省/长春市", "吉林省/长春市"],
                      "addr_road": ["学院路", "学院路"], "addr_number": ["1242号", "1242号"],
                      "addr_building": ["22", "22"], "addr_unit": ["2", "2"],
                      "addr_room": ["2302", "2302"]})
    b = pd.DataFrame({"addr_province": ["北京市", "北京市"], "addr_city": ["北京市", "北京市"],
                      "addr_district": ["朝阳区", "朝阳区"], "addr_road": ["学院路", "学院路"],
                      "addr_number": ["1242号", "1242号"], "addr_building": ["22", "22"],
                      "addr_unit": ["2", "2"], "addr_room": ["2302", "2302"]})
    # Beijing is a candidate of the first: the same flat; not of the second: nothing shared.
    assert address_levels(a, b).tolist() == [6, 0]
