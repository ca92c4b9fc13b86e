"""Blocking: the candidate pairs resolution compares, from declarative rules saved as JSON.

A rule names record columns whose values must all be present and equal (after an optional
per-column transform) for two records to become a candidate pair::

    {"name": "name_dob", "keys": ["name_key", "birth_date"]}
    {"name": "name_year", "keys": ["name_key", "birth_date"], "transforms": {"birth_date": "year"}}
    {"name": "phone", "keys": ["phone"], "max_block": 200, "sort_by": ["name_key"]}
    {"name": "pinyin_sn", "keys": ["name_pinyin"], "method": "sorted_neighbourhood", "window": 7}

An over-common key (a switchboard phone shared by a whole hospital, 王伟 born in 1980) would make
a block of thousands of records and millions of pairs that are nearly all non-matches. A block
bigger than ``max_block`` is therefore not exploded: its records are ordered by ``sort_by`` (by
default the other rules' keys, so records sharing an ID number or a name sit together), then
row position, and each is paired with the next ``window - 1`` only; the block is reported as
capped, with its key value, so the rule can be tightened.

Pair generation is vectorised: each key column is factorised once (transforms run on the
distinct values only), records are sorted by key code, and every record is paired with its next
``k`` neighbours in the sorted order by ``repeat``/``arange`` arithmetic. Pairs are deduplicated
across rules as one int64 each (``left * n + right``), keeping the first rule that found them.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["BlockingRule", "Candidates", "block", "rules_report_text", "REPORT_COLUMNS"]

METHODS = ("exact", "sorted_neighbourhood")
TRANSFORMS = ("year", "prefix:N", "suffix:N", "lower", "upper", "digits")
REPORT_COLUMNS = ["rule", "keys", "blocks", "largest_block", "capped_blocks", "capped_records",
                  "pairs", "new_pairs", "seconds", "top_capped"]
EXTRA_RULE = "extra"
_FIELDS = ("name", "keys", "transforms", "method", "window", "max_block", "sort_by")
_SIZED = re.compile(r"^(prefix|suffix):([1-9][0-9]*)$")


def _check_transform(rule: str, column: str, transform: Any) -> None:
    if not isinstance(transform, str) or not (transform in TRANSFORMS or _SIZED.match(transform)):
        raise ValueError(f"blocking rule {rule!r}: unknown transform {transform!r} for column "
                         f"{column!r}; use one of {', '.join(TRANSFORMS)} (N a positive number)")


@dataclass(frozen=True)
class BlockingRule:
    """One blocking pass: records whose key values are all present and equal become candidate pairs.

    Attributes:
        name: the rule's name in reports and in ``Candidates.rule``.
        keys: record columns; all must be present (not None, NaN or '') and equal.
        transforms: optional per-column transform applied before comparing: ``year`` (first 4
            characters), ``prefix:N``, ``suffix:N``, ``lower``, ``upper``, ``digits`` (digits
            only). A value the transform leaves empty counts as missing.
        method: ``exact`` (all pairs within a block) or ``sorted_neighbourhood`` (records sorted
            by their key values, each paired with the next ``window - 1``).
        window: the neighbourhood size for ``sorted_neighbourhood`` and for capped blocks.
        max_block: blocks bigger than this are capped (paired within a sorted window only).
        sort_by: columns that order records inside a capped block or a neighbourhood before the
            window is applied (e.g. ``name_key`` for a phone rule). Empty: capped blocks are
            ordered by the key columns of the other rules of the :func:`block` call, in rule
            order, and neighbourhoods by their keys alone. Ties go by row position.
    """

    name: str
    keys: tuple[str, ...]
    transforms: Mapping[str, str] = field(default_factory=dict)
    method: str = "exact"
    window: int = 5
    max_block: int = 200
    sort_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"blocking rule {self.name!r}: 'name' must be a non-empty string")
        if isinstance(self.keys, str) or not self.keys or not all(
                isinstance(k, str) and k for k in self.keys):
            raise ValueError(f"blocking rule {self.name!r}: 'keys' must be a non-empty list of "
                             f"column names, e.g. [\"name_key\", \"birth_date\"]; "
                             f"got {self.keys!r}")
        object.__setattr__(self, "keys", tuple(self.keys))
        if isinstance(self.sort_by, str) or not all(isinstance(c, str) and c for c in self.sort_by):
            raise ValueError(f"blocking rule {self.name!r}: 'sort_by' must be a list of column "
                             f"names, e.g. [\"name_key\"]; got {self.sort_by!r}")
        object.__setattr__(self, "sort_by", tuple(self.sort_by))
        if not isinstance(self.transforms, Mapping):
            raise ValueError(f"blocking rule {self.name!r}: 'transforms' must map a key column "
                             f"to a transform, e.g. {{\"birth_date\": \"year\"}}; got "
                             f"{self.transforms!r}")
        for column, transform in self.transforms.items():
            if column not in self.keys:
                raise ValueError(f"blocking rule {self.name!r}: transform for {column!r}, which "
                                 f"is not one of its keys ({', '.join(self.keys)}); add it to "
                                 f"'keys' or drop the transform")
            _check_transform(self.name, column, transform)
        if self.method not in METHODS:
            raise ValueError(f"blocking rule {self.name!r}: unknown method {self.method!r}; use "
                             f"one of {', '.join(METHODS)}")
        for attr in ("window", "max_block"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                raise ValueError(f"blocking rule {self.name!r}: {attr!r} must be a whole number "
                                 f"of at least 2, got {value!r}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BlockingRule:
        """Read a rule from its JSON form.

        Args:
            d: a mapping with ``name`` and ``keys`` and optionally ``transforms``, ``method``,
                ``window``, ``max_block``, ``sort_by``.

        Returns:
            The rule.

        Raises:
            ValueError: a key is unknown or missing, or a value is invalid; the message names it
                and the fix.
        """
        if not isinstance(d, Mapping):
            raise ValueError(f"blocking rule {d!r}: expected a mapping such as "
                             f"{{\"name\": \"phone\", \"keys\": [\"phone\"]}}")
        unknown = sorted(set(d) - set(_FIELDS))
        if unknown:
            raise ValueError(f"blocking rule {d.get('name')!r}: unknown key(s) {unknown}; "
                             f"allowed keys are {', '.join(_FIELDS)}")
        absent = [k for k in ("name", "keys") if k not in d]
        if absent:
            raise ValueError(f"blocking rule {d.get('name')!r}: missing {absent[0]!r}; a rule "
                             f"needs at least \"name\" and \"keys\"")
        def names(value: Any) -> tuple:  # one column may be given as a plain string
            return (value,) if isinstance(value, str) else tuple(value or ())
        transforms = d.get("transforms") or {}
        return cls(name=d["name"], keys=names(d["keys"]),
                   transforms=dict(transforms) if isinstance(transforms, Mapping) else transforms,
                   method=d.get("method", "exact"), window=d.get("window", 5),
                   max_block=d.get("max_block", 200), sort_by=names(d.get("sort_by")))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (lists for tuples)."""
        return {"name": self.name, "keys": list(self.keys), "transforms": dict(self.transforms),
                "method": self.method, "window": self.window, "max_block": self.max_block,
                "sort_by": list(self.sort_by)}

    def describe_keys(self) -> str:
        """The keys as one line of text, transforms included: ``name_key+year(birth_date)``."""
        return "+".join(f"{self.transforms[k]}({k})" if k in self.transforms else k
                        for k in self.keys)


