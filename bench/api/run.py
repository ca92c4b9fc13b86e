"""Benchmark: the HTTP service over the embedded store holding a resolved sample city.

    python bench/api/run.py --persons 200000 --seconds 20 --concurrency 16

The city is generated once (bench/out/city-<persons>-<seed>, shared with bench/load.py); it is
loaded and resolved once into bench/out/api-store-<persons>-<seed> (a few minutes at 200k). Each
run copies that store (users and audit entries are written while serving), starts `yidang serve`
on it, and drives it from this process — the load generator, a second process — with
``concurrency`` clients for ``seconds`` per scenario:

- profile: GET /profiles/{eid} of random active persons
- lookup: GET /profiles/by/id_number/{id} (the same persons, by ID number)
- search: GET /search/persons?name=… (their names; a third written in traditional characters)
- organisations: GET /search/organizations?name=… (trade names of random organisations)

Reported per scenario and run: p50, p90, p99, max latency (ms), requests/s, errors; then the
medians over ``--runs`` rounds. Results are printed and written to
bench/out/api-<persons>-c<concurrency>.json. Targets: profile p99 <= 30 ms, search p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
SCENARIOS = ("profile", "lookup", "search", "organisations")


def resolved_store(persons: int, seed: int) -> Path:
    """The cached resolved store of the city, built (load + resolve) if missing."""
    store = OUT / f"api-store-{persons}-{seed}"
    if (store / "graph.lbdb").exists():
        return store
    from graph import open_store
    from linkage.run import resolve_store
    from loaders import load_files, mapping_jobs
    from loaders.sample import generate_city

    city = OUT / f"city-{persons}-{seed}"
    if not (city / "manifest.json").exists():
        print(f"generating a city of {persons:,} persons in {city} ...", flush=True)
        generate_city(city, persons=persons, seed=seed)
    partial = store.with_name(store.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    jobs = mapping_jobs(sorted(city.glob("*.yaml")))
    t = time.perf_counter()
    with open_store(partial) as s:
        for report in load_files(s, jobs, workers=2):
            print(f"  loaded {report.batch.source}: {report.batch.rows_loaded:,} rows", flush=True)
        resolve_store(s, progress=lambda line: None)
    partial.rename(store)
    print(f"loaded and resolved into {store} in {time.perf_counter() - t:.0f}s", flush=True)
    return store


def targets(store: Path, n: int, seed: int) -> tuple[str, dict[str, list]]:
    """Add a bench user and pick ``n`` persons and organisations to ask for."""
    from api.auth import add_user
    from graph import open_store
    from loaders.standardise.company_name import parse_company_names

    import opencc

    rng = random.Random(seed)
    with open_store(store) as s:
        token = add_user(s, "bench", "case_worker")
        people = s.active_entities("person").dropna(subset=["id_number", "name"])
        orgs = s.active_entities("organization").dropna(subset=["name"])
    people = people.sample(min(n, len(people)), random_state=seed)
    s2t = opencc.OpenCC("s2t")
    names = [s2t.convert(x) if rng.random() < 1 / 3 else x for x in people["name"]]
    orgs = orgs.sample(min(n, len(orgs)), random_state=seed)
    trade = [(p.trade_name or p.key) for p in parse_company_names(orgs["name"].tolist()) if p]
    return token, {
        "profile": [f"/profiles/{e}" for e in people["eid"]],
        "lookup": [f"/profiles/by/id_number/{i}" for i in people["id_number"]],
        "search": [f"/search/persons?name={x}" for x in names],
        "organisations": [f"/search/organizations?name={x}" for x in trade],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def drive(base: str, token: str, urls: list[str], concurrency: int, seconds: float,
                warmup: float = 2.0) -> dict:
    """``concurrency`` clients requesting ``urls`` round robin for ``seconds`` after a warm-up.

    aiohttp, not httpx: on this machine an httpx AsyncClient tops out near 390 requests/s against
    a trivial endpoint (p99 104 ms at concurrency 16) where aiohttp does 2,700 (p99 9 ms), so an
    httpx generator measures itself, not the server.
    """
    latencies: list[float] = []
    errors: dict[int, int] = {}
    headers = {"Authorization": f"Bearer {token}"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base_url=base, headers=headers, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=30)) as client:
        counter = iter(range(10**9))
        start = time.perf_counter()
        measure_from = start + warmup
        stop = measure_from + seconds

        async def worker() -> None:
            while time.perf_counter() < stop:
                url = urls[next(counter) % len(urls)]
                t0 = time.perf_counter()
                async with client.get(url) as r:
                    await r.read()
                    status = r.status
                dt = (time.perf_counter() - t0) * 1000
                if t0 >= measure_from:
                    if status == 200:
                        latencies.append(dt)
                    else:
                        errors[status] = errors.get(status, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
    return {"requests": len(latencies), "rps": round(len(latencies) / seconds, 1),
            "p50_ms": round(q[49], 2), "p90_ms": round(q[89], 2), "p99_ms": round(q[98], 2),
            "max_ms": round(latencies[-1], 2) if latencies else None, "errors": errors}


def _line(res: dict) -> str:
    return (f" p50 {res['p50_ms']:>7.2f} ms  p90 {res['p90_ms']:>7.2f}  p99 {res['p99_ms']:>7.2f}"
            f"  max {res['max_ms']:>8.2f}  {res['rps']:>7.1f} req/s  errors {res['errors'] or 0}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--targets", type=int, default=5000, help="distinct persons/organisations asked for")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--runs", type=int, default=3, help="rounds of every scenario; medians reported")
    args = ap.parse_args()

    cached = resolved_store(args.persons, args.seed)
    work = Path(tempfile.mkdtemp(prefix="yidang-api-bench-"))
    store = work / "store"
    shutil.copytree(cached, store)
    token, urls = targets(store, args.targets, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, YIDANG_STORE=str(store), YIDANG_REFRESH_INTERVAL_S="0")
    t = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                              cwd=ROOT, env=env)
    try:
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.perf_counter() - t > 300:
                raise SystemExit("the server did not become ready")
            time.sleep(0.5)
        ready_s = time.perf_counter() - t
        print(f"server ready in {ready_s:.1f}s (store copy of {cached.name})", flush=True)
        results = {"persons": args.persons, "concurrency": args.concurrency,
                   "seconds": args.seconds, "ready_s": round(ready_s, 1), "cpus": os.cpu_count(),
                   "load_average_before": os.getloadavg()[0], "scenarios": {}}
        rounds: dict[str, list[dict]] = {}
        for i in range(args.runs):
            for name in args.scenarios.split(","):
                res = asyncio.run(drive(base, token, urls[name], args.concurrency, args.seconds))
                rounds.setdefault(name, []).append(res)
                print(f"run {i + 1} {name:<14}" + _line(res), flush=True)
        print(f"medians of {args.runs} runs at concurrency {args.concurrency}:")
        for name, runs in rounds.items():
            med = {k: round(statistics.median(r[k] for r in runs), 2)
                   for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "rps")}
            med["errors"] = sum(sum(r["errors"].values()) for r in runs)
            results["scenarios"][name] = {"median": med, "runs": runs}
            print(f"  {name:<14}" + _line(med), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"api-{args.persons}-c{args.concurrency}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
