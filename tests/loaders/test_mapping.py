import pytest
import yaml

from loaders.errors import MappingError
from loaders.mapping import load_mapping, parse_mapping
from tests.factories import PERSON_MAPPING


def _with(**changes):
    m = dict(PERSON_MAPPING)
    m.update(changes)
    return m


def test_mapping_in_the_documented_shape_parses(tmp_path):
    path = tmp_path / "social_security.yaml"
    path.write_text(yaml.safe_dump(PERSON_MAPPING, allow_unicode=True), encoding="utf-8")
    m = load_mapping(path)
    assert (m.source, m.kind, m.format, m.key) == ("social_security", "person", "csv", "grbh")
    assert m.fields["id_number"] == "sfzh"
    assert m.values == {"gender": {"1": "M", "2": "F"}}
    assert m.columns[0] == "grbh" and "sfzh" in m.columns


@pytest.mark.parametrize("changes, words", [
    ({"kind": "persn"}, ["unknown kind 'persn'", "did you mean 'person'", "person, organization, place"]),
    ({"format": "xls"}, ["unknown format 'xls'", "csv, tsv, jsonl, json, xlsx, parquet"]),
    ({"encoding": "klingon"}, ["unknown encoding 'klingon'", "gb18030"]),
    ({"key": ""}, ["`key` is missing", "add `key:`"]),
    ({"fields": {"nmae": "xm"}}, ["field 'nmae' is not a canonical person field", "did you mean 'name'"]),
    ({"fields": {"uscc": "x"}}, ["field 'uscc' is not a canonical person field"]),
    ({"values": {"address": {"a": "b"}}}, ["code table for 'address'", "`fields` does not map"]),
    ({"authority": ["address"]}, ["`authority` names 'address'"]),
    ({"source": "社保 局"}, ["not a plain identifier"]),
    ({"colour": "red"}, ["unknown key 'colour'"]),
])
def test_bad_mapping_names_the_problem_and_the_fix(changes, words):
    with pytest.raises(MappingError) as err:
        parse_mapping(_with(**changes), "social_security.yaml")
    text = str(err.value)
    assert text.startswith("mapping social_security.yaml:")
    assert "Fix:" in text
    for w in words:
        assert w in text


def test_mapping_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("source: [unclosed", encoding="utf-8")
    with pytest.raises(MappingError, match="not valid YAML"):
        load_mapping(path)


def test_missing_mapping_file_is_refused(tmp_path):
    with pytest.raises(MappingError, match="no such file"):
        load_mapping(tmp_path / "nope.yaml")


def test_mapping_can_name_its_file_relative_to_itself(tmp_path):
    m = parse_mapping(_with(file="ss.csv"), str(tmp_path / "ss.yaml"))
    assert m.source_file() == tmp_path / "ss.csv"


def test_mapping_json_round_trips_what_was_loaded():
    import json

    m = parse_mapping(PERSON_MAPPING)
    assert json.loads(m.to_json())["fields"] == PERSON_MAPPING["fields"]
