"""Fellegi–Sunter match scores over comparison levels, trained without labels (EM).

Each candidate pair has a γ vector: one level per comparison (see ``linkage.compare``), -1 where
a side is missing, 0 for disagreement, higher for stronger agreement. A model holds, per
comparison and level, ``m = P(level | match)`` and ``u = P(level | non-match)``, plus the prior
``λ = P(match)`` for two records drawn at random. A pair's match weight is

    w = log2(λ / (1 - λ)) + Σ_c log2(m_c[γ_c] / u_c[γ_c])        (missing levels add 0)

and its probability ``2^w / (1 + 2^w)``. Weights are log2 (bits) throughout.

**Term-frequency adjustment** (as Splink does it). At a comparison's top level (exact agreement)
the chance that two different records share the value depends on the value: two random people
are both 王伟 far more often than both 欧阳子轩. Where the pair's shared value has relative
frequency ``f`` among the records, the top level's Bayes factor becomes ``m_top / max(f, tf_min)``
instead of ``m_top / u_top``: agreeing on a common name is weak evidence, on a rare one strong.
``tf_weight`` scales the adjustment (0 = off): ``log2 BF = log2(m_top/u_top) +
tf_weight * log2(u_top / max(f, tf_min))``.

Training, with the numeric core in :mod:`linkage.estimation`:

1. ``u`` from random pairs (:func:`random_pairs` → levels → :func:`estimate_u`): almost every
   random pair is a non-match.
2. ``λ`` from a deterministic rule count (:func:`estimate_prior`).
3. ``m`` by EM over the blocked candidate pairs (:func:`train`), or from labelled pairs
   (:func:`fit_labelled`, e.g. steward decisions).

Models serialise to JSON (:meth:`FellegiSunter.to_dict`); nothing is pickled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage.estimation import (
    em,
    level_counts,
    level_patterns,
    random_pairs,
    rule_pair_count,
    smoothed,
    total_pairs,
)

__all__ = ["FellegiSunter", "Scores", "estimate_prior", "estimate_u", "explain",
           "fit_labelled", "pair_term_frequency", "partial_weights", "random_pairs", "score",
           "term_frequencies", "train"]

_KIND = "fellegi_sunter"
_VERSION = 1
_FIELDS = ("comparisons", "n_levels", "m", "u", "prior", "tf", "tf_min", "fit_info")


@dataclass
class FellegiSunter:
    """A Fellegi–Sunter model: m and u per comparison level, the prior, TF-adjusted comparisons.

    Attributes:
        comparisons: comparison names, in the column order of the levels frame.
        n_levels: levels ``0..n-1`` per comparison (-1 = missing, weight 0).
        m: P(level | match) per comparison, one probability per level.
        u: P(level | non-match) per comparison.
        prior: P(match) for two records drawn at random (λ).
        tf: comparison -> the record column whose term frequencies adjust its top level.
        tf_min: floor on a term frequency (a value seen once in a small file is not proof).
        fit_info: how the model was trained (method, iterations, candidate share, warnings).
    """

    comparisons: list[str]
    n_levels: dict[str, int]
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    tf: dict[str, str] = field(default_factory=dict)
    tf_min: float = 1e-8
    fit_info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.comparisons = list(self.comparisons)
        if not self.comparisons or len(set(self.comparisons)) != len(self.comparisons):
            raise ValueError(f"model comparisons {self.comparisons} must be a non-empty list of "
                             f"distinct names")
        for name in self.comparisons:
            n = self.n_levels.get(name)
            if not isinstance(n, (int, np.integer)) or n < 2:
                raise ValueError(f"n_levels[{name!r}] is {n!r}; give every comparison its number "
                                 f"of levels (an int >= 2: at least disagree / agree)")
            for which in ("m", "u"):
                probs = getattr(self, which).get(name)
                if probs is None or len(probs) != n:
                    raise ValueError(f"{which}[{name!r}] is {probs!r}; give {n} probabilities, "
                                     f"one per level 0..{n - 1}")
                arr = np.asarray(probs, dtype=float)
                if not np.all(np.isfinite(arr) & (arr > 0)) or abs(arr.sum() - 1) > 1e-6:
                    raise ValueError(f"{which}[{name!r}] = {list(probs)}: probabilities must be "
                                     f"> 0 and sum to 1; smooth zero counts (add a pseudo-count)")
        extra = set(self.n_levels) - set(self.comparisons)
        if extra:
            raise ValueError(f"n_levels names {sorted(extra)}, which are not in comparisons; "
                             f"add them to comparisons or drop them")
        if not 0 < self.prior < 1:
            raise ValueError(f"prior is {self.prior!r}; it must lie strictly between 0 and 1 "
                             f"(estimate it with estimate_prior)")
        odd = [c for c in self.tf if c not in self.comparisons]
        if odd:
            raise ValueError(f"tf names comparison {odd[0]!r}, which the model does not have "
                             f"(comparisons: {', '.join(self.comparisons)})")
        if not self.tf_min > 0:
            raise ValueError(f"tf_min is {self.tf_min!r}; it must be > 0 (e.g. 1e-8)")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: plain lists, floats and strings."""
        return {"kind": _KIND, "version": _VERSION, "comparisons": list(self.comparisons),
                "n_levels": {c: int(self.n_levels[c]) for c in self.comparisons},
                "m": {c: [float(x) for x in self.m[c]] for c in self.comparisons},
                "u": {c: [float(x) for x in self.u[c]] for c in self.comparisons},
                "prior": float(self.prior), "tf": dict(self.tf), "tf_min": float(self.tf_min),
                "fit_info": self.fit_info}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FellegiSunter:
        """Read a model from its JSON form.

        Raises:
            ValueError: naming the missing, unknown or invalid entry and the fix.
        """
        if not isinstance(d, Mapping):
            raise ValueError(f"a Fellegi–Sunter model is a JSON object, got {type(d).__name__}")
        if d.get("kind", _KIND) != _KIND or d.get("version", _VERSION) != _VERSION:
            raise ValueError(f"model has kind {d.get('kind')!r} version {d.get('version')!r}; "
                             f"this reads kind {_KIND!r} version {_VERSION}: retrain or convert")
        missing = [k for k in ("comparisons", "n_levels", "m", "u", "prior") if k not in d]
        unknown = set(d) - set(_FIELDS) - {"kind", "version"}
        if missing or unknown:
            raise ValueError(f"model JSON lacks {missing} / has unknown keys {sorted(unknown)}; "
                             f"it needs comparisons, n_levels, m, u, prior (tf, tf_min, "
                             f"fit_info optional)")
        try:
            return cls(comparisons=[str(c) for c in d["comparisons"]],
                       n_levels={str(c): int(n) for c, n in d["n_levels"].items()},
                       m={str(c): [float(x) for x in v] for c, v in d["m"].items()},
                       u={str(c): [float(x) for x in v] for c, v in d["u"].items()},
                       prior=float(d["prior"]), tf=dict(d.get("tf") or {}),
                       tf_min=float(d.get("tf_min", 1e-8)), fit_info=dict(d.get("fit_info") or {}))
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"model JSON has a malformed entry ({exc}); n_levels is "
                             f"{{name: int}}, m and u are {{name: [float, …]}}") from exc

    def weights_table(self) -> pd.DataFrame:
        """One row per comparison level: comparison, level, m, u, weight (log2 m/u)."""
        rows = [(c, lvl, m, u, math.log2(m / u)) for c in self.comparisons
                for lvl, (m, u) in enumerate(zip(self.m[c], self.u[c]))]
        return pd.DataFrame(rows, columns=["comparison", "level", "m", "u", "weight"])

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds λ / (1 - λ)."""
        return math.log2(self.prior / (1 - self.prior))


# --- term frequencies -----------------------------------------------------------------------

def _present(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype(object) != "")


def term_frequencies(values: pd.Series) -> pd.Series:
    """Each value's relative frequency among the records where the column is present.

    Args:
        values: one record column (None, NaN and '' are missing and not counted).

    Returns:
        value -> frequency (they sum to 1), most frequent first.
    """
    return values[_present(values)].value_counts(normalize=True)


def pair_term_frequency(values: pd.Series, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair, the relative frequency of the value both records share.

    Args:
        values: the record column (frequencies are taken over all of it).
        left, right: row positions of the pairs' records in ``values``.

    Returns:
        float array: the shared value's frequency where both sides are present and equal,
        NaN elsewhere (no adjustment).
    """
    present = _present(values).to_numpy()
    codes = pd.factorize(values.astype(object).where(present, None))[0]
    freq = np.bincount(codes[codes >= 0]) / max(int(present.sum()), 1)
    lc, rc = codes[np.asarray(left)], codes[np.asarray(right)]
    out = np.full(len(lc), np.nan)
    same = (lc == rc) & (lc >= 0)
    out[same] = freq[lc[same]]
    return out


