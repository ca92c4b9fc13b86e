"""Experiment: are Yidang's pair probabilities calibrated? Per probability band, the candidate
pairs, the model's expected matches (sum of p) and the true matches among them (truth read).

    python -m bench.quality.calibration [--datasets ...]
"""
from __future__ import annotations

import argparse
import importlib
import sys

import numpy as np

from bench.quality import yidang_runner as yd
from bench.quality.datasets import NAMES, load

lr = importlib.import_module("linkage.resolve")
BANDS = (0.0, 0.01, 0.1, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0000001)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default=",".join(n for n in NAMES if n != "cgedq_jinshenlu"))
    args = ap.parse_args(argv)
    for name in args.datasets.split(","):
        ds = load(name)
        settings = yd.settings_for(name)
        records = yd._records(ds)
        groups = "source_dataset" if ds.link_type == "link_only" else None
        got = {}
        orig_block, orig_score = lr.block, lr.score

        def block(*a, **kw):
            out = orig_block(*a, **kw)
            got.setdefault("cand", out)  # the first call: resolve's own blocking
            return out

        def score(*a, **kw):
            got["s"] = orig_score(*a, **kw)
            return got["s"]

        lr.block, lr.score = block, score
        try:
            lr.resolve(records.reset_index(drop=True), settings, link_groups=groups)
        finally:
            lr.block, lr.score = orig_block, orig_score
        rid = records.reset_index(drop=True)["rid"].astype(str).to_numpy()
        L, R = rid[got["cand"].left], rid[got["cand"].right]
        p = np.asarray(got["s"].probability)
        truth = ds.truth_pairs
        true = np.array([(min(a, b), max(a, b)) in truth for a, b in zip(L, R)])
        print(f"{name}: {len(p):,} candidates; true pairs blocked {true.sum():,} of "
              f"{len(truth):,}; sum p {p.sum():.1f}")
        for lo, hi in zip(BANDS[:-1], BANDS[1:]):
            s = (p >= lo) & (p < hi)
            print(f"   p [{lo:.2f},{min(hi, 1):.2f}): pairs {s.sum():>8,}  E[matches] "
                  f"{p[s].sum():>9.1f}  true {true[s].sum():>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
