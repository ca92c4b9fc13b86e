"""Relations: one edge per type from crafted records, the ambiguous cases that must not link, and
invariants on a loaded sample city."""

from __future__ import annotations

import pandas as pd
import pytest

from linkage.relations import (
    COLUMNS,
    RELATION_TYPES,
    dwelling_keys,
    premises_keys,
    relations,
)

HOME = "上海市|上海市|浦东新区|张江路|100号|3|2|501"
OFFICE = "上海市|上海市|浦东新区|张江路|200号|||1201"
USCC = "91350100M000100Y43"


def frame(kind: str, *rows: dict) -> pd.DataFrame:
    cols = {"person": ["rid", "eid", "name_key", "id_number", "employer_uscc", "employer_name_key", "addr_key"],
            "organization": ["rid", "eid", "name_key", "uscc", "legal_rep_id_number", "legal_rep_id_valid",
                             "legal_rep_name_key", "co_branch", "co_core", "co_trade_name", "co_region",
                             "addr_key"],
            "place": ["rid", "eid", "addr_key"]}[kind]
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols).astype(object)


def person(rid, eid, **kw):
    return {"rid": rid, "eid": eid, **kw}


def edges(persons=(), orgs=(), places=(), kind=None):
    out = relations(frame("person", *persons), frame("organization", *orgs), frame("place", *places))
    if kind:
        out = out[out["type"] == kind]
    return [(r.type, r.from_eid, r.to_eid, r.rids, r.rule) for r in out.itertuples()]


def test_employed_by_credit_code_then_name_key():
    orgs = [person("mr:1", "O1", uscc=USCC, co_core="宏达电子科技"),
            person("mr:2", "O2", co_core="长荣软件")]
    persons = [person("ss:1", "P1", employer_uscc=USCC, employer_name_key="别的名字"),
               person("ss:2", "P2", employer_name_key="长荣软件")]
    assert edges(persons, orgs, kind="EMPLOYED_BY") == [
        ("EMPLOYED_BY", "P1", "O1", ["mr:1", "ss:1"], "employer_uscc"),
        ("EMPLOYED_BY", "P2", "O2", ["mr:2", "ss:2"], "employer_name_key"),
    ]


def test_employer_name_of_two_organisations_makes_no_edge():
    # a head office and its branch share the core: the name says neither
    orgs = [person("mr:1", "O1", co_core="宏达"), person("tax:1", "O2", co_core="宏达", co_branch="浦东分公司")]
    assert edges([person("ss:1", "P1", employer_name_key="宏达")], orgs, kind="EMPLOYED_BY") == []


def test_credit_code_of_two_organisations_falls_back_to_the_name():
    orgs = [person("mr:1", "O1", uscc=USCC, co_core="宏达"), person("tax:1", "O2", uscc=USCC, co_core="长荣")]
    assert edges([person("ss:1", "P1", employer_uscc=USCC, employer_name_key="长荣")], orgs) == [
        ("EMPLOYED_BY", "P1", "O2", ["ss:1", "tax:1"], "employer_name_key")]


def test_rids_of_several_records_collapse_into_one_edge_with_the_strongest_rule():
    orgs = [person("mr:1", "O1", uscc=USCC, co_core="宏达")]
    persons = [person("ss:2", "P1", employer_name_key="宏达"), person("ss:1", "P1", employer_uscc=USCC)]
    assert edges(persons, orgs) == [("EMPLOYED_BY", "P1", "O1", ["mr:1", "ss:1", "ss:2"], "employer_uscc")]


def test_legal_rep_by_id_number_prefers_valid_numbers():
    persons = [person("hh:1", "P1", id_number="11010519491231002X"),
               person("hh:2", "P2", id_number="110105194912310021")]
    orgs = [person("mr:1", "O1", legal_rep_id_number="11010519491231002X", legal_rep_id_valid=True),
            person("tax:1", "O1", legal_rep_id_number="110105194912310021", legal_rep_id_valid=False)]
    assert edges(persons, orgs) == [
        ("LEGAL_REP_OF", "P1", "O1", ["hh:1", "mr:1"], "legal_rep_id_number")]


def test_legal_rep_by_invalid_number_when_no_valid_one_links():
    persons = [person("hh:2", "P2", id_number="110105194912310021")]
    orgs = [person("tax:1", "O1", legal_rep_id_number="110105194912310021", legal_rep_id_valid=False)]
    assert [e[:3] for e in edges(persons, orgs)] == [("LEGAL_REP_OF", "P2", "O1")]


def test_legal_rep_by_name_needs_exactly_one_employee_of_that_name():
    orgs = [person("mr:1", "O1", uscc=USCC, legal_rep_name_key="张伟")]
    one = [person("ss:1", "P1", name_key="张伟", employer_uscc=USCC),
           person("hh:9", "P9", name_key="张伟")]  # a namesake elsewhere does not count
    assert ("LEGAL_REP_OF", "P1", "O1", ["mr:1", "ss:1"], "legal_rep_name_key+employed_by") in edges(one, orgs)
    two = one + [person("ss:2", "P2", name_key="张伟", employer_uscc=USCC)]
    assert not [e for e in edges(two, orgs) if e[0] == "LEGAL_REP_OF"]


