import pytest

from loaders.standardise.phone import Phone, parse_phone, parse_phones


@pytest.mark.parametrize("raw", ["13800138000", "+86 138-0013-8000", "008613800138000", "8613800138000",
                                 "138 0013 8000", "１３８００１３８０００", 13800138000.0,
                                 "13800138000/13900139000"])
def test_mobile_numbers_normalise_to_11_digits(raw):
    assert parse_phone(raw) == Phone("13800138000", "mobile", True)


@pytest.mark.parametrize("raw,value", [
    ("(021)12345678", "021-12345678"), ("021-1234 5678", "021-12345678"),
    ("+86 21 12345678", "021-12345678"), ("0086-10-65529988", "010-65529988"),
    ("0571-87654321转801", "0571-87654321"), ("0571-87654321-801", "0571-87654321"),
    ("0755-8888888", "0755-8888888"),
])
def test_landlines_store_area_code_dash_number(raw, value):
    assert parse_phone(raw) == Phone(value, "landline", True)


def test_service_numbers():
    assert parse_phone("400-812-3123") == Phone("4008123123", "service", True)


@pytest.mark.parametrize("raw,kind", [("1380013800", "mobile"), ("12345678", "mobile"),
                                      ("6552998", "landline"), ("999", None)])
def test_invalid_numbers_are_kept_and_marked(raw, kind):
    phone = parse_phone(raw)
    assert not phone.valid and phone.kind == kind


def test_empty_or_digitless_phone_gives_none():
    assert parse_phone(None) is None and parse_phone("无") is None and parse_phone("abc") is None


def test_batch_parse_equals_one_by_one():
    values = ["13800138000", "+86 138 0013 8000", None, "x", "02112345678", 13800138000.0]
    assert parse_phones(values) == [parse_phone(v) for v in values]


def test_number_that_went_through_a_float_keeps_its_digits():
    assert parse_phone("13800138000.0") == Phone("13800138000", "mobile", True)
