import pytest

from loaders.standardise.check_chars import uscc_check_char
from loaders.standardise.org_codes import (
    OrgCode,
    Uscc,
    classify_identifier,
    looks_like_id_number,
    looks_like_uscc,
    parse_org_code,
    parse_org_codes,
    parse_reg_no,
    parse_uscc,
    parse_usccs,
)


def test_uscc_valid_example_derives_org_code_and_region():
    uscc = parse_uscc("91350100M000100Y43")
    assert uscc.valid and uscc.problem is None
    assert uscc.org_code == "M000100Y4" and uscc.org_code_valid
    assert uscc.region == "350100"


def test_uscc_normalises_width_case_and_separators():
    assert parse_uscc("９１３５０１００ｍ０００１００ｙ４３").value == "91350100M000100Y43"
    assert parse_uscc("913501-00M000100Y43").valid


def test_uscc_failing_check_with_good_org_code_is_unverified_not_rejected():
    uscc = parse_uscc("91350100M000100Y44")
    assert not uscc.valid and uscc.problem == "bad_check"
    assert uscc.unverified
    assert uscc.value == "91350100M000100Y44"


def test_uscc_failing_both_checks_is_not_unverified():
    body = "91350100M000100Y5"  # embedded organisation code check should be 4
    wrong = next(c for c in "0123456789" if c != uscc_check_char(body))
    uscc = parse_uscc(body + wrong)
    assert uscc.problem == "bad_check"
    assert not uscc.org_code_valid and not uscc.unverified


@pytest.mark.parametrize("raw,problem", [("91350100M000100Y4", "bad_length"),
                                         ("91350100MO00100Y43", "bad_chars")])
def test_uscc_shape_problems(raw, problem):
    assert parse_uscc(raw).problem == problem


@pytest.mark.parametrize("raw", ["D2143569-X", "D2143569X", "d2143569-x", "Ｄ２１４３５６９－Ｘ"])
def test_org_code_accepts_dash_and_stores_without(raw):
    assert parse_org_code(raw) == OrgCode("D2143569X", True, None)


def test_org_code_bad_check():
    assert parse_org_code("D21435691").problem == "bad_check"


def test_reg_no_mod_11_10():
    assert parse_reg_no("110108000000016").valid
    assert parse_reg_no("110108000000017").problem == "bad_check"
    assert parse_reg_no("11010800000001").problem == "bad_length"


def test_id_number_and_uscc_are_told_apart():
    assert classify_identifier("11010519491231002X") == "id_number"
    assert classify_identifier("91350100M000100Y43") == "uscc"
    assert looks_like_id_number("11010519491231002X") and not looks_like_uscc("11010519491231002X")
    assert classify_identifier("hello") is None


def test_valid_id_number_that_also_passes_the_uscc_check_stays_an_id_number():
    # Search a valid ID number whose digits also satisfy the USCC check (about 1 in 31).
    from loaders.standardise.check_chars import id_check_char
    for seq in range(1000):
        body = f"11010519800101{seq:03d}"
        value = body + id_check_char(body)
        if uscc_check_char(value[:17]) == value[17] and not parse_uscc(value).org_code_valid:
            assert classify_identifier(value) == "id_number"
            return
    pytest.fail("no ID number passing the USCC check found")


def test_batch_uscc_equals_one_by_one():
    values = ["91350100M000100Y43", "91350100m000100y44", " 91350100M000100Y43", None, "abc",
              "91350100MO00100Y43", "９１３５０１００Ｍ０００１００Ｙ４３", 12, "11010519491231002X"]
    frame = parse_usccs(values)
    rows = [None if all(v is None for v in row) else Uscc(*row) for row in frame.itertuples(index=False)]
    assert rows == [parse_uscc(v) for v in values]


def test_batch_org_code_equals_one_by_one():
    values = ["D2143569-X", "d2143569x", "D2143569", None, "D2143569-1", "??", 123456789]
    frame = parse_org_codes(values)
    rows = [None if all(v is None for v in row) else OrgCode(*row) for row in frame.itertuples(index=False)]
    assert rows == [parse_org_code(v) for v in values]
