"""Experiment: Yidang vs Splink on splink_fake_1000 at the same threshold 0.95, pair by pair.

    python -m bench.quality.fake1000_diff   (needs bench/out/splink-splink_fake_1000.json)
"""
from __future__ import annotations

import importlib
import json
import logging
import sys

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from bench.quality import yidang_runner as yd
from bench.quality.datasets import load
from linkage.evaluation import pairwise_scores_from_clusters
from linkage.scoring import partial_weights

lr = importlib.import_module("linkage.resolve")
T = 0.95
W = np.log2(T / (1 - T))
COMPS = ["first_name", "surname", "dob", "city", "email"]


def yidang(ds, settings):
    records = yd._records(ds).reset_index(drop=True)
    got = {}
    ob, osc, otf = lr.block, lr.score, lr.pair_term_frequencies

    def block(*a, **kw):
        out = ob(*a, **kw)
        got.setdefault("cand", out)
        return out

    def score(model, levels, tf, **kw):
        got["levels"], got["tf"] = levels, tf
        got["s"] = osc(model, levels, tf, **kw)
        return got["s"]

    lr.block, lr.score = block, score
    try:
        res = lr.resolve(records, settings)
    finally:
        lr.block, lr.score = ob, osc
    rid = records["rid"].astype(str).to_numpy()
    c = got["cand"]
    pw = partial_weights(res.model, got["levels"], got["tf"],
                         tf_weight=settings.model.tf_weight)
    df = pd.DataFrame({"l": rid[c.left], "r": rid[c.right],
                       "y_w": got["s"].weight})
    for k in COMPS:
        df[f"y_g_{k}"] = got["levels"][k].to_numpy()
        df[f"y_bf_{k}"] = pw[k].to_numpy()
        if k in got["tf"]:
            df[f"y_tf_{k}"] = got["tf"][k]
    lo = df[["l", "r"]].min(axis=1)
    hi = df[["l", "r"]].max(axis=1)
    df["l"], df["r"] = lo, hi
    return res, df, records


def splink(ds):
    from splink import DuckDBAPI, Linker

    model = json.loads((yd.OUT / "splink-splink_fake_1000.json").read_text())["model"]
    model["retain_intermediate_calculation_columns"] = True
    db = DuckDBAPI()
    linker = Linker(db.register(ds.records), model, log_level=logging.ERROR)
    pred = linker.inference.predict().as_pandas_dataframe()
    out = pd.DataFrame({"l": pred["unique_id_l"].astype(str),
                        "r": pred["unique_id_r"].astype(str),
                        "s_w": pred["match_weight"].astype(float)})
    lo = out[["l", "r"]].min(axis=1)
    hi = out[["l", "r"]].max(axis=1)
    out["l"], out["r"] = lo, hi
    for k in COMPS:
        out[f"s_g_{k}"] = pred[f"gamma_{k}"].to_numpy()
        mw = pred[f"mw_{k}"].astype(float).to_numpy()
        if f"mw_tf_adj_{k}" in pred:
            mw = mw + pred[f"mw_tf_adj_{k}"].astype(float).fillna(0).to_numpy()
        out[f"s_bf_{k}"] = mw
        if f"tf_{k}_l" in pred:
            out[f"s_tf_{k}"] = np.fmax(pred[f"tf_{k}_l"].astype(float).to_numpy(),
                                       pred[f"tf_{k}_r"].astype(float).to_numpy())
    return linker, out


def components(ids, edges):
    pos = {r: i for i, r in enumerate(ids)}
    li = np.array([pos[a] for a in edges["l"]], dtype=np.int64)
    ri = np.array([pos[b] for b in edges["r"]], dtype=np.int64)
    g = coo_matrix((np.ones(len(li)), (li, ri)), shape=(len(ids), len(ids)))
    _, lab = connected_components(g, directed=False)
    return {r: str(lab[i]) for i, r in enumerate(ids)}


