"""Relations between resolved entities, each carried by the source records that assert it.

``relations(persons, organizations, places)`` takes the source records of each kind with their
``eid`` (``GraphStore.records_frame(kind)`` plus the resolution) and returns one row per
(type, from_eid, to_eid):

- ``EMPLOYED_BY`` (Person → Organization): the person record's ``employer_uscc`` is the ``uscc``
  of exactly one organisation entity (rule ``employer_uscc``); else its ``employer_name_key`` is
  the ``co_core`` of exactly one organisation entity (rule ``employer_name_key``). The loader
  writes the employer's company-name core (trade name + industry, '宏达电子科技') as
  ``employer_name_key``, so it is compared with the organisations' core, not their whole-name
  ``name_key``; a core shared by a head office and its branch, or by two cities' companies, is
  held by two entities and links neither.
- ``LEGAL_REP_OF`` (Person → Organization): the organisation record's ``legal_rep_id_number`` is
  the ``id_number`` of exactly one person entity; numbers that pass the check win: an
  organisation linked through a valid number drops its links through invalid ones (rule
  ``legal_rep_id_number``). For organisations without such a link, the record's
  ``legal_rep_name_key`` is the ``name_key`` of exactly one person entity employed by that
  organisation (rule ``legal_rep_name_key+employed_by``).
- ``LIVES_AT`` (Person → Place): the person record's ``addr_key`` is the ``addr_key`` of exactly
  one place entity, and the key is precise enough to be a dwelling (see :func:`dwelling_keys`).
- ``REGISTERED_AT`` (Organization → Place): the same for an organisation's address, with keys
  precise enough to be premises (see :func:`premises_keys`).
- ``BRANCH_OF`` (Organization → Organization): an entity whose records name a branch
  (``co_branch``) → the one head-office entity (no record with a branch) with the same
  ``co_core`` and ``co_region`` (rule ``co_core+region``); when the core finds none, the same
  ``co_trade_name`` and region (rule ``co_trade_name+region``). Two candidate head offices: no edge.

An identifier shared by two entities of the target kind proves nothing, so it makes no edge; nor
does a link from an entity to itself. ``rids`` lists the records on both sides that carried the
identifier; ``rule`` is the strongest rule that asserted the edge.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EMPLOYED_BY, LEGAL_REP_OF, LIVES_AT, REGISTERED_AT, BRANCH_OF = (
    "EMPLOYED_BY", "LEGAL_REP_OF", "LIVES_AT", "REGISTERED_AT", "BRANCH_OF")
RELATION_TYPES = (EMPLOYED_BY, LEGAL_REP_OF, LIVES_AT, REGISTERED_AT, BRANCH_OF)
COLUMNS = ["type", "from_eid", "to_eid", "rids", "rule"]
# Address key slots: province|city|district|road|number|building|unit|room (loaders.standardise.address).
_CITY, _LOCATOR, _NUMBER, _BUILDING, _ROOM = 1, 3, 4, 5, 7
#: The record columns each kind needs for relations (besides what resolution adds: eid).
RELATION_COLUMNS = {
    "person": ("rid", "eid", "name_key", "id_number", "employer_uscc", "employer_name_key", "addr_key"),
    "organization": ("rid", "eid", "name_key", "uscc", "legal_rep_id_number", "legal_rep_id_valid",
                     "legal_rep_name_key", "co_branch", "co_core", "co_trade_name", "co_region",
                     "addr_key"),
    "place": ("rid", "eid", "addr_key"),
}


def relations(persons: pd.DataFrame, organizations: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Every relation the source records assert between resolved entities.

    Args:
        persons, organizations, places: source records of each kind (``GraphStore.records_frame``)
            with an ``eid`` column: the entity each record resolved to.

    Returns:
        A frame with columns ``type, from_eid, to_eid, rids, rule``, one row per (type, from_eid,
        to_eid), sorted; ``rids`` is the sorted list of records asserting the edge.

    Raises:
        ValueError: when a frame lacks a column the rules read, or a record has no eid.
    """
    for kind, frame in (("person", persons), ("organization", organizations), ("place", places)):
        _check(kind, frame)
    employed = employed_by(persons, organizations)
    parts = [employed, legal_rep_of(persons, organizations, employed), lives_at(persons, places),
             registered_at(organizations, places), branch_of(organizations)]
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def employed_by(persons: pd.DataFrame, organizations: pd.DataFrame) -> pd.DataFrame:
    """EMPLOYED_BY edges (see the module docstring).

    Args:
        persons, organizations: source records with ``eid``.

    Returns:
        Edges with columns ``type, from_eid, to_eid, rids, rule``.
    """
    by_code = _links(persons, "employer_uscc", _owned(organizations, "uscc"), "employer_uscc")
    linked = set(by_code["rid_from"])
    rest = persons[~persons["rid"].isin(linked)]
    by_name = _links(rest, "employer_name_key", _owned(organizations, "co_core"), "employer_name_key")
    return _collapse(EMPLOYED_BY, [by_code, by_name])


