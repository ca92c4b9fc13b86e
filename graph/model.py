"""The values that cross the graph seam: plain dataclasses and DataFrames, no engine objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

#: Node labels a caller may name. Anything that varies a label in Cypher text comes from here.
NODE_LABELS = (
    "Batch", "SourceRecord", "RecordVersion", "Quarantine", "Key",
    "Person", "Organization", "Place",
)
#: Relationship types with their (from label, to label) pairs.
REL_TYPES: dict[str, tuple[tuple[str, str], ...]] = {
    "LOADED_IN": (("SourceRecord", "Batch"), ("RecordVersion", "Batch")),
    "QUARANTINED_IN": (("Quarantine", "Batch"),),
    "PREVIOUS_VERSION": (("SourceRecord", "RecordVersion"),),
    "HAS_KEY": (("SourceRecord", "Key"),),
}
#: The primary key property of each label.
PRIMARY_KEYS = {
    "Batch": "batch_id", "SourceRecord": "rid", "RecordVersion": "vid", "Quarantine": "qid",
    "Key": "k", "Person": "eid", "Organization": "eid", "Place": "eid",
}
KINDS = ("person", "organization", "place")
#: Schema query files, run in this order by every engine: records first, then resolution.
SCHEMA_QUERIES = ("create_schema", "create_resolution_schema")


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
