"""Store operations of data stewardship: decisions, conflicts and review (issue 5).

``GraphStore`` inherits these; they use the same engine and named queries as every other store
operation, and keep to the same seam (plain dicts and frames in and out).

Decisions are stored on record ids (``rids``), never only on entity ids: entity ids change when
records move, a rid does not. ``eids`` keeps the entity ids as they were when the steward decided,
for history; ``part`` holds the rids a split takes out.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from graph.model import check_kind

DECISION_ACTIONS = ("match", "no_match", "merge", "split")
DECISION_COLUMNS = ["did", "kind", "action", "rids", "eids", "part", "by", "at", "reason",
                    "status", "undone_by", "undone_at"]


class StewardshipStore:
    """Mixin of :class:`graph.store.GraphStore`: decisions, conflicts, review queue."""

    _engine: object

    # -- decisions --------------------------------------------------------------------------
    def record_decision(self, decision: dict[str, Any]) -> None:
        """Store one decision (``did, kind, action, rids, eids, part, by, at, reason``) as an
        active Decision node linked ``ABOUT`` each of its records, in one transaction.

        Raises:
            ValueError: unknown kind or action, or no record named.
        """
        check_kind(decision.get("kind"))
        if decision.get("action") not in DECISION_ACTIONS:
            raise ValueError(f"unknown decision {decision.get('action')!r}; expected one of "
                             f"{', '.join(DECISION_ACTIONS)}")
        rids = [str(r) for r in dict.fromkeys(decision.get("rids") or ())]
        if not rids:
            raise ValueError("a decision must name the records it is about (rids)")
        row = {"did": str(decision["did"]), "kind": decision["kind"],
               "action": decision["action"], "rids": rids,
               "eids": [str(e) for e in decision.get("eids") or ()],
               "part": [str(r) for r in decision.get("part") or ()],
               "by": str(decision.get("by") or ""), "at": str(decision["at"]),
               "reason": str(decision.get("reason") or "")}
        with self._engine.transaction():
            self._engine.run("decision_create", row)

    def decisions(self, kind: str = "", status: str = "") -> list[dict[str, Any]]:
        """Decisions, oldest first, optionally of one ``kind`` and ``status``
        (``active`` | ``undone``)."""
        rows = self._engine.run("decision_list", {"kind": kind, "status": status})
        return [_decision(r) for r in rows]

    def decisions_about(self, rid: str) -> list[dict[str, Any]]:
        """Every decision naming source record ``rid``, oldest first (who decided what)."""
        return [_decision(r) for r in self._engine.run("decision_about_record", {"rid": rid})]

    def undo_decision(self, did: str, by: str, at: str) -> bool:
        """Mark an active decision undone (later resolutions ignore it). False if no active
        decision has that id."""
        with self._engine.transaction():
            rows = self._engine.run("decision_undo", {"did": did, "by": by, "at": at})
        return bool(rows)

    # -- review and quality reads -----------------------------------------------------------
    def review_pairs(self, kind: str) -> pd.DataFrame:
        """The last run's review-band pairs of ``kind``: ``l, r, l_source, r_source, weight,
        probability``."""
        frame = self._engine.frame("review_pairs", {"kind": kind})
        columns = ["l", "r", "l_source", "r_source", "weight", "probability"]
        return frame[columns] if len(frame) else pd.DataFrame(columns=columns)

    def pair_evidence(self, l: str, r: str) -> dict[str, Any] | None:
        """The scored evidence between two records (``weight, probability, status, detail``
        decoded, ``run_id``), or None if the last run kept none."""
        rows = self._engine.run("review_pair_evidence", {"l": l, "r": r})
        if not rows:
            return None
        row = dict(rows[0])
        row["detail"] = json.loads(row.get("detail") or "{}")
        return row

    def mapped_fields(self) -> dict[str, set[str]]:
        """source -> the canonical fields its latest mapping fills."""
        out: dict[str, set[str]] = {}
        for r in self._engine.run("latest_mappings"):
            mapping = json.loads(r["mapping"] or "{}")
            out[r["source"]] = set((mapping.get("fields") or {}).keys())
        return out

    def entity_alternatives(self, kind: str) -> pd.DataFrame:
        """Active entities of ``kind`` whose golden record has losing values: ``eid``,
        ``alternatives`` and ``provenance`` (JSON text)."""
        frame = self._engine.frame(f"quality_alternatives_{check_kind(kind)}")
        columns = ["eid", "alternatives", "provenance"]
        return frame[columns] if len(frame) else pd.DataFrame(columns=columns)


def _decision(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in DECISION_COLUMNS}
    for k in ("rids", "eids", "part"):
        out[k] = list(out[k] or [])
    return out
