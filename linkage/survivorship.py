"""Survivorship: one golden value per field per entity, each keeping the source record it came
from (the crosswalk, 血缘).

For each field, the records of an entity that hold a value are ranked by the field's rules, in
the order given; the first record wins:

- ``authority``: the record's source is authoritative for the field (一数一源, the mapping's
  ``authority`` list). A derived column counts as its canonical field: ``name_key`` and the
  ``co_*`` anatomy as ``name``, ``addr_*`` as ``address``, ``id_birth_date`` as ``id_number`` …
- ``valid``: the value passes its check (the rule's ``valid`` column True beats unknown beats False).
- ``frequent``: the value (compared on its standardised form) that most of the entity's records hold.
- ``recent``: the record loaded last (``loaded_at``).
- always last, so the choice is deterministic: the smallest rid.

Values are compared on their standardised form (``compare`` column: ``name_key`` for ``name``,
``addr_key`` for ``address`` …), so 張偉 and 张伟 are one value, not a conflict. The choice is made
for all entities at once (integer codes packed into one sort key per field); only the
alternatives of entities with conflicting values are assembled record by record. 460,080 person
records (199,240 entities) × 8 fields take about 4 s on a shared 2-core machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field as dataclass_field
from typing import Any

import numpy as np
import pandas as pd

RULES = ("authority", "valid", "frequent", "recent")
TIE_BREAK = "rid"
AGREED = "agreed"  # the rule recorded when every record of the entity holds the same value

# Column -> the standardised column its values are compared on.
COMPARE_ON = {"name": "name_key", "employer_name": "employer_name_key", "address": "addr_key",
              "legal_rep_name": "legal_rep_name_key"}
# Column -> the canonical (mapping) field whose authority it inherits.
CANONICAL_FIELD = {
    "name_key": "name", "name_pinyin": "name", "id_birth_date": "id_number",
    "id_gender": "id_number", "id_region": "id_number", "id_valid": "id_number",
    "employer_name_key": "employer_name", "legal_rep_name_key": "legal_rep_name",
    "legal_rep_id_valid": "legal_rep_id_number", "uscc_valid": "uscc", "org_code_valid": "org_code",
    "reg_no_valid": "reg_no", "phone_kind": "phone",
    **{f"co_{part}": "name" for part in ("region", "trade_name", "industry", "legal_form",
                                         "form_family", "branch", "core")},
    **{f"addr_{part}": "address" for part in ("province", "city", "district", "town", "road",
                                              "number", "estate", "building", "unit", "room",
                                              "key", "candidates")},
}
# Sensible rules per kind, for resolution's settings to start from.
_DEFAULT_FIELDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "person": (("name", None), ("id_number", "id_valid"), ("gender", None), ("birth_date", None),
               ("phone", None), ("address", None), ("employer_name", None), ("employer_uscc", None)),
    "organization": (("name", None), ("uscc", "uscc_valid"), ("org_code", "org_code_valid"),
                     ("reg_no", "reg_no_valid"), ("legal_rep_name", None),
                     ("legal_rep_id_number", "legal_rep_id_valid"), ("established", None),
                     ("address", None)),
    "place": (("address", None), ("lng", None), ("lat", None), ("crs", None)),
}


@dataclass(frozen=True)
class FieldRule:
    """How one golden field is chosen.

    Attributes:
        field: the golden field, a record column (``name``, ``id_number``, ``addr_key`` …).
        rules: the tie-break order, a subset of ``authority``, ``valid``, ``frequent``, ``recent``;
            the smallest rid always breaks what they leave tied.
        valid: the validity column of the field (``id_valid`` for ``id_number``): a valid value
            beats an unknown one, which beats an invalid one. None: no validity check.
        compare: the column holding the standardised form values are compared on; None uses
            ``COMPARE_ON`` (``name_key`` for ``name`` …) or else the value itself.
    """

    field: str
    rules: tuple[str, ...] = RULES
    valid: str | None = None
    compare: str | None = None

    def __post_init__(self):
        if not isinstance(self.field, str) or not self.field:
            raise ValueError(f"a field rule needs a non-empty 'field' (a record column), got {self.field!r}")
        object.__setattr__(self, "rules", tuple(self.rules))
        unknown = [r for r in self.rules if r not in RULES]
        if unknown:
            raise ValueError(f"field rule {self.field!r}: unknown rule(s) {', '.join(map(repr, unknown))}; "
                             f"use any of {', '.join(RULES)} (the smallest rid breaks remaining ties)")
        if len(set(self.rules)) != len(self.rules):
            raise ValueError(f"field rule {self.field!r}: rules {list(self.rules)} repeat a rule; list each once")

    @property
    def compare_column(self) -> str:
        """The column values are compared on."""
        return self.compare or COMPARE_ON.get(self.field, self.field)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldRule:
        """Read the JSON form ``{"field": …, "rules": […], "valid": …, "compare": …}``.

        Args:
            data: the mapping; only ``field`` is required.

        Returns:
            The rule.

        Raises:
            ValueError: for a missing field, an unknown key or an unknown rule, naming the fix.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"a field rule must be a mapping like {{\"field\": \"name\"}}, got {data!r}")
        allowed = {"field", "rules", "valid", "compare"}
        extra = sorted(set(data) - allowed)
        if extra:
            raise ValueError(f"field rule {data.get('field')!r}: unknown key(s) {', '.join(extra)}; "
                             f"allowed keys are {', '.join(sorted(allowed))}")
        if "field" not in data:
            raise ValueError(f"field rule {dict(data)!r} has no 'field'; add the record column it chooses, "
                             f"e.g. {{\"field\": \"name\"}}")
        rules = data.get("rules", RULES)
        if isinstance(rules, str):
            raise ValueError(f"field rule {data['field']!r}: 'rules' must be a list, e.g. [{rules!r}]")
        return cls(field=data["field"], rules=tuple(rules), valid=data.get("valid"),
                   compare=data.get("compare"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, read back by :meth:`from_dict`.

        Returns:
            ``{"field", "rules", "valid", "compare"}``.
        """
        return {"field": self.field, "rules": list(self.rules), "valid": self.valid,
                "compare": self.compare}


def default_rules(kind: str) -> tuple[FieldRule, ...]:
    """The usual golden fields of a kind with their validity columns.

    Args:
        kind: ``person``, ``organization`` or ``place``.

    Returns:
        One rule per golden field, each with the default tie-break order.

    Raises:
        ValueError: for an unknown kind.
    """
    if kind not in _DEFAULT_FIELDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(_DEFAULT_FIELDS)}")
    return tuple(FieldRule(f, valid=v) for f, v in _DEFAULT_FIELDS[kind])


@dataclass
class Golden:
    """Golden records of one kind.

    Attributes:
        frame: one row per eid, sorted by eid: ``eid``; each golden field's value (None when no
            record holds one); ``provenance`` (JSON text: field -> rid that gave the value);
            ``alternatives`` (JSON text: field -> [{"value", "rids", "sources"}] for the other
            distinct values, fields without a conflict left out); ``rule`` (JSON text: field ->
            the rule that decided: ``authority:<source>``, ``valid``, ``frequent``, ``recent``,
            ``rid``, or ``agreed`` when the records do not conflict); ``record_count``;
            ``sources`` (sorted list of source names).
        rules: the field rules applied.
    """

    frame: pd.DataFrame
    rules: tuple[FieldRule, ...] = dataclass_field(default=())


@dataclass
class _Choice:
    """One field's choice for every entity that holds a value (arrays aligned on ``entity``)."""

    entity: np.ndarray  # entity code
    row: np.ndarray  # record row of the winner
    rule: np.ndarray  # object: the deciding rule
    alternatives: dict[int, list[dict]]  # entity code -> the other values


def golden_records(records: pd.DataFrame, rules: Sequence[FieldRule | Mapping], *,
                   authority: Mapping[str, Iterable[str]] | None = None) -> Golden:
    """Choose each entity's golden values from its source records.

    Args:
        records: source records of one kind (``GraphStore.records_frame`` plus an ``eid``
            column); needs ``eid``, ``rid``, ``source``, ``loaded_at`` and the rules' columns.
        rules: one :class:`FieldRule` (or its JSON form) per golden field.
        authority: source name -> the fields it is authoritative for (the mappings' ``authority``).

    Returns:
        The golden records (see :class:`Golden`).

    Raises:
        ValueError: for a missing column, a record without an eid, or a field listed twice.
    """
    rules = tuple(r if isinstance(r, FieldRule) else FieldRule.from_dict(r) for r in rules)
    _check(records, rules)
    authority = {s: set(fs) for s, fs in (authority or {}).items()}

    eid_codes, eids = pd.factorize(records["eid"])
    eid_order = np.argsort(np.asarray(eids, dtype=object), kind="stable")
    eids = np.asarray(eids, dtype=object)[eid_order]
    eid_rank = np.empty(len(eids), dtype=np.int64)
    eid_rank[eid_order] = np.arange(len(eids))
    eid_codes = eid_rank[eid_codes]
    n_entities = len(eids)
    source = records["source"].to_numpy(dtype=object)
    rid_rank = _rank(records["rid"])
    recent_rank = -_rank(records["loaded_at"].fillna(""))  # later loads first

    out: dict[str, Any] = {"eid": np.asarray(eids, dtype=object)}
    provenance = _JsonObjects(n_entities)
    decided = np.zeros((n_entities, len(rules)), dtype=np.int64)  # code of the deciding rule
    rule_names: dict[str, int] = {"": 0}
    alternatives: list[dict] = [{} for _ in range(n_entities)]
    rid_json = _json_strings(records["rid"])
    for i, rule in enumerate(rules):
        choice = _choose(records, rule, eid_codes, source, rid_rank, recent_rank, authority)
        values = np.full(n_entities, None, dtype=object)
        values[choice.entity] = records[rule.field].to_numpy(dtype=object)[choice.row]
        out[rule.field] = values
        provenance.add(rule.field, choice.entity, rid_json[choice.row])
        codes, hows = pd.factorize(choice.rule)
        decided[choice.entity, i] = np.asarray([rule_names.setdefault(h, len(rule_names)) for h in hows],
                                               dtype=np.int64)[codes]
        for e, alts in choice.alternatives.items():
            alternatives[e][rule.field] = alts

    frame = pd.DataFrame(out)
    frame["provenance"] = provenance.text()
    frame["alternatives"] = [json.dumps(a, ensure_ascii=False, default=_json_value) if a else "{}"
                             for a in alternatives]
    frame["rule"] = _rule_text(decided, [r.field for r in rules], list(rule_names))
    frame["record_count"] = np.bincount(eid_codes, minlength=n_entities)
    frame["sources"] = _sources_per_entity(eid_codes, records["source"], n_entities)
    return Golden(frame=frame, rules=rules)


def _check(records: pd.DataFrame, rules: tuple[FieldRule, ...]) -> None:
    fields = [r.field for r in rules]
    repeated = sorted({f for f in fields if fields.count(f) > 1})
    if repeated:
        raise ValueError(f"field(s) {', '.join(repeated)} have more than one rule; keep one rule per field")
    needed = ["eid", "rid", "source", "loaded_at"]
    for r in rules:
        needed.append(r.field)
        if r.valid:
            needed.append(r.valid)
        if r.compare:
            needed.append(r.compare)
    missing = [c for c in dict.fromkeys(needed) if c not in records.columns]
    if missing:
        raise ValueError(f"records lack column(s) {', '.join(missing)}; pass GraphStore.records_frame(kind) "
                         f"with an 'eid' column added, and rules naming its columns "
                         f"(columns: {', '.join(map(str, records.columns))})")
    if records["eid"].isna().any():
        rids = records.loc[records["eid"].isna(), "rid"].head(3).tolist()
        raise ValueError(f"records {rids} have no eid; resolve every record (or drop it) before survivorship")


def _rank(column: pd.Series) -> np.ndarray:
    """Dense integer rank of each value (ascending)."""
    values = column.to_numpy(dtype=object)
    if len(values) < 2 or bool((values[1:] > values[:-1]).all()):  # rids as records_frame sorts them
        return np.arange(len(values), dtype=np.int64)
    codes, uniques = pd.factorize(column)
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(np.asarray(uniques, dtype=object), kind="stable")] = np.arange(len(uniques))
    return rank[codes]


