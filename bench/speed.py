"""Benchmark: resolve a whole loaded sample city on the embedded store, beside Splink.

    python bench/speed.py --persons 200000 --runs 3            # Yidang and Splink, same run
    YIDANG_BUFFER_POOL_MB=4096 python bench/speed.py --persons 1000000 --runs 1 --no-splink

The city is generated and loaded once (cached under bench/out/city-<persons>-<seed> and
bench/out/store-<persons>-<seed>). Each run copies the loaded store and, in a fresh child
process, resolves every kind (``resolve_store``), recording wall time and peak resident memory
per stage — reading records, each linkage stage, writing; a second child scores the result
against truth.csv, so the peak is resolving's own. Memory is in MiB (2**20 bytes).
In the same run, Splink (the bench baseline of bench/quality/splink_baseline.py, the
configuration a competent user writes) resolves the same standardised person records in its own
child process. Medians over the runs go to bench/out/speed-<persons>.json and stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import OUT, PeakMemory  # noqa: E402


def _truth(city: Path, kind: str) -> dict[str, str]:
    import pandas as pd

    t = pd.read_csv(city / "truth.csv", dtype=str)
    t = t[t["kind"] == kind]
    return dict(zip(t["source"] + ":" + t["key"], t["entity"]))


def _resolve_child(city: Path, store: Path) -> dict:
    """One resolution of every kind, in its own process: the peak is resolving's alone (the
    bench's scoring read runs in another child, :func:`_score_child`)."""
    from graph import open_store
    from linkage.run import resolve_store

    peaks = PeakMemory()
    stages: list[dict] = []
    clock = [time.perf_counter()]

    def progress(line: str) -> None:
        kind, _, rest = line.partition(": ")
        stage = rest.split(":", 1)[0]
        if ":" not in rest or stage.startswith("resolving") or stage == "up to date":
            return
        now = time.perf_counter()
        stages.append({"kind": kind, "stage": stage, "seconds": round(now - clock[0], 2),
                       "peak_mb": round(peaks.lap())})
        clock[0] = now

    t0 = time.perf_counter()
    pool = int(os.environ.get("YIDANG_BUFFER_POOL_MB", "0"))  # LadybugDB page-cache cap
    with open_store(store, buffer_pool_mb=pool) as s:
        report = resolve_store(s, force=True, progress=progress)
    wall = time.perf_counter() - t0
    peak = max([st["peak_mb"] for st in stages] + [peaks.stop()])
    per_kind = {k.kind: {"seconds": round(sum(k.timings.values()), 2), "counts": k.counts}
                for k in report.kinds}
    return {"wall_s": round(wall, 2), "peak_mb": round(peak), "stages": stages,
            "kinds": per_kind}


def _score_child(city: Path, store: Path) -> dict:
    """Pairwise scores of the resolved store against truth.csv, per kind."""
    from graph import open_store
    from linkage.evaluation import pairwise_scores_from_clusters

    with open_store(store, read_only=True) as s:
        assignments = s.assignments()
    pred = dict(zip(assignments["source"] + ":" + assignments["key"], assignments["entity_id"]))
    scores = {}
    for kind in ("person", "organization", "place"):
        truth = _truth(city, kind)
        p = {r: pred[r] for r in truth if pred.get(r)}
        scores[kind] = pairwise_scores_from_clusters(p, {r: truth[r] for r in p})
    return {"scores": scores}


def _splink_child(city: Path, store: Path) -> dict:
    """Splink on the same standardised person records (read from the same store)."""
    from bench.quality.splink_baseline import run_splink_on_frame
    from graph import open_store
    from linkage.evaluation import pairs_from_clusters

    with open_store(store, read_only=True) as s:
        records = s.records_frame("person")
    truth = _truth(city, "person")
    peaks = PeakMemory()
    t0 = time.perf_counter()
    result = run_splink_on_frame(records, "person", pairs_from_clusters(truth))
    wall = time.perf_counter() - t0
    return {"wall_s": round(wall, 2), "peak_mb": round(peaks.stop()),
            "stage_seconds": result.stage_seconds,
            "scores": {"precision": result.precision, "recall": result.recall, "f1": result.f1}}


