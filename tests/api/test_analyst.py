"""Analyst queries end to end: named ones, read-only Cypher (writes refused), limits, timeouts."""

import pytest

from api.analyst import check_read_only, named_queries
from api.errors import QueryRefused
from queries import analyst_queries
from tests.queries.neo4j_cypher import LinterUnavailable, lint_full, node_executable


def test_named_queries_are_listed_and_run_with_defaults_and_paging(as_role):
    listed = as_role("analyst").get("/analyst/queries").json()
    assert {q["name"] for q in listed} == set(named_queries())
    assert {"households_by_place", "legal_reps_of_many_organizations",
            "organizations_at_one_address"} <= set(named_queries())
    for name in named_queries():
        r = as_role("analyst").get(f"/analyst/queries/{name}", params={"limit": 3})
        assert r.status_code == 200, r.text
        assert r.json()["row_count"] <= 3
    page1 = as_role("analyst").get("/analyst/queries/households_by_place",
                                   params={"limit": 2}).json()
    page2 = as_role("analyst").get("/analyst/queries/households_by_place",
                                   params={"limit": 2, "offset": page1["next_offset"]}).json()
    assert page1["rows"] and page1["rows"] != page2["rows"]


def test_named_query_parameters_are_checked(as_role):
    r = as_role("analyst").get("/analyst/queries/households_by_place",
                               params={"min_persons": "many"})
    assert r.status_code == 422 and "min_persons" in r.json()["detail"]
    r = as_role("analyst").get("/analyst/queries/households_by_place", params={"colour": "red"})
    assert r.status_code == 422 and "colour" in r.json()["detail"]
    r = as_role("analyst").get("/analyst/queries/nothing_like_this")
    assert r.status_code == 404 and "households_by_place" in r.json()["detail"]


def test_legal_reps_of_many_organizations_finds_them(as_role):
    r = as_role("admin").get("/analyst/queries/legal_reps_of_many_organizations",
                             params={"min_orgs": 1, "limit": 5}).json()
    assert r["rows"] and all(row[3] >= 1 for row in r["rows"])


def test_read_only_cypher_runs_with_a_row_limit(as_role):
    r = as_role("analyst").post("/analyst/cypher", json={
        "query": "MATCH (p:Person) WHERE p.status = $s RETURN p.eid, p.name", "params": {"s": "active"},
        "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["columns"] == ["p.eid", "p.name"] and body["row_count"] == 5 and body["truncated"]


@pytest.mark.parametrize("query", [
    "MATCH (p:Person) SET p.name = 'x' RETURN p",
    "MATCH (p:Person) DETACH DELETE p",
    "CREATE (u:User {name: 'mallory', role: 'admin'})",
    "MERGE (k:Key {k: 'x'})",
    "MATCH (p:Person) REMOVE p.name",
    "DROP TABLE Person",
    "COPY Person FROM 'x.csv'",
    "CALL db.labels()",
    "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
    "MATCH (p) RETURN p; MATCH (q) DELETE q",
    "match (p:Person) with p create (q:Person {eid: 'X'})",
])
def test_writes_are_refused_with_a_clear_message(as_role, query):
    r = as_role("analyst").post("/analyst/cypher", json={"query": query})
    assert r.status_code == 400
    assert "read-only" in r.json()["detail"] or "one statement" in r.json()["detail"]
    still = as_role("admin").post("/analyst/cypher", json={
        "query": "MATCH (u:User {name: 'mallory'}) RETURN count(u) AS n"}).json()
    assert still["rows"] == [[0]]


def test_write_words_inside_strings_and_property_names_are_fine():
    assert check_read_only("MATCH (p:Person) WHERE p.name = 'CREATE' RETURN p // DELETE")
    with pytest.raises(QueryRefused):
        check_read_only("MATCH (p) /* hide */ DELETE p")


def test_the_store_itself_refuses_a_write_the_keyword_check_missed(client, city):
    from graph import StoreError

    store = client.app.state.service.store
    with pytest.raises(StoreError, match="read-only"):
        store.read_cypher("CREATE (k:Key {k: 'sneaky', type: 't', value: 'v'})", {}, 10, 5)


def test_store_errors_and_timeouts_are_reported_not_crashed(as_role):
    r = as_role("analyst").post("/analyst/cypher", json={"query": "MATCH (p:Nope) RETURN p"})
    assert r.status_code == 400 and r.json()["detail"].startswith("the store rejected the query")
    r = as_role("analyst").post("/analyst/cypher", json={"query": (
        "MATCH (a:SourceRecord), (b:SourceRecord), (c:SourceRecord), (d:SourceRecord) "
        "WHERE a.name CONTAINS b.name AND c.rid CONTAINS d.key RETURN count(*) AS n")})
    assert r.status_code == 504 and "longer than 5 s" in r.json()["detail"]
    # the connection is usable again after the interrupt
    assert as_role("analyst").post("/analyst/cypher", json={
        "query": "MATCH (p:Person) RETURN count(p)"}).status_code == 200


def test_analyst_queries_pass_neo4j_lint():
    try:
        node_executable()
    except LinterUnavailable as e:
        pytest.skip(str(e))
    queries = analyst_queries()
    results = lint_full([(q.name, q.text, q.parameters) for q in queries])
    for q in queries:
        failing = [d for d in results[q.name].diagnostics if d.fails]
        assert not failing, f"Neo4j rejects {q.path}: {failing}"
