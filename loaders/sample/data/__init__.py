"""Curated tables the sample city draws from (real district codes, name and word lists)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd


@cache
def read_table(name: str) -> pd.DataFrame:
    """Return the shipped table ``<name>.csv`` with every column as text.

    Callers convert numeric columns themselves, so codes such as ``010`` keep their zeros.
    """
    with resources.files(__name__).joinpath(f"{name}.csv").open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)
