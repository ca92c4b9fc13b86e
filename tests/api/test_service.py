"""What the service keeps between requests: results remembered until the next run or load."""

import threading
import time

from api.service import Memo


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


def test_conflicts_found_once_are_served_from_the_memo(as_role, client):
    first = as_role("steward").get("/steward/conflicts?kind=person&limit=1000")
    assert first.status_code == 200
    service = client.app.state.service
    kept = service.memo.get(("conflicts", "person"), lambda: None)
    assert kept is not None and len(kept) == first.json()["total"]
    assert as_role("steward").get("/steward/conflicts?kind=person&limit=1000").json() == first.json()
    assert service.refresh() is False  # no run since: the memo stays