def main() -> int:
    ds = load("splink_fake_1000")
    settings = yd.settings_for(ds.name)
    res, y, records = yidang(ds, settings)
    _, s = splink(ds)
    smodel = json.loads((yd.OUT / "splink-splink_fake_1000.json").read_text())["model"]
    both = y.merge(s, on=["l", "r"], how="outer", indicator=True)
    print("pairs: yidang", len(y), "splink", len(s), both["_merge"].value_counts().to_dict())
    both = both[both["_merge"] == "both"].copy()
    truth = ds.truth_pairs
    both["true"] = [(a, b) in truth for a, b in zip(both["l"], both["r"])]
    lv = [k for k in COMPS if (both[f"y_g_{k}"] != both[f"s_g_{k}"] - 1).any()]
    # Splink's gamma counts levels from the top (ELSE = 0) like Yidang; compare directly
    for k in COMPS:
        d = both[f"y_g_{k}"] != both[f"s_g_{k}"]
        print(f"  level differs on {k}: {int(d.sum())}")
    both["dw"] = both["y_w"] - both["s_w"]
    print("weight diff y - s: median %.3f p10 %.3f p90 %.3f" % tuple(
        np.quantile(both["dw"], [0.5, 0.1, 0.9])))
    for k in COMPS:
        dd = both[f"y_bf_{k}"] - both[f"s_bf_{k}"]
        print(f"   {k}: bf diff median {dd.median():.3f}, mean {dd.mean():.3f}, "
              f"|.|>0.3 on {int((dd.abs() > 0.3).sum())}")
    ya, sa = both["y_w"] >= W, both["s_w"] >= W
    print(f"edges >= 0.95: yidang {int(ya.sum())} splink {int(sa.sum())}; only yidang "
          f"{int((ya & ~sa).sum())} (true {int((ya & ~sa & both['true']).sum())}), only splink "
          f"{int((sa & ~ya).sum())} (true {int((sa & ~ya & both['true']).sum())})")
    diff = both[ya != sa].sort_values("s_w")
    cols = ["l", "r", "true", "y_w", "s_w"] + [f"{p}_{k}" for k in COMPS
                                               for p in ("y_g", "s_g")]
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 40)
    print(diff[cols].to_string())
    contrib = pd.DataFrame({k: (diff[f"y_bf_{k}"] - diff[f"s_bf_{k}"]).to_numpy()
                            for k in COMPS})
    contrib["sum"] = contrib.sum(axis=1)
    contrib["y_w - s_w"] = (diff["y_w"] - diff["s_w"]).to_numpy()
    print("per-comparison bf diff (y - s) on the differing pairs:")
    print(contrib.round(3).to_string())
    # term frequencies: the same values on both sides?
    for k in ("first_name", "surname", "city", "email"):
        top = both[f"y_g_{k}"] == both[f"y_g_{k}"].max()
        d = (both.loc[top, f"y_tf_{k}"] - both.loc[top, f"s_tf_{k}"]).abs()
        print(f"  tf {k}: exact-level pairs {int(top.sum())}, max |f_y - f_s| {d.max():.2e}")
    # Yidang's levels and tf, scored with SPLINK's trained m, u and prior (Yidang's formula)
    sw = np.full(len(both), np.log2(smodel["probability_two_random_records_match"]
                                    / (1 - smodel["probability_two_random_records_match"])))
    for comp in smodel["comparisons"]:
        k = comp["output_column_name"]
        lv = [x for x in comp["comparison_levels"] if not x.get("is_null_level")][::-1]
        m = np.array([x.get("m_probability") or 1e-6 for x in lv])
        u = np.array([x.get("u_probability") or 1e-6 for x in lv])
        g = both[f"y_g_{k}"].to_numpy()
        w = np.where(g >= 0, np.log2(m / u)[np.maximum(g, 0)], 0.0)
        if f"y_tf_{k}" in both:
            f = both[f"y_tf_{k}"].to_numpy()
            hit = (g == len(m) - 1) & ~np.isnan(f)
            w[hit] += np.log2(u[-1]) - np.log2(np.maximum(f[hit], 1e-8))
        sw += w
    dd = sw - both["s_w"].to_numpy()
    print(f"Yidang levels+formula with Splink's parameters vs Splink weight: max |diff| "
          f"{np.abs(dd).max():.2e}; |diff| > 1e-6 on {int((np.abs(dd) > 1e-6).sum())} pairs "
          f"(dob level differs on {int((both['y_g_dob'] != both['s_g_dob']).sum())})")
    odd = both[(np.abs(dd) > 1e-6)].assign(dd=dd[np.abs(dd) > 1e-6])
    print(odd[["l", "r", "true", "y_w", "s_w", "dd"] + [f"{p}_{k}" for k in ("dob", "email")
                                                       for p in ("y_g", "s_g", "s_bf")]]
          .to_string())
    ids = records["rid"].astype(str).tolist()
    truth_map = ds.truth_clusters
    yid = {str(k): str(v) for k, v in res.eids.items()}
    cc_y = components(ids, both[ya])
    cc_s = components(ids, both[sa])
    for name, pred in (("yidang clustering (resolve)", yid), ("yidang edges, plain CC", cc_y),
                       ("splink edges, plain CC", cc_s)):
        sc = pairwise_scores_from_clusters(pred, truth_map)
        print(f"{name}: P {sc['precision']:.4f} R {sc['recall']:.4f} F1 {sc['f1']:.4f} "
              f"tp {sc['tp']} fp {sc['fp']}")
    print("clustering stats:", res.clustering.stats)
    print("rejected:", res.clustering.rejected["reason"].value_counts().to_dict()
          if len(res.clustering.rejected) else {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
