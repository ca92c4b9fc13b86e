"""Conflicts found on crafted records: two valid ID numbers held by one person (a steward's
match), ID-derived birth date and gender against the record, authoritative values that disagree,
and organisations whose sources name different legal representatives; and the quality report
built on them."""

import pandas as pd
import pytest

from linkage.conflicts import find_conflicts
from linkage.decisions import make_decision
from linkage.quality import quality_report
from linkage.run import resolve_store
from loaders import load_file

_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(body17: str) -> str:
    """A valid 18-digit ID number (GB 11643 check character appended)."""
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, _W)) % 11]


ZHANG_1 = id_number("11010519800101001")  # male, born 1980-01-01
ZHANG_2 = id_number("11010519800101003")
LI = id_number("11010519900202002")  # female, born 1990-02-02
WANG = id_number("11010519700303005")
REP_A, REP_B = id_number("11010519600404007"), id_number("11010519650505009")

HOUSEHOLD = [
    {"hh": "1", "xm": "张三", "sfzh": ZHANG_1, "xb": "男", "csrq": "1980-01-01"},
    {"hh": "2", "xm": "张三", "sfzh": ZHANG_2, "xb": "男", "csrq": "1980-01-01"},
    {"hh": "3", "xm": "李四", "sfzh": LI, "xb": "男", "csrq": "1990-03-02"},
    {"hh": "4", "xm": "王五", "sfzh": WANG, "xb": "男", "csrq": "1970-03-03"},
    {"hh": "5", "xm": "王伍", "sfzh": WANG, "xb": "男", "csrq": "1970-03-03"},
    {"hh": "6", "xm": "赵六", "sfzh": "110105197001010000", "xb": "男", "csrq": ""},
    {"hh": "7", "xm": "王小五", "sfzh": "", "xb": "女", "csrq": "2015-06-01"},  # a child, no ID
]
PERSON = {"source": "household", "kind": "person", "format": "csv", "key": "hh",
          "fields": {"name": "xm", "id_number": "sfzh", "gender": "xb", "birth_date": "csrq"},
          "authority": ["name", "id_number", "birth_date", "gender"]}
USCC = "91310000MA1FL0001X"


def _org(source: str, key: str, rep: str, rep_id: str) -> tuple[dict, list[dict]]:
    mapping = {"source": source, "kind": "organization", "format": "csv", "key": "id",
               "fields": {"name": "mc", "uscc": "xydm", "legal_rep_name": "fr",
                          "legal_rep_id_number": "frzj"}}
    return mapping, [{"id": key, "mc": "上海新升服饰有限公司", "xydm": USCC, "fr": rep,
                      "frzj": rep_id}]


@pytest.fixture
def crafted(store, source_files):
    load_file(store, *source_files(rows=HOUSEHOLD, mapping=PERSON))
    for source, key, rep, rep_id in (("market_registration", "M1", "陈华", REP_A),
                                     ("tax", "T1", "林峰", REP_B)):
        mapping, rows = _org(source, key, rep, rep_id)
        load_file(store, *source_files(rows=rows, mapping=mapping))
    resolve_store(store, ["person", "organization"])
    eids = store.resolution_of_kind("person")
    assert eids["household:1"] != eids["household:2"]  # two valid ID numbers: two people
    for pair in (["household:1", "household:2"], ["household:4", "household:5"],
                 ["household:4", "household:7"]):
        # (six records teach EM little: the steward joins 4 and 5, same ID, as well)
        store.record_decision(make_decision("person", "match", eids=eids, rids=pair, by="li"))
    store.record_decision(make_decision(
        "organization", "match", eids=store.resolution_of_kind("organization"),
        rids=["market_registration:M1", "tax:T1"], by="li"))
    resolve_store(store, ["person", "organization"])
    return store


def _found(store):
    from graph import KINDS

    records = {k: store.records_frame(k) for k in KINDS}
    eids = {k: store.resolution_of_kind(k) for k in KINDS}
    return records, eids, find_conflicts(records, eids, store.source_authority())


def test_conflicts_are_found_on_crafted_records(crafted):
    _, eids, found = _found(crafted)
    by_type = {t: g for t, g in found.groupby("type")}
    [two] = by_type["two_id_numbers"].to_dict("records")
    assert two["eid"] == eids["person"]["household:1"] == eids["person"]["household:2"]
    assert set(two["values"]) == {ZHANG_1, ZHANG_2} and two["sources"] == ["household"]
    born, child = by_type["id_birth_date_mismatch"].sort_values("eid").to_dict("records")
    assert born["rids"] == ["household:3"] and born["values"] == ["1990-03-02", "1990-02-02"]
    # a record without an ID number, joined to an ID holder it cannot be (another birth date)
    assert child["rids"] == ["household:7", "household:4"]
    assert child["values"] == ["2015-06-01", "1970-03-03"]
    sex, child = by_type["id_gender_mismatch"].sort_values("eid").to_dict("records")
    assert sex["rids"] == ["household:3"] and sex["values"] == ["M", "F"]
    assert child["rids"][0] == "household:7" and child["values"] == ["F", "M"]
    names = by_type["authority_disagreement"].query("field == 'name'").to_dict("records")
    assert [(n["rids"], set(n["values"])) for n in names] == [
        (["household:4", "household:5", "household:7"], {"王五", "王伍", "王小五"})]
    [rep] = by_type["legal_rep_differs"].to_dict("records")
    assert set(rep["values"]) == {"陈华", "林峰"}
    assert set(rep["sources"]) == {"market_registration", "tax"}


def test_a_record_in_one_entity_with_agreeing_sources_has_no_conflict(crafted):
    _, eids, found = _found(crafted)
    # not vacuous: the record was resolved, and conflicts were found among its neighbours
    assert "household:6" in eids["person"].index and len(found)
    flagged = {r for rids in found["rids"] for r in rids}
    assert "household:6" not in flagged


def test_quality_report_counts_per_source_with_examples(crafted):
    records, eids, found = _found(crafted)
    from graph import KINDS

    report = quality_report(records, eids, {k: crafted.entity_alternatives(k) for k in KINDS},
                            found, crafted.mapped_fields(), examples=2)
    hh = report["household"]
    assert hh["records"] == 7 and hh["kind"] == "person"
    assert hh["invalid_identifiers"]["id_number:bad_check"] == {
        "count": 1, "examples": ["household:6"]}
    assert hh["missing_fields"]["birth_date"]["examples"] == ["household:6"]
    assert hh["duplicates_in_source"]["entities"]["count"] == 2  # 1+2, 4+5+7 (decided)
    assert hh["conflicts"]["two_id_numbers"]["count"] == 1
    assert hh["lost_values"]["name"]["count"] == 2
    assert report["tax"]["conflicts"]["legal_rep_differs"]["count"] == 1
    assert "uscc" not in report["tax"]["missing_fields"]
    assert report["market_registration"]["missing_fields"] == {}