def test_lives_at_and_registered_at_need_one_place_with_the_key():
    places = [person("ar:1", "A1", addr_key=HOME), person("ar:2", "A2", addr_key=OFFICE)]
    persons = [person("hh:1", "P1", addr_key=HOME)]
    orgs = [person("mr:1", "O1", addr_key=OFFICE)]
    assert edges(persons, orgs, places) == [
        ("LIVES_AT", "P1", "A1", ["ar:1", "hh:1"], "addr_key"),
        ("REGISTERED_AT", "O1", "A2", ["ar:2", "mr:1"], "addr_key"),
    ]
    twice = places + [person("ar:3", "A3", addr_key=HOME)]
    assert [e[0] for e in edges(persons, orgs, twice)] == ["REGISTERED_AT"]


def test_address_precision():
    keys = pd.Series([HOME, "上海市|上海市|浦东新区|张江路|100号|3||", "上海市|上海市|静安区|虹桥路|470弄|14||",
                      "||鼓楼区|中山路|1号|||101", "上海市|上海市|浦东新区|张江路||||", None, OFFICE])
    assert dwelling_keys(keys).tolist() == [True, False, True, False, False, False, True]
    assert premises_keys(keys).tolist() == [True, True, True, False, False, False, True]


def org(rid, eid, core, region="上海市", branch=None, trade=None):
    return {"rid": rid, "eid": eid, "co_core": core, "co_region": region, "co_branch": branch,
            "co_trade_name": trade}


def test_branch_of_its_one_head_office():
    orgs = [org("mr:1", "O1", "宏达电子科技"), org("mr:2", "O2", "宏达电子科技", branch="浦东分公司"),
            org("tax:2", "O2", "宏达电子科技"),  # a record without the branch suffix: still the branch
            org("mr:3", "O3", "宏达电子科技", region="杭州市")]  # same name, other city
    assert edges(orgs=orgs) == [("BRANCH_OF", "O2", "O1", ["mr:1", "mr:2", "tax:2"], "co_core+region")]


def test_branch_with_two_candidate_head_offices_makes_no_edge():
    orgs = [org("mr:1", "O1", "宏达电子科技"), org("tax:1", "O4", "宏达电子科技"),
            org("mr:2", "O2", "宏达电子科技", branch="浦东分公司")]
    assert edges(orgs=orgs) == []


def test_branch_falls_back_to_trade_name():
    orgs = [org("mr:1", "O1", None, trade="宏达"), org("mr:2", "O2", None, trade="宏达", branch="浦东分公司")]
    assert edges(orgs=orgs) == [("BRANCH_OF", "O2", "O1", ["mr:1", "mr:2"], "co_trade_name+region")]


def test_no_edge_from_an_entity_to_itself():
    same = [person("mr:1", "X1", uscc=USCC, co_core="宏达", co_region="上海市", co_branch="浦东分公司"),
            person("mr:2", "X1", co_core="宏达", co_region="上海市")]
    assert edges(orgs=same) == []


def test_missing_column_or_eid_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="lack column.*employer_uscc"):
        relations(frame("person").drop(columns="employer_uscc"), frame("organization"), frame("place"))
    with pytest.raises(ValueError, match="have no eid"):
        relations(frame("person", person("hh:1", None)), frame("organization"), frame("place"))


def test_sample_city_relations_hold_their_invariants(tmp_path):
    from graph import open_store
    from loaders import load_files, load_mapping
    from loaders.sample import generate_city

    city = generate_city(tmp_path / "city", persons=200, seed=5)
    store = open_store(tmp_path / "store")
    try:
        list(load_files(store, [(m, city.files[load_mapping(m).source]) for m in city.mappings], workers=1))
        frames = {k: store.records_frame(k) for k in ("person", "organization", "place")}
    finally:
        store.close()
    truth = pd.read_csv(city.truth, dtype=str)[["source", "key", "entity"]].rename(columns={"entity": "eid"})
    frames = {k: f.merge(truth, on=["source", "key"]) for k, f in frames.items()}
    out = relations(frames["person"], frames["organization"], frames["place"])
    assert list(out.columns) == COLUMNS
    assert set(out["type"]) <= set(RELATION_TYPES)
    assert {"EMPLOYED_BY", "LEGAL_REP_OF", "LIVES_AT", "REGISTERED_AT"} <= set(out["type"])
    assert not out.duplicated(["type", "from_eid", "to_eid"]).any()
    assert (out["from_eid"] != out["to_eid"]).all()
    eid_of = pd.concat(frames.values()).set_index("rid")["eid"]
    for row in out.itertuples():
        assert row.rids and set(eid_of[row.rids]) <= {row.from_eid, row.to_eid}
