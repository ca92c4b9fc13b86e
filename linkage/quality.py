"""Per-source data quality (问题数据可反馈): what to tell a department to fix.

For each source: invalid identifiers (by loader flag), key fields it maps but leaves empty,
duplicates inside the source (two of its records resolved to one entity), its values that lost
to another source's in the golden record, and the conflicts its records take part in — each as
counts with a few example records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["KEY_FIELDS", "quality_report"]

#: Fields a record of each kind is expected to carry.
KEY_FIELDS = {"person": ("name", "id_number", "birth_date", "gender"),
              "organization": ("name", "uscc", "legal_rep_name"),
              "place": ("address",)}
_IDENTIFIER_FIELDS = ("id_number", "legal_rep_id_number", "uscc", "employer_uscc", "org_code",
                      "reg_no", "phone")
_NOT_A_FAULT = ("upgraded_15",)  # an old 15-digit number, converted: valid, just dated


def quality_report(records: Mapping[str, pd.DataFrame], eids: Mapping[str, pd.Series],
                   alternatives: Mapping[str, pd.DataFrame], conflicts: pd.DataFrame,
                   mapped: Mapping[str, set[str]] | None = None, *,
                   examples: int = 3) -> dict[str, dict[str, Any]]:
    """The quality report per source.

    Args:
        records: kind -> records (``GraphStore.records_frame``).
        eids: kind -> rid -> entity id of the last run.
        alternatives: kind -> ``eid, alternatives`` (JSON text) of entities with losing values.
        conflicts: ``linkage.conflicts.find_conflicts``'s frame.
        mapped: source -> canonical fields its mapping fills (missing-field counts are given
            only for those); default every key field.
        examples: example records per finding.

    Returns:
        source -> ``kind, records, invalid_identifiers, missing_fields,
        duplicates_in_source, lost_values, conflicts``; each finding is
        ``{name: {"count": n, "examples": [...]}}``.
    """
    report: dict[str, dict[str, Any]] = {}
    for kind, recs in records.items():
        if recs is None or not len(recs):
            continue
        assigned = eids.get(kind, pd.Series(dtype=object))
        recs = recs.assign(eid=assigned.reindex(recs["rid"].astype(str)).to_numpy())
        for source, mine in recs.groupby("source", sort=True):
            report[str(source)] = {
                "kind": kind, "records": int(len(mine)),
                "invalid_identifiers": _invalid(mine, examples),
                "missing_fields": _missing(mine, kind, (mapped or {}).get(str(source)), examples),
                "duplicates_in_source": _duplicates(mine, examples),
                "lost_values": {}, "conflicts": {}}
        _lost(report, alternatives.get(kind), examples)
    _conflicts(report, conflicts, examples)
    return report


def _finding(count: int, examples: list) -> dict[str, Any]:
    return {"count": int(count), "examples": examples}


def _invalid(mine: pd.DataFrame, n: int) -> dict[str, Any]:
    if "flags" not in mine:
        return {}
    found: dict[str, list[str]] = {}
    for rid, flags in zip(mine["rid"], mine["flags"]):
        for flag in (() if flags is None else flags):  # a list, or an array from Arrow
            field, _, problem = str(flag).partition(":")
            if field in _IDENTIFIER_FIELDS and problem not in _NOT_A_FAULT:
                found.setdefault(flag, []).append(str(rid))
    return {flag: _finding(len(rids), rids[:n]) for flag, rids in sorted(found.items())}


def _missing(mine: pd.DataFrame, kind: str, mapped: set[str] | None, n: int) -> dict[str, Any]:
    out = {}
    for fld in KEY_FIELDS.get(kind, ()):
        if fld not in mine or (mapped is not None and fld not in mapped):
            continue
        empty = mine["rid"][mine[fld].isna()].astype(str)
        if len(empty):
            out[fld] = _finding(len(empty), empty.head(n).tolist())
    return out


def _duplicates(mine: pd.DataFrame, n: int) -> dict[str, Any]:
    placed = mine[mine["eid"].notna()]
    sizes = placed.groupby("eid").size()
    dup = sizes[sizes > 1]
    if not len(dup):
        return {"entities": _finding(0, []), "records": _finding(0, [])}
    rows = placed[placed["eid"].isin(dup.index)].sort_values(["eid", "rid"])
    examples = [{"eid": eid, "rids": g["rid"].astype(str).tolist()}
                for eid, g in list(rows.groupby("eid", sort=True))[:n]]
    return {"entities": _finding(len(dup), examples),
            "records": _finding(int(dup.sum()), rows["rid"].astype(str).head(n).tolist())}


def _lost(report: dict, alternatives: pd.DataFrame | None, n: int) -> None:
    """Count, per source and field, the records whose value lost to another in a golden
    record (survivorship's ``alternatives``)."""
    if alternatives is None or not len(alternatives):
        return
    for eid, text in zip(alternatives["eid"], alternatives["alternatives"]):
        for field, values in (json.loads(text or "{}") or {}).items():
            if field.endswith("_key"):  # a matching key shadows its field: counted there
                continue
            for alt in values or ():
                for rid in alt.get("rids") or []:
                    _tally(report, _source_of(rid), "lost_values", field, n,
                           {"eid": eid, "rid": rid, "value": alt.get("value")})


def _conflicts(report: dict, conflicts: pd.DataFrame, n: int) -> None:
    if conflicts is None or not len(conflicts):
        return
    for row in conflicts.itertuples(index=False):
        for source in row.sources:
            _tally(report, source, "conflicts", row.type, n,
                   {"eid": row.eid, "field": row.field, "rids": list(row.rids)})


def _source_of(rid) -> str:
    """The source a rid (``source:key``) belongs to."""
    return str(rid).split(":", 1)[0]


def _tally(report: dict, source: str, section: str, name: str, n: int, example: dict) -> None:
    """Count one finding ``name`` under ``section`` of ``source``'s report (sources outside
    the report are skipped), keeping its first ``n`` examples."""
    entry = report.get(source)
    if entry is None:
        return
    found = entry[section].setdefault(name, _finding(0, []))
    found["count"] += 1
    if len(found["examples"]) < n:
        found["examples"].append(example)