def pair_term_frequencies(model: FellegiSunter, records: pd.DataFrame, left: np.ndarray,
                          right: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`pair_term_frequency` for every TF-adjusted comparison of ``model``.

    Returns:
        comparison -> per-pair frequency, ready for :func:`score`'s ``tf_values``.
    """
    absent = [col for col in model.tf.values() if col not in records.columns]
    if absent:
        raise ValueError(f"the model adjusts by term frequencies of column {absent[0]!r}, which "
                         f"the records do not have (columns: "
                         f"{', '.join(map(str, records.columns))})")
    return {c: pair_term_frequency(records[col].reset_index(drop=True), left, right)
            for c, col in model.tf.items()}


# --- scoring --------------------------------------------------------------------------------

@dataclass
class Scores:
    """Per-pair scores: ``weight`` = log2 posterior odds (prior included), ``probability``."""

    weight: np.ndarray
    probability: np.ndarray


def _level_matrix(comparisons: Sequence[str], n_levels: Mapping[str, int],
                  levels: pd.DataFrame) -> np.ndarray:
    """The levels as a (pairs, comparisons) int8 array, checked against the level counts."""
    absent = [c for c in comparisons if c not in levels.columns]
    if absent:
        raise ValueError(f"the levels frame has no column {absent[0]!r} (columns: "
                         f"{', '.join(map(str, levels.columns))}); compute levels with the "
                         f"model's comparisons ({', '.join(comparisons)})")
    out = np.empty((len(levels), len(comparisons)), np.int8)
    for j, c in enumerate(comparisons):
        col = levels[c].to_numpy()
        if not np.issubdtype(col.dtype, np.integer):
            raise ValueError(f"levels[{c!r}] has dtype {col.dtype}; levels are integers "
                             f"(-1 missing, 0..n-1) as linkage.compare returns them")
        if len(col) and (col.min() < -1 or col.max() >= n_levels[c]):
            raise ValueError(f"levels[{c!r}] runs {col.min()}..{col.max()} but the comparison "
                             f"has levels -1..{n_levels[c] - 1}; pass n_levels matching the "
                             f"kernel's levels (its docstring lists them)")
        out[:, j] = col
    return out


def _tf_arrays(model: FellegiSunter, tf_values: Mapping[str, np.ndarray] | None,
               n: int) -> dict[str, np.ndarray]:
    if tf_values is None:
        return {}
    odd = [c for c in tf_values if c not in model.tf]
    if odd:
        raise ValueError(f"tf_values has {odd}, which the model does not TF-adjust (its TF "
                         f"comparisons: {sorted(model.tf)}); build them with "
                         f"pair_term_frequencies, or add the comparison to the model's tf")
    out = {c: np.asarray(v, dtype=float) for c, v in tf_values.items()}
    for c, v in out.items():
        if v.shape != (n,):
            raise ValueError(f"tf_values[{c!r}] has shape {v.shape}; give one frequency (or "
                             f"NaN) per pair ({n})")
    return out


def _partials(model: FellegiSunter, mat: np.ndarray, tf: Mapping[str, np.ndarray],
              tf_weight: float):
    """Yield (comparison, per-pair log2 Bayes factor) with the TF adjustment applied."""
    for j, c in enumerate(model.comparisons):
        m, u = np.asarray(model.m[c]), np.asarray(model.u[c])
        table = np.r_[0.0, np.log2(m / u)]  # index level + 1: missing (-1) weighs 0
        w = table[mat[:, j].astype(np.intp) + 1]
        if c in tf and tf_weight:
            f = tf[c]
            hit = (mat[:, j] == len(m) - 1) & ~np.isnan(f)
            w[hit] += tf_weight * (np.log2(u[-1]) - np.log2(np.maximum(f[hit], model.tf_min)))
        yield c, w


def partial_weights(model: FellegiSunter, levels: pd.DataFrame,
                    tf_values: Mapping[str, np.ndarray] | None = None, *,
                    tf_weight: float = 1.0) -> pd.DataFrame:
    """Each comparison's log2 Bayes factor per pair (TF-adjusted): the evidence behind a score.

    Args:
        model: the trained model.
        levels: one int column per model comparison, one row per pair.
        tf_values: comparison -> per-pair shared-value frequency (:func:`pair_term_frequencies`);
            a TF comparison left out (or None for all) is not adjusted.
        tf_weight: scale of the TF adjustment (1 = full, 0 = none).

    Returns:
        A float frame, one column per comparison, aligned with ``levels``.
    """
    mat = _level_matrix(model.comparisons, model.n_levels, levels)
    tf = _tf_arrays(model, tf_values, len(mat))
    return pd.DataFrame(dict(_partials(model, mat, tf, tf_weight)), index=levels.index)


def score(model: FellegiSunter, levels: pd.DataFrame,
          tf_values: Mapping[str, np.ndarray] | None = None, *, tf_weight: float = 1.0) -> Scores:
    """Match weight and probability of every pair.

    Args:
        model: the trained model.
        levels: one int column per model comparison, one row per pair.
        tf_values: comparison -> per-pair shared-value frequency; a TF comparison left out
            (or None for all) is not adjusted.
        tf_weight: scale of the TF adjustment (1 = full, 0 = none).

    Returns:
        :class:`Scores` with ``weight = log2 prior odds + Σ partial weights`` and
        ``probability = 2^w / (1 + 2^w)``.

    Raises:
        ValueError: a comparison column is missing, a level is out of range, or tf_values names
            a comparison the model does not TF-adjust or has the wrong length.
    """
    mat = _level_matrix(model.comparisons, model.n_levels, levels)
    tf = _tf_arrays(model, tf_values, len(mat))
    weight = np.full(len(mat), model.prior_weight)
    for _, w in _partials(model, mat, tf, tf_weight):
        weight += w
    return Scores(weight, _probability(weight))


def _probability(weight: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.asarray(weight, dtype=float)))


def explain(model: FellegiSunter, levels_row: Mapping[str, int],
            tf_row: Mapping[str, float] | None = None, *, tf_weight: float = 1.0) -> list[dict]:
    """The waterfall of one pair's score: prior, each comparison's evidence, total.

    Args:
        model: the trained model.
        levels_row: comparison -> level for the pair.
        tf_row: comparison -> the shared value's frequency (NaN or absent: no adjustment);
            None for no TF adjustment at all.
        tf_weight: scale of the TF adjustment.

    Returns:
        ``[{"comparison": "prior", "weight", "probability"}, {"comparison", "level", "m", "u",
        "weight", "tf_adjustment"} per comparison (weight includes the adjustment; m and u are
        None for a missing level), {"comparison": "total", "weight", "probability"}]``; the
        weights sum to the total, which equals :func:`score`'s weight for the pair.
    """
    lacking = [c for c in model.comparisons if c not in levels_row]
    if lacking:
        raise ValueError(f"levels_row lacks comparisons {lacking}; give a level (-1 when "
                         f"missing) for each of {', '.join(model.comparisons)}")
    frame = pd.DataFrame({c: [int(levels_row[c])] for c in model.comparisons})
    mat = _level_matrix(model.comparisons, model.n_levels, frame.astype(np.int64))
    tf = None if tf_row is None else {c: np.array([tf_row.get(c, np.nan)], float)
                                      for c in model.tf}
    adjusted = dict(_partials(model, mat, tf or {}, tf_weight))
    base = dict(_partials(model, mat, {}, 0.0))
    out: list[dict] = [{"comparison": "prior", "weight": model.prior_weight,
                        "probability": model.prior}]
    for j, c in enumerate(model.comparisons):
        lvl = int(mat[0, j])
        out.append({"comparison": c, "level": lvl,
                    "m": model.m[c][lvl] if lvl >= 0 else None,
                    "u": model.u[c][lvl] if lvl >= 0 else None,
                    "weight": float(adjusted[c][0]),
                    "tf_adjustment": float(adjusted[c][0] - base[c][0])})
    total = model.prior_weight
    for w in adjusted.values():
        total += w
    total = float(total[0])
    out.append({"comparison": "total", "weight": total,
                "probability": float(_probability(np.array([total]))[0])})
    return out


# --- training -------------------------------------------------------------------------------

def _infer_n_levels(levels: pd.DataFrame, n_levels: Mapping[str, int] | None) -> dict[str, int]:
    if n_levels is not None:
        lacking = [c for c in levels.columns if c not in n_levels]
        if lacking:
            raise ValueError(f"n_levels lacks comparison {lacking[0]!r}; give the level count of "
                             f"every column of levels")
        return {c: int(n_levels[c]) for c in levels.columns}
    return {c: max(int(levels[c].max()) + 1 if len(levels) else 2, 2) for c in levels.columns}


def estimate_u(levels: pd.DataFrame, n_levels: Mapping[str, int] | None = None, *,
               strength: float = 1.0) -> dict[str, list[float]]:
    """u = P(level | non-match) from the levels of random pairs (almost all non-matches).

    Args:
        levels: levels of random pairs (:func:`random_pairs` then ``comparison_levels``).
        n_levels: levels per comparison; give it, since random pairs often never reach a
            comparison's top level (inferred as max seen + 1 otherwise).
        strength: Laplace pseudo-count spread evenly over the levels, so no level has u = 0.

    Returns:
        comparison -> u per level (missing levels are left out of the counts).
    """
    n = _infer_n_levels(levels, n_levels)
    mat = _level_matrix(list(levels.columns), n, levels)
    return {c: smoothed(level_counts(mat[:, j], n[c]), np.full(n[c], 1 / n[c]), strength).tolist()
            for j, c in enumerate(levels.columns)}


class NoAgreeingPairs(ValueError):
    """No pair of the records agrees on any prior rule: the data gives no prior to estimate."""


def estimate_prior(records: pd.DataFrame,
                   rules: Sequence[str | Sequence[str] | Mapping[str, Any]], *,
                   recall: float = 1.0, groups: np.ndarray | None = None) -> float:
    """λ = P(match) for two random records, from pairs that agree on a strong key.

    Like Splink's ``estimate_probability_two_random_records_match``: pairs that agree on every
    column of at least one rule (e.g. ``["id_number"]``, ``["name", "birth_date"]``, or
    ``{"keys": ["first_name"], "max_edits": {"surname": 2}}``: first names equal, surnames at
    most two edits apart) are taken as matches; their count, divided by the rules' assumed ``recall`` (the share of all true
    matches they catch), over all pairs of records, is λ. Missing values never agree.

    Args:
        records: the records (one frame; all its pairs are the population).
        rules: each a column name, a list of columns that together make a strong key, or
            ``{"keys": [...], "max_edits": {column: k}}`` (``estimation.rule_parts``).
        recall: share of true matching pairs the rules find (0 < recall <= 1).
        groups: group per record for link-only tasks: only cross-group pairs count.

    Returns:
        The prior λ (at most 0.5: more would mean most random pairs match, a rule gone wrong).

    Raises:
        NoAgreeingPairs: no pair agrees on any rule (or there are no pairs).
        ValueError: recall out of range, a rule column absent or a rule too weak.
    """
    if not 0 < recall <= 1:
        raise ValueError(f"recall is {recall!r}; give the share of true matches the rules catch, "
                         f"in (0, 1]")
    found = rule_pair_count(records, rules, groups)
    total = total_pairs(len(records), groups)
    if found == 0 or total == 0:
        raise NoAgreeingPairs(f"no pair of the {len(records)} records agrees on any rule {list(rules)}"
                         f"; use rules that matching records share, or give the prior directly")
    return min(found / recall / total, 0.5)


def train(levels: pd.DataFrame, u: Mapping[str, Sequence[float]], *, prior: float,
          candidate_prior: float | None = None, n_levels: Mapping[str, int] | None = None,
          tf: Mapping[str, str] | None = None, fix_u: bool = True, monotone: bool = True,
          max_iter: int = 30, tol: float = 1e-5, strength: float = 1.0,
          total_pairs: int | None = None) -> FellegiSunter:
    """Learn m (and the candidates' match share) by EM over blocked candidate pairs, no labels.

    Identical γ vectors are grouped first, so each EM step runs over distinct patterns. Guards
    against EM's classic failures:

    - an m collapsing to 0 (or a level never seen among matches): m has a Dirichlet prior of
      ``strength`` pseudo-pairs centred on u, so an unseen level weighs about 0, not -inf;
    - the match class drifting onto a big cluster of partial agreement (households, one
      street): with ``monotone`` each comparison's Bayes factor must not fall as its level
      rises, so the match class is always the one with more agreement; with ``fix_u=False`` the
      classes are swapped back if the "match" class agrees less. Given ``total_pairs``, the
      candidates' match share is capped at ``prior * total_pairs / candidates`` (they cannot
      hold more matches than the whole population), so a cluster that outnumbers the true
      matches cannot be taken for them;
    - a share of matches that vanishes: reported in ``fit_info["warnings"]``.

    Args:
        levels: one int column per comparison (column order = the model's), one row per pair.
        u: comparison -> u per level (:func:`estimate_u`); its lengths give the level counts.
        prior: the global λ (:func:`estimate_prior`), stored in the model for scoring.
        candidate_prior: starting match share among the candidates (blocked pairs hold far more
            matches than random ones); EM estimates it. Default 0.1.
        n_levels: level counts; default the lengths of ``u``.
        tf: comparison -> record column for TF adjustment at scoring time.
        fix_u: keep u as given (recommended: random-pair u is better than EM's).
        monotone: keep Bayes factors non-decreasing in the level.
        max_iter, tol: EM stops after max_iter steps or when no parameter moves more than tol.
        strength: pseudo-pairs of the Dirichlet prior on m.
        total_pairs: all pairs of the records (``estimation.total_pairs``), for the cap above;
            None for no cap.

    Returns:
        The model; ``fit_info`` has ``candidate_prior`` (EM's match share among the candidates),
        iterations, convergence, log-likelihood and warnings.
    """
    comps = [str(c) for c in levels.columns]
    lacking = [c for c in comps if c not in u]
    if lacking:
        raise ValueError(f"u lacks comparison {lacking[0]!r}; estimate u (estimate_u on random "
                         f"pairs' levels) for every column of levels")
    n = {c: int(n_levels[c]) if n_levels is not None and c in n_levels else len(u[c])
         for c in comps}
    bad = [c for c in comps if len(u[c]) != n[c]]
    if bad:
        raise ValueError(f"u[{bad[0]!r}] has {len(u[bad[0]])} levels but n_levels says "
                         f"{n[bad[0]]}; estimate u with the same n_levels")
    nonpositive = [c for c in comps if min(u[c]) <= 0]
    if nonpositive:
        raise ValueError(f"u[{nonpositive[0]!r}] = {list(u[nonpositive[0]])} has a level with "
                         f"u <= 0; smooth it (estimate_u does) so every level stays possible")
    lam0 = 0.1 if candidate_prior is None else float(candidate_prior)
    if not 0 < lam0 < 1 or not 0 < prior < 1:
        raise ValueError(f"prior {prior!r} and candidate_prior {candidate_prior!r} must lie "
                         f"strictly between 0 and 1")
    mat = _level_matrix(comps, n, levels)
    pats, counts = level_patterns(mat, [n[c] for c in comps])
    if not len(counts):
        raise ValueError("levels has no rows; train on the candidate pairs' levels")
    cap = 1.0 if total_pairs is None else min(1.0, prior * total_pairs / counts.sum())
    lam0 = min(lam0, cap / 2) if cap < 1 else lam0
    u0 = [np.asarray(u[c], dtype=float) / np.sum(u[c]) for c in comps]
    m0 = [4.0 ** np.arange(n[c]) / (4.0 ** np.arange(n[c])).sum() for c in comps]
    m_fit, u_fit, lam, info = em(pats, counts, m0, u0, lam0, fix_u=fix_u, monotone=monotone,
                                 max_iter=max_iter, tol=tol, strength=strength, max_lam=cap)
    info.update(max_candidate_prior=float(cap), method="em", pairs=int(counts.sum()),
                patterns=int(len(counts)),
                candidate_prior=lam, fix_u=fix_u, monotone=monotone)
    return FellegiSunter(comps, n, {c: m_fit[j].tolist() for j, c in enumerate(comps)},
                         {c: u_fit[j].tolist() for j, c in enumerate(comps)}, float(prior),
                         dict(tf or {}), fit_info=info)


def fit_labelled(levels: pd.DataFrame, labels: np.ndarray, *,
                 n_levels: Mapping[str, int] | None = None, tf: Mapping[str, str] | None = None,
                 prior: float, base: FellegiSunter | None = None,
                 strength: float = 1.0) -> FellegiSunter:
    """m and u from labelled pairs (e.g. steward decisions), smoothed, optionally blended.

    Args:
        levels: one int column per comparison, one row per labelled pair.
        labels: truthy = match, one per row.
        n_levels: level counts; default ``base``'s, else max seen + 1.
        tf: comparison -> record column for TF adjustment (default ``base``'s).
        prior: the global λ (labelled pairs are not a random sample, so it is not estimated).
        base: a model to blend with: its m and u act as ``strength`` pseudo-pairs per class,
            so a few labels nudge it and many labels override it.
        strength: pseudo-pairs per class (spread evenly over levels when there is no base).

    Returns:
        The model (``fit_info`` records the label counts).

    Raises:
        ValueError: labels misaligned, or a class has no labelled pair and no base to fall back on.
    """
    y = np.asarray(labels).astype(bool)
    if y.shape != (len(levels),):
        raise ValueError(f"labels has shape {y.shape}; give one label per row of levels "
                         f"({len(levels)})")
    if base is not None:
        n_levels = n_levels or base.n_levels
        tf = base.tf if tf is None else tf
    elif y.all() or not y.any():
        raise ValueError(f"labels hold {int(y.sum())} matches and {int((~y).sum())} non-matches;"
                         f" label pairs of both classes or pass base= (a trained model)")
    comps = [str(c) for c in levels.columns]
    n = _infer_n_levels(levels, n_levels)
    mat = _level_matrix(comps, n, levels)
    m, u = {}, {}
    for j, c in enumerate(comps):
        flat = np.full(n[c], 1 / n[c])
        m_centre = np.asarray(base.m[c]) if base is not None and c in base.m else flat
        u_centre = np.asarray(base.u[c]) if base is not None and c in base.u else flat
        m[c] = smoothed(level_counts(mat[y, j], n[c]), m_centre, strength).tolist()
        u[c] = smoothed(level_counts(mat[~y, j], n[c]), u_centre, strength).tolist()
    info = {"method": "labelled", "matches": int(y.sum()), "non_matches": int((~y).sum()),
            "blended_with_base": base is not None, "strength": strength}
    return FellegiSunter(comps, n, m, u, float(prior), dict(tf or {}), fit_info=info)
