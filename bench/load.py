"""Benchmark: load a whole sample city into a fresh embedded store.

    python bench/load.py --persons 200000 --runs 3

Generates the city once (cached under bench/out/city-<persons>-<seed>), then for each run loads
every source into a new LadybugDB store in a child process and reports, per run and as the
median: wall time, rows/s end to end, time per stage, and the child's peak resident memory.
Results are written to bench/out/load-<persons>.json as well as printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
WORKERS = 2


def _child(city: Path, store: Path) -> None:
    """One load of every source (runs in its own process so peak memory is its own)."""
    from graph import open_store
    from loaders import load_files, mapping_jobs

    manifest = json.loads((city / "manifest.json").read_text())
    sampler = PeakMemory()
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    rows_in = loaded = quarantined = 0
    per_source = {}
    jobs = mapping_jobs(sorted(city.glob("*.yaml")))  # the sample city's mappings name their files
    with open_store(store) as s:
        for r in load_files(s, jobs, workers=WORKERS):
            for k, v in r.seconds.items():
                stages[k] = stages.get(k, 0.0) + v
            rows_in += r.batch.rows_in
            loaded += r.batch.rows_loaded
            quarantined += r.batch.rows_quarantined
            per_source[r.batch.source] = {"rows_in": r.batch.rows_in,
                                          "seconds": round(sum(r.seconds.values()), 2)}
    wall = time.perf_counter() - t0
    peak_mb = max(sampler.stop(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps({"wall_s": wall, "rows_in": rows_in, "rows_loaded": loaded,
                      "rows_quarantined": quarantined, "rows_per_s": rows_in / wall,
                      "peak_mb": peak_mb, "main_peak_mb": sampler.main_peak / 2**20, "stages": stages, "sources": per_source,
                      "persons": manifest.get("persons")}))


class PeakMemory:
    """Samples the resident memory of this process and its children (the workers) together."""

    def __init__(self, interval: float = 0.05):
        import threading

        import psutil

        self._proc, self._peak, self._interval = psutil.Process(), 0, interval
        self.main_peak = 0  # this process alone: the writer, with the store's buffer pool
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> int:
        """The resident bytes of this process and its children now (``main_peak`` updated)."""
        import psutil

        total = 0
        for p in [self._proc, *self._proc.children(recursive=True)]:
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            if p is self._proc:
                self.main_peak = max(self.main_peak, rss)
        return total

    def _run(self) -> None:
        while not self._done.wait(self._interval):
            self._peak = max(self._peak, self._sample())

    def lap(self) -> float:
        """The peak in MB since the last lap (or the start), and start the next lap."""
        peak, self._peak = max(self._peak, self._sample()), 0
        return peak / 2**20

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._done.set()
        self._thread.join()
        return self._peak / 2**20



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="processes preparing files")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global WORKERS
    WORKERS = args.workers
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return

    city = OUT / f"city-{args.persons}-{args.seed}"
    if not (city / "manifest.json").exists():
        from loaders.sample import generate_city

        t = time.perf_counter()
        generate_city(city, persons=args.persons, seed=args.seed)
        print(f"generated city in {time.perf_counter() - t:.1f}s: {city}")
    runs = []
    for i in range(args.runs):
        store = Path(tempfile.mkdtemp(prefix="yidang-bench-"))
        try:
            out = subprocess.run([sys.executable, __file__, "--workers", str(args.workers),
                                  "--child", str(city), str(store / "s")],
                                 capture_output=True, text=True, check=True)
        except subprocess.CalledProcessError as exc:
            sys.exit(exc.stderr)
        finally:
            shutil.rmtree(store, ignore_errors=True)
        run = json.loads(out.stdout.strip().splitlines()[-1])
        runs.append(run)
        print(f"run {i + 1}: {run['rows_in']:,} rows in {run['wall_s']:.1f}s = "
              f"{run['rows_per_s']:,.0f} rows/s, peak {run['peak_mb']:,.0f} MB "
              f"(main process {run['main_peak_mb']:,.0f} MB)")
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "rows_per_s", "peak_mb")}
    stages = {k: round(statistics.median(r["stages"][k] for r in runs), 2) for k in runs[0]["stages"]}
    summary = {"persons": args.persons, "runs": len(runs), "rows_in": runs[0]["rows_in"],
               "rows_quarantined": runs[0]["rows_quarantined"], "median": med,
               "stages_median_s": stages, "sources": runs[0]["sources"], "all_runs": runs}
    OUT.mkdir(exist_ok=True)
    (OUT / f"load-{args.persons}.json").write_text(json.dumps(summary, indent=2))
    print(f"median of {len(runs)}: {med['wall_s']:.1f}s wall, {med['rows_per_s']:,.0f} rows/s, "
          f"peak {med['peak_mb']:,.0f} MB; stages {stages}")


if __name__ == "__main__":
    main()
