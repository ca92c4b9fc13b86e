"""The steward's API and CLI over a private resolved city: queue, item detail, decisions and
undo (audited, honoured by the next resolve), conflicts and the quality report; other roles are
refused."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from api import stewardship
from api.app import create_app
from api.auth import add_user
from api.cli import main
from api.settings import Settings
from graph import KINDS, open_store
from linkage.run import resolve_store


@pytest.fixture(scope="module")
def steward_city(sample_city, tmp_path_factory):
    folder, truth = sample_city
    target = tmp_path_factory.mktemp("steward") / "store"
    shutil.copytree(folder, target)
    with open_store(target) as store:
        resolve_store(store)
        tokens = {role: add_user(store, f"s-{role}", role)
                  for role in ("steward", "case_worker", "admin")}
    return target, tokens


@pytest.fixture(scope="module")
def api(steward_city):
    folder, tokens = steward_city
    app = create_app(Settings(store=folder, audit_interval_s=0.05, query_timeout_s=5))
    with TestClient(app, raise_server_exceptions=False) as c:
        def as_role(role):
            c.headers["Authorization"] = f"Bearer {tokens[role]}"
            return c
        yield as_role, app


def test_only_stewards_and_admins_reach_the_steward_routes(api):
    as_role, _ = api
    assert as_role("case_worker").get("/steward/queue").status_code == 403
    assert as_role("admin").get("/steward/queue?limit=1").status_code == 200


def test_queue_item_decide_undo_and_audit(api):
    as_role, app = api
    c = as_role("steward")
    q = c.get("/steward/queue", params={"kind": "person", "conflicts": "false", "limit": 5})
    assert q.status_code == 200
    body = q.json()
    assert body["total"] >= len(body["items"]) > 0
    priorities = [it["priority"] for it in body["items"]]
    assert priorities == sorted(priorities, reverse=True)
    first = next(it for it in body["items"] if not it["same_entity"])
    item = c.get("/steward/pairs", params={"l": first["l"], "r": first["r"]}).json()
    assert item["left"]["record"]["rid"] == first["l"] and item["right"]["eid"] == first["r_eid"]
    assert item["waterfall"][0]["step"] == "prior" and item["waterfall"][-1]["step"] == "total"
    assert item["preview"]["match"]["effect"] == "merge"
    assert item["preview"]["match"]["size"] == first["l_size"] + first["r_size"]

    made = c.post("/steward/decisions", json={"action": "match", "rids": [first["l"], first["r"]],
                                               "reason": "same person"})
    assert made.status_code == 201
    did = made.json()["did"]
    assert made.json()["by"] == "s-steward"
    again = c.get("/steward/queue", params={"kind": "person", "conflicts": "false",
                                            "limit": 500}).json()
    assert (first["l"], first["r"]) not in {(it["l"], it["r"]) for it in again["items"]}
    about = c.get("/steward/decisions", params={"rid": first["l"]}).json()
    assert [d["did"] for d in about] == [did]
    bad = c.post("/steward/decisions", json={"action": "merge", "entities": ["P0000000001"]})
    assert bad.status_code == 422 and "two different" in bad.json()["detail"]

    undone = c.post(f"/steward/decisions/{did}/undo")
    assert undone.status_code == 200 and undone.json()["undone_by"] == "s-steward"
    assert c.post(f"/steward/decisions/{did}/undo").status_code == 404
    service = app.state.service
    service.audit.flush()
    actions = [a["path"] for a in service.store.audit(user="s-steward", limit=50)]
    assert any(p.startswith("/steward/decisions") for p in actions)


def test_conflicts_and_quality_over_http(api):
    as_role, _ = api
    c = as_role("steward")
    found = c.get("/steward/conflicts", params={"kind": "person", "limit": 3})
    assert found.status_code == 200
    assert set(found.json()) == {"total", "by_type", "items"}
    assert c.get("/steward/conflicts", params={"type": "nonsense"}).status_code == 422
    report = c.get("/steward/quality", params={"source": "health"}).json()
    assert report["health"]["records"] > 0 and "invalid_identifiers" in report["health"]
    assert c.get("/steward/quality", params={"source": "nowhere"}).status_code == 404


def test_the_quality_report_reads_each_kinds_records_and_resolution_once(api, monkeypatch):
    store = api[1].state.service.store
    reads = Counter()
    for name in ("records_frame", "resolution_of_kind"):
        def counted(kind, _read=getattr(store, name), _name=name):
            reads[_name, kind] += 1
            return _read(kind)
        monkeypatch.setattr(store, name, counted)
    assert stewardship.quality(store)["health"]["records"] > 0
    assert reads == {(name, kind): 1 for name in ("records_frame", "resolution_of_kind")
                     for kind in KINDS}


def test_cli_decide_resolve_and_undo(sample_city, tmp_path, capsys):
    folder = str(tmp_path / "store")
    shutil.copytree(sample_city[0], folder)
    with open_store(folder) as store:
        resolve_store(store, ["person"])
        eids = store.resolution_of_kind("person")
    sizes = eids.value_counts()
    big = sizes.index[0]
    part = sorted(eids.index[eids == big])[:1]
    assert main(["decide", "split", big, *part, "--by", "zhao", "--reason", "not him",
                 "--store", folder, "--json"]) == 0
    did = json.loads(capsys.readouterr().out)["did"]
    assert main(["resolve", "--kind", "person", "--store", folder]) == 0
    with open_store(folder) as s:
        after = s.resolution_of_kind("person")
    assert after[part[0]] != big and (after == big).sum() == sizes[big] - 1
    assert main(["decisions", "--store", folder]) == 0
    assert f"{did}" in capsys.readouterr().out
    assert main(["undo", did, "--by", "zhao", "--store", folder]) == 0
    assert main(["review", "--kind", "person", "--limit", "3", "--store", folder]) == 0
    assert main(["conflicts", "--kind", "person", "--store", folder]) == 0
    assert main(["quality", "--source", "health", "--store", folder]) == 0
    out = capsys.readouterr().out
    assert "undone by zhao" in out and "health (person" in out
    assert main(["undo", did, "--by", "zhao", "--store", folder]) == 1
    assert "it is undone" in capsys.readouterr().err
