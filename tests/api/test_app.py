"""Service quality end to end: health, readiness, OpenAPI, helpful 404/422, no stack traces."""

from api.app import create_app
from api.settings import Settings


def test_health_and_ready_need_no_token(client):
    assert client.get("/health").json()["status"] == "ok"
    ready = client.get("/ready").json()
    assert ready["status"] == "ready" and ready["persons_indexed"] > 1000


def test_openapi_docs_list_every_resource(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/profiles/{eid}", "/profiles/by/{id_type}/{value}", "/search/persons",
              "/search/organizations", "/lineage/entities/{eid}/fields/{field}",
              "/lineage/records/{rid}", "/relationships/{eid}/neighbours",
              "/relationships/{eid}/connection/{other}", "/relationships/{eid}/sharing",
              "/analyst/queries", "/analyst/cypher", "/audit", "/health", "/ready"):
        assert p in paths, p


def test_unknown_route_is_a_helpful_404(client):
    r = client.get("/nothing/here")
    assert r.status_code == 404 and "/docs" in r.json()["detail"]


def test_bad_body_is_422_naming_the_field(as_role):
    r = as_role("analyst").post("/analyst/cypher", json={"query": "MATCH (n) RETURN n", "limit": 0})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "limit" and "limit" in r.json()["detail"]


def test_a_crash_is_a_500_without_a_stack_trace(resolved_city):
    from fastapi.testclient import TestClient

    resolved, tokens = resolved_city
    app = create_app(Settings(store=resolved.folder))
    with TestClient(app, raise_server_exceptions=False) as c:
        c.app.state.service.indexes.search.persons = None  # break it: the route will raise
        r = c.get("/search/persons", params={"name": "张伟"},
                  headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert r.status_code == 500
    assert "ref" in r.json()["detail"] and "Traceback" not in r.text and "NoneType" not in r.text
