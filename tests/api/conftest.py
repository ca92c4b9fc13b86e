"""The HTTP service over one real resolved store, shared by the API tests.

The sample city is resolved once per session (twice, in fact: the second run is told that two
persons are one, so one id is merged away and must answer with a redirect), users of every role
are added through the same function `yidang users add` calls, and one app serves every test.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import ROLES, add_user
from api.settings import Settings
from graph import open_store


@dataclass(frozen=True)
class Resolved:
    folder: object
    merged_away: str  # an id merged into ``merged_into``
    merged_into: str


@pytest.fixture(scope="session")
def resolved_city(sample_city, tmp_path_factory) -> tuple[Resolved, dict[str, str]]:
    """A resolved copy of the sample city with one redirect, and a token per role."""
    from linkage.run import resolve_store

    folder, _ = sample_city
    target = tmp_path_factory.mktemp("api") / "store"
    shutil.copytree(folder, target)
    with open_store(target) as store:
        resolve_store(store)
        eids = store.resolution_of_kind("person")
        sizes = eids.value_counts()
        big, small = sizes.index[0], sizes.index[-1]
        left, right = eids[eids == big].index[0], eids[eids == small].index[0]
        resolve_store(store, ["person"], force=True,
                      must_link={"person": pd.DataFrame({"l": [left], "r": [right]})})
        tokens = {role: add_user(store, f"test-{role}", role) for role in ROLES}
    return Resolved(target, small, big), tokens


@pytest.fixture(scope="session")
def client(resolved_city):
    """A TestClient over the app serving the resolved city (store opened in the lifespan)."""
    resolved, _ = resolved_city
    app = create_app(Settings(store=resolved.folder, audit_interval_s=0.05, query_timeout_s=5))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def tokens(resolved_city) -> dict[str, str]:
    return resolved_city[1]


@pytest.fixture(scope="session")
def city(resolved_city) -> Resolved:
    return resolved_city[0]


@pytest.fixture(scope="session")
def as_role(client, tokens):
    """as_role(role).get(...) sends the role's token."""

    class Session:
        def __init__(self, role: str):
            self.headers = {"Authorization": f"Bearer {tokens[role]}"}

        def get(self, url, **kw):
            return client.get(url, headers=self.headers, follow_redirects=False, **kw)

        def post(self, url, **kw):
            return client.post(url, headers=self.headers, **kw)

    return Session


@pytest.fixture(scope="session")
def person(client, as_role):
    """An active person with several records, an ID number and a phone (admin's view)."""
    rows = as_role("admin").post("/analyst/cypher", json={"query": (
        "MATCH (p:Person) WHERE p.status = 'active' AND p.record_count >= 3 "
        "AND p.id_number IS NOT NULL AND p.phone IS NOT NULL AND p.address IS NOT NULL "
        "RETURN p.eid ORDER BY p.eid LIMIT 1")}).json()["rows"]
    return as_role("admin").get(f"/profiles/{rows[0][0]}").json()