@dataclass
class Candidates:
    """Outcome of :func:`block`.

    Attributes:
        left, right: int64 row positions into the records, ``left < right``, each pair once,
            sorted by (left, right).
        rule: int16 index of the first rule that produced the pair (``len(rules)`` for extra
            pairs found by no rule).
        report: one row per rule (and one ``extra`` row when extra pairs were given) with the
            columns of ``REPORT_COLUMNS``.
    """

    left: np.ndarray
    right: np.ndarray
    rule: np.ndarray
    report: pd.DataFrame

    def __len__(self) -> int:
        return len(self.left)


def _apply(text: pd.Series, transform: str) -> pd.Series:
    """A transform over string values (run on distinct values only)."""
    sized = _SIZED.match(transform)
    if transform == "year":
        return text.str[:4]
    if sized:
        width = int(sized.group(2))
        return text.str[:width] if sized.group(1) == "prefix" else text.str[-width:]
    if transform == "digits":
        return text.str.replace(r"\D+", "", regex=True)
    return text.str.lower() if transform == "lower" else text.str.upper()


def _encode(codes: np.ndarray, uniques: Any, transform: str | None, ordered: bool
            ) -> tuple[np.ndarray, np.ndarray]:
    """Factorised values as compared codes (-1 = missing) and the compared value of each code.

    The transform, the missing test and any sort run on the distinct values only, so they
    cost little even for hundreds of thousands of records.

    Args:
        codes, uniques: ``pd.factorize`` of the values.
        transform: a transform name, or None.
        ordered: make codes follow the sort order of the values' text (for neighbourhoods and
            window order); exact blocks only need equality, which skips the string sort.

    Returns:
        int64 codes per value, and the distinct compared values indexed by code.
    """
    uniques = np.asarray(uniques, dtype=object)
    if transform or ordered:
        text = pd.Series(uniques, dtype=object).astype(str)
        if transform:
            text = _apply(text, transform)
        arr = text.to_numpy(dtype=str)
        if ordered:
            distinct, rank = np.unique(arr, return_inverse=True)
        else:
            rank, distinct = pd.factorize(arr)
        rank = rank.reshape(-1).astype(np.int64)
        rank[arr == ""] = -1
    else:  # codes as they are; only '' still has to become missing
        distinct, rank = uniques, np.arange(len(uniques), dtype=np.int64)
        rank[uniques == ""] = -1
    lookup = np.append(rank, -1)  # code -1 (NaN/None) lands in the last slot
    return lookup[codes], np.asarray(distinct, dtype=object)


