"""The ``yidang`` command line. Each command calls the same functions the HTTP API will."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from api.settings import Settings
from graph import StoreError
from loaders.errors import LoadError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    settings = Settings()
    if getattr(args, "store", None):
        settings.store = Path(args.store)
    try:
        return args.run(args, settings)
    except (LoadError, StoreError) as exc:
        print(f"yidang: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yidang", description=(
        "Entity resolution for government data: load departments' files into one graph."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_help = "store folder (default ./yidang-data or $YIDANG_STORE); $YIDANG_NEO4J_URI selects Neo4j"

    p = sub.add_parser("sample", help="write a realistic multi-source sample city")
    p.add_argument("outdir", type=Path)
    p.add_argument("--persons", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(run=_sample)

    p = sub.add_parser("load", help="load source files: MAPPING FILE, or mappings that name their file")
    p.add_argument("paths", nargs="+", type=Path, metavar="MAPPING [FILE]")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true", help="print the load reports as JSON")
    p.add_argument("--workers", type=int, default=2, help="processes preparing files (default 2)")
    p.set_defaults(run=_load)

    p = sub.add_parser("demo", help="the main job: sample a city, load every source, show status")
    p.add_argument("--persons", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sample-dir", type=Path, default=Path("yidang-sample"))
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_demo)

    p = sub.add_parser("status", help="records per source and kind, batches, quarantine, keys")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_status)

    p = sub.add_parser("quarantine", help="list quarantined rows with their reasons")
    p.add_argument("--source", default="")
    p.add_argument("--batch", default="")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_quarantine)

    p = sub.add_parser("record", help="one source record (source:key) with its earlier versions")
    p.add_argument("rid")
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_record)
    return parser


def _sample(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.sample import generate_city

    t = time.perf_counter()
    city = generate_city(args.outdir, persons=args.persons, seed=args.seed)
    print(f"wrote a sample city of {args.persons} persons to {args.outdir} "
          f"in {time.perf_counter() - t:.1f}s")
    for mapping in city.mappings:
        print(f"  {mapping}")
    print(f"  truth: {city.truth}")
    return 0


def _pairs(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """``MAPPING FILE`` or a list of mappings that name their files."""
    if len(paths) == 2 and paths[0].suffix in (".yaml", ".yml") and paths[1].suffix not in (".yaml", ".yml"):
        return [(paths[0], paths[1])]
    return [(p, None) for p in paths]


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from loaders import load_files, load_mapping

    jobs = []
    for mapping_path, file in _pairs(args.paths):  # check every mapping before writing anything
        mapping = load_mapping(mapping_path)
        file = file or mapping.source_file()
        if file is None:
            raise LoadError(f"mapping {mapping_path} names no `file:`; "
                            f"give it as: yidang load {mapping_path} FILE")
        jobs.append((mapping, file))
    reports = []
    with settings.open_store() as store:
        for report in load_files(store, jobs, workers=args.workers, progress=_progress()):
            reports.append(report)
            if not args.json:
                _print_report(report)
    if args.json:
        print(json.dumps([{**asdict(r.batch), "already_loaded": r.already_loaded,
                           "reasons": r.reasons, "seconds": r.seconds} for r in reports],
                         ensure_ascii=False, indent=2))
    return 0


def _progress():
    """Progress on the terminal: files are read and standardised in workers, then written here."""
    if not sys.stderr.isatty():
        return None

    def say(stage: str, rows: int) -> None:
        print(f"\r{stage} {rows:,} rows ...".ljust(40), end="\r", file=sys.stderr, flush=True)
    return say


def _print_report(report) -> None:
    b = report.batch
    if report.already_loaded:
        print(f"{b.source}: {b.file} already loaded as batch {b.batch_id}; nothing changed")
        return
    print(f"{b.source}: {b.rows_in:,} rows in = {b.rows_loaded:,} loaded "
          f"({b.rows_new:,} new, {b.rows_changed:,} changed, {b.rows_unchanged:,} unchanged) "
          f"+ {b.rows_quarantined:,} quarantined  [{report.rows_per_second:,.0f} rows/s, "
          f"batch {b.batch_id}]")
    for reason, n in report.reasons.items():
        print(f"    quarantined {n:,}: {reason}")


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.sample import generate_city

    city = generate_city(args.sample_dir, persons=args.persons, seed=args.seed)
    print(f"sample city: {args.persons} persons in {args.sample_dir}")
    args.paths, args.json, args.workers = list(city.mappings), False, 2
    _load(args, settings)
    return _status(argparse.Namespace(json=False), settings)


def _status(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        status = store.status()
    if args.json:
        print(json.dumps({"engine": status.engine, "location": status.location,
                          "sources": [asdict(s) for s in status.sources], "keys": status.keys},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"store: {status.engine} at {status.location}")
    print(f"{'source':<24}{'kind':<14}{'records':>10}{'batches':>9}{'quarantined':>13}")
    for s in status.sources:
        print(f"{s.source:<24}{s.kind:<14}{s.records:>10,}{s.batches:>9}{s.quarantined:>13,}")
    print(f"{'total':<38}{status.records:>10,}{'':>9}{status.quarantined:>13,}")
    if status.keys:
        print("keys: " + ", ".join(f"{t} {n:,}" for t, n in sorted(status.keys.items())))
    return 0


def _quarantine(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        entries = store.quarantine(source=args.source, batch_id=args.batch, limit=args.limit,
                                   offset=args.offset)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("no quarantined rows")
    for q in entries:
        print(f"{q['source']} row {q['row_no']} ({q['file']}): {q['reason']}\n    {q.get('raw', '')[:200]}")
    return 0


def _record(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        record = store.get_record(args.rid)
        if record is None:
            print(f"yidang: no source record {args.rid!r} (the id is source:key)", file=sys.stderr)
            return 1
        record["versions"] = store.record_versions(args.rid)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
