from linkage.compare.confusables import (
    homophone,
    shape_alike,
    shape_alike_pairs,
    substitution_cost,
)


def test_shape_alike_table_holds_a_few_hundred_symmetric_pairs():
    pairs = shape_alike_pairs()
    assert len(pairs) >= 600
    assert all((b, a) in pairs for a, b in pairs)


def test_shape_alike_classic_pairs():
    for a, b in ["己已", "已巳", "未末", "士土", "日曰", "王玉", "戊戍", "戍戌", "候侯", "栗粟", "汩汨", "晴睛"]:
        assert shape_alike(a, b), (a, b)
    assert not shape_alike("张", "李")


def test_homophone_ignores_tone_but_not_rare_readings():
    assert homophone("伟", "玮")
    assert homophone("买", "麦")  # mai3 / mai4
    assert not homophone("王", "玉")  # 王 read yu is archaic
    assert homophone("单", "善")  # 单 as a surname reads shan


def test_substitution_cost_is_graded():
    assert substitution_cost("伟", "伟") == 0
    assert substitution_cost("伟", "玮") == 0.2
    assert substitution_cost("未", "末") == 0.4
    assert substitution_cost("伟", "明") == 1.0
