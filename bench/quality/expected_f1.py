"""Experiment: label-free threshold selection by EXPECTED F1 (dedupe's historical rule).

    python -m bench.quality.expected_f1 [--datasets febrl3,...] [--city 20000] [--out FILE]

For each dataset Yidang resolves once with its benchmark settings (the city: the shipped
defaults on the cached 20k store), and the probabilities of EVERY blocked candidate pair are
captured (``resolve()`` computes them all; only pairs >= review are kept as evidence). Over the
pairs' probabilities p_i, for a threshold t:

    E[TP](t) = sum(p_i >= t),  E[P] = E[TP] / #(p_i >= t),  E[R] = E[TP] / S,
    E[F1](t) = 2 E[TP](t) / (#(p_i >= t) + S)

with three choices of S, the expected number of true matches:

* ``all``    — sum of p over every blocked candidate pair (dedupe's rule);
* ``review`` — sum of p over the pairs resolve() keeps (p >= review 0.5);
* ``prior``  — the model's own lambda x all pairs of the records (includes unblocked pairs).

t is searched over the distinct probabilities (``free``) and over a grid 0.50 .. 0.999
(``grid``). Nothing here reads the truth until the chosen thresholds are fixed; then Yidang
re-clusters at each chosen t (same trained model) and the clustered output is scored.
CGED-Q: the rule runs over the blocked candidates of its distinct records (not over the
labelled pairs, which were chosen by the labelling process), and the labelled pairs are
classified at t.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import importlib

lr = importlib.import_module("linkage.resolve")
from bench.quality import yidang_runner as yd
from bench.quality.datasets import NAMES, load
from linkage.estimation import total_pairs
from linkage.evaluation import pairwise_scores_from_clusters
from linkage.settings import LinkageSettings, Thresholds

GRID = tuple(np.round(np.arange(0.50, 0.99, 0.01), 2)) + (0.99, 0.995, 0.999)


class Capture:
    """Patch ``linkage.resolve.score`` to keep the last full score vector."""

    def __init__(self):
        self.scores = None
        self._orig = lr.score

    def __enter__(self):
        def wrapped(*a, **kw):
            s = self._orig(*a, **kw)
            self.scores = s
            return s
        lr.score = wrapped
        return self

    def __exit__(self, *exc):
        lr.score = self._orig


def expected_f1_curve(p: np.ndarray, S: float) -> tuple[np.ndarray, np.ndarray]:
    """(distinct thresholds descending, E[F1] at each) for probabilities ``p``."""
    q = np.sort(p)[::-1]
    cum = np.cumsum(q)
    n = np.arange(1, len(q) + 1)
    # last index of each distinct value: the threshold t = value takes every pair >= it
    last = np.r_[np.flatnonzero(q[1:] != q[:-1]), len(q) - 1]
    t = q[last]
    f1 = 2 * cum[last] / (n[last] + S)
    return t, f1


def pick(p: np.ndarray, S: float, grid: bool) -> dict:
    """The E[F1]-maximising threshold (free over distinct p, or on GRID)."""
    if grid:
        best = None
        for t in GRID:
            sel = p >= t
            f1 = 2 * p[sel].sum() / (sel.sum() + S)
            if best is None or f1 > best[1] + 1e-15:
                best = (float(t), float(f1))
        t, f1 = best
        run_t = t
    else:
        ts, f1s = expected_f1_curve(p, S)
        i = int(np.argmax(f1s))
        t, f1 = float(ts[i]), float(f1s[i])
        run_t = None  # set by rule_choices from every candidate's p
    sel = p >= t
    etp = float(p[sel].sum())
    return {"t": t, "run_t": run_t, "E_f1": f1, "E_precision": etp / max(sel.sum(), 1),
            "E_recall": etp / S, "n_pairs_at_t": int(sel.sum())}


def _logit2(p: float) -> float:
    p = min(max(p, 1e-15), 1 - 1e-15)
    return math.log2(p / (1 - p))


def with_threshold(settings: LinkageSettings, t: float) -> LinkageSettings:
    return dataclasses.replace(settings, thresholds=Thresholds(match=t,
                                                               review=min(0.5, t)))


def rule_choices(p: np.ndarray, prior: float, n_total: int, review: float) -> dict:
    sums = {"all": float(p.sum()), "review": float(p[p >= review].sum()),
            "prior": float(prior * n_total)}
    out = {"S": sums}
    for sname, S in sums.items():
        for mode in ("free", "grid"):
            pp = p[p >= review] if sname == "review" else p
            c = pick(pp, S, grid=(mode == "grid"))
            if c["run_t"] is None:
                # run at the midpoint (in log-odds) to the next lower distinct p of ALL the
                # candidates, so the round trip probability -> weight cannot drop the pairs
                # sitting exactly at t, nor take any pair below t
                below = p[p < c["t"]]
                lower = float(below.max()) if len(below) else c["t"] / 2
                w = (_logit2(c["t"]) + _logit2(lower)) / 2
                c["run_t"] = float(1 / (1 + 2.0 ** -w))
            out[f"{sname}/{mode}"] = c
    return out


def score_choices(choices: dict, act, match: float, say, head: str) -> dict:
    """Score the output at ``match`` and at each rule's threshold with ``act`` (threshold ->
    scores), tell the line, and return the scores at ``match``."""
    base = act(match)
    for k, c in choices.items():
        if k != "S":
            c["actual"] = act(c["run_t"])
    say(f"{head}, F1@{match:g} {base['f1']:.4f}; "
        + ", ".join(f"{k} t={c['t']:.4f} F1={c['actual']['f1']:.4f}"
                    for k, c in choices.items() if k != "S"))
    return base


# --- benchmark datasets ------------------------------------------------------------------------

def run_dataset(name: str, say) -> dict:
    ds = load(name)
    settings = yd.settings_for(name)
    if ds.is_pair_classification:
        return run_cgedq(ds, settings, say)
    records = yd._records(ds)
    groups = "source_dataset" if ds.link_type == "link_only" else None
    with Capture() as cap:
        t0 = time.perf_counter()
        res = lr.resolve(records, settings, link_groups=groups)
        secs = time.perf_counter() - t0
    p = np.asarray(cap.scores.probability, dtype=float)
    n_total = total_pairs(len(records), records[groups].to_numpy() if groups else None)
    choices = rule_choices(p, res.model.prior, n_total, settings.thresholds.review)
    # Truth is read only from here on.
    actual = {}

    def act(t):
        key = f"{t:.6g}"
        if key not in actual:
            r = res if t == settings.thresholds.match else lr.resolve(
                records, with_threshold(settings, t), link_groups=groups, model=res.model)
            pred = {str(k): str(v) for k, v in r.eids.items()}
            pair, _ = yd._score(pred, ds)
            actual[key] = {k: pair[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
        return actual[key]

    base = score_choices(choices, act, settings.thresholds.match, say,
                         f"{name}: {len(p):,} candidates, resolve {secs:.1f}s")
    return {"dataset": name, "candidates": int(len(p)), "prior": res.model.prior,
            "total_pairs": int(n_total), "at_095": base, "choices": choices,
            "p_quantiles": {q: float(np.quantile(p, q)) for q in (0.5, 0.9, 0.99)},
            "n_ge_05": int((p >= 0.5).sum()), "n_ge_095": int((p >= 0.95).sum())}


def run_cgedq(ds, settings, say) -> dict:
    from linkage.blocking import block
    from linkage.compare import comparison_levels
    from linkage.scoring import pair_term_frequencies, score
    from linkage.evaluation import pairwise_scores

    records = yd._records(ds).reset_index(drop=True)
    cand = block(records, settings.blocking)
    levels = comparison_levels(records, cand.left, cand.right, settings.comparisons)
    model = lr.train_model(records, settings, levels)
    tf = pair_term_frequencies(model, records, cand.left, cand.right)
    p = np.asarray(score(model, levels, tf, tf_weight=settings.model.tf_weight).probability)
    n_total = total_pairs(len(records))
    choices = rule_choices(p, model.prior, n_total, settings.thresholds.review)
    # labelled pairs' probabilities (truth from here on)
    pos = pd.Series(np.arange(len(records)), index=records["rid"].astype(str))
    cp = ds.candidate_pairs
    lo = cp[["unique_id_l", "unique_id_r"]].min(axis=1)
    hi = cp[["unique_id_l", "unique_id_r"]].max(axis=1)
    pairs = pd.DataFrame({"l": lo, "r": hi}).drop_duplicates(ignore_index=True)
    left, right = pos.reindex(pairs["l"]).to_numpy(), pos.reindex(pairs["r"]).to_numpy()
    lv = comparison_levels(records, left, right, settings.comparisons)
    tfl = pair_term_frequencies(model, records, left, right)
    pl = score(model, lv, tfl, tf_weight=settings.model.tf_weight).probability
    keys = list(zip(pairs["l"], pairs["r"]))

    def act(t):
        s = pairwise_scores([k for k, q in zip(keys, pl) if q >= t], ds.truth_pairs)
        return {k: s[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}

    base = score_choices(choices, act, settings.thresholds.match, say,
                         f"{ds.name}: {len(p):,} blocked candidates")
    return {"dataset": ds.name, "candidates": int(len(p)), "prior": model.prior,
            "total_pairs": int(n_total), "at_095": base, "choices": choices,
            "n_ge_05": int((p >= 0.5).sum()), "n_ge_095": int((p >= 0.95).sum())}


# --- the sample city ---------------------------------------------------------------------------

def run_city(persons: int, say) -> list[dict]:
    from linkage.settings import default_settings

    frames, authority = yd.city_frames(persons, 7, say)
    truth = yd.city_truth(persons, 7)
    rows = []
    for kind in yd.CITY_KINDS:
        records = frames[kind]
        settings = default_settings(kind)
        with Capture() as cap:
            t0 = time.perf_counter()
            res = lr.resolve(records, settings, authority=authority)
            secs = time.perf_counter() - t0
        p = np.asarray(cap.scores.probability, dtype=float)
        n_total = total_pairs(len(records))
        choices = rule_choices(p, res.model.prior, n_total, settings.thresholds.review)
        true = truth[kind]
        actual = {}

        def act(t):
            key = f"{t:.6g}"
            if key not in actual:
                r = res if t == settings.thresholds.match else lr.resolve(
                    records, with_threshold(settings, t), authority=authority,
                    model=res.model)
                pred = {rid: str(e) for rid, e in r.eids.items() if rid in true}
                pair = pairwise_scores_from_clusters(pred, {r_: true[r_] for r_ in pred})
                actual[key] = {k: pair[k] for k in ("precision", "recall", "f1", "tp", "fp",
                                                    "fn")}
            return actual[key]

        name = f"city-{persons} {kind}"
        base = score_choices(choices, act, settings.thresholds.match, say,
                             f"{name}: {len(p):,} candidates, resolve {secs:.1f}s")
        rows.append({"dataset": name, "candidates": int(len(p)), "prior": res.model.prior,
                     "total_pairs": int(n_total), "at_095": base, "choices": choices,
                     "n_ge_05": int((p >= 0.5).sum()), "n_ge_095": int((p >= 0.95).sum())})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default=",".join(NAMES))
    ap.add_argument("--city", type=int, default=0)
    ap.add_argument("--out", type=Path, default=yd.OUT / "expected_f1.json")
    args = ap.parse_args(argv)

    def say(line):
        print(line, file=sys.stderr, flush=True)

    rows = []
    if args.out.exists():
        rows = json.loads(args.out.read_text())
    done = {r["dataset"] for r in rows}
    for n in [n.strip() for n in args.datasets.split(",") if n.strip()]:
        if n in done:
            continue
        rows.append(run_dataset(n, say))
        args.out.write_text(json.dumps(rows, indent=1, default=str))
    if args.city:
        rows = [r for r in rows if not r["dataset"].startswith(f"city-{args.city} ")]
        rows += run_city(args.city, say)
        args.out.write_text(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
