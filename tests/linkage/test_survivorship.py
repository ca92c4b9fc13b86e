"""Golden records: each rule and tie-break, standardised comparison, conflict alternatives, the
JSON form of the rules, errors, and the provenance invariant on a loaded sample city."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from linkage.survivorship import FieldRule, default_rules, golden_records

EARLY, LATE = "2026-01-01T00:00:00+00:00", "2026-06-01T00:00:00+00:00"
AUTHORITY = {"household": {"name", "id_number"}}


def records(*rows: dict) -> pd.DataFrame:
    """Person records with defaults: source health, loaded EARLY, no values."""
    base = {"source": "health", "loaded_at": EARLY, "name": None, "name_key": None,
            "id_number": None, "id_valid": None, "phone": None}
    return pd.DataFrame([{**base, **r} for r in rows]).astype(object)


def golden_row(frame: pd.DataFrame, eid: str = "E1") -> dict:
    row = frame.set_index("eid").loc[eid].to_dict()
    for col in ("provenance", "alternatives", "rule"):
        row[col] = json.loads(row[col])
    return row


def test_authoritative_source_beats_a_more_frequent_value():
    recs = records(
        {"eid": "E1", "rid": "health:1", "name": "李四", "name_key": "李四"},
        {"eid": "E1", "rid": "health:2", "name": "李四", "name_key": "李四"},
        {"eid": "E1", "rid": "household:9", "source": "household", "name": "李泗", "name_key": "李泗"},
    )
    row = golden_row(golden_records(recs, [FieldRule("name")], authority=AUTHORITY).frame)
    assert row["name"] == "李泗"
    assert row["provenance"] == {"name": "household:9"}
    assert row["rule"] == {"name": "authority:household"}
    assert row["alternatives"] == {"name": [{"value": "李四", "rids": ["health:1", "health:2"],
                                             "sources": ["health"]}]}


def test_valid_id_number_beats_a_more_frequent_invalid_one():
    recs = records(
        {"eid": "E1", "rid": "a:1", "id_number": "11010519491231002X", "id_valid": True},
        {"eid": "E1", "rid": "a:2", "id_number": "110105194912310021", "id_valid": False},
        {"eid": "E1", "rid": "a:3", "id_number": "110105194912310021", "id_valid": False},
    )
    row = golden_row(golden_records(recs, [FieldRule("id_number", valid="id_valid")]).frame)
    assert (row["id_number"], row["rule"]["id_number"]) == ("11010519491231002X", "valid")


def test_unknown_validity_beats_invalid():
    recs = records(
        {"eid": "E1", "rid": "a:1", "id_number": "X1", "id_valid": False},
        {"eid": "E1", "rid": "a:2", "id_number": "X2", "id_valid": None},
    )
    row = golden_row(golden_records(recs, [FieldRule("id_number", valid="id_valid")]).frame)
    assert row["id_number"] == "X2"


def test_most_frequent_value_wins_without_authority_or_validity():
    recs = records(
        {"eid": "E1", "rid": "a:1", "phone": "13800138000", "loaded_at": LATE},
        {"eid": "E1", "rid": "a:2", "phone": "13900139000"},
        {"eid": "E1", "rid": "a:3", "phone": "13900139000"},
    )
    row = golden_row(golden_records(recs, [FieldRule("phone")]).frame)
    assert (row["phone"], row["rule"]["phone"]) == ("13900139000", "frequent")
    assert row["provenance"]["phone"] == "a:2"  # the best record holding the value: smallest rid


def test_recent_load_breaks_a_frequency_tie():
    recs = records(
        {"eid": "E1", "rid": "a:1", "phone": "13800138000"},
        {"eid": "E1", "rid": "a:2", "phone": "13900139000", "loaded_at": LATE},
    )
    row = golden_row(golden_records(recs, [FieldRule("phone")]).frame)
    assert (row["phone"], row["rule"]["phone"], row["provenance"]["phone"]) == ("13900139000", "recent", "a:2")


def test_smallest_rid_breaks_a_full_tie():
    recs = records(
        {"eid": "E1", "rid": "b:1", "phone": "13800138000"},
        {"eid": "E1", "rid": "a:1", "phone": "13900139000"},
    )
    row = golden_row(golden_records(recs, [FieldRule("phone")]).frame)
    assert (row["phone"], row["rule"]["phone"]) == ("13900139000", "rid")


def test_rule_order_is_configurable():
    recs = records(
        {"eid": "E1", "rid": "household:1", "source": "household", "name": "李泗", "name_key": "李泗"},
        {"eid": "E1", "rid": "health:1", "name": "李四", "name_key": "李四", "loaded_at": LATE},
    )
    rule = FieldRule("name", rules=("recent", "authority"))
    row = golden_row(golden_records(recs, [rule], authority=AUTHORITY).frame)
    assert (row["name"], row["rule"]["name"]) == ("李四", "recent")


def test_values_compare_on_their_standardised_form():
    recs = records(
        {"eid": "E1", "rid": "a:1", "name": "張偉", "name_key": "张伟"},
        {"eid": "E1", "rid": "a:2", "name": "张伟", "name_key": "张伟"},
    )
    row = golden_row(golden_records(recs, [FieldRule("name")]).frame)
    assert row["rule"] == {"name": "agreed"}
    assert row["alternatives"] == {}
    assert row["name"] == "張偉"  # frequency counts both records; the smallest rid speaks


def test_derived_column_inherits_the_authority_of_its_field():
    recs = records(
        {"eid": "E1", "rid": "health:1", "name_key": "李四"},
        {"eid": "E1", "rid": "household:1", "source": "household", "name_key": "李泗"},
    )
    row = golden_row(golden_records(recs, [FieldRule("name_key")], authority=AUTHORITY).frame)
    assert (row["name_key"], row["rule"]["name_key"]) == ("李泗", "authority:household")


def test_missing_values_give_none_and_no_provenance():
    recs = records({"eid": "E1", "rid": "a:1", "phone": None},
                   {"eid": "E2", "rid": "a:2", "phone": "13800138000"})
    frame = golden_records(recs, [FieldRule("phone")]).frame
    assert frame["eid"].tolist() == ["E1", "E2"]
    e1 = golden_row(frame, "E1")
    assert e1["phone"] is None and e1["provenance"] == {} and e1["rule"] == {}


def test_several_alternatives_are_listed_best_first_with_every_source():
    recs = records(
        {"eid": "E1", "rid": "a:1", "phone": "1"},
        {"eid": "E1", "rid": "a:2", "phone": "1"},
        {"eid": "E1", "rid": "b:1", "phone": "2", "source": "tax"},
        {"eid": "E1", "rid": "c:1", "phone": "2", "source": "household"},
        {"eid": "E1", "rid": "d:1", "phone": "3"},
        {"eid": "E2", "rid": "e:1", "phone": "9"},
    )
    frame = golden_records(recs, [FieldRule("phone")]).frame
    row = golden_row(frame)
    assert row["phone"] == "1"
    assert row["alternatives"]["phone"] == [
        {"value": "2", "rids": ["b:1", "c:1"], "sources": ["tax", "household"]},
        {"value": "3", "rids": ["d:1"], "sources": ["health"]},
    ]
    assert golden_row(frame, "E2")["alternatives"] == {}
    assert frame.set_index("eid")["record_count"].to_dict() == {"E1": 5, "E2": 1}
    assert frame.set_index("eid").loc["E1", "sources"] == ["health", "household", "tax"]


def test_quotes_in_rids_stay_valid_json():
    recs = records({"eid": "E1", "rid": 'a:"1\\', "phone": "1"})
    row = golden_row(golden_records(recs, [FieldRule("phone")]).frame)
    assert row["provenance"] == {"phone": 'a:"1\\'}


def test_field_rule_round_trips_through_its_json_form():
    rule = FieldRule("id_number", rules=("valid", "recent"), valid="id_valid")
    assert FieldRule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert FieldRule.from_dict({"field": "name"}).rules == ("authority", "valid", "frequent", "recent")


@pytest.mark.parametrize("data, says", [
    ({"field": "name", "rules": ["oldest"]}, "unknown rule"),
    ({"field": "name", "rules": "recent"}, "must be a list"),
    ({"field": "name", "weight": 1}, "unknown key"),
    ({"rules": ["recent"]}, "has no 'field'"),
    ({"field": "name", "rules": ["recent", "recent"]}, "list each once"),
])
def test_field_rule_errors_say_the_fix(data, says):
    with pytest.raises(ValueError, match=says):
        FieldRule.from_dict(data)


def test_rules_as_dicts_are_accepted():
    recs = records({"eid": "E1", "rid": "a:1", "phone": "1"})
    assert golden_records(recs, [{"field": "phone"}]).frame.loc[0, "phone"] == "1"


def test_missing_column_and_missing_eid_are_refused_with_the_fix():
    recs = records({"eid": "E1", "rid": "a:1", "phone": "1"})
    with pytest.raises(ValueError, match="lack column.*email"):
        golden_records(recs, [FieldRule("email")])
    with pytest.raises(ValueError, match="have no eid"):
        golden_records(recs.assign(eid=None), [FieldRule("phone")])
    with pytest.raises(ValueError, match="one rule per field"):
        golden_records(recs, [FieldRule("phone"), FieldRule("phone")])


@pytest.fixture(scope="module")
def sample_city(tmp_path_factory):
    """A small loaded sample city: (person records with the true entity as eid, authority)."""
    from graph import open_store
    from loaders import load_files, load_mapping
    from loaders.sample import generate_city

    folder = tmp_path_factory.mktemp("city")
    city = generate_city(folder / "city", persons=200, seed=5)
    mappings = [load_mapping(m) for m in city.mappings]
    store = open_store(folder / "store")
    try:
        list(load_files(store, [(m, city.files[m.source]) for m in mappings], workers=1))
        frames = {k: store.records_frame(k) for k in ("person", "organization", "place")}
    finally:
        store.close()
    truth = pd.read_csv(city.truth, dtype=str)[["source", "key", "entity"]].rename(columns={"entity": "eid"})
    frames = {k: f.merge(truth, on=["source", "key"], how="left") for k, f in frames.items()}
    return frames, {m.source: set(m.authority) for m in mappings}


def test_every_golden_value_comes_from_a_record_of_its_entity(sample_city):
    frames, authority = sample_city
    for kind in ("person", "organization", "place"):
        recs = frames[kind]
        golden = golden_records(recs, default_rules(kind), authority=authority).frame
        assert golden["eid"].is_unique and set(golden["eid"]) == set(recs["eid"])
        by_rid = recs.set_index("rid")
        for row in golden.itertuples(index=False):
            provenance = json.loads(row.provenance)
            for field, rid in provenance.items():
                assert by_rid.at[rid, "eid"] == row.eid
                assert by_rid.at[rid, field] == getattr(row, field)
            for rule in default_rules(kind):
                assert (getattr(row, rule.field) is None) == (rule.field not in provenance)
        assert golden["record_count"].sum() == len(recs)