def _prepare(persons: int, seed: int) -> tuple[Path, Path]:
    city = OUT / f"city-{persons}-{seed}"
    if not (city / "manifest.json").exists():
        from loaders.sample import generate_city

        generate_city(city, persons=persons, seed=seed)
    store = OUT / f"store-{persons}-{seed}"
    if not (store / "loaded").exists():
        # Loaded by `yidang load` in its own process: the load's memory is gone before the
        # measured children start (a 1M-person load held 8 GB in this process otherwise).
        shutil.rmtree(store, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "api.cli", "load", "--store", str(store / "s"),
                        *map(str, sorted(city.glob("*.yaml")))], check=True)
        (store / "loaded").write_text(f"{time.perf_counter() - t:.1f}s\n")
    return city, store / "s"


def _child(kind: str, city: Path, store: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(city), str(store)],
                         capture_output=True, text=True)
    if out.returncode:
        why = "killed (out of memory?)" if out.returncode < 0 else "failed"
        sys.exit(f"{kind} child {why}, exit {out.returncode}:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, city, store = args.child
        child = {"yidang": _resolve_child, "score": _score_child, "splink": _splink_child}[kind]
        run = child(Path(city), Path(store))
        print(json.dumps(run))
        return

    city, loaded = _prepare(args.persons, args.seed)
    yidang, splink = [], []
    for i in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="yidang-speed-"))
        try:
            shutil.copytree(loaded, work / "s")
            run = _child("yidang", city, work / "s")
            run.update(_child("score", city, work / "s"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        yidang.append(run)
        line = (f"run {i + 1}: Yidang {run['wall_s']:.1f}s (persons "
                f"{run['kinds']['person']['seconds']:.1f}s), peak {run['peak_mb']:,} MiB")
        if not args.no_splink:
            sp = _child("splink", city, loaded)
            splink.append(sp)
            line += f"; Splink persons {sp['wall_s']:.1f}s, peak {sp['peak_mb']:,} MiB"
        print(line, flush=True)

    def med(runs, *path):
        vals = []
        for r in runs:
            for p in path:
                r = r[p]
            vals.append(r)
        return statistics.median(vals)

    stage_names = [(s["kind"], s["stage"]) for s in yidang[0]["stages"]]
    stages = [{"kind": k, "stage": st,
               "seconds": statistics.median(next(x["seconds"] for x in r["stages"]
                                                 if (x["kind"], x["stage"]) == (k, st))
                                            for r in yidang),
               "peak_mb": statistics.median(next(x["peak_mb"] for x in r["stages"]
                                                 if (x["kind"], x["stage"]) == (k, st))
                                            for r in yidang)}
              for k, st in stage_names]
    summary = {"persons": args.persons, "runs": args.runs,
               "yidang": {"wall_s": med(yidang, "wall_s"), "peak_mb": med(yidang, "peak_mb"),
                          "person_s": med(yidang, "kinds", "person", "seconds"),
                          "stages": stages, "scores": yidang[0]["scores"]},
               "splink": ({"person_wall_s": med(splink, "wall_s"),
                           "peak_mb": med(splink, "peak_mb"), "scores": splink[0]["scores"],
                           "stage_seconds": splink[0]["stage_seconds"]} if splink else None),
               "all_runs": {"yidang": yidang, "splink": splink}}
    OUT.mkdir(exist_ok=True)
    (OUT / f"speed-{args.persons}.json").write_text(json.dumps(summary, indent=2))
    print(f"\n{'kind':<14}{'stage':<12}{'seconds':>9}{'peak MiB':>9}")
    for s in stages:
        print(f"{s['kind']:<14}{s['stage']:<12}{s['seconds']:>9.1f}{s['peak_mb']:>9,.0f}")
    y = summary["yidang"]
    print(f"\nYidang, whole city: {y['wall_s']:.1f}s wall, peak {y['peak_mb']:,.0f} MiB "
          f"({y['peak_mb'] * 2**20 / 1e9:.2f} GB); persons "
          f"{y['person_s']:.1f}s; F1 " + ", ".join(f"{k} {v['f1']:.4f}"
                                                  for k, v in y["scores"].items()))
    if splink:
        s = summary["splink"]
        print(f"Splink, persons: {s['person_wall_s']:.1f}s wall, peak {s['peak_mb']:,.0f} MiB; "
              f"F1 {s['scores']['f1']:.4f}")


if __name__ == "__main__":
    main()