def _column_codes(records: pd.DataFrame, column: str, transform: str | None, ordered: bool,
                  cache: dict) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_encode` of a record column, cached for the rules of one call (they share the
    same few columns: the column is factorised once, whatever its transforms)."""
    if (column, transform, ordered) not in cache:
        if column not in cache:
            try:
                cache[column] = pd.factorize(records[column], use_na_sentinel=True)
            except TypeError as err:  # lists (addr_candidates, flags) cannot be hashed
                raise ValueError(f"column {column!r} holds values that cannot be compared for "
                                 f"equality ({err}); block on a column of single values") from None
        cache[column, transform, ordered] = _encode(*cache[column], transform, ordered)
    return cache[column, transform, ordered]


def _followers_pairs(sizes: np.ndarray, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each record paired with its next ``limit`` neighbours inside its group, no Python loop.

    Args:
        sizes: the size of each group, in order; the records are in window order, groups
            contiguous.
        limit: the most followers a record of each group is paired with.

    Returns:
        Two aligned int64 arrays of indices into the ordered records: each record, and one of
        its followers.
    """
    count = int(sizes.sum())
    starts = np.cumsum(sizes) - sizes
    rank = np.arange(count, dtype=np.int64) - np.repeat(starts, sizes)
    followers = np.minimum(np.repeat(limit, sizes), np.repeat(sizes, sizes) - rank - 1)
    del rank
    total = int(followers.sum())
    first = np.repeat(np.arange(count, dtype=np.int64), followers)
    partner = np.arange(total, dtype=np.int64)
    partner -= np.repeat(np.cumsum(followers) - followers, followers)
    partner += first
    partner += 1
    return first, partner


def _block_keys(records: pd.DataFrame, rule: BlockingRule, cache: dict
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """The records a rule keeps and their block.

    Returns:
        Row positions of the records with every key present; the block of each (codes in
        the lexicographic order of the key values when the rule is a neighbourhood); the size of
        each block; and per key column (name, compared values, codes) for reports.
    """
    n = len(records)
    ordered = rule.method != "exact"
    # neighbourhoods need block codes in key order (a sort); exact blocks only equality (a hash)
    compact = ((lambda c: np.unique(c, return_inverse=True)[1].reshape(-1)) if ordered
               else (lambda c: pd.factorize(c)[0]))
    codes = np.zeros(n, np.int64)
    valid = np.ones(n, bool)
    columns = []
    for column in rule.keys:
        col_codes, distinct = _column_codes(records, column, rule.transforms.get(column),
                                            ordered, cache)
        valid &= col_codes >= 0
        # mixed radix over the columns; compacted before it could overflow int64
        if codes.max(initial=0) >= 2 ** 31:
            codes = compact(codes).astype(np.int64)
        codes = codes * max(len(distinct), 1) + col_codes
        columns.append((column, distinct, col_codes))
    pos = np.flatnonzero(valid)
    block_of = compact(codes[pos]).astype(np.int64)
    return pos, block_of, np.bincount(block_of), columns


def _window_order(records: pd.DataFrame, order_by: tuple[str, ...], pos: np.ndarray,
                  block_of: np.ndarray, within: np.ndarray) -> np.ndarray:
    """Order of the kept records: by block, then, for the records ``within`` (those a window
    is applied to), by ``order_by`` (missing last); ties by row position.

    Only the records ``within`` are sorted by ``order_by``: usually a few capped blocks, so
    the string sorts stay small.
    """
    secondary = np.zeros(len(pos), np.int64)
    rows = np.flatnonzero(within)
    if order_by and len(rows):
        sort_cols = []
        for column in order_by:
            factorised = pd.factorize(records[column].iloc[pos[rows]], use_na_sentinel=True)
            codes = _encode(*factorised, None, ordered=True)[0]
            codes[codes < 0] = codes.max(initial=-1) + 1
            sort_cols.append(codes)
        secondary[rows[np.lexsort(tuple(reversed(sort_cols)))]] = np.arange(len(rows))
    return np.lexsort((secondary, block_of))  # stable: row position breaks the last ties


def _top_capped(capped: np.ndarray, sizes: np.ndarray, pos: np.ndarray, block_of: np.ndarray,
                columns: list) -> str:
    """The three biggest capped blocks as ``col=value, … (size)``, biggest first."""
    big = np.flatnonzero(capped)
    big = big[np.lexsort((big, -sizes[big]))][:3]
    rows = [pos[np.argmax(block_of == k)] for k in big]  # at most three
    return "; ".join(", ".join(f"{column}={distinct[codes[r]]}" for column, distinct, codes
                               in columns) + f" ({sizes[k]:,})" for k, r in zip(big, rows))


def _rule_pairs(records: pd.DataFrame, rule: BlockingRule, order_by: tuple[str, ...],
                groups: np.ndarray | None, cache: dict) -> tuple[np.ndarray, dict[str, Any]]:
    """One rule's pairs as int64 codes ``left * n + right`` (unsorted), and its report row.

    ``order_by`` orders records inside a capped block or a neighbourhood."""
    n = len(records)
    pos, block_of, sizes, columns = _block_keys(records, rule, cache)
    if rule.method == "exact":
        capped = sizes > rule.max_block
        # order inside a block matters only where the window is applied
        order = (_window_order(records, order_by, pos, block_of, capped[block_of])
                 if capped.any() and order_by else np.argsort(block_of, kind="stable"))
        first, partner = _followers_pairs(sizes, np.where(capped, rule.window - 1, sizes - 1))
    else:
        capped = np.zeros(len(sizes), bool)
        order = _window_order(records, order_by, pos, block_of, np.ones(len(pos), bool))
        first, partner = _followers_pairs(np.array([len(pos)]), np.array([rule.window - 1]))
    pos_sorted = pos[order]
    del order
    a = pos_sorted[first]
    del first
    b = pos_sorted[partner]
    del partner
    if groups is not None:
        keep = groups[a] != groups[b]
        a, b = a[keep], b[keep]
    lo = np.minimum(a, b)
    np.maximum(a, b, out=b)
    del a
    lo *= n
    lo += b
    stats = {"rule": rule.name, "keys": rule.describe_keys(),
             "blocks": int((sizes >= 2).sum()), "largest_block": int(sizes.max(initial=0)),
             "capped_blocks": int(capped.sum()), "capped_records": int(sizes[capped].sum()),
             "pairs": len(lo),
             "top_capped": _top_capped(capped, sizes, pos, block_of, columns) if capped.any()
             else ""}
    return lo, stats


def _dedupe(chunks: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pair codes over all chunks, sorted, and the first chunk holding each.

    The chunk index is packed under each code so that one in-place sort both orders the pairs
    and puts the earliest rule first; the chunks are freed as they are copied. Only when the
    packed key could overflow int64 (tens of millions of records) does it fall back to a
    stable ``np.unique``.

    Args:
        chunks: int64 pair codes per rule, each without repeats; emptied by the call.
        n: the number of records (codes are ``left * n + right``).

    Returns:
        The sorted distinct codes, and the int16 index of the first chunk holding each.
    """
    bits = max(len(chunks) - 1, 1).bit_length()
    if n * n >= 2 ** (62 - bits):
        counts = [len(c) for c in chunks]
        codes, first = np.unique(np.concatenate(chunks), return_index=True)  # stable: first wins
        chunks.clear()
        return codes, np.repeat(np.arange(len(counts), dtype=np.int16), counts)[first]
    keys = np.empty(sum(len(c) for c in chunks), np.int64)
    at = 0
    for i in range(len(chunks)):  # one step per rule
        part = keys[at: at + len(chunks[i])]
        np.left_shift(chunks[i], bits, out=part)
        part |= i
        at += len(part)
        chunks[i] = None
    keys.sort()
    codes = keys >> bits
    keep = np.ones(len(keys), bool)
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    owner = (keys[keep] & ((1 << bits) - 1)).astype(np.int16)
    del keys
    return codes[keep], owner


def _extra_codes(extra_pairs: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    """Extra pairs as distinct int64 codes, smaller position first, self-pairs dropped."""
    try:
        left, right = (np.asarray(side) for side in extra_pairs)
    except (TypeError, ValueError):
        raise ValueError("extra_pairs must be a (left, right) tuple of row-position arrays")
    if left.shape != right.shape or left.ndim != 1:
        raise ValueError(f"extra_pairs: left and right must be one-dimensional and aligned, got "
                         f"shapes {left.shape} and {right.shape}")
    if len(left) and not (np.issubdtype(left.dtype, np.integer)
                          and np.issubdtype(right.dtype, np.integer)):
        raise ValueError("extra_pairs hold row positions (integers); map record ids to "
                         "positions first, e.g. with records.index.get_indexer(ids)")
    left, right = left.astype(np.int64), right.astype(np.int64)
    bad = (left < 0) | (left >= n) | (right < 0) | (right >= n)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"extra_pairs: pair ({left[i]}, {right[i]}) is outside the {n} records; "
                         "give row positions into the records passed to block()")
    keep = left != right
    lo, hi = np.minimum(left, right)[keep], np.maximum(left, right)[keep]
    return np.unique(lo * n + hi)


def _group_codes(records: pd.DataFrame, column: str) -> np.ndarray:
    if column not in records.columns:
        raise ValueError(f"link_groups column {column!r} is not in the records (columns: "
                         f"{', '.join(map(str, records.columns))})")
    codes, uniques = pd.factorize(records[column], use_na_sentinel=True)
    empty = np.flatnonzero(np.asarray(uniques, dtype=object) == "")
    missing = (codes < 0) | np.isin(codes, empty)
    if missing.any():
        raise ValueError(f"link_groups column {column!r} is empty for {int(missing.sum())} "
                         "records; fill it (e.g. with the source name) so every record has a group")
    return codes


def block(records: pd.DataFrame, rules: Sequence[BlockingRule | Mapping[str, Any]], *,
          link_groups: str | None = None,
          extra_pairs: tuple[np.ndarray, np.ndarray] | None = None) -> Candidates:
    """Candidate pairs over all rules, each pair once, credited to the first rule that found it.

    Args:
        records: standardised records; pairs are row positions into this frame.
        rules: :class:`BlockingRule` objects or their JSON forms, in order of preference.
        link_groups: a column (e.g. the source dataset): when given, pairs whose two records
            share its value are dropped (link-only tasks such as FEBRL4).
        extra_pairs: (left, right) row positions of pairs that must be compared whatever the
            rules say (steward decisions); kept even within a link group, credited to the rule
            ``extra`` unless a rule found them.

    Returns:
        :class:`Candidates` sorted by (left, right), with a report row per rule (``seconds``
        is that rule's pair generation; ``report.attrs["seconds_total"]`` the whole call).

    Raises:
        ValueError: a rule is invalid, rule names repeat, a column is missing, or extra pairs
            are not row positions into ``records``.
    """
    parsed = [r if isinstance(r, BlockingRule) else BlockingRule.from_dict(r) for r in rules]
    if len(parsed) >= 2 ** 15 - 1:
        raise ValueError(f"{len(parsed)} blocking rules: at most {2 ** 15 - 2} fit the int16 "
                         "rule index; merge rules")
    names = [r.name for r in parsed]
    if len(set(names)) < len(names) or EXTRA_RULE in names:
        raise ValueError(f"blocking rule names must be unique and not {EXTRA_RULE!r} (it names "
                         f"extra pairs); got {names}")
    for rule in parsed:
        absent = [c for c in (*rule.keys, *rule.sort_by) if c not in records.columns]
        if absent:
            raise ValueError(f"blocking rule {rule.name!r} reads column {absent[0]!r}, which the "
                             f"records do not have (columns: "
                             f"{', '.join(map(str, records.columns))}); add it or fix the rule")
    n = len(records)
    groups = _group_codes(records, link_groups) if link_groups is not None else None
    began = time.perf_counter()
    chunks, rows, cache = [], [], {}
    for rule in parsed:
        start = time.perf_counter()
        # Without sort_by, a capped block is ordered by the other rules' keys: records that
        # agree on those (same ID number, same name) are the ones worth a place in the window.
        order_by = rule.sort_by or tuple(dict.fromkeys(
            c for other in parsed for c in other.keys if c not in rule.keys
        ) if rule.method == "exact" else ())
        codes, stats = _rule_pairs(records, rule, order_by, groups, cache)
        stats["seconds"] = time.perf_counter() - start
        chunks.append(codes)
        rows.append(stats)
    if extra_pairs is not None:
        chunks.append(_extra_codes(extra_pairs, n))
        rows.append({"rule": EXTRA_RULE, "keys": "", "blocks": 0, "largest_block": 0,
                     "capped_blocks": 0, "capped_records": 0, "pairs": len(chunks[-1]),
                     "seconds": 0.0, "top_capped": ""})
    codes, owner = _dedupe(chunks, n)
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    report["new_pairs"] = np.bincount(owner, minlength=len(rows))[: len(rows)]
    report.attrs["seconds_total"] = time.perf_counter() - began
    left, right = np.divmod(codes, max(n, 1))
    return Candidates(left, right, owner, report)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def rules_report_text(report: pd.DataFrame) -> str:
    """The blocking report as an aligned table for a terminal.

    Args:
        report: ``Candidates.report``.

    Returns:
        One header line and one line per rule; numbers right-aligned with thousands
        separators, seconds to two decimals, the capped key values last.
    """
    heads = ["rule", "keys", "blocks", "largest", "capped", "capped rec", "pairs", "new pairs",
             "seconds", "top capped"]
    cols = ["rule", "keys", "blocks", "largest_block", "capped_blocks", "capped_records", "pairs",
            "new_pairs", "seconds", "top_capped"]
    table = [heads] + [[f"{v:.2f}" if c == "seconds" else f"{v:,}" if c in cols[2:8] else str(v)
                        for c, v in zip(cols, row)] for row in report[cols].itertuples(index=False)]
    widths = [max(_width(line[i]) for line in table) for i in range(len(cols))]
    lines = []
    for line in table:
        cells = [cell + " " * (w - _width(cell)) if i < 2 or i == len(cols) - 1
                 else " " * (w - _width(cell)) + cell
                 for i, (cell, w) in enumerate(zip(line, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
