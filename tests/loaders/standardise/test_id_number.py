import pytest

from loaders.standardise.check_chars import id_check_char
from loaders.standardise.id_number import IdNumber, parse_id_number, parse_id_numbers


def test_id_number_valid_example_derives_birth_date_gender_region():
    idn = parse_id_number("11010519491231002X")
    assert idn == IdNumber("11010519491231002X", True, False, "1949-12-31", "F", "110105", None)


def test_id_number_upgrades_15_digits():
    idn = parse_id_number("110105491231002")
    assert idn.value == "11010519491231002X"
    assert idn.valid and idn.upgraded


@pytest.mark.parametrize("raw", ["11010519491231002x", " 110105 19491231 002X ", "110105-19491231-002X",
                                 "１１０１０５１９４９１２３１００２Ｘ"])
def test_id_number_normalises_case_width_and_separators(raw):
    assert parse_id_number(raw).value == "11010519491231002X"
    assert parse_id_number(raw).valid


def test_id_number_with_wrong_check_is_kept_with_problem():
    idn = parse_id_number("110105194912310021")
    assert idn.value == "110105194912310021"
    assert not idn.valid and idn.problem == "bad_check"
    assert idn.birth_date == "1949-12-31"


@pytest.mark.parametrize("raw,problem", [
    ("1101051949123100", "bad_length"), ("11010519491231002", "bad_length"),
    ("1101051949123100X2", "bad_chars"), ("ABC", "bad_chars"),
    ("00010519491231002X", "bad_region"),
])
def test_id_number_shape_problems(raw, problem):
    idn = parse_id_number(raw)
    assert not idn.valid and idn.problem == problem


@pytest.mark.parametrize("birth", ["19491331", "19490230", "18891231", "20991231"])
def test_id_number_birth_date_must_be_real_and_between_1890_and_today(birth):
    body = "110105" + birth + "002"
    idn = parse_id_number(body + id_check_char(body))
    assert idn.problem == "bad_birth_date" and idn.birth_date is None


def test_id_number_odd_sequence_is_male():
    body = "11010519491231001"
    assert parse_id_number(body + id_check_char(body)).gender == "M"


def test_empty_id_number_gives_none():
    assert parse_id_number(None) is None and parse_id_number(" ") is None


def test_batch_parse_equals_one_by_one():
    values = ["11010519491231002X", "11010519491231002x", "110105491231002", "110105194912310021",
              "00010519491231002X", "11010520991231002X", None, "abc", "２２", 12345,
              " 11010519491231002X ", "１１０１０５１９４９１２３１００２Ｘ"]
    frame = parse_id_numbers(values)
    rows = [None if all(v is None for v in row) else IdNumber(*row)
            for row in frame.itertuples(index=False)]
    assert rows == [parse_id_number(v) for v in values]
