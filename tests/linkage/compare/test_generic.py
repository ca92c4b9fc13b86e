import pandas as pd

from linkage.compare import (
    exact_levels,
    jaro_winkler_levels,
    levenshtein_levels,
    numeric_abs_diff_levels,
)


def test_exact_levels_with_nulls():
    assert exact_levels(pd.Series(["a", "b", None]), pd.Series(["a", "c", "x"])).tolist() == [1, 0, -1]


def test_jaro_winkler_levels_thresholds():
    a = ["martha", "dwayne", "smith", "", "abc"]
    b = ["martha", "duane", "smyth", "x", "xyz"]
    assert jaro_winkler_levels(a, b).tolist() == [3, 0, 1, -1, 0]  # dwayne/duane JW 0.84
    assert jaro_winkler_levels(["jonathan"], ["jonathon"]).tolist() == [2]


def test_levenshtein_levels_thresholds():
    a = ["kitten", "kitten", "kitten", "kitten"]
    b = ["kitten", "sitten", "sittin", "sitting"]
    assert levenshtein_levels(a, b).tolist() == [3, 2, 1, 0]


def test_numeric_abs_diff_levels():
    a = [1980, 1980, 1980, None, "x"]
    b = [1980, 1981, 1990, 1980, 1980]
    assert numeric_abs_diff_levels(a, b, thresholds=(1, 5)).tolist() == [3, 2, 0, -1, -1]
