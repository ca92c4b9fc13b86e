"""Benchmark: what steward decisions do for person F1 on the sample city.

Loads the sample city (default bench/out/city-20000-7) into a temporary store, resolves persons,
then takes ``--decisions`` decisions from truth.csv on the review queue, in its order
(api.stewardship.review_queue: review-band pairs and entities with conflicts, big entities near
the threshold first) — on a pair, match where the truth says one person, no-match otherwise; on
a conflict, a split of each record group the truth says is another person (none if the entity is
right) — and resolves again twice:

* **constraints only**: the decisions passed as must/cannot-links, the EM model unchanged;
* **constraints + labels**: the decisions read from the store, so with 50 or more decided pairs
  the model is fitted to them (``linkage.decisions.labelled_model``).

Both re-runs retrain (``force``) so they differ only in the decisions' use. F1 is pairwise over
person records (``linkage.evaluation.evaluate_assignments``)::

    python bench/decisions.py --city bench/out/city-20000-7 --decisions 300
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.stewardship import decide, review_queue  # noqa: E402
from graph import open_store  # noqa: E402
from linkage.decisions import decision_links  # noqa: E402
from linkage.evaluation import evaluate_assignments  # noqa: E402
from linkage.run import resolve_store  # noqa: E402
from loaders import load_files, mapping_jobs  # noqa: E402


def _scores(store, truth: pd.DataFrame) -> dict:
    s = evaluate_assignments(store.assignments(), truth)["person"]
    return {k: round(float(s[k]), 5) for k in ("precision", "recall", "f1")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--city", type=Path, default=Path("bench/out/city-20000-7"))
    ap.add_argument("--decisions", type=int, default=300)
    ap.add_argument("--pairs", choices=("queue", "scored"), default="queue",
                    help="queue: decide the review queue in order (default); scored: decide a "
                         "random sample of every scored pair, half match band, half review band "
                         "(labels of both classes, to see what labels alone do)")
    ap.add_argument("--keep", type=Path, help="keep the loaded, resolved store here")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    truth = pd.read_csv(args.city / "truth.csv", dtype=str)
    entity = dict(zip(truth["source"] + ":" + truth["key"], truth["entity"]))
    out: dict = {"city": str(args.city), "pairs": args.pairs}
    with tempfile.TemporaryDirectory() as tmp, \
            open_store(args.keep or Path(tmp) / "store") as store:
        t = time.perf_counter()
        for _ in load_files(store, mapping_jobs(sorted(args.city.glob("*.yaml"))), workers=1):
            pass
        out["load_s"] = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        first = resolve_store(store, keep_resolutions=True)
        if "person" not in first.resolutions:
            raise SystemExit(f"persons were not resolved: {[(k.kind, k.status) for k in first.kinds]}"
                             f" ({store.status().records} records loaded)")
        out["resolve_s"] = round(time.perf_counter() - t, 1)
        out["before"] = _scores(store, truth)

        queue = review_queue(store, "person", limit=10 ** 9)["items"]
        if args.pairs == "scored":
            ev = first.resolutions["person"].evidence
            half = args.decisions // 2
            picked = pd.concat([g.sample(min(half, len(g)), random_state=7)
                                for _, g in ev.groupby("status")])
            queue = [{"type": "pair", "l": a, "r": b} for a, b in zip(picked["l"], picked["r"])]
        taken = {"match": 0, "no_match": 0, "split": 0, "conflict_dismissed": 0}
        split_done: set[str] = set()
        for item in queue:
            if sum(v for k, v in taken.items() if k != "conflict_dismissed") >= args.decisions:
                break
            if item["type"] == "pair":
                action = "match" if entity.get(item["l"]) == entity.get(item["r"]) else "no_match"
                decide(store, action, rids=[item["l"], item["r"]], by="bench", reason="truth.csv")
                taken[action] += 1
                continue
            if item["eid"] in split_done:
                continue
            split_done.add(item["eid"])
            members = [m["rid"] for m in store.entity_members("person", item["eid"])]
            by_person: dict[str, list[str]] = {}
            for rid in sorted(members):
                by_person.setdefault(entity.get(rid, rid), []).append(rid)
            parts = sorted(by_person.values(), key=len, reverse=True)
            if len(parts) == 1:
                taken["conflict_dismissed"] += 1
            for part in parts[1:]:  # the largest group stays; each other person is split out
                decide(store, "split", entities=[item["eid"]], rids=part, by="bench",
                       reason="truth.csv")
                taken["split"] += 1
        out["queue_items"] = len(queue)
        out["queue_pairs"] = sum(1 for it in queue if it["type"] == "pair")  # or the sample
        out["decisions"] = taken

        links = decision_links(store.decisions(status="active"))["person"]
        t = time.perf_counter()
        resolve_store(store, ["person"], force=True, must_link={"person": links.must_link},
                      cannot_link={"person": links.cannot_link})
        out["constraints_only"] = {**_scores(store, truth),
                                   "resolve_s": round(time.perf_counter() - t, 1)}
        t = time.perf_counter()
        report = resolve_store(store, ["person"], force=True, keep_resolutions=True)
        fit = report.resolutions["person"].model.fit_info
        out["constraints_and_labels"] = {**_scores(store, truth),
                                         "resolve_s": round(time.perf_counter() - t, 1),
                                         "model": fit.get("method"),
                                         "labels": [fit.get("matches"), fit.get("non_matches")]}
    for key in ("constraints_only", "constraints_and_labels"):
        out[key]["f1_gain"] = round(out[key]["f1"] - out["before"]["f1"], 5)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"city {out['city']}: loaded in {out['load_s']}s, resolved in {out['resolve_s']}s; "
          f"review queue {out['queue_items']} items ({out['queue_pairs']} review-band pairs); "
          f"decided from truth.csv: {taken}")
    print(f"{'persons':<26}{'precision':>10}{'recall':>10}{'f1':>10}{'gain':>10}")
    for key in ("before", "constraints_only", "constraints_and_labels"):
        s = out[key]
        print(f"{key:<26}{s['precision']:>10.5f}{s['recall']:>10.5f}{s['f1']:>10.5f}"
              f"{s.get('f1_gain', 0):>+10.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
