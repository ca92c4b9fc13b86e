"""Conflicts between what sources say about one entity (多源比对), found on demand.

Computed from the records and the last run's assignment, not stored: every check is a vectorised
group-by, so a fresh list costs about as much as reading the records (see ``yidang conflicts``)
and is never stale after a decision or a new batch. Types:

* ``two_id_numbers`` — a person holding two different valid ID numbers (only a steward's
  must-link can do that: clustering never joins them otherwise); ``two_credit_codes`` likewise
  for organisations;
* ``id_birth_date_mismatch`` / ``id_gender_mismatch`` — a record whose birth date or gender
  disagrees with what its own valid ID number encodes;
* ``authority_disagreement`` — records of sources authoritative for a field (the mappings'
  ``authority``) giving one entity different values of that field;
* ``legal_rep_differs`` — an organisation whose sources name different legal representatives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["CONFLICT_COLUMNS", "CONFLICT_TYPES", "find_conflicts"]

CONFLICT_COLUMNS = ["kind", "eid", "type", "field", "values", "rids", "sources"]
CONFLICT_TYPES = ("two_id_numbers", "two_credit_codes", "id_birth_date_mismatch",
                  "id_gender_mismatch", "authority_disagreement", "legal_rep_differs")
# Hard keys with their validity columns, per kind.
_HARD = {"person": [("id_number", "id_valid", "two_id_numbers")],
         "organization": [("uscc", "uscc_valid", "two_credit_codes")]}
# Flags the loader sets when a valid ID number disagrees with the record's own fields.
_FLAG_CONFLICTS = {"id_number:birth_date_mismatch": ("id_birth_date_mismatch", "birth_date"),
                   "id_number:gender_mismatch": ("id_gender_mismatch", "gender")}
# Fields compared through their standardised key (written differently, meaning the same).
_COMPARE_BY = {"name": "name_key", "address": "addr_key", "legal_rep_name": "legal_rep_name_key"}


def find_conflicts(records: Mapping[str, pd.DataFrame], eids: Mapping[str, pd.Series],
                   authority: Mapping[str, set[str]] | None = None) -> pd.DataFrame:
    """Every conflict in the resolved records.

    Args:
        records: kind -> the kind's records (``GraphStore.records_frame``).
        eids: kind -> rid -> entity id of the last run (records without one are skipped).
        authority: source -> fields it is authoritative for.

    Returns:
        One row per conflict: ``kind, eid, type, field, values`` (list of the differing values),
        ``rids`` (the records involved) and ``sources`` (theirs), sorted by kind, type, eid.
    """
    out = []
    for kind, recs in records.items():
        assigned = eids.get(kind)
        if recs is None or not len(recs) or assigned is None or not len(assigned):
            continue
        recs = recs.assign(eid=assigned.reindex(recs["rid"].astype(str)).to_numpy())
        recs = recs[recs["eid"].notna()]
        for column, valid, kind_type in _HARD.get(kind, ()):
            if column in recs and valid in recs:
                held = recs[recs[valid].eq(True).to_numpy() & recs[column].notna().to_numpy()]
                out.append(_disagreeing(held, kind, kind_type, column, column))
        if "flags" in recs:
            flags = recs["flags"].map(lambda f: list(f) if f is not None else [])
            for flag, (kind_type, fld) in _FLAG_CONFLICTS.items():
                hit = recs[flags.map(lambda f, flag=flag: flag in f).to_numpy(dtype=bool)]
                if len(hit):
                    derived = "id_" + fld
                    out.append(pd.DataFrame({
                        "kind": kind, "eid": hit["eid"].to_numpy(), "type": kind_type,
                        "field": fld,
                        "values": [[a, b] for a, b in zip(hit[fld], hit.get(derived, hit[fld]))],
                        "rids": [[r] for r in hit["rid"]],
                        "sources": [[s] for s in hit["source"]]}))
        by_field: dict[str, set[str]] = {}
        for source, fields in (authority or {}).items():
            for fld in fields:
                by_field.setdefault(fld, set()).add(source)
        for fld, sources in sorted(by_field.items()):
            if fld not in recs:
                continue
            mine = recs[recs["source"].isin(sources) & recs[fld].notna()]
            compare = _COMPARE_BY.get(fld, fld)
            out.append(_disagreeing(mine, kind, "authority_disagreement", fld,
                                    compare if compare in mine else fld))
        if kind == "organization":
            out.append(_legal_reps(recs))
    frames = [f for f in out if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    result = pd.concat(frames, ignore_index=True)[CONFLICT_COLUMNS]
    return result.sort_values(["kind", "type", "eid"], ignore_index=True)


def _disagreeing(held: pd.DataFrame, kind: str, kind_type: str, field: str,
                 compare: str) -> pd.DataFrame | None:
    """Entities among ``held`` records with more than one distinct ``compare`` value."""
    if not len(held):
        return None
    keys = held[compare].astype(str)
    distinct = pd.DataFrame({"eid": held["eid"].to_numpy(), "v": keys.to_numpy()})
    per = distinct.drop_duplicates().groupby("eid").size()
    bad = per.index[per > 1]
    if not len(bad):
        return None
    sel = held[held["eid"].isin(bad)].sort_values(["eid", "rid"])
    rows = []
    for eid, g in sel.groupby("eid", sort=True):
        rows.append({"kind": kind, "eid": eid, "type": kind_type, "field": field,
                     "values": list(dict.fromkeys(_plain(v) for v in g[field])),
                     "rids": g["rid"].astype(str).tolist(),
                     "sources": list(dict.fromkeys(g["source"].astype(str)))})
    return pd.DataFrame(rows)


def _legal_reps(recs: pd.DataFrame) -> pd.DataFrame | None:
    """Organisations whose sources name different legal representatives: by valid ID number
    where the records give one, else by name."""
    if "legal_rep_name" not in recs:
        return None
    named = recs[recs["legal_rep_name"].notna() | recs.get("legal_rep_id_number",
                                                             recs["legal_rep_name"]).notna()]
    if not len(named):
        return None
    valid = named.get("legal_rep_id_valid", pd.Series(False, index=named.index))
    valid = valid.eq(True).to_numpy()
    name_key = named.get("legal_rep_name_key", named["legal_rep_name"])
    ident = np.where(valid, "id:" + named.get("legal_rep_id_number", name_key).astype(str),
                     "name:" + name_key.astype(str))
    frame = named.assign(_rep=ident)
    # Compare like with like: IDs with IDs where an entity has any, else names.
    has_id = frame.groupby("eid")["_rep"].transform(lambda s: s.str.startswith("id:").any())
    frame = frame[~has_id.to_numpy(dtype=bool) | frame["_rep"].str.startswith("id:").to_numpy()]
    sources = frame.groupby("eid")["source"].nunique()
    frame = frame[frame["eid"].isin(sources.index[sources > 1])]
    found = _disagreeing(frame, "organization", "legal_rep_differs", "legal_rep_name", "_rep")
    return found


def _plain(value):
    if isinstance(value, (np.generic,)):
        return value.item()
    return value


def conflicts_json(frame: pd.DataFrame) -> list[dict]:
    """Conflict rows as plain JSON-ready dicts."""
    return json.loads(frame.to_json(orient="records", force_ascii=False)) if len(frame) else []
