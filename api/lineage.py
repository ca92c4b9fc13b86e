"""Lineage (血缘): where a golden value came from, and where a source record went."""

from __future__ import annotations

import threading
from typing import Any

from api.errors import NotFound
from api.masking import mask, mask_record
from api.profiles import active_entity, kind_of
from graph import GraphStore
from graph.model import GOLDEN_FIELDS
from linkage.evidence import waterfall
from linkage.scoring import FellegiSunter


class ModelCache:
    """Each run's scoring model, read from its Run node once."""

    def __init__(self, store: GraphStore):
        self._store = store
        self._models: dict[str, FellegiSunter | None] = {}
        self._lock = threading.Lock()

    def get(self, run_id: str) -> FellegiSunter | None:
        with self._lock:
            if run_id not in self._models:
                d = self._store.run_model(run_id)
                self._models[run_id] = FellegiSunter.from_dict(d) if d else None
            return self._models[run_id]


def value_lineage(store: GraphStore, eid: str, field: str, cleared: frozenset[str]) -> dict[str, Any]:
    """The trail of one golden value: the record, batch, file and load it came from, the rule
    that chose it, and the alternatives it won over.

    Raises:
        NotFound: unknown entity, or a field the kind does not have.
        Redirected: the entity was merged away.
    """
    kind = kind_of(eid)
    if field not in GOLDEN_FIELDS[kind]:
        raise NotFound(f"{kind} has no golden field {field!r}; fields: "
                       f"{', '.join(GOLDEN_FIELDS[kind])}", field="field")
    entity = active_entity(store, eid, "/lineage/entities/{eid}/fields/" + field)
    rid = entity["provenance"].get(field)
    out: dict[str, Any] = {
        "eid": eid, "field": field, "value": entity.get(field), "rule": entity["rule"].get(field),
        "run_id": entity.get("run_id"), "alternatives": entity["alternatives"].get(field, []),
        "source_record": None, "batch": None,
    }
    if rid:
        record = store.get_record(rid)
        if record:
            out["source_record"] = mask_record({
                "rid": rid, "source": record.get("source"), "key": record.get("key"),
                "version": record.get("version"), "loaded_at": record.get("loaded_at"),
                "row_no": record.get("row_no"), "value": record.get(field),
                "raw_fields": {field: (record.get("raw_fields") or {}).get(field)},
            }, cleared)
            out["source_record"]["value"] = mask(record.get(field), cleared, field)
        out["batch"] = store.record_batch(rid)
    # Masked under the field's name, as a golden field is everywhere (profiles.golden_fields):
    # the name passes on to ``value`` and the ``alternatives`` it won over (the same data).
    return mask({field: out}, cleared)[field]


def record_lineage(store: GraphStore, models: ModelCache, rid: str,
                   cleared: frozenset[str]) -> dict[str, Any]:
    """A source record's trail: current values and raw row, earlier versions, the batch that
    loaded it, the entity it resolves to, and the pair evidence (a waterfall of per-comparison
    weights) that put it there.

    Raises:
        NotFound: no record ``rid``.
    """
    record = store.get_record(rid)
    if record is None:
        raise NotFound(f"no source record {rid!r}; a record id is SOURCE:KEY, e.g. "
                       "household:HJ7401422157 (see a profile's records)")
    evidence = []
    for e in store.record_evidence(rid):
        model = models.get(e["run_id"])
        evidence.append({"other": e["other"], "weight": e["weight"],
                         "probability": e["probability"], "status": e["status"],
                         "run_id": e["run_id"],
                         "waterfall": waterfall(model, e["detail"]) if model else None})
    out = {
        "rid": rid, "record": mask_record(record, cleared),
        "versions": [mask_record(v, cleared) for v in store.record_versions(rid)],
        "batch": store.record_batch(rid), "entity": store.record_entity(rid),
        "evidence": evidence,
    }
    return mask(out, cleared)
