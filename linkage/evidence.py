"""Pair evidence: why two records are (or are not) the same, kept for explanation and review.

Each scored pair at or above the review threshold is kept with its per-comparison levels and
weights. ``detail`` is JSON text ``{"<comparison>": [level, weight], ...}`` (weights in log2
Bayes-factor units, term-frequency adjusted), built column-wise so a million pairs cost seconds.
:func:`waterfall` turns one pair's detail back into the explanation a person reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from linkage.scoring import FellegiSunter, partial_weights

EVIDENCE_COLUMNS = ["l", "r", "weight", "probability", "status", "detail"]


def evidence_frame(model: FellegiSunter, levels: pd.DataFrame,
                   tf: Mapping[str, np.ndarray], pairs: pd.DataFrame,
                   probability: np.ndarray, match_weight: float, *,
                   tf_weight: float = 1.0) -> pd.DataFrame:
    """The evidence rows of scored pairs.

    Args:
        model: the model that scored the pairs.
        levels: comparison levels of the pairs (one int column per comparison), aligned with
            ``pairs``.
        tf: term frequency per pair for the model's TF comparisons, aligned with ``pairs``.
        pairs: ``l``, ``r`` (rids) and ``weight`` of each pair.
        probability: match probability per pair.
        match_weight: the weight at which a pair is a match (else it is for review).

    Returns:
        A frame with :data:`EVIDENCE_COLUMNS`.
    """
    if not len(pairs):
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    weights = partial_weights(model, levels, tf, tf_weight=tf_weight).round(3)
    # Pairs repeat a few thousand (level, weight) patterns: format each distinct one once.
    lv = levels.to_numpy(dtype=np.float64)
    table = np.concatenate([lv, weights.to_numpy(dtype=np.float64)], axis=1)
    frame = pd.DataFrame(table)
    inverse = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    first = np.unique(inverse, return_index=True)[1]
    distinct = table[first]
    k = lv.shape[1]
    comps = list(levels.columns)
    texts = np.array(["{" + ",".join(f'"{c}":[{int(row[j])},{row[k + j]:g}]'
                                     for j, c in enumerate(comps)) + "}"
                      for row in distinct.tolist()], dtype=object)
    detail = pd.Series(texts[inverse.reshape(-1)])
    out = pd.DataFrame({
        "l": pairs["l"].to_numpy(), "r": pairs["r"].to_numpy(),
        "weight": pairs["weight"].to_numpy(dtype=float),
        "probability": np.asarray(probability, dtype=float),
        "status": np.where(pairs["weight"].to_numpy() >= match_weight, "match", "review"),
        "detail": detail.to_numpy(),
    })
    return out


def waterfall(model: FellegiSunter, detail: str | Mapping[str, Any]) -> list[dict[str, Any]]:
    """One pair's explanation: the prior, then each comparison's level and weight, then the
    total and its probability — a waterfall of log2 Bayes factors that sums to the score."""
    items = json.loads(detail) if isinstance(detail, str) else dict(detail)
    prior = model.prior_weight
    rows: list[dict[str, Any]] = [{"step": "prior", "weight": round(prior, 3),
                                   "cumulative": round(prior, 3)}]
    total = prior
    for comp, (level, weight) in items.items():
        total += float(weight)
        rows.append({"step": comp, "level": int(level), "weight": float(weight),
                     "cumulative": round(total, 3)})
    rows.append({"step": "total", "weight": round(total, 3), "cumulative": round(total, 3),
                 "probability": float(2 ** total / (1 + 2 ** total))})
    return rows
