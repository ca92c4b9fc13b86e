import json

import pytest

from linkage.settings import (
    KINDS,
    LinkageSettings,
    SettingsError,
    Thresholds,
    default_settings,
    read_settings,
)


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_load_and_round_trip(kind):
    s = default_settings(kind)
    assert s.kind == kind and s.blocking and s.comparisons
    again = LinkageSettings.from_dict(json.loads(s.to_json()))
    assert again == s and again.to_dict() == s.to_dict()


def test_prior_rule_with_edits_round_trips_and_plain_rules_stay_lists():
    rules = [["first_name", "dob"], {"keys": ["first_name"], "max_edits": {"surname": 2}},
             "email"]
    s = LinkageSettings.from_dict(_edit(model={"prior_keys": rules}))
    assert s.model.prior_keys == (("first_name", "dob"),
                                  {"keys": ("first_name",), "max_edits": {"surname": 2}},
                                  ("email",))
    assert s.to_dict()["model"]["prior_keys"] == [["first_name", "dob"], rules[1], ["email"]]
    assert LinkageSettings.from_dict(json.loads(s.to_json())) == s


def test_thresholds_are_log2_odds():
    t = Thresholds(match=0.8, review=0.5)
    assert t.match_weight == pytest.approx(2.0) and t.review_weight == pytest.approx(0.0)
    with pytest.raises(SettingsError, match="0 < review <= match < 1"):
        Thresholds(match=0.4, review=0.5)


def _edit(**change):
    d = default_settings("person").to_dict()
    d.update(change)
    return d


@pytest.mark.parametrize("change, message", [
    ({"colour": "red"}, r"unknown key\(s\) \['colour'\]"),
    ({"kind": "vehicle"}, "kind 'vehicle' is not one of person"),
    ({"comparisons": [{"kernel": "soundex"}]}, "unknown kernel 'soundex'"),
    ({"blocking": []}, "at least one blocking rule"),
    ({"model": {"tf": {"surname": "name_key"}}}, "model.tf names comparison 'surname'"),
    ({"thresholds": {"match": 0.3, "review": 0.5}}, "0 < review <= match < 1"),
    ({"clustering": {"hard_key": {}}}, r"clustering: unknown key\(s\) \['hard_key'\]"),
    ({"model": {"prior_keys": [{"keys": ["name_key"], "edits": 1}]}},
     "model.prior_keys: .*give 'keys'"),
])
def test_bad_settings_say_what_to_fix(change, message):
    with pytest.raises(SettingsError, match=message):
        LinkageSettings.from_dict(_edit(**change))


def test_read_settings_names_the_file(tmp_path):
    with pytest.raises(SettingsError, match="does not exist; write one with `yidang settings"):
        read_settings(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(SettingsError, match="bad.json is not valid JSON"):
        read_settings(bad)
    edited = tmp_path / "person.json"
    d = default_settings("person").to_dict()
    d["thresholds"]["match"] = 0.99
    edited.write_text(json.dumps(d), encoding="utf-8")
    assert read_settings(edited).thresholds.match == 0.99


def test_with_model_keeps_the_rest():
    s = default_settings("place")
    trained = {"kind": "fellegi_sunter"}
    assert s.with_model(trained).model.trained == trained
    assert s.with_model(trained).without_model() == s.without_model()
