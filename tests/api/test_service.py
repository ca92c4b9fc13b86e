"""What the service keeps between requests: results remembered until the next run or load."""

import threading
import time
from types import SimpleNamespace

from api import service as service_module
from api import stewardship
from api.service import Indexes, Memo, Service


def test_a_memo_computes_each_key_once_even_for_concurrent_callers():
    memo, calls = Memo(), []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return len(calls)

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", slow)))
               for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results == [1, 1, 1, 1] and len(calls) == 1
    assert memo.get("other", lambda: "x") == "x"


def test_conflicts_found_once_are_served_from_the_memo(as_role, client, monkeypatch):
    service = client.app.state.service
    monkeypatch.setattr(service.indexes, "memo", Memo())  # none kept from earlier tests
    found, find = [], stewardship.find_conflicts

    def find_conflicts(*args, **kwargs):
        found.append(1)
        return find(*args, **kwargs)

    monkeypatch.setattr(stewardship, "find_conflicts", find_conflicts)
    first = as_role("steward").get("/steward/conflicts?kind=person&limit=1000")
    assert first.status_code == 200
    kept = service.memo.get(("conflicts", "person"), lambda: None)
    assert kept is not None and len(kept) == first.json()["total"]
    assert as_role("steward").get("/steward/conflicts?kind=person&limit=1000").json() == first.json()
    assert len(found) == 1  # the second request was answered from the memo


def test_refresh_keeps_the_indexes_and_memo_while_no_run_or_load_happened(client):
    service = client.app.state.service
    indexes = service.indexes
    assert service.refresh() is False
    assert service.indexes is indexes


class _Store:
    """What building the indexes reads of a store, where a resolution run can land."""

    def __init__(self):
        self.runs = ["run-1"]

    def run_ids(self):
        return list(self.runs)

    def batches(self, limit):
        return []


def test_a_run_landing_while_the_snapshot_is_built_is_picked_up_by_the_next_refresh(monkeypatch):
    def snapshot(store):  # reading the snapshot takes ~15 s at 200k persons: a run lands meanwhile
        store.runs.append(f"run-{len(store.runs) + 1}")
        return SimpleNamespace()

    monkeypatch.setattr(service_module, "Snapshot", snapshot)
    monkeypatch.setattr(service_module, "SearchIndex",
                        lambda snapshot: SimpleNamespace(persons=[], organizations=[]))
    store = _Store()
    indexes = Indexes.build(store)
    assert indexes.version == (("run-1",), None)  # not the run the snapshot may have missed
    service = Service(store, indexes, audit=None, auth=None, models=None, query_timeout_s=1)
    assert service.refresh() is True
