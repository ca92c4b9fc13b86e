"""Profiles (一人一档 / 一企一档 / one file per place): the golden record with the trail of each
value, the member source records, related entities, and the entity's history."""

from __future__ import annotations

from typing import Any

from api.errors import Ambiguous, BadInput, NotFound, Redirected
from api.masking import mask, mask_record
from api.snapshot import Snapshot
from graph import GraphStore
from graph.model import GOLDEN_FIELDS

#: Where a profile is read from: the store itself (the CLI) or the service's snapshot of it.
ProfileSource = GraphStore | Snapshot

KIND_OF_PREFIX = {"P": "person", "O": "organization", "A": "place"}
#: Identifiers a profile can be looked up by: the Key type, its normaliser, and the kind held.
LOOKUP_TYPES = ("id_number", "uscc", "reg_no", "org_code", "phone")
_LOOKUP_KIND = {"id_number": "person", "uscc": "organization", "reg_no": "organization",
                "org_code": "organization", "phone": None}
#: Fields kept on each member record in a profile (the rest is in its lineage).
MEMBER_FIELDS = ("rid", "source", "key", "version", "loaded_at", "batch_id", "file",
                 "batch_loaded_at", "rule", "run_id", "raw", "raw_fields")
_HIDDEN_GOLDEN = ("addr_key",)  # a matching key, not a value anyone reads


def kind_of(eid: str) -> str:
    """The kind an entity id names (P… person, O… organisation, A… place).

    Raises:
        NotFound: the id has none of these prefixes.
    """
    kind = KIND_OF_PREFIX.get(eid[:1])
    if kind is None or not eid[1:].isdigit():
        raise NotFound(f"no entity {eid!r}: entity ids are P + 10 digits (persons), O + 10 "
                       "digits (organisations) or A + 10 digits (places); find one with "
                       "GET /search/persons?name=… or GET /profiles/by/id_number/…")
    return kind


def active_entity(source: ProfileSource, eid: str, path: str = "/profiles/{eid}") -> dict[str, Any]:
    """The active entity ``eid``.

    Raises:
        NotFound: no such id.
        Redirected: ``eid`` was merged away; says which active entity it now is.
    """
    kind = kind_of(eid)
    entity = source.entity(kind, eid)
    if entity is None:
        raise NotFound(f"no entity {eid!r}; find one with GET /search/persons?name=… or look "
                       "one up by identifier: GET /profiles/by/{id_number|uscc|phone|reg_no}/VALUE")
    if entity.get("status") == "redirected":
        seen, target = {eid}, entity
        while target.get("status") == "redirected" and target.get("redirect_to") not in seen:
            seen.add(target["redirect_to"])
            nxt = source.entity(kind, target["redirect_to"])
            if nxt is None:
                break
            target = nxt
        raise Redirected(eid, target["eid"], entity.get("redirect_reason"),
                         entity.get("redirected_at"), path.replace("{eid}", target["eid"]))
    return entity


