"""Lineage end to end: a golden value back to its row; a record forward to its entity."""


def test_golden_value_lineage_names_record_batch_file_and_rule(as_role, person):
    r = as_role("steward").get(f"/lineage/entities/{person['eid']}/fields/phone")
    assert r.status_code == 200
    body = r.json()
    assert body["value"] == person["fields"]["phone"]["value"]
    assert body["rule"] == person["fields"]["phone"]["rule"]
    rec = body["source_record"]
    assert rec["rid"] == person["fields"]["phone"]["source"] and rec["value"] == body["value"]
    assert "phone" in rec["raw_fields"]
    assert body["batch"]["file"] and body["batch"]["sha256"] and body["batch"]["loaded_at"]


def test_unknown_field_is_404_listing_the_fields(as_role, person):
    r = as_role("admin").get(f"/lineage/entities/{person['eid']}/fields/shoe_size")
    assert r.status_code == 404 and "id_number" in r.json()["detail"]


def test_record_lineage_has_versions_batch_entity_and_a_waterfall(as_role, person):
    rid = person["fields"]["name"]["source"]
    r = as_role("admin").get(f"/lineage/records/{rid}")
    assert r.status_code == 200
    body = r.json()
    assert body["record"]["rid"] == rid and isinstance(body["versions"], list)
    assert body["batch"]["batch_id"] == body["record"]["batch_id"]
    assert body["entity"]["eid"] == person["eid"]
    assert body["evidence"], "a record of a 3-record entity was matched to another"
    steps = body["evidence"][0]["waterfall"]
    assert steps[0]["step"] == "prior" and steps[-1]["step"] == "total"
    assert abs(steps[-1]["weight"] - body["evidence"][0]["weight"]) < 0.05
    assert {"name", "id_number"} <= {s["step"] for s in steps}


def test_unknown_record_is_404_saying_what_an_id_looks_like(as_role):
    r = as_role("admin").get("/lineage/records/nope:1")
    assert r.status_code == 404 and "SOURCE:KEY" in r.json()["detail"]
