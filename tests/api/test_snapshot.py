"""The service's in-memory snapshot answers every read a profile makes exactly as the store does,
for every entity of every kind — active ones and ids merged away."""

import pyarrow as pa

from api import profiles
from api.masking import CLEARANCE
from api.snapshot import _Grouped
from graph.model import KINDS


def _every_entity(store, kind):
    return store.snapshot_entities(kind).column("eid").to_pylist()


def test_the_snapshot_answers_like_the_store_for_every_entity(client, city):
    service = client.app.state.service
    snapshot, store = service.snapshot, service.store
    seen = 0
    for kind in KINDS:
        for eid in _every_entity(store, kind):
            assert snapshot.entity(kind, eid) == store.entity(kind, eid)
            assert snapshot.entity_members(kind, eid) == store.entity_members(kind, eid)
            key = lambda r: (r["type"], r["from_eid"], r["to_eid"])  # noqa: E731
            assert sorted(snapshot.entity_neighbours(kind, eid), key=key) == \
                sorted(store.entity_neighbours(kind, eid), key=key)
            assert snapshot.entity_redirects(kind, eid) == store.entity_redirects(kind, eid)
            seen += 1
    assert seen > 100
    assert snapshot.entity_redirects("person", city.merged_into)[0]["eid"] == city.merged_away
    assert snapshot.entity("person", "P9999999999") is None
    assert snapshot.entity_members("person", "P9999999999") == []


def test_profiles_from_the_snapshot_equal_profiles_from_the_store(client, city):
    service = client.app.state.service
    snapshot, store = service.snapshot, service.store
    for kind in KINDS:
        table = store.snapshot_entities(kind)
        active = [e for e, s in zip(table.column("eid").to_pylist(),
                                    table.column("status").to_pylist()) if s == "active"]
        for eid in active[:: max(1, len(active) // 40)]:
            for cleared in (CLEARANCE["admin"], CLEARANCE["analyst"]):
                assert profiles.profile(snapshot, eid, cleared) == \
                    profiles.profile(store, eid, cleared)
    assert profiles.profile(snapshot, city.merged_into, CLEARANCE["admin"])["history"][-1] \
        ["event"] == "redirected_here"


def test_history_and_searchable_entities_agree_with_the_store(client, city):
    service = client.app.state.service
    snapshot, store = service.snapshot, service.store
    for eid in (city.merged_into, city.merged_away):
        assert snapshot.entity_history(eid) == store.entity_history(eid)
    assert [h["event"] for h in snapshot.entity_history(city.merged_away)][-1] == "merged_into"
    for kind in ("person", "organization"):
        mine = snapshot.active_entities(kind).sort_values("eid", ignore_index=True)
        theirs = store.active_entities(kind).sort_values("eid", ignore_index=True)
        assert mine.equals(theirs[list(mine.columns)])


def test_grouped_rows_keep_their_table_order_within_a_value():
    # Snapshot.entity_redirects relies on it: stubs in eid order, grouped by redirect_to.
    eids = [f"P{i:010d}" for i in range(300)]
    targets = [f"P{9_000_000_000 + i % 7:010d}" for i in range(300)]
    grouped = _Grouped(pa.table({"redirect_to": targets, "eid": eids}), "redirect_to")
    for target in set(targets):
        assert [r["eid"] for r in grouped.rows(target)] == \
            [e for e, t in zip(eids, targets) if t == target]
