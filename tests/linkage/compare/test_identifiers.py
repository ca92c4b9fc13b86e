import numpy as np
import pandas as pd

from linkage.compare import email_levels, id_number_levels, id_number_valid, phone_levels

VALID = "11010519491231002X"


def _levels(a, b, va=None, vb=None):
    return id_number_levels(np.array(a, dtype=object), np.array(b, dtype=object), va, vb).tolist()


def test_id_number_valid_uses_check_character():
    assert id_number_valid([VALID, "110105194912310021", None, "123"]).tolist() == [True, False, False, False]


def test_id_number_exact_match_is_top_level():
    assert _levels([VALID], [VALID]) == [3]


def test_id_number_valid_vs_one_digit_mistyped_is_level_2():
    typo = "11010519491231003X"  # one substitution, fails the check
    assert not id_number_valid([typo])[0]
    assert _levels([VALID], [typo]) == [2]
    assert _levels([typo], [VALID]) == [2]


def test_id_number_adjacent_transposition_is_level_2():
    swapped = "11010519491231020X"
    assert _levels([VALID], [swapped]) == [2]


def _with_check(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def test_two_different_valid_numbers_disagree():
    other = _with_check("11010519491231004")  # same birth date, another person
    assert id_number_valid([other])[0]
    assert _levels([VALID], [other]) == [0]


def test_id_number_same_birth_date_with_an_invalid_one_is_level_1():
    assert _levels([VALID], ["32010219491231777X"]) == [1]


def test_id_number_null_is_minus_one():
    assert _levels([None, VALID, ""], [VALID, np.nan, VALID]) == [-1, -1, -1]


def test_id_number_uses_given_valid_flags():
    typo = "11010519491231003X"
    # The caller says both are valid: two different valid numbers.
    assert _levels([VALID], [typo], [True], [True]) == [0]
    assert id_number_levels(pd.Series([VALID]), pd.Series([typo]), pd.Series([True]),
                            pd.Series([None])).tolist() == [2]


def test_phone_levels():
    a = ["13812345678", "13812345678", "02188889999", "13812345678", None, "13812345678"]
    b = ["13812345678", "13812345679", "88889999", "13812354678", "13812345678", "13999999999"]
    assert phone_levels(a, b).tolist() == [2, 1, 1, 1, -1, 0]


def test_phone_landline_with_and_without_area_code():
    a = ["09318123456", "8123456", "02188889999", "123456"]
    b = ["8123456", "09318123456", "02588889999", "0931123456"]
    assert phone_levels(a, b).tolist() == [1, 1, 1, 0]


def test_email_levels_follow_splinks_email_comparison():
    a = ["ann@abc.com", "jsmith@abc.com", "john.smith@company.com", "john.smith@company.com",
         "ann@x.com", None, "ann@abc.com"]
    b = ["ann@abc.com", "jsmith@zzqq.org", "john.smyth@company.com", "jon.smith@zq.org",
         "bob@y.org", "ann@abc.com", "ann@abc.co.uk"]
    # exact; same user name; JW on the address; JW on the user names only; else; missing;
    # the same user name outranks a close address.
    assert email_levels(a, b).tolist() == [4, 3, 2, 1, 0, -1, 3]


def test_email_empty_user_names_do_not_agree():
    assert email_levels(["@abc.com"], ["@zzz.org"]).tolist() == [0]
    assert email_levels(["a@x.com"], ["b@x.com"], threshold=0.5).tolist() == [2]
