"""Yidang and Splink side by side on every quality dataset, in one run.

    python -m bench.quality.compare [--datasets febrl3,...] [--runs 3] [--cities 20000,200000]
                                    [--city-runs 1]

For each dataset both systems run in this process, one after the other (``--runs N``: N times
each, alternating, wall time = median); the table gives records, then Yidang's and Splink's
pairwise P / R / F1 over the clustered output and seconds. Each system keeps its own threshold
policy, fixed before any result was seen: Yidang the settings' default (match probability 0.95),
Splink 0.9 (``splink_baseline``). The sample city (``--cities``, off by default: 200k persons
take minutes) is loaded into a LadybugDB store once (cached under bench/out), resolved with the
shipped default settings by ``resolve_store``, and scored per kind; Splink runs on the same
standardised person and organisation records (it has no place plan).

Writes bench/out/compare.json (every figure, B-cubed and timings per stage) and
bench/out/compare.md (the table).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict
from pathlib import Path

from bench.quality import yidang_runner as yd
from bench.quality.datasets import NAMES, load

OUT = Path(__file__).resolve().parents[1] / "out"
COLUMNS = ("dataset", "records", "Yidang P", "R", "F1", "s", "Splink P", "R", "F1", "s",
           "F1 ≥ Splink")


def _median_time(first, again: list) -> None:
    first.seconds_runs = [first.seconds] + [a.seconds for a in again]
    first.seconds = round(statistics.median(first.seconds_runs), 3)
    for a in again:
        if (a.tp, a.fp) != (first.tp, first.fp):
            first.notes.append(f"a repeat run gave tp={a.tp} fp={a.fp}")


def run_dataset(name: str, runs: int, say) -> dict:
    """Both systems on one benchmark dataset, ``runs`` times each (alternating)."""
    from bench.quality.splink_baseline import run_splink

    ds = load(name)
    ys, ss = [], []
    for i in range(runs):
        ys.append(yd.run_yidang(ds))
        ss.append(run_splink(ds, sweep=False))
        say(f"  {name} run {i + 1}: Yidang F1 {ys[-1].f1:.4f} {ys[-1].seconds:.1f}s, "
            f"Splink F1 {ss[-1].f1:.4f} {ss[-1].seconds:.1f}s")
    _median_time(ys[0], ys[1:])
    _median_time(ss[0], ss[1:])
    ss[0].model = None
    return {"dataset": name, "records": ys[0].records, "yidang": asdict(ys[0]),
            "splink": asdict(ss[0])}


def run_city(persons: int, runs: int, say) -> list[dict]:
    """The sample city: Yidang per kind through the store, Splink on the same records."""
    from bench.quality.splink_baseline import run_splink_on_frame

    yruns, sruns = [], {"person": [], "organization": []}
    for i in range(runs):
        city = yd.run_city(persons, progress=say)
        yruns.append(city.results)
        for kind in sruns:
            recs = city.records[kind]
            truth = yd.truth_pairs_of(city.truth[kind], recs["rid"])
            scored = recs[recs["rid"].astype(str).isin(city.truth[kind])]
            sruns[kind].append(run_splink_on_frame(scored, kind, truth,
                                                   name=f"city-{persons} {kind}"))
        say(f"  city {persons} run {i + 1}: " + ", ".join(
            f"{k} Yidang F1 {r.f1:.4f} {r.seconds:.1f}s" for k, r in city.results.items())
            + ", " + ", ".join(f"{k} Splink F1 {v[-1].f1:.4f} {v[-1].seconds:.1f}s"
                               for k, v in sruns.items()))
    rows = []
    for kind in yd.CITY_KINDS:
        y = yruns[0][kind]
        _median_time(y, [r[kind] for r in yruns[1:]])
        row = {"dataset": f"city-{persons} {kind}", "records": y.records, "yidang": asdict(y),
               "splink": None}
        if kind in sruns:
            s = sruns[kind][0]
            _median_time(s, sruns[kind][1:])
            s.model = None
            row["splink"] = asdict(s)
        rows.append(row)
    return rows


def _f(x, fmt: str) -> str:
    return "–" if x is None else format(x, fmt)


def table_rows(rows: list[dict]) -> list[tuple[str, ...]]:
    out = []
    for row in rows:
        y, s = row["yidang"], row["splink"] or {}
        wins = "–" if not s else ("yes" if y["f1"] >= s["f1"] else "**no**")
        out.append((row["dataset"], f"{row['records']:,}", _f(y["precision"], ".4f"),
                    _f(y["recall"], ".4f"), _f(y["f1"], ".4f"), _f(y["seconds"], ".1f"),
                    _f(s.get("precision"), ".4f"), _f(s.get("recall"), ".4f"),
                    _f(s.get("f1"), ".4f"), _f(s.get("seconds"), ".1f"), wins))
    return out


NOTES = """\
Pairwise P / R / F1 over the clustered output (every pair inside a predicted entity counts as
predicted); CGED-Q is pair classification over its 695 distinct labelled pairs. Seconds are the
median of the runs (both systems alternate in one process on a shared 2-core machine: expect
±50 % noise). Threshold policy, fixed up front: Yidang the settings' default match probability
0.95 (review 0.5) on every dataset; Splink 0.9 (its baseline's policy). B-cubed F1, stage times
and every run's seconds are in compare.json. City rows: Yidang's seconds are that kind's
``resolve_store`` time (resolve + write to the store); Splink has no place plan.

Yidang settings: ``bench/quality/settings/<dataset>.json``, written from each dataset's columns
and README like the Splink plans (same blocking keys, same EM rules, same prior rules and
recall guesses); the sample city uses the shipped defaults. Changes to Yidang made for this
benchmark (all generic, defaults unchanged):

1. ``jaro_winkler`` / ``levenshtein`` kernels score each distinct value pair once, ``exact``
   compares codes: training's 1M random pairs took 36 s on FEBRL3, now ~4 s. Same levels.
2. ``exact_fallback`` kernel: exact, else a coarser key equal (a Qing post's prefecture, a
   native county) — the two-level field Splink's CGED-Q plan builds with a custom comparison.
3. ``model.em_blocking`` (opt-in): Splink-style EM sessions — m learnt on each rule's pairs for
   the comparisons not reading its keys, averaged over sessions. One EM over all candidates
   learnt "same place" / "same surname" as the match (NCVR F1 0.30, suburb m = 1.0, given-name
   agreement m = 0.03 in the trained weights; fake_1000 first-name disagreement m = 0.49).
   Every benchmark settings file uses the EM rules of the matching Splink plan.
4. ``clustering.one_per_group`` (opt-in, link-only): no entity takes two records of one source;
   the stronger link wins. Used for FEBRL4 and NCVR, whose documentation says each source holds
   a person once. Splink's connected components have no such constraint: this is part of why
   Yidang wins on NCVR (before it: F1 0.971 / 0.948 / 0.923 at 0 / 20 / 40 %).

Where Yidang loses — splink_fake_1000 (recall). Yidang's settings mirror Splink's plan level for
level (names at 0.92 / 0.88 / 0.7, dates within a month / a year / ten years, Splink's email
levels, the same prior rules and EM sessions). At one threshold the two agree: at 0.9 Yidang's
output equals Splink's exactly (F1 0.8698). The headline gap is the two threshold policies
(Yidang 0.95, Splink 0.9), both fixed up front. At 0.95 each, Yidang clusters 1,479 true pairs and
Splink 1,494 (neither any false one): bridge cutting splits one 5-record entity (6 pairs; turning
it off costs chicago 0.0008), one pair sits 0.02 bits under the cut because Yidang's date kernel
puts day/month swaps in the level above "within a month" (6), and Splink's u is estimated from
a sample that stops at 100 counts per level, where Yidang counts every pair (3). A label-free
threshold (dedupe's expected-F1 rule) would win fake_1000 (0.905) but lose NCVR by up to 0.079
and places by 0.127: the model is under-confident on one, over-confident on the other. Details
and the commands: ``bench/quality/RESEARCH-threshold-and-fake1000.md``. No setting changed.

Sample city targets (persons and organisations F1 ≥ 0.995 at 20k and 200k, places ≥ 0.98):
see the city rows. Places are Yidang-only (no Splink place plan) and run the shipped place
defaults, which the linkage owner was changing while this benchmark ran (see the run note
above the table).

How truth was used (honestly): no threshold and no settings value was tuned on an F1. But the
order of events matters. The first runs showed NCVR at F1 0.30; its trained weights (not the
truth) showed EM had learnt "same place", which led to change 3. NCVR then still lost to Splink
(0.947 vs 0.964 at 20 %); change 4 came after that, justified by the dataset's documentation
(no party holds a voter twice) and adopted once, not iterated. One experiment after the first
full run — names at Splink's NameComparison thresholds 0.92 / 0.88 / 0.7 instead of 0.92 / 0.8
— moved F1 by under 0.002 and was reverted. The fake_1000 analysis above looked at missed true
pairs after the settings were final; nothing changed after it.
"""


def markdown(rows: list[dict], runs: int | None = None, command: str | None = None,
             city_runs: int | None = None, note: str | None = None) -> str:
    lines = ["# Yidang vs Splink: quality, side by side in one run", ""]
    if note:
        lines += [note, ""]
    if command:
        lines += [f"`{command}`" + (f" — seconds: median of {runs} runs per dataset"
                                    if runs else "")
                  + (f", {city_runs} per city" if city_runs and city_runs != runs else ""), ""]
    lines += ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(r) + " |" for r in table_rows(rows)]
    return "\n".join(lines + ["", NOTES])


def text_table(rows: list[dict]) -> str:
    body = [COLUMNS, *table_rows(rows)]
    widths = [max(len(r[i]) for r in body) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(r, widths))) for r in body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default=",".join(NAMES),
                        help=f"comma-separated, from: {', '.join(NAMES)}; '' for none")
    parser.add_argument("--runs", type=int, default=1, help="runs per system (median time)")
    parser.add_argument("--cities", default="",
                        help="sample-city sizes in persons, e.g. 20000,200000 (default none)")
    parser.add_argument("--city-runs", type=int, default=None,
                        help="runs per city (default --runs; a 200k city run takes minutes)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--from-json", action="store_true",
                        help="only re-write compare.md from the folder's compare.json")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads((args.out / "compare.json").read_text())
        (args.out / "compare.md").write_text(
            markdown(saved["rows"], saved["runs"], saved["command"], saved.get("city_runs"),
                     saved.get("note"))
            + "\n")
        print(text_table(saved["rows"]))
        return 0
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        parser.error(f"unknown dataset(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    cities = [int(c) for c in args.cities.split(",") if c.strip()]

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    rows = []
    for n in names:
        rows.append(run_dataset(n, args.runs, say))
    for persons in cities:
        rows.extend(run_city(persons, args.city_runs or args.runs, say))
    args.out.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python -m bench.quality.compare",
                        *(argv if argv is not None else sys.argv[1:])])
    (args.out / "compare.json").write_text(json.dumps(
        {"runs": args.runs, "city_runs": args.city_runs or args.runs, "command": command,
         "rows": rows}, indent=1, ensure_ascii=False, default=str))
    md = markdown(rows, args.runs, command, args.city_runs or args.runs)
    (args.out / "compare.md").write_text(md + "\n")
    print(text_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
