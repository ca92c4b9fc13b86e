"""Profiles end to end: by id, by identifier, redirects, not found."""

from api.profiles import normalise_identifier


def test_profile_has_golden_values_with_sources_records_relations_and_history(person):
    assert person["kind"] == "person" and person["status"] == "active"
    rids = {r["rid"] for r in person["records"]}
    assert len(rids) == person["record_count"] >= 3
    for field in ("name", "id_number", "phone", "birth_date", "address"):
        golden = person["fields"][field]
        assert golden["value"] and golden["source"] in rids and golden["rule"]
        assert isinstance(golden["alternatives"], list)
    record = person["records"][0]
    assert {"source", "key", "batch_id", "file", "loaded_at", "raw", "fields"} <= set(record)
    assert isinstance(record["raw"], dict) and record["raw"]
    assert [h["event"] for h in person["history"]][:1] == ["created"]
    for rel in person["related"]:
        assert rel["type"] in ("LIVES_AT", "EMPLOYED_BY", "LEGAL_REP_OF")
        assert rel["evidence"]["records"] and rel["evidence"]["rule"]


def test_alternatives_show_values_other_sources_hold(as_role):
    rows = as_role("admin").post("/analyst/cypher", json={"query": (
        "MATCH (o:Organization) WHERE o.status = 'active' AND o.alternatives <> '{}' "
        "RETURN o.eid LIMIT 1")}).json()["rows"]
    profile = as_role("admin").get(f"/profiles/{rows[0][0]}").json()
    alts = {f: g["alternatives"] for f, g in profile["fields"].items() if g["alternatives"]}
    assert alts
    for options in alts.values():
        assert all(o["rids"] and o["sources"] for o in options)


def test_lookup_by_id_number_written_any_way_finds_the_profile(as_role, person):
    id_number = person["fields"]["id_number"]["value"]
    spaced = f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}".lower()
    r = as_role("case_worker").get(f"/profiles/by/id_number/{spaced}")
    assert r.status_code == 200 and r.json()["eid"] == person["eid"]
    assert r.json()["matched_by"] == {"type": "id_number"}


def test_lookup_by_phone_and_credit_code(as_role, person):
    phone = person["fields"]["phone"]["value"]
    r = as_role("steward").get(f"/profiles/by/phone/{phone}")
    assert r.status_code in (200, 300)
    if r.status_code == 300:  # a shared phone: the candidates are listed
        assert person["eid"] in {c["eid"] for c in r.json()["candidates"]}
    org = as_role("admin").post("/analyst/cypher", json={"query": (
        "MATCH (o:Organization) WHERE o.status = 'active' AND o.uscc IS NOT NULL "
        "RETURN o.eid, o.uscc LIMIT 1")}).json()["rows"][0]
    r = as_role("admin").get(f"/profiles/by/uscc/{org[1]}")
    assert r.status_code == 200 and r.json()["eid"] == org[0] and r.json()["kind"] == "organization"


def test_unknown_ids_and_identifiers_are_404_with_a_hint(as_role):
    r = as_role("admin").get("/profiles/P9999999999")
    assert r.status_code == 404 and "/search/persons" in r.json()["detail"]
    r = as_role("admin").get("/profiles/not-an-id")
    assert r.status_code == 404 and "P + 10 digits" in r.json()["detail"]
    r = as_role("admin").get("/profiles/by/id_number/110105194912310021")
    assert r.status_code == 404 and "110105194912310021" in r.json()["detail"]


def test_bad_identifier_type_is_422_naming_the_field(as_role):
    r = as_role("admin").get("/profiles/by/passport/E1234")
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "id_type"


def test_a_merged_away_id_answers_with_the_redirect(as_role, city):
    r = as_role("case_worker").get(f"/profiles/{city.merged_away}")
    assert r.status_code == 307
    assert r.headers["location"] == f"/profiles/{city.merged_into}"
    body = r.json()
    assert body["redirect_to"] == city.merged_into and body["eid"] == city.merged_away
    assert city.merged_into in body["detail"]
    followed = as_role("case_worker").get(r.headers["location"])
    assert followed.status_code == 200
    history = followed.json()["history"]
    assert any(h["event"] == "redirected_here" and h["from"] == city.merged_away for h in history)


def test_redirects_apply_to_lineage_and_relationships_too(as_role, city):
    r = as_role("admin").get(f"/lineage/entities/{city.merged_away}/fields/name")
    assert r.status_code == 307
    assert r.headers["location"] == f"/lineage/entities/{city.merged_into}/fields/name"
    r = as_role("admin").get(f"/relationships/{city.merged_away}/neighbours")
    assert r.status_code == 307 and r.json()["redirect_to"] == city.merged_into


def test_identifiers_normalise_like_the_loader():
    assert normalise_identifier("id_number", "110105491231002") == "11010519491231002X"
    assert normalise_identifier("phone", "+86 138-0013-8000") == "13800138000"


def test_organisation_and_place_profiles_and_their_shared_identifiers(as_role):
    for kind, label in (("organization", "Organization"), ("place", "Place")):
        eid = as_role("admin").post("/analyst/cypher", json={"query": (
            f"MATCH (e:{label})<-[:RESOLVES_TO]-(s:SourceRecord) WHERE e.status = 'active' "
            "RETURN e.eid, count(s) AS n ORDER BY n DESC, e.eid LIMIT 1")}).json()["rows"][0][0]
        profile = as_role("admin").get(f"/profiles/{eid}").json()
        assert profile["kind"] == kind and profile["records"] and profile["related"]
        assert profile["fields"]["address"]["value"]
        r = as_role("admin").get(f"/relationships/{eid}/sharing",
                                 params={"types": ["address", "phone", "uscc"]})
        assert r.status_code == 200 and r.json()["eid"] == eid
