"""Experiment: Yidang's benchmark F1 at 0.95 under a settings variant, every dataset.

    python -m bench.quality.variants --variant bridge_off [--datasets ...] [--city 20000]
"""
from __future__ import annotations

import argparse
import dataclasses
import sys

from bench.quality import yidang_runner as yd
from bench.quality.datasets import NAMES, load
from linkage.settings import LinkageSettings


def bridge_off(s: LinkageSettings) -> LinkageSettings:
    return dataclasses.replace(s, clustering=dataclasses.replace(s.clustering, bridge_ratio=0.0))


VARIANTS = {"none": lambda s: s, "bridge_off": bridge_off}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", default="none", choices=sorted(VARIANTS))
    ap.add_argument("--datasets", default=",".join(NAMES))
    ap.add_argument("--city", type=int, default=0)
    args = ap.parse_args(argv)
    change = VARIANTS[args.variant]
    for name in [n for n in args.datasets.split(",") if n]:
        ds = load(name)
        r = yd.run_yidang(ds, change(yd.settings_for(name)))
        print(f"{args.variant} {name}: P {r.precision:.4f} R {r.recall:.4f} F1 {r.f1:.4f} "
              f"tp {r.tp} fp {r.fp}", flush=True)
    if args.city:
        from linkage.evaluation import pairwise_scores_from_clusters
        from linkage.resolve import resolve
        from linkage.settings import default_settings

        frames, authority = yd.city_frames(args.city, 7)
        truth = yd.city_truth(args.city, 7)
        for kind in yd.CITY_KINDS:
            res = resolve(frames[kind], change(default_settings(kind)), authority=authority)
            true = truth[kind]
            pred = {r: str(e) for r, e in res.eids.items() if r in true}
            p = pairwise_scores_from_clusters(pred, {r: true[r] for r in pred})
            print(f"{args.variant} city-{args.city} {kind}: P {p['precision']:.4f} "
                  f"R {p['recall']:.4f} F1 {p['f1']:.4f} tp {p['tp']} fp {p['fp']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
