"""Experiment: Splink on splink_fake_1000 with u from EVERY pair (min_count_per_level=None,
no early stop) vs its default (stops once each level has 100 counts), scored at 0.9 / 0.95.

    python -m bench.quality.fake1000_splink_u
"""
from __future__ import annotations

import logging
import sys

import numpy as np

from bench.quality import splink_baseline as sb
from bench.quality import yidang_runner as yd
from bench.quality.datasets import load
from linkage.evaluation import pairwise_scores_from_clusters


NEAR = [("fk-0624", "fk-0866"), ("fk-0860", "fk-0986"), ("fk-0523", "fk-0740"),
        ("fk-0225", "fk-0693"), ("fk-0429", "fk-0979")]


def run(ds, min_count, no_tf=False):
    from splink import DuckDBAPI, Linker

    plan = sb.PLANS[ds.name]()
    linker = Linker(DuckDBAPI().register(ds.records), plan.settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(plan.deterministic_rules,
                                                                  recall=plan.recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=sb.SEED,
                                                     min_count_per_level=min_count)
    for rule in plan.em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=no_tf)
    pred = linker.inference.predict(threshold_match_probability=0.5)
    df = pred.as_pandas_dataframe()
    lo = df[["unique_id_l", "unique_id_r"]].astype(str).min(axis=1)
    hi = df[["unique_id_l", "unique_id_r"]].astype(str).max(axis=1)
    w = dict(zip(zip(lo, hi), df["match_weight"]))
    out = {"near": {f"{a}/{b}": round(float(w.get((a, b), float("nan"))), 3) for a, b in NEAR}}
    for t in (0.9, 0.95):
        cl = sb._clusters(linker, pred, t)
        s = pairwise_scores_from_clusters(cl, ds.truth_clusters)
        out[t] = (s["precision"], s["recall"], s["f1"], s["tp"])
    return linker.misc.save_model_to_json(), out


def main() -> int:
    ds = load("splink_fake_1000")
    models = {}
    for mc, no_tf in ((100, False), (None, False), (None, True), (100, True)):
        model, out = run(ds, mc, no_tf)
        models[mc if not no_tf else ("notf", mc)] = model
        print(f"splink u min_count_per_level={mc} EM without tf={no_tf}: " + ", ".join(
            f"@{t}: P {out[t][0]:.4f} R {out[t][1]:.4f} F1 {out[t][2]:.4f} tp {out[t][3]}"
            for t in (0.9, 0.95)))
        print("    weights of the 5 pairs near the 0.95 cut (4.248):", out["near"])
    # u per level: Splink default, Splink all pairs, Yidang
    from linkage.resolve import resolve
    res = resolve(yd._records(ds), yd.settings_for(ds.name))
    for ci, comp in enumerate(models[None]["comparisons"]):
        name = comp["output_column_name"]
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        yu = res.model.u[name][::-1]  # Yidang: level 0 = else; Splink lists top first
        ym = res.model.m[name][::-1]
        for li, lv in enumerate(levels):
            s100 = models[100]["comparisons"][ci]["comparison_levels"][li + 1]
            snt = models[("notf", None)]["comparisons"][ci]["comparison_levels"][li + 1]
            print(f"  {name:10s} {lv['label_for_charts'][:38]:38s} u: splink100 "
                  f"{s100.get('u_probability') or float('nan'):.5f} splinkAll "
                  f"{lv.get('u_probability') or float('nan'):.5f} yidang {yu[li]:.5f} | m: "
                  f"splink100 {s100.get('m_probability') or float('nan'):.4f} splinkAll "
                  f"{lv.get('m_probability') or float('nan'):.4f} splinkAll-noTF-EM "
                  f"{snt.get('m_probability') or float('nan'):.4f} yidang {ym[li]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