def _authoritative_sources(rule: FieldRule, authority: Mapping[str, set[str]]) -> list[str]:
    names = {rule.field, CANONICAL_FIELD.get(rule.field, rule.field)}
    return sorted(s for s, fields in authority.items() if names & fields)


def _choose(records: pd.DataFrame, rule: FieldRule, eid_codes: np.ndarray, source: np.ndarray,
            rid_rank: np.ndarray, recent_rank: np.ndarray, authority: Mapping[str, set[str]]) -> _Choice:
    """Rank the records holding a value and take the best per entity, with the deciding rule."""
    values = records[rule.field]
    compare = records[rule.compare_column] if rule.compare_column in records.columns else values
    compare = compare.where(compare.notna(), values)  # no standardised form: the value itself
    rows = np.flatnonzero(values.notna().to_numpy() & compare.notna().to_numpy())
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return _Choice(empty, empty, np.zeros(0, dtype=object), {})
    ent = eid_codes[rows]
    cmp_codes, _ = pd.factorize(compare.to_numpy(dtype=object)[rows])
    pair = ent.astype(np.int64) * (int(cmp_codes.max()) + 1) + cmp_codes
    pair_codes, pair_counts = np.unique(pair, return_inverse=True, return_counts=True)[1:]
    keys: dict[str, np.ndarray] = {
        "authority": np.isin(source[rows], _authoritative_sources(rule, authority)).astype(np.int64),
        "valid": _validity(records, rule.valid, rows),
        "frequent": pair_counts[pair_codes],
        "recent": -recent_rank[rows],
    }
    ordered = [keys[r] for r in rule.rules]
    order = _rank_order(ent, ordered, rid_rank[rows])
    ent_sorted = ent[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ent_sorted[1:] != ent_sorted[:-1]
    winner = order[first]  # positions in ``rows``, one per entity, entity order

    # The runner-up: the best record of each entity holding a different value.
    win_of_pos = np.repeat(winner, np.diff(np.append(np.flatnonzero(first), len(order))))
    other = cmp_codes[order] != cmp_codes[win_of_pos]
    other_pos = order[other]
    runner_first = np.ones(len(other_pos), dtype=bool)
    runner_first[1:] = ent[other_pos][1:] != ent[other_pos][:-1]
    runner = other_pos[runner_first]
    how = np.full(len(winner), AGREED, dtype=object)
    conflict = np.isin(ent[winner], ent[runner])
    if len(runner):
        w = winner[conflict]
        decided = np.zeros(len(w), dtype=bool)
        how_conflict = np.full(len(w), TIE_BREAK, dtype=object)
        for name, k in zip(rule.rules, ordered):
            differs = ~decided & (k[w] != k[runner])
            how_conflict[differs] = name
            decided |= differs
        auth = how_conflict == "authority"
        how_conflict[auth] = [f"authority:{s}" for s in source[rows[w[auth]]].tolist()]
        how[conflict] = how_conflict
    alternatives = _alternatives(records, rule, rows, order, ent, cmp_codes, winner, conflict, source)
    return _Choice(ent[winner], rows[winner], how, alternatives)


def _rank_order(ent: np.ndarray, keys: list[np.ndarray], tie: np.ndarray) -> np.ndarray:
    """Positions sorted by entity, then each key descending, then ``tie`` ascending.

    The keys are small non-negative integers: when their bit widths fit one int64 they are packed
    into one sort key (one argsort instead of a lexsort over every key)."""
    lower_better = [int(k.max()) - k for k in keys]  # all non-negative, 0 best
    parts = [ent.astype(np.int64)] + lower_better + [tie.astype(np.int64)]
    widths = [max(int(p.max()).bit_length(), 1) for p in parts]
    if sum(widths) > 62:
        return np.lexsort(parts[::-1])
    packed = np.zeros(len(ent), dtype=np.int64)
    for part, width in zip(parts, widths):
        packed = (packed << width) | part
    return np.argsort(packed, kind="stable")


def _validity(records: pd.DataFrame, column: str | None, rows: np.ndarray) -> np.ndarray:
    """2 for valid, 1 for unknown, 0 for invalid (all 1 without a validity column)."""
    if column is None:
        return np.ones(len(rows), dtype=np.int64)
    v = records[column].to_numpy(dtype=object)[rows]
    return np.where(pd.isna(v), 1, np.where(v == True, 2, 0)).astype(np.int64)  # noqa: E712


def _alternatives(records: pd.DataFrame, rule: FieldRule, rows: np.ndarray, order: np.ndarray,
                  ent: np.ndarray, cmp_codes: np.ndarray, winner: np.ndarray, conflict: np.ndarray,
                  source: np.ndarray) -> dict[int, list[dict]]:
    """Entity code -> the values other than the winner, best first, with their rids and sources."""
    if not conflict.any():
        return {}
    conflicted = ent[winner[conflict]]
    pos = order[np.isin(ent[order], conflicted)]  # ranked, entity by entity
    losing = cmp_codes[pos] != cmp_codes[winner[np.searchsorted(ent[winner], ent[pos])]]
    pos = pos[losing]
    values = records[rule.field].to_numpy(dtype=object)
    rid = records["rid"].to_numpy(dtype=object)
    out: dict[int, list[dict]] = {}
    groups: dict[tuple[int, int], dict] = {}
    for p in pos.tolist():  # only records of conflicting entities, losing values
        e, c, r = int(ent[p]), int(cmp_codes[p]), int(rows[p])
        g = groups.get((e, c))
        if g is None:
            g = groups[(e, c)] = {"value": values[r], "rids": [], "sources": []}
            out.setdefault(e, []).append(g)
        g["rids"].append(rid[r])
        if source[r] not in g["sources"]:
            g["sources"].append(source[r])
    return out


def _sources_per_entity(eid_codes: np.ndarray, source: pd.Series, n: int) -> list[list[str]]:
    """Sorted source names per entity, through a bit mask per entity (sources are few)."""
    codes, names = pd.factorize(source, sort=True)
    if len(names) > 62:
        pairs = pd.DataFrame({"e": eid_codes, "s": codes}).drop_duplicates().sort_values(["e", "s"])
        out: list[list[str]] = [[] for _ in range(n)]
        for e, c in zip(pairs["e"].tolist(), pairs["s"].tolist()):
            out[e].append(names[c])
        return out
    masks = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(masks, eid_codes, np.left_shift(1, codes.astype(np.int64)))
    distinct, inverse = np.unique(masks, return_inverse=True)
    lists = [[names[i] for i in range(len(names)) if m >> i & 1] for m in distinct.tolist()]
    return [list(lists[i]) for i in inverse.tolist()]


def _rule_text(decided: np.ndarray, fields: list[str], names: list[str]) -> np.ndarray:
    """The ``rule`` JSON per entity; entities share few combinations, so each is written once."""
    packed = pd.Series(list(map(bytes, decided.astype(np.uint8)))) if len(names) < 256 else \
        pd.Series([tuple(r) for r in decided.tolist()])
    inverse, _ = pd.factorize(packed)
    first = np.unique(inverse, return_index=True)[1]
    text = [json.dumps({f: names[c] for f, c in zip(fields, row) if c}, ensure_ascii=False)
            for row in decided[first].tolist()]
    return np.asarray(text, dtype=object)[inverse]


class _JsonObjects:
    """JSON objects of string values, one per entity, built a field at a time by concatenating
    already encoded strings as arrays (no json.dumps per entity)."""

    def __init__(self, n: int):
        self._body = np.full(n, "", dtype=object)

    def add(self, key: str, entities: np.ndarray, encoded: np.ndarray) -> None:
        """Set ``key`` to the JSON-encoded ``encoded`` values on ``entities``."""
        self._body[entities] += (json.dumps(key, ensure_ascii=False) + ": ") + encoded + ", "

    def text(self) -> np.ndarray:
        """The objects as JSON text."""
        body = pd.Series(self._body, dtype=object).str.removesuffix(", ")
        return ("{" + body + "}").to_numpy(dtype=object)


_NEEDS_ESCAPE = r'["\\\x00-\x1f\u2028\u2029]'


def _json_strings(text: pd.Series) -> np.ndarray:
    """Each string JSON-encoded (quoted), escaping through json only where it is needed."""
    codes, uniques = pd.factorize(text.astype(object))
    if len(uniques) * 2 < len(text):  # few distinct values: encode those
        return _json_strings(pd.Series(uniques, dtype=object))[codes]
    text = text.astype(object)
    encoded = ('"' + text + '"').to_numpy(dtype=object)
    if not re.search(_NEEDS_ESCAPE, "".join(text.tolist())):  # the usual case: nothing to escape
        return encoded
    odd = np.flatnonzero(text.str.contains(_NEEDS_ESCAPE, regex=True).to_numpy(dtype=bool))
    for i in odd.tolist():
        encoded[i] = json.dumps(text.iat[i], ensure_ascii=False)
    return encoded


def _json_value(value: Any) -> Any:
    """JSON for values json cannot write itself (numpy scalars, dates)."""
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
