"""The values that cross the graph seam: plain dataclasses and DataFrames, no engine objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

#: Node labels a caller may name. Anything that varies a label in Cypher text comes from here.
NODE_LABELS = (
    "Batch", "SourceRecord", "RecordVersion", "Quarantine", "Key",
    "Person", "Organization", "Place", "Run", "EntityEvent", "Decision",
)
#: Relationship types with their (from label, to label) pairs.
REL_TYPES: dict[str, tuple[tuple[str, str], ...]] = {
    "LOADED_IN": (("SourceRecord", "Batch"), ("RecordVersion", "Batch")),
    "QUARANTINED_IN": (("Quarantine", "Batch"),),
    "PREVIOUS_VERSION": (("SourceRecord", "RecordVersion"),),
    "HAS_KEY": (("SourceRecord", "Key"),),
    "RESOLVES_TO": (("SourceRecord", "Person"), ("SourceRecord", "Organization"),
                    ("SourceRecord", "Place")),
    "MATCHES": (("SourceRecord", "SourceRecord"),),
    "REDIRECTS_TO": (("Person", "Person"), ("Organization", "Organization"), ("Place", "Place")),
    "LEGAL_REP_OF": (("Person", "Organization"),),
    "EMPLOYED_BY": (("Person", "Organization"),),
    "LIVES_AT": (("Person", "Place"),),
    "REGISTERED_AT": (("Organization", "Place"),),
    "BRANCH_OF": (("Organization", "Organization"),),
    "ABOUT": (("Decision", "SourceRecord"),),
}
#: Relationships between entities, derived from record fields by ``linkage.relations``.
RELATION_TYPES = ("LEGAL_REP_OF", "EMPLOYED_BY", "LIVES_AT", "REGISTERED_AT", "BRANCH_OF")
#: The primary key property of each label.
PRIMARY_KEYS = {
    "Batch": "batch_id", "SourceRecord": "rid", "RecordVersion": "vid", "Quarantine": "qid",
    "Key": "k", "Person": "eid", "Organization": "eid", "Place": "eid", "Run": "run_id",
    "EntityEvent": "event_id", "Decision": "did",
}
KINDS = ("person", "organization", "place")
#: The entity label of each kind.
ENTITY_LABELS = {"person": "Person", "organization": "Organization", "place": "Place"}
#: Properties every entity node carries besides its golden fields.
ENTITY_META = ("eid", "status", "run_id", "updated_at", "provenance", "alternatives", "rule",
               "record_count", "sources", "redirect_to", "redirect_reason", "redirected_at")
#: Golden fields stored on each kind's entity nodes (survivorship may choose more; the rest
#: stay on the records).
GOLDEN_FIELDS = {
    "person": ("name", "id_number", "gender", "birth_date", "phone", "address", "addr_key",
               "employer_name", "employer_uscc"),
    "organization": ("name", "uscc", "org_code", "reg_no", "legal_rep_name",
                     "legal_rep_id_number", "established", "address", "addr_key"),
    "place": ("address", "addr_key", "lng", "lat"),
}

#: Schema query files, run in this order by every engine: records first, then resolution, then
#: the HTTP service's users and audit trail.
SCHEMA_QUERIES = ("create_schema", "create_resolution_schema", "create_access_schema")


def check_kind(kind: str) -> str:
    """``kind`` itself if it is one of :data:`KINDS`; raises ValueError naming them otherwise."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return kind


@dataclass(frozen=True)
class Batch:
    """One load of one file: what came in and where it went."""

    batch_id: str
    source: str
    kind: str
    file: str
    sha256: str
    mapping: str  # the mapping as JSON text
    loaded_at: str  # ISO timestamp, UTC
    rows_in: int
    rows_loaded: int
    rows_quarantined: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    duration_s: float = 0.0

    def as_row(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RecordState:
    """What the store holds for one source key: enough to tell new, changed and unchanged."""

    version: int
    row_hash: str


@dataclass
class BatchWrite:
    """Everything one load writes, applied atomically by :meth:`GraphStore.write_batch`.

    Attributes:
        batch: the Batch node.
        new_records: SourceRecord rows for keys the store has not seen (column per property).
        changed_records: SourceRecord rows replacing the current version of known keys.
        superseded: RecordVersion rows, the previous state of each changed record.
        keys: identifier rows ``rid, k, type, value`` for new and changed records.
        quarantine: Quarantine rows.
    """

    batch: Batch
    new_records: pd.DataFrame
    changed_records: pd.DataFrame
    superseded: pd.DataFrame
    keys: pd.DataFrame
    quarantine: pd.DataFrame


@dataclass(frozen=True)
class SourceCount:
    source: str
    kind: str
    records: int
    batches: int
    quarantined: int


@dataclass(frozen=True)
class StoreStatus:
    """Counts across the store, for ``yidang status``."""

    engine: str
    location: str
    sources: list[SourceCount] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return sum(s.records for s in self.sources)

    @property
    def quarantined(self) -> int:
        return sum(s.quarantined for s in self.sources)


@dataclass
class ResolutionWrite:
    """Everything one resolution run writes for one kind, applied atomically by
    :meth:`GraphStore.write_resolution`; it replaces the kind's entities of the last run.

    Attributes:
        kind: person, organization or place.
        run: the Run node's row (run_id, kind, started, finished, settings, model, counts,
            timings as JSON text).
        entities: one row per active entity: ``eid`` and :data:`GOLDEN_FIELDS` of the kind,
            ``provenance``, ``alternatives``, ``rule`` (JSON text), ``record_count``, ``sources``.
        members: ``rid``, ``eid``, ``rule`` — the RESOLVES_TO links of every record.
        redirects: ``from_eid``, ``to_eid``, ``reason`` — ids merged away this run.
        evidence: ``l``, ``r`` (rids), ``weight``, ``probability``, ``status``, ``detail``.
        events: ``eid``, ``event``, ``detail`` — entity history of this run.
    """

    kind: str
    run: dict
    entities: pd.DataFrame
    members: pd.DataFrame
    redirects: pd.DataFrame
    evidence: pd.DataFrame
    events: pd.DataFrame


def coded(value: Any, table: dict[str, str] | None) -> Any:
    """``value`` through a mapping's code table (``{"1": "M"}``), matched on its stripped text;
    a value the table does not list, or a non-string, passes unchanged."""
    if table and isinstance(value, str):
        return table.get(value.strip(), value)
    return value


def raw_fields(raw: dict[str, Any], mapping: dict[str, Any]) -> dict[str, Any]:
    """Canonical field → the raw value it was standardised from: the record's raw row read
    through its batch's mapping (``Batch.mapping`` decoded), code tables applied. Derived, not
    stored: it repeated the raw row on every record (a fifth of the store, ~3 s of a 200k load)."""
    values = mapping.get("values") or {}
    return {canon: coded(raw.get(column), values.get(canon))
            for canon, column in (mapping.get("fields") or {}).items()}
