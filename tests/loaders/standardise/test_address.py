import pytest

from loaders.standardise.address import chinese_to_int, parse_address, parse_addresses


def test_abbreviated_shanghai_lane_address_parses_fully():
    a = parse_address("沪浦东张江路100弄3号楼2单元501室")
    assert (a.province, a.city, a.district) == ("上海市", "上海市", "浦东新区")
    assert (a.road, a.number, a.building, a.unit, a.room) == ("张江路", "100弄", "3", "2", "501")
    assert a.key == "上海市|上海市|浦东新区|张江路|100弄|3|2|501"
    assert not a.ambiguous


def test_ambiguous_district_leaves_city_empty_and_lists_candidates():
    a = parse_address("鼓楼区中山路1号")
    assert a.ambiguous and a.city is None
    assert set(a.candidates) == {"江苏省/南京市", "江苏省/徐州市", "河南省/开封市", "福建省/福州市"}
    assert (a.road, a.number) == ("中山路", "1号")


def test_default_city_resolves_an_ambiguous_district():
    a = parse_address("鼓楼区中山路1号", default_city="南京市")
    assert (a.province, a.city, a.district) == ("江苏省", "南京市", "鼓楼区")
    assert not a.ambiguous


def test_default_city_never_overrides_a_named_city():
    a = parse_address("福州市鼓楼区五四路158号", default_city="南京")
    assert a.city == "福州市"


def test_traditional_characters_parse_and_display_is_kept():
    a = parse_address("上海市浦東新區張江路100號")
    assert a.text == "上海市浦東新區張江路100號"
    assert (a.district, a.road, a.number) == ("浦东新区", "张江路", "100号")
    assert a.key == parse_address("上海市浦东新区张江路100号").key


def test_full_width_digits_and_chinese_numerals_normalise():
    a = parse_address("杭州市拱墅区大关小区十二幢三单元５０１室")
    assert (a.estate, a.building, a.unit, a.room) == ("大关小区", "12", "3", "501")


@pytest.mark.parametrize("raw,parts", [
    ("北京市海淀区中关村大街1号院2号楼3单元401室", ("中关村大街", "1号院", None, "2", "3", "401")),
    ("北京市朝阳区建国路88号SOHO现代城A座1201", ("建国路", "88号", "SOHO现代城", "A", None, "1201")),
    ("天津市和平区南京路219号3-2-501", ("南京路", "219号", None, "3", "2", "501")),
    ("上海市徐汇区漕溪北路88号圣爱大厦12楼", ("漕溪北路", "88号", "圣爱大厦", None, None, None)),
    ("福建省福州市鼓楼区五四路158号环球广场2201", ("五四路", "158号", "环球广场", None, None, "2201")),
    ("北京市东城区东直门南大街甲3号", ("东直门南大街", "甲3号", None, None, None, None)),
])
def test_below_district_parts(raw, parts):
    a = parse_address(raw)
    assert (a.road, a.number, a.estate, a.building, a.unit, a.room) == parts


def test_town_is_read_after_the_district():
    a = parse_address("浙江省杭州市余杭区五常街道文一西路969号")
    assert (a.town, a.road, a.number) == ("五常街道", "文一西路", "969号")


def test_country_and_postcode_prefixes_are_ignored():
    assert parse_address("中国上海市黄浦区人民大道200号").district == "黄浦区"
    assert parse_address("200001上海市黄浦区人民大道200号").district == "黄浦区"


def test_estates_without_road_do_not_share_a_key():
    a = parse_address("北京市朝阳区望京花园3号楼2单元501")
    b = parse_address("北京市朝阳区阳光小区3号楼2单元501")
    assert a.key != b.key


def test_bare_district_or_cityless_street_has_no_key():
    assert parse_address("上海市浦东新区").key is None
    assert parse_address("张江路100号").key is None


def test_chinese_to_int():
    assert [chinese_to_int(t) for t in ("3", "三", "十", "十二", "二十一", "一百零五", "x")] == [
        3, 3, 10, 12, 21, 105, None]


def test_batch_parse_equals_one_by_one():
    values = ["沪浦东张江路100弄3号楼2单元501室", None, "", "鼓楼区中山路1号", "上海市浦東新區張江路100號"]
    assert parse_addresses(values) == [parse_address(v) for v in values]
    assert parse_addresses(values, "南京") == [parse_address(v, "南京") for v in values]


def test_fast_path_for_usual_tails_agrees_with_the_general_parser(monkeypatch):
    import random

    import loaders.standardise.address as address

    rng = random.Random(3)
    parts = ["汤臣豪园", "阳光小区", "", "A", "三", "12", "5", "501", "3号楼", "十二幢", "2单元", "三单元",
             "501室", "5层", "5楼", "-", "#", "栋", "座", "号", "室", "户", "1201", "甲", "B座", "(东门)"]
    tails = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 6))) for _ in range(20_000)]
    fast = [address._below_number(t, n) for t in tails for n in (None, "100弄")]
    monkeypatch.setattr(address, "_USUAL_TAIL", re_never_matching())
    slow = [address._below_number(t, n) for t in tails for n in (None, "100弄")]
    assert fast == slow


def re_never_matching():
    import re

    return re.compile(r"(?!)")


def test_building_without_road_or_estate_still_keys():
    a = parse_address("北京市朝阳区3号楼2单元501")
    assert (a.building, a.unit, a.room) == ("3", "2", "501")
    assert a.key == "北京市|北京市|朝阳区|||3|2|501"


def test_estate_named_like_a_town_is_not_a_town():
    a = parse_address("苏州市吴中区水乡花园5幢")
    assert a.town is None and a.estate == "水乡花园" and a.building == "5"


def test_default_city_picks_the_district_of_a_cross_level_short_name():
    assert parse_address("朝阳东直门南大街1082号").ambiguous
    a = parse_address("朝阳东直门南大街1082号", default_city="北京")
    assert (a.city, a.district, a.ambiguous) == ("北京市", "朝阳区", False)
    a = parse_address("朝阳友谊街1号", default_city="朝阳市")
    assert (a.province, a.city, a.district) == ("辽宁省", "朝阳市", None)


@pytest.mark.parametrize("raw,estate", [("上海市徐汇区愚园路304弄58号201室", None),
                                        ("上海市徐汇区愚园路304弄青年小区58号201室", "青年小区")])
def test_house_number_in_a_lane_is_the_building(raw, estate):
    a = parse_address(raw)
    assert (a.number, a.estate, a.building, a.room) == ("304弄", estate, "58", "201")


def test_short_district_before_a_road_named_after_a_place_word():
    a = parse_address("深圳市福田新村路717号凤凰大院2幢3单元1303室")
    assert (a.district, a.road) == ("福田区", "新村路")
