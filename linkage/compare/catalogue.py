"""Named comparisons over record columns, for declarative settings saved as JSON.

A setting names a comparison and, where it differs from the standardised record's, the columns
it reads::

    {"name": "birth_date", "kernel": "date", "columns": ["birth_date"]}
    {"name": "given", "kernel": "jaro_winkler", "columns": ["first_name"],
     "params": {"thresholds": [0.92, 0.85]}}

:func:`comparison_levels` turns candidate pairs (row positions into one record frame) into one
int8 level column per comparison: the γ vectors of Fellegi–Sunter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage.compare.addresses import ADDRESS_FIELDS, address_levels
from linkage.compare.companies import company_name_levels
from linkage.compare.dates import date_levels
from linkage.compare.generic import (
    exact_fallback_levels,
    exact_levels,
    jaro_winkler_levels,
    levenshtein_levels,
    numeric_abs_diff_levels,
)
from linkage.compare.geo import geo_levels
from linkage.compare.identifiers import email_levels, id_number_levels, phone_levels
from linkage.compare.names import person_name_levels

_CO_FIELDS = ("co_core", "co_region", "co_branch", "co_form_family", "co_trade_name",
              "co_industry")


def _one(kernel: Callable) -> Callable:
    """A kernel over one column: (left, right)."""
    return lambda left, right, cols, **p: kernel(left[cols[0]], right[cols[0]], **p)


def _two(kernel: Callable) -> Callable:
    """A kernel over a main column and a helper column: (l1, r1, l2, r2)."""
    def run(left, right, cols, **p):
        l2 = left[cols[1]] if len(cols) > 1 else None
        r2 = right[cols[1]] if len(cols) > 1 else None
        return kernel(left[cols[0]], right[cols[0]], l2, r2, **p)
    return run


def _frame(kernel: Callable) -> Callable:
    """A kernel over several columns, given as frames (renamed to the kernel's names)."""
    def run(left, right, cols, *, names: Sequence[str], **p):
        rename = dict(zip(cols, names))
        return kernel(left[list(cols)].rename(columns=rename),
                      right[list(cols)].rename(columns=rename), **p)
    return run


def _geo(left, right, cols, **p):
    return geo_levels(left[cols[0]], left[cols[1]], right[cols[0]], right[cols[1]], **p)


@dataclass(frozen=True)
class Kernel:
    """A kernel as settings see it: its default columns and how to call it on two frames."""

    run: Callable[..., np.ndarray]
    columns: tuple[str, ...]
    required: int = 1  # leading columns that must exist; later ones may be absent
    fixed: Mapping[str, Any] = field(default_factory=dict)


KERNELS: dict[str, Kernel] = {
    "person_name": Kernel(_two(person_name_levels), ("name_key", "name_pinyin")),
    "id_number": Kernel(_two(id_number_levels), ("id_number", "id_valid")),
    "date": Kernel(_one(date_levels), ("birth_date",)),
    "phone": Kernel(_one(phone_levels), ("phone",)),
    "email": Kernel(_one(email_levels), ("email",)),
    "address": Kernel(_frame(address_levels), ADDRESS_FIELDS, 0, {"names": ADDRESS_FIELDS}),
    "company_name": Kernel(_frame(company_name_levels), _CO_FIELDS, 0, {"names": _CO_FIELDS}),
    "geo": Kernel(_geo, ("lng", "lat"), 2),
    "exact": Kernel(_one(exact_levels), ()),
    "exact_fallback": Kernel(_two(exact_fallback_levels), ()),
    "jaro_winkler": Kernel(_one(jaro_winkler_levels), ()),
    "levenshtein": Kernel(_one(levenshtein_levels), ()),
    "numeric_abs_diff": Kernel(_one(numeric_abs_diff_levels), ()),
}


@dataclass(frozen=True)
class Comparison:
    """One comparison of a settings file: a name, a kernel, its columns and parameters."""

    name: str
    kernel: str
    columns: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Comparison:
        """Read a comparison from its JSON form; raises ValueError naming what is wrong."""
        unknown = set(d) - {"name", "kernel", "columns", "params"}
        if unknown or "kernel" not in d:
            raise ValueError(f"comparison {d!r}: needs 'kernel' (one of {', '.join(KERNELS)}) "
                             f"and may have name, columns, params; unknown keys {sorted(unknown)}")
        if d["kernel"] not in KERNELS:
            raise ValueError(f"comparison {d.get('name', d['kernel'])!r}: unknown kernel "
                             f"{d['kernel']!r}; use one of {', '.join(KERNELS)}")
        cols = tuple(d.get("columns") or KERNELS[d["kernel"]].columns)
        if not cols:
            raise ValueError(f"comparison {d.get('name', d['kernel'])!r}: kernel "
                             f"{d['kernel']!r} has no default column; give 'columns'")
        params = {k: tuple(v) if isinstance(v, list) else v
                  for k, v in (d.get("params") or {}).items()}
        return cls(d.get("name") or d["kernel"], d["kernel"], cols, params)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (lists for tuples)."""
        return {"name": self.name, "kernel": self.kernel, "columns": list(self.columns),
                "params": {k: list(v) if isinstance(v, tuple) else v
                           for k, v in self.params.items()}}

    def levels(self, left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
        """The comparison's level per pair of aligned left/right rows."""
        kernel = KERNELS[self.kernel]
        absent = [c for c in self.columns[: kernel.required] if c not in left.columns]
        if absent:
            raise ValueError(f"comparison {self.name!r} reads column {absent[0]!r}, which the "
                             f"records do not have (columns: {', '.join(map(str, left.columns))})")
        fixed = dict(kernel.fixed)
        if "names" in fixed:  # frame kernels: pass the columns present, under the kernel's names
            pairs = [(c, n) for c, n in zip(self.columns, fixed["names"]) if c in left.columns]
            cols = tuple(c for c, _ in pairs)
            fixed["names"] = tuple(n for _, n in pairs)
        else:
            cols = tuple(c for c in self.columns if c in left.columns)
        return kernel.run(left, right, cols, **fixed, **self.params)


def comparison_levels(records: pd.DataFrame, left: np.ndarray, right: np.ndarray,
                      comparisons: Sequence[Comparison | Mapping[str, Any]]) -> pd.DataFrame:
    """The level of every comparison for candidate pairs of records.

    Args:
        records: standardised records (any index).
        left, right: row positions of the pairs' two records in ``records``.
        comparisons: :class:`Comparison` objects or their JSON forms.

    Returns:
        A frame with one int8 column per comparison (named by it), one row per pair.
    """
    comps = [c if isinstance(c, Comparison) else Comparison.from_dict(c) for c in comparisons]
    for c in comps:
        absent = [col for col in c.columns[: KERNELS[c.kernel].required]
                  if col not in records.columns]
        if absent:
            raise ValueError(f"comparison {c.name!r} reads column {absent[0]!r}, which the "
                             f"records do not have (columns: "
                             f"{', '.join(map(str, records.columns))})")
    needed = list(dict.fromkeys(col for c in comps for col in c.columns if col in records.columns))
    base = records[needed].reset_index(drop=True)
    for c in comps:
        # Names are worked on per distinct value, and frame kernels compare parts for equality:
        # factorise those record columns once instead of hashing every pair's strings. (Both
        # sides of a pair index the same categories, so equal codes mean equal values.)
        if c.kernel == "person_name":
            cols = c.columns[:1]
        elif c.kernel in ("address", "company_name"):
            cols = [col for col in c.columns if col in base.columns]
        else:
            continue
        for col in cols:
            if base[col].dtype == object:
                base[col] = base[col].astype("category")
    lf = base.take(np.asarray(left)).reset_index(drop=True)
    rf = base.take(np.asarray(right)).reset_index(drop=True)
    return pd.DataFrame({c.name: c.levels(lf, rf) for c in comps})
