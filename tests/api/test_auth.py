"""Tokens and roles end to end: 401 without or with a bad token, 403 for a role without the right."""

from api import auth
from api.cli import main
from graph import open_store


def test_no_token_is_401_saying_how_to_get_one(client):
    r = client.get("/profiles/P0000000001")
    assert r.status_code == 401 and "yidang users add" in r.json()["detail"]


def test_unknown_or_malformed_token_is_401(client):
    r = client.get("/search/persons", params={"name": "张伟"},
                   headers={"Authorization": "Bearer yd_not-a-real-token"})
    assert r.status_code == 401 and "unknown" in r.json()["detail"]
    r = client.get("/search/persons", params={"name": "张伟"},
                   headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]


def test_a_token_seen_for_the_first_time_is_hashed_once(client, tokens, monkeypatch):
    service = client.app.state.service
    monkeypatch.setattr(service, "auth", auth.Authenticator(service.store))  # knows no token yet
    hashed, hash_token = [], auth.hash_token

    def counted(token):
        hashed.append(token)
        return hash_token(token)

    monkeypatch.setattr(auth, "hash_token", counted)
    r = client.get("/search/persons", params={"name": "张伟"},
                   headers={"Authorization": f"Bearer {tokens['analyst']}"})
    assert r.status_code == 200 and hashed == [tokens["analyst"]]


def test_roles_without_the_right_get_403_naming_who_may(as_role):
    r = as_role("case_worker").post("/analyst/cypher", json={"query": "MATCH (n) RETURN n LIMIT 1"})
    assert r.status_code == 403
    assert "case_worker" in r.json()["detail"] and "analyst" in r.json()["detail"]
    for role in ("case_worker", "steward", "analyst"):
        r = as_role(role).get("/audit")
        assert r.status_code == 403 and "admin" in r.json()["detail"]
    assert as_role("admin").get("/audit").status_code == 200


def test_users_add_stores_only_a_hash_and_the_token_works(tmp_path, capsys, sample_city):
    import shutil

    folder, _ = sample_city
    shutil.copytree(folder, tmp_path / "store")
    assert main(["users", "add", "dora", "--role", "analyst", "--store", str(tmp_path / "store")]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("yd_")
    with open_store(tmp_path / "store") as store:
        rows = store._engine.run("find_user", {"name": "dora"})
        assert rows[0]["role"] == "analyst"
        from api.auth import Authenticator, hash_token

        assert store.user_by_token(hash_token(token)) == {"name": "dora", "role": "analyst"}
        assert Authenticator(store).user(f"Bearer {token}").name == "dora"
        assert token not in str(store._engine.run("list_users"))
    assert main(["users", "list", "--store", str(tmp_path / "store")]) == 0
    assert "dora" in capsys.readouterr().out
