import pytest

from loaders.standardise.person_name import parse_person_name, parse_person_names


def test_traditional_name_has_the_same_key_as_simplified():
    assert parse_person_name("張偉").key == parse_person_name("张伟").key == "张伟"


def test_display_keeps_characters_as_written_and_drops_inner_spaces():
    name = parse_person_name(" 張 偉 ")
    assert name.display == "張偉"
    assert name.surname == "张" and name.given == "伟"


@pytest.mark.parametrize("raw", ["买买提•艾力", "买买提．艾力", "买买提.艾力", "买买提・艾力",
                                 "买买提‧艾力", "买买提-艾力", "买买提 · 艾力", "买买提·艾力"])
def test_minority_separator_is_unified_to_middle_dot(raw):
    name = parse_person_name(raw)
    assert name.display == "买买提·艾力"
    assert name.key == "买买提艾力"
    assert name.surname is None


@pytest.mark.parametrize("raw,pinyin", [
    ("单田芳", "shan tian fang"), ("曾国藩", "zeng guo fan"), ("解缙", "xie jin"),
    ("区志华", "ou zhi hua"), ("仇英", "qiu ying"), ("朴树", "piao shu"), ("查良镛", "zha liang yong"),
    ("翟天临", "zhai tian lin"), ("覃海", "qin hai"), ("缪杰", "miao jie"), ("乐嘉", "yue jia"),
])
def test_surname_heteronyms_read_as_surnames(raw, pinyin):
    assert parse_person_name(raw).pinyin == pinyin


@pytest.mark.parametrize("raw,surname,given,pinyin", [
    ("欧阳娜娜", "欧阳", "娜娜", "ou yang na na"), ("司马光", "司马", "光", "si ma guang"),
    ("诸葛亮", "诸葛", "亮", "zhu ge liang"), ("上官婉儿", "上官", "婉儿", "shang guan wan er"),
    ("尉迟恭", "尉迟", "恭", "yu chi gong"), ("万俟卨", "万俟", "卨", "mo qi xie"),
    ("長孫無忌", "长孙", "无忌", "zhang sun wu ji"),
])
def test_compound_surnames_split_before_the_given_name(raw, surname, given, pinyin):
    name = parse_person_name(raw)
    assert (name.surname, name.given, name.pinyin) == (surname, given, pinyin)


def test_latin_name_passes_through_normalised():
    name = parse_person_name("ＺＨＡＮＧ  Wei")
    assert name.display == "ZHANG Wei"
    assert name.key == "zhangwei"
    assert name.pinyin == parse_person_name("张伟").pinyin == "zhang wei"
    assert name.surname is None


@pytest.mark.parametrize("raw", [None, "", "nan", "·", "---"])
def test_empty_names_give_none(raw):
    assert parse_person_name(raw) is None


def test_batch_parse_equals_one_by_one():
    values = ["張 偉", "买买提•艾力", "ZHANG Wei", None, "", "·", "单田芳", "欧阳娜娜"]
    assert parse_person_names(values) == [parse_person_name(v) for v in values]


def test_batch_without_pinyin_differs_only_in_pinyin():
    values = ["張 偉", "ZHANG Wei", "欧阳娜娜"]
    plain = parse_person_names(values, with_pinyin=False)
    full = parse_person_names(values)
    assert [p._replace(pinyin=None) for p in plain] == [f._replace(pinyin=None) for f in full]
    assert plain[0].pinyin is None
