"""Relationships between entities: neighbourhoods, shortest connections, shared identifiers."""

from __future__ import annotations

from typing import Any

from api.errors import BadInput, NotFound
from api.masking import mask
from api.profiles import KIND_OF_PREFIX, active_entity, briefs, kind_of
from graph import GraphStore
from graph.model import RELATION_TYPES

MAX_DEPTH = 3
SHARED_TYPES = ("phone", "address", "id_number", "uscc", "org_code", "reg_no")


def _types(types: list[str] | None) -> list[str]:
    chosen = list(types or RELATION_TYPES)
    bad = [t for t in chosen if t not in RELATION_TYPES]
    if bad:
        raise BadInput(f"unknown relation type {bad[0]!r}; expected some of "
                       f"{', '.join(RELATION_TYPES)}", field="types")
    return chosen


def _node(eid: str, names: dict[str, dict[str, Any]], depth: int | None = None) -> dict[str, Any]:
    out = {"eid": eid, "kind": KIND_OF_PREFIX.get(eid[:1]), **names.get(eid, {})}
    if depth is not None:
        out["depth"] = depth
    return out


def neighbours(store: GraphStore, eid: str, depth: int = 1, types: list[str] | None = None,
               limit: int = 200, cleared: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Entities within ``depth`` relations of ``eid`` (breadth first), with the edges between
    them; at most ``limit`` entities (``truncated`` says when more were reachable).

    Raises:
        NotFound, Redirected: unknown or merged-away ``eid``.
        BadInput: depth outside 1..3 or an unknown relation type.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise BadInput(f"depth must be 1 to {MAX_DEPTH}", field="depth")
    chosen = _types(types)
    root = active_entity(store, eid, "/relationships/{eid}/neighbours")
    seen = {eid: 0}
    names = {eid: {k: root[k] for k in ("name", "address", "status") if k in root}}
    edges: dict[tuple, dict[str, Any]] = {}
    frontier, truncated = [eid], False
    wanted = set(chosen)
    for hop in range(1, depth + 1):
        nxt = []
        rows = [r for e in frontier for r in store.entity_neighbours(kind_of(e), e)
                if r["type"] in wanted]
        for r in rows:
            edges.setdefault((r["from_eid"], r["type"], r["to_eid"]), {
                "from": r["from_eid"], "type": r["type"], "to": r["to_eid"],
                "evidence": {"records": r.get("rids") or [], "rule": r.get("rule")}})
            for other in (r["from_eid"], r["to_eid"]):
                if other not in names:
                    names[other] = {k: r[k] for k in ("name", "address") if r.get(k)}
                if other not in seen:
                    if len(seen) >= limit:
                        truncated = True
                        continue
                    seen[other] = hop
                    nxt.append(other)
        frontier = nxt
        if not frontier:
            break
    nodes = [_node(e, names, d) for e, d in sorted(seen.items(), key=lambda x: (x[1], x[0]))]
    kept = [e for e in edges.values() if e["from"] in seen and e["to"] in seen]
    return mask({"eid": eid, "depth": depth, "types": chosen, "nodes": nodes, "edges": kept,
                 "truncated": truncated}, cleared)


def connection(store: GraphStore, a: str, b: str, cleared: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The shortest chain of relations (≤ 6) between entities ``a`` and ``b``.

    Raises:
        NotFound: either id unknown, or no chain within 6 relations.
    """
    active_entity(store, a)
    active_entity(store, b)
    path = store.shortest_connection((kind_of(a), a), (kind_of(b), b))
    if not path:
        raise NotFound(f"no chain of at most 6 relations joins {a} and {b}")
    names = briefs(store, path["eids"])
    return mask({"from": a, "to": b, "length": len(path["types"]),
                 "nodes": [_node(e, names) for e in path["eids"]],
                 "relations": path["types"]}, cleared)


def sharing(store: GraphStore, eid: str, types: list[str] | None = None, limit: int = 100,
            offset: int = 0, cleared: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Other entities holding an identifier (phone, address, …) that ``eid``'s records hold,
    grouped by entity, with the identifiers shared."""
    chosen = list(types or ("phone", "address"))
    bad = [t for t in chosen if t not in SHARED_TYPES]
    if bad:
        raise BadInput(f"cannot compare on {bad[0]!r}; use some of {', '.join(SHARED_TYPES)}",
                       field="types")
    active_entity(store, eid, "/relationships/{eid}/sharing")
    rows = store.shared_keys(kind_of(eid), eid, chosen, limit=5000)
    by_entity: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_entity.setdefault(r["eid"], []).append({"type": r["type"], "value": r["value"]})
    ordered = sorted(by_entity.items(), key=lambda x: (-len(x[1]), x[0]))
    page = ordered[offset:offset + limit]
    names = briefs(store, [e for e, _ in page])
    items = [{**_node(e, names), "shared": [{"type": s["type"], s["type"]: s["value"]}
                                             for s in shared]} for e, shared in page]
    total = len(ordered)
    return mask({"eid": eid, "types": chosen, "items": items, "total": total, "limit": limit,
                 "offset": offset, "next_offset": offset + limit if offset + limit < total else None},
                cleared)
