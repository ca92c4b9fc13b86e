"""Data stewardship (issue 5): the review queue, decisions, undo, conflicts and source quality.

The CLI (``api/steward_cli.py``) and the HTTP routes (``api/routes/steward.py``) call these same
functions; each takes an open store and plain arguments and returns plain JSON-ready values.
Decisions take effect at the next ``yidang resolve`` (every later run honours them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from api.errors import BadInput, NotFound
from graph import KINDS, GraphStore
from linkage.conflicts import CONFLICT_TYPES, conflicts_json, find_conflicts
from linkage.decisions import DecisionError, decision_links, make_decision
from linkage.evidence import waterfall
from linkage.quality import quality_report
from linkage.scoring import FellegiSunter
from linkage.settings import LinkageSettings, default_settings

if TYPE_CHECKING:
    from api.service import Memo  # the service's; the CLI passes none

ACTIONS = ("match", "no_match", "merge", "split")
T = TypeVar("T")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _kinds(kind: str | None) -> list[str]:
    if kind and kind not in KINDS:
        raise BadInput(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", field="kind")
    return [kind] if kind else list(KINDS)


def _settings(store: GraphStore, kind: str) -> LinkageSettings:
    last = store.last_run(kind)
    if last and last.get("settings"):
        return LinkageSettings.from_dict(last["settings"])
    return default_settings(kind)


# -- the review queue ----------------------------------------------------------------------
def review_queue(store: GraphStore, kind: str | None = None, source: str | None = None,
                 limit: int = 50, offset: int = 0, conflicts: bool = True,
                 memo: Memo | None = None) -> dict[str, Any]:
    """Review-band pairs not yet decided, and entities with conflicts, most consequential first.

    A pair's priority is the number of records a decision would move (both entities' sizes)
    divided by ``1 + |weight - match weight|`` — big entities near the threshold first. A
    conflict's is its entity's size (it needs a steward whatever the threshold).

    Args:
        kind: one kind, or all.
        source: only items with a record of this source.
        limit, offset: the page.
        conflicts: include entities with conflicts.
        memo: where the service keeps conflicts found since the last run (see
            :func:`kind_conflicts`); the CLI has none.

    Returns:
        ``{"total": n, "items": [...]}``; a pair item has ``type: pair, kind, l, r, weight,
        probability, l_eid, r_eid, l_size, r_size, same_entity, priority``; a conflict item has
        ``type: conflict, kind, eid, conflict, field, values, rids, size, priority``.
    """
    items: list[dict[str, Any]] = []
    decided = decision_links(store.decisions(status="active"))
    for k in _kinds(kind):
        pairs = store.review_pairs(k)
        eids = store.resolution_of_kind(k)
        if not len(eids):
            continue
        sizes = eids.value_counts()
        if len(pairs):
            if source:
                pairs = pairs[(pairs["l_source"] == source) | (pairs["r_source"] == source)]
            links = decided.get(k)
            if links is not None:
                done = pd.concat([links.must_link, links.cannot_link])
                done = set(zip(done["l"], done["r"]))
                keep = [(min(a, b), max(a, b)) not in done for a, b in zip(pairs["l"], pairs["r"])]
                pairs = pairs[keep]
            match_weight = _settings(store, k).thresholds.match_weight
            le = eids.reindex(pairs["l"]).to_numpy()
            re_ = eids.reindex(pairs["r"]).to_numpy()
            ls = sizes.reindex(le).fillna(0).to_numpy()
            rs = sizes.reindex(re_).fillna(0).to_numpy()
            weight = pairs["weight"].to_numpy(dtype=float)
            same = le == re_
            moved = (ls + rs) * ~same + ls * same
            priority = moved / (1 + abs(weight - match_weight))
            for i, row in enumerate(pairs.itertuples(index=False)):
                items.append({"type": "pair", "kind": k, "l": row.l, "r": row.r,
                              "l_source": row.l_source, "r_source": row.r_source,
                              "weight": round(float(weight[i]), 3),
                              "probability": round(float(row.probability), 4),
                              "l_eid": le[i], "r_eid": re_[i], "l_size": int(ls[i]),
                              "r_size": int(rs[i]), "same_entity": bool(same[i]),
                              "priority": round(float(priority[i]), 4)})
        if conflicts:
            for c in conflicts_json(kind_conflicts(store, k, memo)):
                if source and source not in c["sources"]:
                    continue
                size = int(sizes.get(c["eid"], 0))
                items.append({"type": "conflict", "kind": k, "eid": c["eid"],
                              "conflict": c["type"], "field": c["field"], "values": c["values"],
                              "rids": c["rids"], "size": size, "priority": float(size)})
    items.sort(key=lambda it: (-it["priority"], it.get("l") or it.get("eid"), it.get("r", "")))
    return {"total": len(items), "items": items[offset:offset + limit]}


def review_item(store: GraphStore, l: str, r: str) -> dict[str, Any]:
    """One pair in detail: both records, their entities, the per-comparison evidence (a
    waterfall of weights) and what each decision would do.

    Raises:
        NotFound: a record is unknown.
    """
    records = {rec["rid"]: rec for rec in store.current_records([l, r])}
    for rid in (l, r):
        if rid not in records:
            raise NotFound(f"no source record {rid!r} (give source:key)")
    kind = records[l]["kind"]
    if records[r]["kind"] != kind:
        raise BadInput(f"{l} is a {kind} record and {r} a {records[r]['kind']} one: only records "
                       f"of one kind can be the same entity")
    eids = store.resolution_of_kind(kind)
    evidence = store.pair_evidence(l, r)
    explained = None
    if evidence:
        model = store.run_model(evidence["run_id"])
        if model:
            explained = waterfall(FellegiSunter.from_dict(model), evidence["detail"])
    sides = {}
    for side, rid in (("left", l), ("right", r)):
        eid = eids.get(rid)
        members = sorted(eids.index[eids == eid]) if eid is not None else []
        sides[side] = {"record": records[rid], "eid": eid, "size": len(members),
                       "members": members[:50]}
    return {"kind": kind, "l": l, "r": r, **sides, "evidence": evidence, "waterfall": explained,
            "preview": preview(eids, kind, l, r),
            "decisions": [d for d in store.decisions_about(l) if r in d["rids"]]}


def preview(eids: pd.Series, kind: str, l: str, r: str) -> dict[str, Any]:
    """What match and no-match on a pair would do to the entities (stable-id rules: a merge
    keeps the larger entity's id and redirects the other; a split keeps the id on the larger
    part). Exact for the pair's own records; other records follow their own evidence at the
    next resolve."""
    el, er = eids.get(l), eids.get(r)
    sizes = eids.value_counts()
    sl, sr = int(sizes.get(el, 0)), int(sizes.get(er, 0))
    if el is not None and el == er:
        return {"match": {"effect": "none: already one entity", "eid": el, "size": sl},
                "no_match": {"effect": "split", "eid": el, "size": sl,
                             "result": f"{l} and {r} end in different entities; {el} stays "
                                       f"with the larger part, the other part gets a new id"}}
    keep, gone = (el, er) if (sl, str(er)) >= (sr, str(el)) else (er, el)
    return {"match": {"effect": "merge", "eid": keep, "redirects": gone, "size": sl + sr,
                      "result": f"{gone} merges into {keep} ({sl + sr} records); {gone} "
                                f"redirects to {keep}"},
            "no_match": {"effect": "none: already apart; they will never be merged",
                         "eids": [el, er], "sizes": [sl, sr]}}


# -- decisions -----------------------------------------------------------------------------
def _kind_of(store: GraphStore, rids: list[str], entities: list[str]) -> tuple[str, pd.Series]:
    """The kind and the rid -> entity id of what a decision names (only those records and the
    named entities' members: a decision never reads the whole resolution)."""
    if rids:
        rec = store.get_record(rids[0])
        if rec is None:
            raise NotFound(f"no source record {rids[0]!r} (give source:key)")
        placed = {}
        for rid in rids:
            found = store.record_entity(rid)
            if found:
                placed[rid] = found["eid"]
        return rec["kind"], pd.Series(placed, dtype=object)
    for k in KINDS:
        members = {e: store.entity_members(k, e) for e in entities}
        if entities and members[entities[0]]:
            return k, pd.Series({m["rid"]: e for e, ms in members.items() for m in ms},
                                dtype=object)
    raise NotFound(f"no current entity {entities[0] if entities else ''!r}: give an active "
                   f"entity id (a merged-away id redirects; use the one it redirects to)")


def decide(store: GraphStore, action: str, *, rids: list[str] | None = None,
           entities: list[str] | None = None, by: str, reason: str = "") -> dict[str, Any]:
    """Record a steward decision; the next resolve honours it.

    Args:
        action: ``match`` / ``no_match`` (two ``rids``), ``merge`` (two ``entities``),
            ``split`` (one of ``entities`` and the ``rids`` to take out of it).
        by, reason: the steward and why.

    Returns:
        The stored decision.

    Raises:
        BadInput: the action does not fit what was named. NotFound: unknown record or entity.
    """
    action = action.replace("-", "_")
    if action not in ACTIONS:
        raise BadInput(f"unknown decision {action!r}; expected one of {', '.join(ACTIONS)}",
                       field="action")
    rids, entities = list(rids or []), list(entities or [])
    if action == "merge" and rids:
        raise BadInput("merge takes two entity ids, not records (use match for two records)")
    kind, eids = _kind_of(store, rids if action in ("match", "no_match") else [],
                          entities if action in ("merge", "split") else [])
    try:
        decision = make_decision(kind, action, eids=eids, rids=rids, entities=entities,
                                 by=by, reason=reason, at=_now())
    except DecisionError as exc:
        raise BadInput(str(exc)) from exc
    store.record_decision(decision)
    return {**decision, "status": "active", "effective": "at the next resolve"}


def undo(store: GraphStore, did: str, by: str) -> dict[str, Any]:
    """Undo an active decision: the next resolve ignores it.

    Raises:
        NotFound: no active decision ``did``.
    """
    if not by.strip():
        raise BadInput("say who undoes the decision (--by NAME)", field="by")
    if not store.undo_decision(did, by.strip(), _now()):
        known = {d["did"]: d for d in store.decisions()}
        state = f" (it is {known[did]['status']})" if did in known else ""
        raise NotFound(f"no active decision {did!r}{state}; list them with `yidang decisions`")
    return next(d for d in store.decisions() if d["did"] == did)


def decisions(store: GraphStore, kind: str = "", status: str = "",
              rid: str = "") -> list[dict[str, Any]]:
    """Decisions (oldest first), or those about one record: who decided what, and when."""
    if kind:
        _kinds(kind)
    if rid:
        return [d for d in store.decisions_about(rid) if not kind or d["kind"] == kind]
    return store.decisions(kind=kind, status=status)


# -- conflicts and quality -----------------------------------------------------------------
def _remembered(memo: Memo | None, key: Hashable, compute: Callable[[], T]) -> T:
    return memo.get(key, compute) if memo is not None else compute()


def kind_conflicts(store: GraphStore, kind: str, memo: Memo | None = None,
                   records: pd.DataFrame | None = None,
                   resolution: pd.Series | None = None) -> pd.DataFrame:
    """The conflicts in one kind's current resolution (``linkage.conflicts.find_conflicts``).
    Finding them reads every record of the kind (about 50 s at 200k persons), so a service
    keeps them in ``memo`` until the next run or load.

    Args:
        records, resolution: the kind's ``records_frame`` and ``resolution_of_kind`` if the
            caller has read them already; read from the store otherwise.
    """
    def find() -> pd.DataFrame:
        return find_conflicts(
            {kind: records if records is not None else store.records_frame(kind)},
            {kind: resolution if resolution is not None else store.resolution_of_kind(kind)},
            store.source_authority())

    return _remembered(memo, ("conflicts", kind), find)


def _conflicts_of(store: GraphStore, kinds: list[str], memo: Memo | None,
                  records: dict[str, pd.DataFrame] | None = None,
                  resolution: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    records, resolution = records or {}, resolution or {}
    frames = [kind_conflicts(store, k, memo, records.get(k), resolution.get(k)) for k in kinds]
    frames = [f for f in frames if len(f)] or frames[:1]
    # find_conflicts' own order (kind, type, eid; stable), as if all kinds were found at once
    return pd.concat(frames, ignore_index=True).sort_values(
        ["kind", "type", "eid"], ignore_index=True, kind="stable")


def conflicts(store: GraphStore, kind: str | None = None, type: str | None = None,
              source: str | None = None, limit: int = 100, offset: int = 0,
              memo: Memo | None = None) -> dict[str, Any]:
    """Conflicts in the current resolution (see ``linkage.conflicts``).

    Returns:
        ``{"total": n, "by_type": {type: n}, "items": [...]}``.
    """
    if type and type not in CONFLICT_TYPES:
        raise BadInput(f"unknown conflict type {type!r}; expected one of "
                       f"{', '.join(CONFLICT_TYPES)}", field="type")
    rows = conflicts_json(_conflicts_of(store, _kinds(kind), memo))
    rows = [c for c in rows if (not type or c["type"] == type)
            and (not source or source in c["sources"])]
    by_type: dict[str, int] = {}
    for c in rows:
        by_type[c["type"]] = by_type.get(c["type"], 0) + 1
    return {"total": len(rows), "by_type": by_type, "items": rows[offset:offset + limit]}


def quality(store: GraphStore, source: str | None = None, examples: int = 3,
            memo: Memo | None = None) -> dict[str, Any]:
    """The per-source quality report (see ``linkage.quality``), for one source or all.

    Raises:
        NotFound: ``source`` holds no records.
    """
    def report() -> dict[str, Any]:
        records = {k: store.records_frame(k) for k in KINDS}
        eids = {k: store.resolution_of_kind(k) for k in KINDS}
        return quality_report(records, eids, {k: store.entity_alternatives(k) for k in KINDS},
                              _conflicts_of(store, list(KINDS), memo, records, eids),
                              store.mapped_fields(),
                              examples=examples)

    found = _remembered(memo, ("quality", examples), report)
    if source:
        if source not in found:
            raise NotFound(f"no records of source {source!r}; sources: "
                           f"{', '.join(sorted(found))}")
        return {source: found[source]}
    return found


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
