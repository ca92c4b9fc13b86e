"""Relationships end to end: neighbours by type and depth, shortest connection, shared ids."""


def _org_with_employees(as_role):
    return as_role("admin").get("/analyst/queries/employers_by_size",
                                params={"min_employees": 2, "limit": 1}).json()["rows"][0][0]


def test_neighbours_by_type_and_depth(as_role):
    org = _org_with_employees(as_role)
    one = as_role("case_worker").get(f"/relationships/{org}/neighbours",
                                     params={"types": ["EMPLOYED_BY"]}).json()
    assert one["nodes"][0] == {**one["nodes"][0], "eid": org, "depth": 0}
    assert all(e["type"] == "EMPLOYED_BY" and e["to"] == org for e in one["edges"])
    assert len(one["nodes"]) >= 3 and all(e["evidence"]["records"] for e in one["edges"])
    two = as_role("case_worker").get(f"/relationships/{org}/neighbours",
                                     params={"depth": 2}).json()
    assert len(two["nodes"]) >= len(one["nodes"]) and max(n["depth"] for n in two["nodes"]) <= 2
    capped = as_role("case_worker").get(f"/relationships/{org}/neighbours",
                                        params={"depth": 2, "limit": 2}).json()
    assert len(capped["nodes"]) == 2 and capped["truncated"]


def test_neighbours_refuse_bad_depth_and_type(as_role, person):
    r = as_role("admin").get(f"/relationships/{person['eid']}/neighbours", params={"depth": 9})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "depth"
    r = as_role("admin").get(f"/relationships/{person['eid']}/neighbours",
                             params={"types": ["KNOWS"]})
    assert r.status_code == 422 and "types" in r.json()["detail"]


def test_shortest_connection_between_two_colleagues(as_role):
    org = _org_with_employees(as_role)
    hood = as_role("admin").get(f"/relationships/{org}/neighbours",
                                params={"types": ["EMPLOYED_BY"]}).json()
    a, b = [n["eid"] for n in hood["nodes"] if n["depth"] == 1][:2]
    r = as_role("analyst").get(f"/relationships/{a}/connection/{b}")
    assert r.status_code == 200
    path = r.json()
    assert path["nodes"][0]["eid"] == a and path["nodes"][-1]["eid"] == b
    assert path["length"] == 2 == len(path["relations"])


def test_entities_sharing_an_address(as_role):
    household = as_role("admin").get("/analyst/queries/households_by_place",
                                     params={"min_persons": 2, "limit": 1}).json()["rows"][0]
    a, b = household[3][:2]
    r = as_role("admin").get(f"/relationships/{a}/sharing", params={"types": ["address"]})
    assert r.status_code == 200
    shared = {i["eid"]: i for i in r.json()["items"]}
    assert b in shared and shared[b]["shared"][0]["type"] == "address"


def test_shortest_connection_runs_for_every_pair_of_kinds(client, as_role):
    from graph import KINDS

    store = client.app.state.service.store
    one = {}
    for kind, label in (("person", "Person"), ("organization", "Organization"), ("place", "Place")):
        one[kind] = as_role("admin").post("/analyst/cypher", json={"query": (
            f"MATCH (e:{label}) WHERE e.status = 'active' RETURN e.eid ORDER BY e.eid LIMIT 1")}
        ).json()["rows"][0][0]
    for a in KINDS:
        for b in KINDS:
            path = store.shortest_connection((a, one[a]), (b, one[b]))
            if path and a != b:
                assert path["eids"][0] == one[a] and path["eids"][-1] == one[b]
                assert len(path["types"]) == len(path["eids"]) - 1


def test_no_connection_is_a_404(as_role, city):
    r = as_role("admin").get(f"/relationships/P0000000001/connection/P0000000001")
    assert r.status_code in (200, 404)
    r = as_role("admin").get(f"/relationships/P0000000001/connection/P9999999999")
    assert r.status_code == 404 and "P9999999999" in r.json()["detail"]
