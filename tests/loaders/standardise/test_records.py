import math

import pandas as pd
import pytest

from loaders.standardise.coords import gcj02_to_bd09, wgs84_to_gcj02
from loaders.standardise.records import INPUT_FIELDS, OUTPUT_COLUMNS, standardise


def _frame(rows: list[dict], index=None) -> pd.DataFrame:
    return pd.DataFrame(rows, index=index)


@pytest.mark.parametrize("kind", sorted(INPUT_FIELDS))
def test_output_has_exactly_the_kind_columns_even_without_input(kind):
    out = standardise(kind, pd.DataFrame(index=[7, 9]))
    assert tuple(out.columns) == OUTPUT_COLUMNS[kind]
    assert list(out.index) == [7, 9]
    assert out["flags"].tolist() == [[], []]
    assert "flags" in OUTPUT_COLUMNS[kind]


def test_unknown_kind_names_the_allowed_kinds():
    with pytest.raises(ValueError, match="person, organization, place"):
        standardise("vehicle", pd.DataFrame())


def test_unknown_column_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="sfzh.*mapping"):
        standardise("person", pd.DataFrame({"sfzh": ["1"]}))


def test_person_fields_and_flags():
    fields = _frame([
        {"name": "張 偉", "id_number": "11010519491231002X", "gender": "女", "birth_date": "1949-12-31",
         "phone": "+86 138 0013 8000", "address": "沪浦东张江路100弄3号楼2单元501室",
         "employer_name": "上海宏达电子科技有限公司", "employer_uscc": "91350100M000100Y43"},
        {"name": "买买提•艾力", "id_number": "110105491231002", "gender": "男", "birth_date": "1950-01-01",
         "phone": "12345", "address": "鼓楼区中山路1号", "employer_name": None, "employer_uscc": None},
        {"name": None, "id_number": "110105194912310021", "gender": "x", "birth_date": "notadate",
         "phone": None, "address": None, "employer_name": None, "employer_uscc": None},
    ], index=[10, 11, 12])
    out = standardise("person", fields)
    assert list(out.index) == [10, 11, 12]
    first = out.loc[10]
    assert (first["name"], first["name_key"], first["name_pinyin"]) == ("張偉", "张伟", "zhang wei")
    assert first["id_valid"] is True and first["id_birth_date"] == "1949-12-31"
    assert (first["phone"], first["phone_kind"]) == ("13800138000", "mobile")
    assert first["employer_name_key"] == "宏达电子科技"
    assert first["addr_key"] == "上海市|上海市|浦东新区|张江路|100弄|3|2|501"
    assert first["addr_candidates"] is None
    assert first["flags"] == []

    second = out.loc[11]
    assert second["id_number"] == "11010519491231002X"
    assert set(second["flags"]) == {"id_number:upgraded_15", "id_number:birth_date_mismatch",
                                    "id_number:gender_mismatch", "phone:invalid",
                                    "address:ambiguous_district"}
    assert second["addr_candidates"].split("|")[0] == "江苏省/南京市"
    assert second["addr_city"] is None

    third = out.loc[12]
    assert third["id_valid"] is False
    assert set(third["flags"]) == {"id_number:bad_check", "gender:unparsed", "birth_date:unparsed"}
    assert third["name"] is None and third["id_valid"] is False


def test_person_gender_and_birth_date_are_not_filled_from_the_id_number():
    out = standardise("person", _frame([{"id_number": "11010519491231002X"}]))
    assert out.loc[0, "gender"] is None and out.loc[0, "birth_date"] is None
    assert out.loc[0, "id_gender"] == "F"


def test_valid_columns_are_none_without_input():
    out = standardise("person", _frame([{"name": "张伟"}]))
    assert out.loc[0, "id_valid"] is None


def test_organization_fields_and_derived_org_code():
    fields = _frame([
        {"name": "上海宏达电子科技有限公司浦东分公司", "uscc": "91350100M000100Y43", "org_code": None,
         "reg_no": "110108000000016", "legal_rep_name": "单田芳",
         "legal_rep_id_number": "11010519491231002X", "established": "2001年3月2日",
         "address": "上海市浦東新區張江路100號"},
        {"name": "宏达贸易有限公司", "uscc": "91350100M000100Y44", "org_code": "D2143569-X",
         "reg_no": "110108000000017", "legal_rep_name": None, "legal_rep_id_number": "110105194912310021",
         "established": "sometime", "address": None},
    ])
    out = standardise("organization", fields)
    first = out.loc[0]
    assert (first["co_region"], first["co_core"], first["co_branch"]) == ("上海市", "宏达电子科技", "浦东分公司")
    assert (first["co_legal_form"], first["co_form_family"]) == ("有限公司", "limited")
    assert first["uscc_valid"] is True
    assert (first["org_code"], first["org_code_valid"]) == ("M000100Y4", True)
    assert first["reg_no_valid"] is True and first["legal_rep_id_valid"] is True
    assert first["legal_rep_name_key"] == "单田芳" and first["established"] == "2001-03-02"
    assert first["addr_district"] == "浦东新区" and first["flags"] == []

    second = out.loc[1]
    assert (second["org_code"], second["org_code_valid"]) == ("D2143569X", True)
    assert set(second["flags"]) == {"uscc:bad_check", "uscc:unverified", "org_code:uscc_mismatch",
                                    "reg_no:bad_check", "legal_rep_id_number:bad_check",
                                    "established:unparsed"}


