import random

import pytest

from loaders.standardise.divisions import _scan, scan_divisions


@pytest.mark.parametrize("text,expected", [
    ("沪浦东张江路", ("上海市", "上海市", "浦东新区")),
    ("上海市浦东新区张江路", ("上海市", "上海市", "浦东新区")),
    ("京朝阳区建国路", ("北京市", "北京市", "朝阳区")),
    ("北京朝阳建国路", ("北京市", "北京市", "朝阳区")),
    ("浙江杭州西湖区", ("浙江省", "杭州市", "西湖区")),
    ("杭州市西湖区", ("浙江省", "杭州市", "西湖区")),
    ("吉林省长春市朝阳区", ("吉林省", "长春市", "朝阳区")),
    ("呼市新城区", ("内蒙古自治区", "呼和浩特市", "新城区")),
    ("义乌市稠城街道", ("浙江省", "金华市", "义乌市")),
    ("上海市上海市黄浦区", ("上海市", "上海市", "黄浦区")),
])
def test_scan_reads_full_and_short_division_names(text, expected):
    result = scan_divisions(text)
    assert (result.province, result.city, result.district) == expected
    assert result.candidates == ()


def test_district_in_several_cities_lists_candidates_without_guessing():
    result = scan_divisions("鼓楼区中山路1号")
    assert result.district == "鼓楼区" and result.city is None and result.province is None
    assert "江苏省/南京市" in result.candidates and "福建省/福州市" in result.candidates


def test_province_narrows_ambiguous_district():
    result = scan_divisions("江苏省鼓楼区")
    assert result.province == "江苏省" and result.city is None
    assert set(result.candidates) == {"江苏省/南京市", "江苏省/徐州市"}


@pytest.mark.parametrize("text", ["中山路1号", "南京东路", "北京大学", "浦东大道"])
def test_short_name_before_a_road_or_place_word_is_not_a_division(text):
    assert scan_divisions(text).end == 0


def test_town_of_a_city_without_districts():
    result = scan_divisions("东莞东城街道")
    assert (result.city, result.town) == ("东莞市", "东城街道")


def test_one_character_abbreviation_needs_a_following_division():
    assert scan_divisions("京山市").district == "京山市"  # a county-level city, not 京 + 山
    assert scan_divisions("沪东路").end == 0


def test_memoised_scan_equals_fresh_scan():
    rng = random.Random(0)
    chars = "上海市浦东新区北京朝阳鼓楼南京中山路东西江苏省杭州湖1号沪京"
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 12)))
        assert scan_divisions(text) == _scan(text, 0)[0], text


def test_short_name_that_is_a_city_here_and_a_district_there_is_ambiguous():
    result = scan_divisions("朝阳东直门南大街1082号")
    assert result.city is None and result.district is None and result.end == 2
    assert set(result.candidates) == {"辽宁省/朝阳市", "北京市/北京市", "吉林省/长春市"}
    assert dict(zip(result.candidates, result.candidate_districts))["北京市/北京市"] == "朝阳区"


def test_short_name_of_a_province_and_its_own_city_is_the_province():
    result = scan_divisions("吉林长春市朝阳区")
    assert (result.province, result.city, result.district) == ("吉林省", "长春市", "朝阳区")


def test_estate_after_a_short_district_name():
    result = scan_divisions("鼓楼园丁家园9栋")
    assert result.district == "鼓楼区" and result.end == 2
