import random

import numpy as np
import pandas as pd

from linkage.compare import (
    graded_distance,
    name_similarities,
    name_similarity,
    person_name_levels,
)
from linkage.compare.names import graded_distances, strip_separators


def _levels(pairs, pinyin=False):
    a = np.array([p[0] for p in pairs], dtype=object)
    b = np.array([p[1] for p in pairs], dtype=object)
    return person_name_levels(a, b).tolist()


def test_exact_key_is_level_4():
    assert _levels([("张伟", "张伟")]) == [4]


def test_homophone_substitution_is_level_3():
    assert _levels([("张伟", "张玮")]) == [3]


def test_shape_alike_substitution_is_level_3():
    assert _levels([("王玉", "玉玉"), ("李己", "李已")]) == [3, 3]


def test_transposition_is_a_cheap_edit():
    assert graded_distance("张晓明", "张明晓") == 0.3
    assert _levels([("张晓明", "张明晓")]) == [3]


def test_same_pinyin_with_three_homophones_is_level_2():
    assert _levels([("张晓明", "章小名")]) == [2]


def test_minority_name_separators_are_ignored_at_level_2():
    assert _levels([("买买提·艾力", "买买提艾力")]) == [2]


def test_same_surname_similar_given_name_is_level_1():
    # 张晓明 / 张明: a dropped given-name character.
    assert _levels([("张晓明", "张明")]) == [1]


def test_different_names_are_level_0_and_missing_is_minus_1():
    assert _levels([("张伟", "张明"), ("张伟", "王伟"), (None, "张伟"), ("", "张伟")]) == [0, 0, -1, -1]


def test_given_pinyin_columns_are_used():
    # The caller's pinyin is trusted: equal pinyin is level 2 whatever the characters.
    a = pd.Series(["张伟", "单田芳"])
    b = pd.Series(["张为", "李明"])
    out = person_name_levels(a, b, pd.Series(["zhang wei", "shan tian fang"]),
                             pd.Series(["zhang wei", "shan tian fang"]))
    assert out.tolist() == [3, 2]


def test_name_similarity_orders_error_types():
    assert name_similarity("张伟", "张伟") == 1.0
    assert name_similarity("张伟", "张玮") == 0.9
    assert name_similarity("张伟", "张明") == 0.5
    assert name_similarity(None, "张伟") == 0.0
    assert name_similarity("买买提·艾力", "买买提艾力") == 1.0


def test_name_similarity_ranks_a_dropped_char_above_a_different_char():
    assert name_similarity("张晓明", "张明") > name_similarity("张晓明", "张晓红")


def test_name_similarities_equal_name_similarity_key_by_key():
    # Repeats, separators, empty and missing keys, and keys that are only separators.
    keys = ["张伟", "张玮", "张伟", "张 伟", "买买提·艾力", "买买提艾力", "张晓明", "张明晓", "张明",
            "王玉", "玉玉", "李娜", "", None, "·", "丶", "张晓明张晓明"]
    for query in ("张伟", "张晓明", "买买提•艾力", "王玉", "·", "", None):
        expected = [name_similarity(query, k) for k in keys]
        assert name_similarities(query, keys).tolist() == expected
        assert name_similarities(query, np.array(keys, dtype=object)).tolist() == expected
        # Keys kept stripped, as a search index keeps them (a key of separators alone is empty).
        stripped = [strip_separators(k) if k else k for k in keys]
        assert name_similarities(query, stripped, stripped=True).tolist() == [
            name_similarity(query, k) for k in stripped]
    assert name_similarities("张伟", []).tolist() == []


def test_categorical_columns_compare_like_strings():
    names = pd.Series(["张伟", "张玮", "李娜", None, ""]).astype("category")
    left, right = names.take([0, 0, 2, 3, 4, 1]), names.take([1, 0, 0, 0, 0, 0])
    plain = person_name_levels(left.astype(object).to_numpy(), right.astype(object).to_numpy())
    assert person_name_levels(left, right).tolist() == plain.tolist() == [3, 4, 0, -1, -1, 3]


def test_graded_distances_run_the_same_programme_across_many_keys():
    # Characters with homophones (张章彰), shape-alikes (王玉, 己已), repeats for transpositions,
    # and lengths from empty to a long minority name.
    alphabet = "张章彰王玉主己已巳晓小明名伟玮买提艾力"
    rng = random.Random(7)
    keys = ["", "张", "买买提艾力买买提艾力"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(400)]
    for query in ("", "张晓明", "晓张明", "王玉", "买买提艾力", rng.choice(keys), rng.choice(keys)):
        expected = [graded_distance(query, k) for k in keys]
        assert graded_distances(query, keys).tolist() == expected
    assert graded_distances("张伟", ["", ""]).tolist() == [1.2, 1.2]
    assert graded_distances("张伟", []).tolist() == []
