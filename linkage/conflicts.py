"""Conflicts between what sources say about one entity (多源比对), found on demand.

Computed from the records and the last run's assignment, not stored: every check is a vectorised
group-by, so a fresh list costs about as much as reading the records (see ``yidang conflicts``)
and is never stale after a decision or a new batch. Types:

* ``two_id_numbers`` — a person holding two different valid ID numbers (only a steward's
  must-link can do that: clustering never joins them otherwise); ``two_credit_codes`` likewise
  for organisations;
* ``id_birth_date_mismatch`` / ``id_gender_mismatch`` — a record whose birth date or gender
  disagrees with what a valid ID number of its entity encodes (its own, as the loader flags, or
  another record's: a child's clinic record joined to a parent by a shared phone shows here);
* ``authority_disagreement`` — records of sources authoritative for a field (the mappings'
  ``authority``) giving one entity different values of a field that never changes (name, ID
  number, birth date, gender, registration codes…);
* ``legal_rep_differs`` — an organisation whose sources name different legal representatives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from linkage.survivorship import COMPARE_ON

__all__ = ["CONFLICT_COLUMNS", "CONFLICT_TYPES", "find_conflicts"]

CONFLICT_COLUMNS = ["kind", "eid", "type", "field", "values", "rids", "sources"]
CONFLICT_TYPES = ("two_id_numbers", "two_credit_codes", "id_birth_date_mismatch",
                  "id_gender_mismatch", "authority_disagreement", "legal_rep_differs")
# Hard keys with their validity columns, per kind.
_HARD = {"person": [("id_number", "id_valid", "two_id_numbers")],
         "organization": [("uscc", "uscc_valid", "two_credit_codes")]}
# Fields a person or organisation keeps for life: authoritative sources disagreeing on one is a
# conflict. (Addresses, phones and employers change; their differing values are history.)
_STABLE_FIELDS = {"name", "id_number", "birth_date", "gender", "uscc", "org_code", "reg_no",
                  "established", "legal_rep_name", "legal_rep_id_number"}
# Record columns the checks read (besides authoritative fields).
_WANTED = {"rid", "source", "id_number", "id_valid", "id_birth_date", "id_gender", "birth_date",
           "gender", "uscc", "uscc_valid", "legal_rep_name", "legal_rep_name_key",
           "legal_rep_id_number", "legal_rep_id_valid"}


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
    # Fields are compared through their standardised key (written differently, meaning the
    # same), as survivorship compares them.
    by_field: dict[str, set[str]] = {}
    for source, fields in (authority or {}).items():
        for fld in fields:
            by_field.setdefault(fld, set()).add(source)
    wanted = _WANTED | set(by_field)
    wanted |= {COMPARE_ON.get(f, f) for f in wanted}
    out = []
    for kind, recs in records.items():
        assigned = eids.get(kind)
        if recs is None or not len(recs) or assigned is None or not len(assigned):
            continue
        recs = recs[[c for c in recs.columns if c in wanted]]  # copies below stay small
        recs = recs.assign(eid=assigned.reindex(recs["rid"].astype(str)).to_numpy())
        recs = recs[recs["eid"].notna()]
        for column, valid, kind_type in _HARD.get(kind, ()):
            if column in recs and valid in recs:
                held = recs[recs[valid].eq(True).to_numpy() & recs[column].notna().to_numpy()]
                out.append(_disagreeing(held, kind, kind_type, column, column))
        if kind == "person":
            out.extend(_id_derived(recs))
        for fld, sources in sorted(by_field.items()):
            if fld not in recs or fld not in _STABLE_FIELDS:
                continue
            mine = recs[recs["source"].isin(sources) & recs[fld].notna()]
            compare = COMPARE_ON.get(fld, fld)
            out.append(_disagreeing(mine, kind, "authority_disagreement", fld,
                                    compare if compare in mine else fld))
        if kind == "organization":
            out.append(_legal_reps(recs))
    frames = [f for f in out if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    result = pd.concat(frames, ignore_index=True)[CONFLICT_COLUMNS]
    return result.sort_values(["kind", "type", "eid"], ignore_index=True, kind="stable")


def _id_derived(recs: pd.DataFrame) -> list[pd.DataFrame]:
    """Records whose birth date / gender is not one that a valid ID number of their entity
    encodes: one row per such record, its values and the ID holder's."""
    if not {"id_valid", "id_birth_date", "id_gender"} <= set(recs.columns):
        return []
    holders = recs[recs["id_valid"].eq(True).to_numpy()]
    out = []
    for field, derived, kind_type in (("birth_date", "id_birth_date", "id_birth_date_mismatch"),
                                      ("gender", "id_gender", "id_gender_mismatch")):
        if field not in recs or not len(holders):
            continue
        encoded = holders[holders[derived].notna()].drop_duplicates(["eid", derived])
        first = encoded.drop_duplicates("eid").set_index("eid")
        given = recs[recs[field].notna() & recs["eid"].isin(first.index)]
        ecodes, _ = pd.factorize(np.concatenate([encoded["eid"].to_numpy(dtype=object),
                                                 given["eid"].to_numpy(dtype=object)]))
        vcodes, values = pd.factorize(np.concatenate([
            encoded[derived].astype(str).to_numpy(dtype=object),
            given[field].astype(str).to_numpy(dtype=object)]))
        keys = ecodes.astype(np.int64) * (len(values) + 1) + vcodes
        off = given[~np.isin(keys[len(encoded):], keys[:len(encoded)])]
        if not len(off):
            continue
        holder = first.reindex(off["eid"])
        out.append(pd.DataFrame({
            "kind": "person", "eid": off["eid"].to_numpy(), "type": kind_type, "field": field,
            "values": [[_plain(a), _plain(b)] for a, b in zip(off[field], holder[derived])],
            "rids": [[r] if r == h else [r, h]
                     for r, h in zip(off["rid"].astype(str), holder["rid"].astype(str))],
            "sources": [list(dict.fromkeys([a, b]))
                        for a, b in zip(off["source"].astype(str), holder["source"].astype(str))]}))
    return out


def _disagreeing(held: pd.DataFrame, kind: str, kind_type: str, field: str,
                 compare: str) -> pd.DataFrame | None:
    """Entities among ``held`` records with more than one distinct ``compare`` value."""
    if not len(held):
        return None
    # Distinct (entity, value) pairs counted per entity on integer codes: string group-bys
    # cost seconds at 460k records.
    ecode, _ = pd.factorize(held["eid"])
    vcode, uniques = pd.factorize(held[compare].astype(str))
    pair = np.unique(ecode.astype(np.int64) * (len(uniques) + 1) + vcode)
    per = np.bincount(pair // (len(uniques) + 1), minlength=ecode.max() + 1)
    bad = held["eid"].to_numpy()[np.isin(ecode, np.flatnonzero(per > 1))]
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
    is_id = pd.Series(valid, index=frame.index)
    has_id = is_id.groupby(frame["eid"]).transform("any").to_numpy(dtype=bool)
    frame = frame[~has_id | valid]
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
