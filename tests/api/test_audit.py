"""The audit trail end to end: who, when, what, which entities, from where; admins query it."""


def test_reads_are_written_to_the_audit_trail_and_admins_query_it(as_role, person, tokens):
    as_role("case_worker").get(f"/profiles/{person['eid']}")
    as_role("analyst").get("/search/persons", params={"name": person["fields"]["name"]["value"]})
    as_role("analyst").post("/analyst/cypher", json={"query": "MATCH (p:Person) DELETE p"})
    rid = person["fields"]["name"]["source"]
    as_role("steward").get(f"/lineage/records/{rid}")

    trail = as_role("admin").get("/audit", params={"eid": person["eid"]}).json()["items"]
    profile = next(e for e in trail if e["action"] == "profile" and e["user"] == "test-case_worker")
    assert profile["role"] == "case_worker" and profile["method"] == "GET"
    assert profile["path"] == f"/profiles/{person['eid']}" and profile["status"] == 200
    assert profile["client"] == "testclient" and profile["at"].startswith("20")
    assert person["eid"] in profile["entities"]
    assert any(e["action"] == "search" and e["user"] == "test-analyst" for e in trail)
    assert any(e["action"] == "lineage" and e["user"] == "test-steward" for e in trail)

    refused = as_role("admin").get("/audit", params={"user": "test-analyst",
                                                     "action": "analyst"}).json()["items"]
    assert refused[0]["status"] == 400 and "DELETE" in refused[0]["detail"]


def test_audit_pages_and_filters_by_time(as_role):
    first = as_role("admin").get("/audit", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    newest = first["items"][0]["at"]
    since = as_role("admin").get("/audit", params={"since": newest}).json()["items"]
    assert all(e["at"] >= newest for e in since)


def test_forbidden_attempts_are_audited(as_role):
    as_role("case_worker").get("/audit")
    trail = as_role("admin").get("/audit", params={"user": "test-case_worker",
                                                   "action": "audit"}).json()["items"]
    assert trail and trail[0]["status"] == 403
