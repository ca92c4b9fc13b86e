"""Fuzzy search end to end: tolerant of script, width, homophones and separators; ranked."""

import pytest

from api.search import OrganizationIndex, PersonIndex
import pandas as pd


def test_search_finds_a_person_by_exact_name_first(as_role, person):
    name = person["fields"]["name"]["value"]
    r = as_role("case_worker").get("/search/persons", params={"name": name})
    assert r.status_code == 200
    page = r.json()
    assert page["items"][0]["score"] == 1.0
    assert person["eid"] in {i["eid"] for i in page["items"] if i["score"] == 1.0}
    scores = [i["score"] for i in page["items"]]
    assert scores == sorted(scores, reverse=True)


def test_search_filters_by_birth_date_and_gender(as_role, person):
    name = person["fields"]["name"]["value"]
    born = person["fields"]["birth_date"]["value"]
    gender = person["fields"]["gender"]["value"]
    r = as_role("admin").get("/search/persons", params={"name": name, "birth_date": born,
                                                        "gender": gender})
    assert [i["eid"] for i in r.json()["items"]][:1] == [person["eid"]]
    wrong = "M" if gender == "F" else "F"
    r = as_role("admin").get("/search/persons", params={"name": name, "birth_date": born,
                                                        "gender": wrong})
    assert person["eid"] not in {i["eid"] for i in r.json()["items"]}


def test_search_pages(as_role):
    first = as_role("admin").get("/search/persons", params={"name": "张伟", "limit": 2}).json()
    assert first["limit"] == 2 and len(first["items"]) <= 2
    if first["next_offset"] is not None:
        second = as_role("admin").get("/search/persons", params={
            "name": "张伟", "limit": 2, "offset": first["next_offset"]}).json()
        assert {i["eid"] for i in first["items"]}.isdisjoint(i["eid"] for i in second["items"])


@pytest.fixture(scope="module")
def people():
    frame = pd.DataFrame({
        "eid": ["P1", "P2", "P3", "P4", "P5"],
        "name": ["张伟", "买买提·艾力", "王芳", "张玮", "欧阳明"],
        "birth_date": ["1980-01-02", "1975-05-06", "1990-03-04", "1981-01-01", "1960-01-01"],
        "gender": ["M", "M", "F", "M", "M"],
        "address": ["上海市浦东新区", "新疆乌鲁木齐市", "上海市静安区", "北京市海淀区", "上海市"],
        "id_number": ["310115198001020011", None, None, None, None]})
    return PersonIndex(frame)


@pytest.mark.parametrize("query, expected", [
    ("張偉", "P1"),            # traditional characters
    ("张　伟", "P1"),          # full-width space inside
    ("买买提•艾力", "P2"),     # another separator in a minority name
    ("买买提艾力", "P2"),      # none at all
    ("王方", "P3"),            # homophone typo (fang)
    ("欧阳名", "P5"),          # homophone in a compound-surname name
])
def test_person_index_tolerates_script_width_separators_and_homophones(people, query, expected):
    hits = people.search(query)
    assert hits and hits[0].eid == expected and hits[0].score >= 0.8


def test_person_index_ranks_the_exact_name_above_a_homophone(people):
    hits = people.search("张伟")
    assert [h.eid for h in hits][:2] == ["P1", "P4"] and hits[0].score > hits[1].score


def test_person_index_filters_by_region(people):
    assert [h.eid for h in people.search("张伟", region="北京")] == ["P4"]
    assert [h.eid for h in people.search("张伟", region="310115")] == ["P1"]


def test_organisation_search_by_trade_name_and_homophone(as_role):
    org = as_role("admin").post("/analyst/cypher", json={"query": (
        "MATCH (o:Organization) WHERE o.status = 'active' RETURN o.eid, o.name LIMIT 1")}).json()
    eid, name = org["rows"][0]
    r = as_role("analyst").get("/search/organizations", params={"name": name})
    assert r.json()["items"][0]["eid"] == eid and r.json()["items"][0]["score"] == 1.0
    index = OrganizationIndex(pd.DataFrame({
        "eid": ["O1", "O2"], "name": ["上海卓荣餐饮管理有限公司", "上海协泰建材有限公司"],
        "uscc": [None, None], "address": ["上海市闵行区", "上海市静安区"]}))
    assert index.search("卓荣")[0].eid == "O1"
    assert index.search("卓容餐饮")[0].eid == "O1"       # homophone typo in the trade name
    assert index.search("上海卓榮餐飲管理有限公司")[0].eid == "O1"  # traditional


def test_search_needs_a_name(as_role):
    r = as_role("admin").get("/search/persons")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"
    r = as_role("admin").get("/search/persons", params={"name": "张伟", "birth_date": "1980/01"})
    assert r.status_code == 422 and "birth_date" in r.json()["detail"]