def legal_rep_of(persons: pd.DataFrame, organizations: pd.DataFrame,
                 employed: pd.DataFrame | None = None) -> pd.DataFrame:
    """LEGAL_REP_OF edges (see the module docstring).

    Args:
        persons, organizations: source records with ``eid``.
        employed: the EMPLOYED_BY edges, for the name rule; computed when None.

    Returns:
        Edges with columns ``type, from_eid, to_eid, rids, rule``.
    """
    if employed is None:
        employed = employed_by(persons, organizations)
    by_id = _links(organizations, "legal_rep_id_number", _owned(persons, "id_number"),
                   "legal_rep_id_number").rename(columns={"eid_from": "eid_to", "eid_to": "eid_from",
                                                          "rid_from": "rid_to", "rid_to": "rid_from"})
    valid = by_id["rid_to"].map(organizations.set_index("rid")["legal_rep_id_valid"]).eq(True)
    org_has_valid = by_id["eid_to"].isin(by_id.loc[valid, "eid_to"])
    by_id = by_id[valid | ~org_has_valid]

    # Name rule: the organisation's records whose entity has no link by number.
    orgs = organizations.loc[~organizations["eid"].isin(by_id["eid_to"]),
                             ["rid", "eid", "legal_rep_name_key"]].dropna()
    staff = employed[["from_eid", "to_eid"]].merge(
        persons[["rid", "eid", "name_key"]].dropna(), left_on="from_eid", right_on="eid")
    named = orgs.merge(staff, left_on=["eid", "legal_rep_name_key"], right_on=["to_eid", "name_key"],
                       suffixes=("_org", "_person"))
    n_people = named.groupby("rid_org")["from_eid"].transform("nunique")
    named = named[n_people == 1]
    by_name = pd.DataFrame({"eid_from": named["from_eid"], "eid_to": named["eid_org"],
                            "rid_from": named["rid_person"], "rid_to": named["rid_org"],
                            "rule": "legal_rep_name_key+employed_by"})
    return _collapse(LEGAL_REP_OF, [by_id, by_name])


def dwelling_keys(keys: pd.Series) -> pd.Series:
    """Which address keys are precise enough to be one dwelling.

    A dwelling key names its city, a road or estate, and a room ('…|张江路|100号|3|2|501'); or,
    in a lane (弄), the house number in the lane ('…|虹桥路|470弄|14||'), since a lane house is one
    home. A building or road number alone holds many households, and a key without a city could
    be any of the cities sharing a district name.

    Args:
        keys: ``addr_key`` values (None allowed).

    Returns:
        A boolean Series aligned with ``keys``.
    """
    parts = _key_parts(keys)
    lane_house = parts[_NUMBER].str.endswith("弄") & (parts[_BUILDING] != "")
    return _located(parts) & ((parts[_ROOM] != "") | lane_house)


def premises_keys(keys: pd.Series) -> pd.Series:
    """Which address keys are precise enough to be an organisation's registered premises: a city,
    a road or estate, and a house number, building or room (a whole building can be the
    registered address; a bare road cannot).

    Args:
        keys: ``addr_key`` values (None allowed).

    Returns:
        A boolean Series aligned with ``keys``.
    """
    parts = _key_parts(keys)
    return _located(parts) & ((parts[_NUMBER] != "") | (parts[_BUILDING] != "") | (parts[_ROOM] != ""))


