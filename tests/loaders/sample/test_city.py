"""The sample city as files: deterministic, decodable, mapped, fully covered by truth, and holding
the errors and hard negatives it promises."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from loaders.sample import generate_city
from loaders.standardise.check_chars import id_check_char, uscc_check_char
from loaders.standardise.coords import to_wgs84

PERSONS = 300
SEED = 11


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    return generate_city(tmp_path_factory.mktemp("city"), persons=PERSONS, seed=SEED)


def _mapping(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _rows(city, source: str) -> list[dict]:
    """Every data row of a source as {column: text} ('' for empty), read the way its mapping says."""
    m = _mapping(next(p for p in city.mappings if p.stem == source))
    path = city.files[source]
    if m["format"] == "csv":
        text = path.read_bytes().decode(m["encoding"])
        return [dict(r) for r in csv.DictReader(io.StringIO(text))]
    if m["format"] == "jsonl":
        lines = path.read_text(encoding=m["encoding"]).splitlines()
        return [{k: ("" if v is None else v) for k, v in json.loads(line).items()} for line in lines]
    ws = openpyxl.load_workbook(path, read_only=True)[m["sheet"]]
    values = list(ws.iter_rows(values_only=True))
    return [{h: ("" if v is None else v) for h, v in zip(values[0], row)} for row in values[1:]]


def _truth(city) -> dict[tuple[str, str], str]:
    with city.truth.open(encoding="utf-8") as f:
        return {(r["source"], r["key"]): r["entity"] for r in csv.DictReader(f)}


def _normal_id(value: str) -> str:
    """NFKC, upper-case, 15 digits upgraded to 18."""
    v = unicodedata.normalize("NFKC", value).strip().upper()
    if len(v) == 15 and v.isdigit():
        body = v[:6] + "19" + v[6:]
        v = body + id_check_char(body)
    return v


def _valid_id(v: str) -> bool:
    return len(v) == 18 and v[:17].isdigit() and id_check_char(v[:17]) == v[17]


def test_same_seed_gives_identical_files(city, tmp_path):
    again = generate_city(tmp_path / "again", persons=PERSONS, seed=SEED)
    for name, path in city.files.items():
        assert path.read_bytes() == again.files[name].read_bytes(), name
    assert city.truth.read_bytes() == again.truth.read_bytes()
    assert city.manifest.read_bytes() == again.manifest.read_bytes()


def test_another_seed_gives_another_city(city, tmp_path):
    other = generate_city(tmp_path / "other", persons=PERSONS, seed=SEED + 1)
    assert city.files["household"].read_bytes() != other.files["household"].read_bytes()


def test_too_few_persons_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 50"):
        generate_city(tmp_path, persons=10, seed=1)


def test_every_file_decodes_with_its_declared_encoding(city):
    for mapping_path in city.mappings:
        m = _mapping(mapping_path)
        data = city.files[m["source"]].read_bytes()
        if m["format"] != "xlsx":
            data.decode(m["encoding"])
    household = city.files["household"].read_bytes()
    assert _mapping(city.mappings[0])["encoding"] == "gb18030"
    with pytest.raises(UnicodeDecodeError):
        household.decode("utf-8")
    assert city.files["tax"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_sources_differ_in_format_and_encoding(city):
    found = {(m["format"], m["encoding"]) for m in map(_mapping, city.mappings)}
    assert {("csv", "gb18030"), ("csv", "utf-8"), ("csv", "utf-8-sig"), ("jsonl", "utf-8")} <= found
    assert any(f == "xlsx" for f, _ in found)


def test_mappings_name_columns_that_exist(city):
    for mapping_path in city.mappings:
        m = _mapping(mapping_path)
        assert (mapping_path.parent / m["file"]).is_file()
        columns = set(_rows(city, m["source"])[0])
        named = {m["key"], *m["fields"].values()}
        assert named <= columns, f"{mapping_path.name} names {named - columns}"


def test_mappings_use_only_canonical_fields(city):
    canonical = {
        "person": {"name", "id_number", "gender", "birth_date", "phone", "address", "employer_name",
                   "employer_uscc"},
        "organization": {"name", "uscc", "org_code", "reg_no", "legal_rep_name", "legal_rep_id_number",
                         "established", "address"},
        "place": {"address", "lng", "lat", "crs"},
    }
    for m in map(_mapping, city.mappings):
        assert set(m["fields"]) <= canonical[m["kind"]]
        assert set(m.get("authority", [])) <= set(m["fields"])


def test_truth_covers_every_loadable_row_once(city):
    with city.truth.open(encoding="utf-8") as f:
        truth_rows = list(csv.DictReader(f))
    assert len({(r["source"], r["key"]) for r in truth_rows}) == len(truth_rows)
    truth = _truth(city)
    bad = defaultdict(set)
    for b in city.bad_rows:
        bad[b["source"]].add(b["row"])
    for source in city.files:
        key = _mapping(next(p for p in city.mappings if p.stem == source))["key"]
        rows = _rows(city, source)
        assert len(rows) == city.rows[source]
        loadable = [str(r[key]) for i, r in enumerate(rows, start=1) if i not in bad[source]]
        assert len(loadable) == city.loadable_rows[source]
        assert Counter(loadable) == Counter(k for s, k in truth if s == source), source
    kinds = {r["kind"] for r in truth_rows}
    assert kinds == {"person", "organization", "place"}


def test_bad_rows_are_where_the_manifest_says(city):
    reasons = Counter(b["reason"] for b in city.bad_rows)
    assert reasons["empty_key"] >= 1 and reasons["duplicate_key"] >= 1
    for b in city.bad_rows:
        key = _mapping(next(p for p in city.mappings if p.stem == b["source"]))["key"]
        rows = _rows(city, b["source"])
        assert str(rows[b["row"] - 1][key]) == b["key"]
        if b["reason"] == "empty_key":
            assert b["key"] == ""
        else:
            first = rows[b["first_row"] - 1]
            assert b["first_row"] < b["row"] and str(first[key]) == b["key"]
            assert first != rows[b["row"] - 1]  # same key, different content


def _person_ids(city) -> list[tuple[str, str, str]]:
    """(source, entity, raw id) for every person-source row with an ID number."""
    truth = _truth(city)
    out = []
    for source in ("household", "social_security", "health"):
        m = _mapping(next(p for p in city.mappings if p.stem == source))
        bad = {b["row"] for b in city.bad_rows if b["source"] == source}
        for i, r in enumerate(_rows(city, source), start=1):
            entity = None if i in bad else truth.get((source, str(r[m["key"]])))
            if entity and r[m["fields"]["id_number"]]:
                out.append((source, entity, r[m["fields"]["id_number"]]))
    return out


def test_each_person_has_one_valid_id_number_and_mistyped_ones_fail(city):
    valid_of = defaultdict(set)
    owners = defaultdict(set)
    rows = _person_ids(city)
    for _, entity, raw in rows:
        v = _normal_id(raw)
        if _valid_id(v):
            valid_of[entity].add(v)
            owners[v].add(entity)
    assert all(len(v) == 1 for v in valid_of.values()), "a person with two valid ID numbers"
    assert all(len(e) == 1 for e in owners.values()), "two persons sharing a valid ID number"
    invalid = 0
    for _, entity, raw in rows:
        v = _normal_id(raw)
        if v not in valid_of[entity]:
            invalid += 1
            assert not _valid_id(v), f"{raw} differs from {entity}'s number yet passes the check"
            for truth in valid_of[entity]:  # none when every other record lacks the number
                diff = [i for i in range(18) if v[i] != truth[i]]
                assert len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1), (v, truth)
    assert invalid >= 1


def test_id_numbers_come_in_18_full_width_and_15_digit_forms(city):
    raws = [raw for _, _, raw in _person_ids(city)]
    assert any(len(r) == 15 for r in raws)
    assert any(unicodedata.normalize("NFKC", r) != r for r in raws)
    assert all(len(r) in (15, 18) for r in raws)


def test_id_numbers_agree_with_gender_and_birth_date(city):
    truth = _truth(city)
    for r in _rows(city, "household"):
        v = _normal_id(r["公民身份号码"])
        if (("household", r["户籍编号"]) in truth) and _valid_id(v) and r["出生日期"]:
            y, rest = r["出生日期"].split("年")
            mo, d = rest.rstrip("日").split("月")
            assert v[6:14] == f"{int(y):04d}{int(mo):02d}{int(d):02d}"
            assert (int(v[16]) % 2 == 1) == (r["性别"] == "男")


def test_household_holds_namesakes_with_the_same_birth_date(city):
    truth = _truth(city)
    groups = defaultdict(set)
    for r in _rows(city, "household"):
        entity = truth.get(("household", r["户籍编号"]))
        if entity:
            groups[(r["姓名"], r["出生日期"])].add(entity)
    assert any(len(e) > 1 for (name, date), e in groups.items() if name and date)
    manifest = json.loads(city.manifest.read_text(encoding="utf-8"))
    assert manifest["hard_negatives"]["namesakes_same_birth_date"]


def test_household_holds_twins_at_one_address(city):
    manifest = json.loads(city.manifest.read_text(encoding="utf-8"))
    twins = manifest["hard_negatives"]["twins"]
    assert twins
    truth = _truth(city)
    rows_of = defaultdict(list)
    for r in _rows(city, "household"):
        if ("household", r["户籍编号"]) in truth:
            rows_of[truth[("household", r["户籍编号"])]].append(r)
    a, b = (rows_of[e][0] for e in twins[0])
    assert a["出生日期"] == b["出生日期"] and a["姓名"] != b["姓名"]
    assert a["姓名"][0] == b["姓名"][0]
    assert {r["住址"] for r in rows_of[twins[0][0]]} & {r["住址"] for r in rows_of[twins[0][1]]}
    ida, idb = _normal_id(a["公民身份号码"]), _normal_id(b["公民身份号码"])
    assert ida[:14] == idb[:14] and abs(int(ida[14:17]) - int(idb[14:17])) <= 2


def _market(city):
    truth = _truth(city)
    return {truth[("market_registration", str(r["主体身份代码"]))]: r
            for r in _rows(city, "market_registration")
            if ("market_registration", str(r["主体身份代码"])) in truth and r["统一社会信用代码"]}


def test_branches_have_their_own_credit_code(city):
    manifest = json.loads(city.manifest.read_text(encoding="utf-8"))
    market = _market(city)
    pairs = manifest["hard_negatives"]["branch_and_head_office"]
    assert pairs
    for branch, head in pairs:
        b, h = market[branch], market[head]
        assert b["企业名称"].startswith(h["企业名称"]) and b["企业名称"].endswith("分公司")
        assert b["统一社会信用代码"] != h["统一社会信用代码"]


def test_same_trade_name_is_registered_in_two_cities(city):
    manifest = json.loads(city.manifest.read_text(encoding="utf-8"))
    market = _market(city)
    pairs = manifest["hard_negatives"]["same_trade_name_other_city"]
    assert pairs
    for one, other in pairs:
        a, b = market[one]["企业名称"], market[other]["企业名称"]
        common = len(os.path.commonprefix([a[::-1], b[::-1]]))
        # trade name + industry + legal form agree; the region words in front differ
        assert common >= 6 and a[:-common] and b[:-common] and a[:-common] != b[:-common]
        assert market[one]["统一社会信用代码"] != market[other]["统一社会信用代码"]


def test_credit_codes_in_the_register_are_valid(city):
    for r in _market(city).values():
        code = r["统一社会信用代码"]
        assert uscc_check_char(code[:17]) == code[17]


def test_market_register_mixes_excel_dates_and_text(city):
    values = [r["成立日期"] for r in _rows(city, "market_registration") if r["成立日期"] != ""]
    assert any(not isinstance(v, str) for v in values)
    assert any(isinstance(v, str) for v in values)


def test_register_coordinates_convert_back_to_the_same_point(city):
    truth = _truth(city)
    points = defaultdict(list)
    for r in _rows(city, "address_register"):
        if r["lng"]:
            crs = {"GCJ-02": "gcj02", "BD-09": "bd09"}[r["coord_sys"]]
            points[truth[("address_register", r["addr_id"])]].append(
                to_wgs84(float(r["lng"]), float(r["lat"]), crs))
    assert len(points) > 50
    for place, pts in points.items():
        for lng, lat in pts[1:]:  # a place listed twice, maybe in two systems
            assert abs(lng - pts[0][0]) < 5e-4 and abs(lat - pts[0][1]) < 5e-4, place


def test_manifest_lists_sources_rows_and_seed(city):
    manifest = json.loads(city.manifest.read_text(encoding="utf-8"))
    assert manifest["seed"] == SEED and manifest["persons"] == PERSONS
    assert set(manifest["sources"]) == set(city.files)
    for name, s in manifest["sources"].items():
        assert s["rows"] == city.rows[name]
        assert (city.outdir / s["file"]).is_file() and (city.outdir / s["mapping"]).is_file()
    assert manifest["bad_rows"] == city.bad_rows


def test_a_larger_city_holds_every_kind_of_error(tmp_path):
    big = generate_city(tmp_path, persons=3000, seed=5)
    applied = json.loads(big.manifest.read_text(encoding="utf-8"))["errors_applied"]
    expected = {
        "household": {"homophone", "id_mistyped", "duplicate_person"},
        "social_security": {"homophone", "re_registration", "old_phone", "old_address", "id_full_width",
                            "employer_uscc_missing"},
        "health": {"homophone", "lookalike", "traditional_name", "traditional_address", "id_15_digits",
                   "id_mistyped", "id_full_width", "phone_full_width", "duplicate_person", "old_address",
                   "old_phone", "minority_separator"},
        "market_registration": {"legal_rep_id_missing"},
        "tax": {"legal_rep_id_missing", "old_tax_number"},
        "address_register": {"duplicate_place"},
    }
    for source, kinds in expected.items():
        missing = {k for k in kinds if applied.get(source, {}).get(k, 0) == 0}
        assert not missing, f"{source} lacks {missing}"