def golden_fields(entity: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Per golden field: value, the source record it came from, the rule that chose it, and the
    alternatives other sources hold."""
    prov, rules, alts = entity["provenance"], entity["rule"], entity["alternatives"]
    out = {}
    for field in GOLDEN_FIELDS[kind]:
        if field in _HIDDEN_GOLDEN:
            continue
        out[field] = {"value": entity.get(field), "source": prov.get(field),
                      "rule": rules.get(field), "alternatives": alts.get(field, [])}
    return out


def profile(source: ProfileSource, eid: str, cleared: frozenset[str]) -> dict[str, Any]:
    """The whole file of one entity, masked for ``cleared``.

    Args:
        source: the store, or the service's in-memory snapshot of it (api.snapshot).

    Raises:
        NotFound, Redirected: see :func:`active_entity`.
    """
    kind = kind_of(eid)
    entity = active_entity(source, eid)
    records = source.entity_members(kind, eid)
    loads = source.batch_files([r.get("batch_id") for r in records])
    members = []
    for m in records:
        b = loads.get(m.get("batch_id"), {})
        m = m | {"file": b.get("file"), "batch_loaded_at": b.get("loaded_at")}
        members.append(mask_record({k: m[k] for k in MEMBER_FIELDS if k in m}
                                   | {"fields": _canonical(m, kind)}, cleared))
    merged_from = source.entity_redirects(kind, eid)
    out = mask({
        "eid": eid, "kind": kind, "status": entity["status"], "run_id": entity.get("run_id"),
        "updated_at": entity.get("updated_at"), "record_count": entity.get("record_count"),
        "sources": entity.get("sources", []),
        "fields": golden_fields(entity, kind),
        "related": related_entities(source, eid),
        "history": source.entity_history(eid) + [
            {"event": "redirected_here", "from": r["eid"], "at": r["at"],
             "detail": r.get("reason")} for r in merged_from],
    }, cleared)
    out["records"] = members  # masked one by one above, raw rows included
    return out


def _canonical(record: dict[str, Any], kind: str) -> dict[str, Any]:
    return {f: record[f] for f in GOLDEN_FIELDS[kind] if f in record and f not in _HIDDEN_GOLDEN}


def related_entities(source: ProfileSource, eid: str) -> list[dict[str, Any]]:
    """Entities one relation away: the relation, its direction, and its evidence (the records
    asserting it and the rule)."""
    out = []
    for r in source.entity_neighbours(kind_of(eid), eid):
        outgoing = r["from_eid"] == eid
        other = r["to_eid"] if outgoing else r["from_eid"]
        out.append({"type": r["type"], "direction": "out" if outgoing else "in", "eid": other,
                    "kind": KIND_OF_PREFIX.get(other[:1]), "name": r.get("name"),
                    "address": r.get("address"),
                    "evidence": {"records": r.get("rids") or [], "rule": r.get("rule")}})
    out.sort(key=lambda x: (x["type"], x["eid"]))
    return out


def briefs(store: GraphStore, eids: list[str]) -> dict[str, dict[str, Any]]:
    """eid -> name, address, status for entities of any kind (one query per kind)."""
    by_kind: dict[str, list[str]] = {}
    for e in dict.fromkeys(eids):
        kind = KIND_OF_PREFIX.get(e[:1])
        if kind:
            by_kind.setdefault(kind, []).append(e)
    out: dict[str, dict[str, Any]] = {}
    for kind, ids in by_kind.items():
        out.update(store.entity_briefs(kind, ids))
    return out


def normalise_identifier(id_type: str, value: str) -> str:
    """``value`` standardised the way the loader stored it, so a search for '110105 49123 1002'
    or a 15-digit ID finds the record.

    Raises:
        BadInput: unknown identifier type.
    """
    from loaders.standardise.id_number import parse_id_number
    from loaders.standardise.org_codes import parse_org_code, parse_reg_no, parse_uscc
    from loaders.standardise.phone import parse_phone

    parsers = {"id_number": parse_id_number, "uscc": parse_uscc, "reg_no": parse_reg_no,
               "org_code": parse_org_code, "phone": parse_phone}
    if id_type not in parsers:
        raise BadInput(f"cannot look up by {id_type!r}; use one of {', '.join(LOOKUP_TYPES)}",
                       field="id_type")
    parsed = parsers[id_type](value)
    if parsed is None:
        raise BadInput(f"{value!r} is not a {id_type}", field="value")
    return parsed.value


def lookup(store: GraphStore, id_type: str, value: str,
           cleared: frozenset[str] = frozenset()) -> str:
    """The one entity holding identifier ``id_type``/``value`` (candidates in the error are
    masked for ``cleared``).

    Raises:
        BadInput: unknown type or unreadable value.
        NotFound: no record holds it.
        Ambiguous: several entities hold it (their ids are in the error).
    """
    norm = normalise_identifier(id_type, value)
    want = _LOOKUP_KIND[id_type]
    rows = [r for r in store.entities_with_key(f"{id_type}:{norm}")
            if want is None or KIND_OF_PREFIX.get(r["eid"][:1]) == want]
    if not rows:
        raise NotFound(f"no record holds {id_type} {norm}; check the number, or search by name "
                       "with GET /search/persons?name=…", id_type=id_type, value=norm)
    if len(rows) > 1:
        names = briefs(store, [r["eid"] for r in rows])
        raise Ambiguous(f"{len(rows)} entities hold {id_type} {norm}; choose one",
                        candidates=mask([{"eid": r["eid"], "records": r["records"],
                                          **names.get(r["eid"], {})} for r in rows], cleared))
    return rows[0]["eid"]