def lives_at(persons: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """LIVES_AT edges: person records whose dwelling key is one place entity's key.

    Args:
        persons, places: source records with ``eid``.

    Returns:
        Edges with columns ``type, from_eid, to_eid, rids, rule``.
    """
    return _located_at(LIVES_AT, persons, dwelling_keys, places)


def registered_at(organizations: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """REGISTERED_AT edges: organisation records whose premises key is one place entity's key.

    Args:
        organizations, places: source records with ``eid``.

    Returns:
        Edges with columns ``type, from_eid, to_eid, rids, rule``.
    """
    return _located_at(REGISTERED_AT, organizations, premises_keys, places)


def _located_at(kind: str, records: pd.DataFrame, precise, places: pd.DataFrame) -> pd.DataFrame:
    """Edges from the records whose ``addr_key`` passes ``precise`` to the one place entity
    holding that key (rule ``addr_key``)."""
    held = records[precise(records["addr_key"]).to_numpy()]
    return _collapse(kind, [_links(held, "addr_key", _owned(places, "addr_key"), "addr_key")])


def branch_of(organizations: pd.DataFrame) -> pd.DataFrame:
    """BRANCH_OF edges: branch entities to their one head office (see the module docstring).

    Args:
        organizations: source records with ``eid`` and the ``co_*`` name anatomy.

    Returns:
        Edges with columns ``type, from_eid, to_eid, rids, rule``.
    """
    orgs = organizations[["rid", "eid", "co_branch", "co_core", "co_trade_name", "co_region"]].copy()
    orgs["co_region"] = orgs["co_region"].fillna("")  # no region on either side still matches
    is_branch = orgs["eid"].isin(orgs.loc[orgs["co_branch"].notna(), "eid"])
    branches, heads = orgs[is_branch], orgs[~is_branch]
    found = []
    for column, rule in (("co_core", "co_core+region"), ("co_trade_name", "co_trade_name+region")):
        pending = branches[~branches["eid"].isin([e for f in found for e in f["eid_from"]])]
        pairs = pending.dropna(subset=[column]).merge(
            heads.dropna(subset=[column]), on=[column, "co_region"], suffixes=("_from", "_to"))
        one_head = pairs.groupby("eid_from")["eid_to"].transform("nunique") == 1
        found.append(pairs.loc[one_head, ["eid_from", "eid_to", "rid_from", "rid_to"]].assign(rule=rule))
    return _collapse(BRANCH_OF, found)


def _check(kind: str, frame: pd.DataFrame) -> None:
    missing = [c for c in RELATION_COLUMNS[kind] if c not in frame.columns]
    if missing:
        raise ValueError(f"{kind} records lack column(s) {', '.join(missing)}; pass "
                         f"GraphStore.records_frame({kind!r}) with an 'eid' column added")
    if frame["eid"].isna().any():
        rids = frame.loc[frame["eid"].isna(), "rid"].head(3).tolist()
        raise ValueError(f"{kind} records {rids} have no eid; resolve every record (or drop it) first")


def _owned(records: pd.DataFrame, column: str) -> pd.DataFrame:
    """Records whose ``column`` value belongs to exactly one entity: ``rid, eid, value``."""
    held = records[["rid", "eid", column]].dropna().rename(columns={column: "value"})
    owners = held.groupby("value")["eid"].transform("nunique")
    return held[owners == 1]


def _links(records: pd.DataFrame, column: str, owned: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Records whose ``column`` equals an owned value: ``eid_from, eid_to, rid_from, rid_to, rule``."""
    left = records[["rid", "eid", column]].dropna().rename(columns={column: "value"})
    pairs = left.merge(owned, on="value", suffixes=("_from", "_to"))
    return pairs[["eid_from", "eid_to", "rid_from", "rid_to"]].assign(rule=rule)


def _collapse(kind: str, links: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per (from, to): the union of the rids, the first (strongest) rule; no self-links."""
    links = [frame.assign(strength=i) for i, frame in enumerate(links) if len(frame)]
    if not links:
        return pd.DataFrame(columns=COLUMNS)
    pairs = pd.concat(links, ignore_index=True)
    pairs = pairs[pairs["eid_from"] != pairs["eid_to"]]
    keys = ["eid_from", "eid_to"]
    rule = pairs.sort_values("strength").drop_duplicates(keys)[keys + ["rule"]]
    flat = (pd.concat([pairs[keys + ["rid_from"]].rename(columns={"rid_from": "rid"}),
                       pairs[keys + ["rid_to"]].rename(columns={"rid_to": "rid"})])
            .drop_duplicates().sort_values(keys + ["rid"], ignore_index=True))
    # One list of rids per (from, to), cut from the sorted column at group boundaries (a
    # groupby(...).agg(list) runs Python per group: 30 s for 340k relations).
    edge = flat[keys].ne(flat[keys].shift()).any(axis=1).to_numpy()
    starts = np.flatnonzero(edge)
    lists = [chunk.tolist() for chunk in np.split(flat["rid"].to_numpy(dtype=object), starts[1:])]
    rids = flat.loc[starts, keys].reset_index(drop=True).assign(rids=lists)
    out = rids.merge(rule, on=keys).rename(columns={"eid_from": "from_eid", "eid_to": "to_eid"})
    return out.assign(type=kind).sort_values(["from_eid", "to_eid"], ignore_index=True)[COLUMNS]


def _key_parts(keys: pd.Series) -> pd.DataFrame:
    """The eight slots of each address key ('' where empty or the key is missing), split once
    per distinct key."""
    codes, uniques = pd.factorize(keys.fillna("").astype(str))
    parts = pd.Series(uniques).str.split("|", expand=True, n=7)
    for slot in range(8):
        if slot not in parts.columns:
            parts[slot] = ""
    parts = parts.fillna("")
    out = parts.iloc[codes].reset_index(drop=True) if len(codes) else parts.iloc[:0]
    out.index = keys.index
    return out


def _located(parts: pd.DataFrame) -> pd.Series:
    return (parts[_CITY] != "") & (parts[_LOCATOR] != "")
