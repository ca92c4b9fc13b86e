import pytest

from loaders.standardise.text import (
    match_key,
    normalize_many,
    normalize_text,
    to_simplified,
    to_simplified_many,
)


@pytest.mark.parametrize("raw", [None, "", "  ", "nan", "NULL", "null", "无", "-", "--", "不详", float("nan")])
def test_normalize_text_turns_empty_markers_into_none(raw):
    assert normalize_text(raw) is None


def test_normalize_text_folds_full_width_and_collapses_whitespace():
    assert normalize_text("  ＡＢＣ　１２３ \t x ") == "ABC 123 x"


def test_normalize_text_prints_whole_floats_without_decimal_part():
    assert normalize_text(13800138000.0) == "13800138000"
    assert normalize_text(1.5) == "1.5"


def test_normalize_many_equals_normalize_text():
    values = ["  張 偉 ", "１２３", None, float("nan"), 3.0, "NULL", "a\u3000b", "x\ny", 12]
    assert normalize_many(values) == [normalize_text(v) for v in values]


def test_to_simplified_converts_traditional_and_keeps_simplified():
    assert to_simplified("上海市浦東新區張江路") == "上海市浦东新区张江路"
    assert to_simplified("张伟") == "张伟"
    assert to_simplified("abc") == "abc"
    assert to_simplified(None) is None


def test_to_simplified_many_matches_one_by_one():
    texts = ["張偉", None, "张伟", "於梅", "𠀀張", "abc"]
    assert to_simplified_many(texts) == [to_simplified(t) for t in texts]


def test_match_key_merges_traditional_width_case_and_punctuation():
    assert match_key("張 偉") == match_key("张伟") == "张伟"
    assert match_key("ＡＢＣ-12") == "abc12"
    assert match_key("---") is None


def test_control_characters_do_not_cut_or_shift_simplified_text():
    texts = ["張\x00偉", "漢\ufdd0字", "張偉"]
    assert to_simplified("張\x00偉") == "张\x00伟"
    assert to_simplified_many(texts) == [to_simplified(t) for t in texts]
