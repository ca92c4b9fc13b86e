import datetime as dt

import pandas as pd
import pytest

from loaders.standardise.dates import parse_date, parse_gender


@pytest.mark.parametrize("raw", [
    "1985-03-02", "19850302", "1985年3月2日", "1985/3/2", "1985.3.2", "1985-03-02 00:00:00",
    "1985-03-02T12:30:00", "31108", "31108.0", 31108, 31108.0, "１９８５－０３－０２",
    "一九八五年三月二日", "1985年03月02号", 19850302, pd.Timestamp("1985-03-02"), dt.date(1985, 3, 2),
])
def test_date_forms_read_as_iso(raw):
    assert parse_date(raw) == "1985-03-02"


@pytest.mark.parametrize("raw", ["1985-02-30", "1985-13-01", "1985", "03/02/1985", "abc", "", None,
                                 float("nan"), pd.NaT, "0", 5])
def test_impossible_ambiguous_or_empty_dates_give_none(raw):
    assert parse_date(raw) is None


def test_day_first_date_only_when_unambiguous():
    assert parse_date("25/12/1985") == "1985-12-25"


def test_chinese_numeral_tens():
    assert parse_date("二〇〇八年十二月三十一日") == "2008-12-31"


@pytest.mark.parametrize("raw,gender", [
    ("男", "M"), ("女", "F"), ("1", "M"), ("2", "F"), (1, "M"), (2.0, "F"), ("M", "M"), ("f", "F"),
    ("Male", "M"), ("FEMALE", "F"), ("男性", "M"), ("女性", "F"), ("０", None), ("0", None),
    (0, None), ("9", None), ("x", None), (None, None),
])
def test_gender_codes(raw, gender):
    assert parse_gender(raw) == gender