def _metres(a, b):
    return math.hypot((a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1])), (a[1] - b[1]) * 111_320)


def test_place_coordinates_convert_to_wgs84_and_flag_problems():
    wgs = (121.47, 31.23)
    gcj = wgs84_to_gcj02(*wgs)
    bd = gcj02_to_bd09(*gcj)
    fields = _frame([
        {"address": "上海市黄浦区人民大道200号", "lng": str(gcj[0]), "lat": gcj[1], "crs": "GCJ-02"},
        {"address": None, "lng": bd[0], "lat": str(bd[1]), "crs": "BD09"},
        {"address": None, "lng": "114.16", "lat": "22.28", "crs": None},
        {"address": None, "lng": "31.23", "lat": "121.47", "crs": "wgs84"},
        {"address": None, "lng": "east", "lat": "31", "crs": "wgs84"},
        {"address": None, "lng": "121.47", "lat": "31.23", "crs": "utm"},
        {"address": None, "lng": None, "lat": None, "crs": None},
    ])
    out = standardise("place", fields)
    assert _metres((out.loc[0, "lng"], out.loc[0, "lat"]), wgs) < 0.01
    assert _metres((out.loc[1, "lng"], out.loc[1, "lat"]), wgs) < 0.01
    assert out["crs"].tolist() == ["gcj-02", "bd09", "wgs84", "wgs84", "wgs84", "utm", "wgs84"]
    assert out.loc[2, "flags"] == ["coords:outside_china"] and out.loc[2, "lng"] == 114.16
    assert out.loc[3, "flags"] == ["coords:swapped"] and out.loc[3, "lng"] == 121.47
    assert out.loc[4, "flags"] == ["coords:unparsed"] and math.isnan(out.loc[4, "lng"])
    assert out.loc[5, "flags"] == ["coords:unknown_crs"]
    assert out.loc[6, "flags"] == [] and math.isnan(out.loc[6, "lat"])
    assert out["lng"].dtype == float
    assert out.loc[0, "addr_district"] == "黄浦区"


def test_default_city_reaches_the_address_parser():
    out = standardise("person", _frame([{"address": "鼓楼区中山路1号"}]), default_city="南京市")
    assert out.loc[0, "addr_city"] == "南京市" and out.loc[0, "flags"] == []


def test_repeated_values_are_parsed_once_but_every_row_gets_its_own_flag_list():
    out = standardise("person", _frame([{"phone": "12345"}] * 3))
    assert out["flags"].tolist() == [["phone:invalid"]] * 3
    out.loc[0, "flags"].append("x")
    assert out.loc[1, "flags"] == ["phone:invalid"]


def test_garbage_input_never_raises_and_keeps_the_shape():
    import random

    rng = random.Random(11)
    alphabet = list("0123456789xX-·•.()（）【】 \t号弄栋幢座单元室楼路街镇区市省上海浦东鼓楼张伟有限公司分公司"
                    "年月日男女一二十#/,;转ＡＢ１２𠀀?□") + ["\ufdd0", "\x00", "\u3000"]

    def value():
        if rng.random() < 0.1:
            return rng.choice([None, float("nan"), 0, -1, 1e20, 31108.0, True, pd.NaT])
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))

    for kind, columns in INPUT_FIELDS.items():
        fields = pd.DataFrame({c: [value() for _ in range(500)] for c in columns})
        out = standardise(kind, fields)
        assert tuple(out.columns) == OUTPUT_COLUMNS[kind] and len(out) == 500
        assert all(isinstance(f, list) for f in out["flags"])


def test_empty_markers_are_not_flagged_as_unparsed():
    out = standardise("person", _frame([{"gender": "无", "birth_date": "NULL", "phone": "-"},
                                         {"gender": "?x", "birth_date": "sometime", "phone": "abc"}]))
    assert out.loc[0, "flags"] == []
    assert set(out.loc[1, "flags"]) == {"gender:unparsed", "birth_date:unparsed", "phone:invalid"}
