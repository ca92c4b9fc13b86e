"""The ``yidang`` command line. Each command calls the same functions the HTTP API will."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from api.settings import Settings
from graph import KINDS, StoreError
from api.errors import ApiError, Redirected
from linkage.blocking import rules_report_text
from linkage.settings import SettingsError
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
    except (LoadError, StoreError, SettingsError, ApiError) as exc:
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

    p = sub.add_parser("demo", help="the main job: sample a city, load every source, resolve it, "
                                    "and serve it over HTTP")
    p.add_argument("--persons", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sample-dir", type=Path, default=Path("yidang-sample"))
    p.add_argument("--store", help=store_help)
    p.add_argument("--no-serve", action="store_true",
                   help="stop after resolving (start the service later with `yidang serve`)")
    p.add_argument("--host", help="address to serve on (default 127.0.0.1 or $YIDANG_HOST)")
    p.add_argument("--port", type=int, help="port to serve on (default 8000 or $YIDANG_PORT)")
    p.set_defaults(run=_demo)

    p = sub.add_parser("serve", help="serve profiles, search, lineage and queries over HTTP "
                                     "(OpenAPI docs at /docs)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1 or $YIDANG_HOST)")
    p.add_argument("--port", type=int, help="port (default 8000 or $YIDANG_PORT)")
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_serve)

    p = sub.add_parser("profile", help="an entity's file (JSON), by id or by identifier; "
                                       "the same function GET /profiles serves")
    p.add_argument("eid", nargs="?", help="entity id (P…, O…, A…)")
    p.add_argument("--by", choices=("id_number", "uscc", "reg_no", "org_code", "phone"),
                   help="look the entity up by this identifier instead: yidang profile VALUE --by id_number")
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_profile)

    p = sub.add_parser("search", help="fuzzy name search (the same index GET /search serves)")
    p.add_argument("name")
    p.add_argument("--organizations", action="store_true", help="search organisations")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_search)

    p = sub.add_parser("audit", help="the audit trail, newest first")
    p.add_argument("--user", default="")
    p.add_argument("--eid", default="")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_audit)

    p = sub.add_parser("users", help="API users and their tokens")
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = users.add_parser("add", help="add a user (or re-issue their token) and print the token once")
    q.add_argument("name")
    q.add_argument("--role", required=True, choices=("case_worker", "steward", "analyst", "admin"))
    q.add_argument("--store", help=store_help)
    q.set_defaults(run=_users_add)
    q = users.add_parser("list", help="users and roles (never their tokens)")
    q.add_argument("--store", help=store_help)
    q.set_defaults(run=_users_list)

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

    p = sub.add_parser("resolve", help="resolve loaded records into entities (all kinds by default)")
    p.add_argument("--kind", action="append", choices=KINDS,
                   help="resolve this kind only (repeatable)")
    p.add_argument("--settings", action="append", type=Path, default=[], metavar="FILE",
                   help="linkage settings JSON (its `kind` says which kind; repeatable); "
                        "print the defaults with `yidang settings KIND`")
    p.add_argument("--force", action="store_true",
                   help="resolve and retrain even if nothing changed since the last run")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_resolve)

    p = sub.add_parser("settings", help="print the default linkage settings of a kind (JSON)")
    p.add_argument("kind", choices=KINDS)
    p.set_defaults(run=_settings)

    p = sub.add_parser("export", help="write source,key,kind,entity_id for every source record")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_export)

    p = sub.add_parser("evaluate", help="pairwise and cluster scores against a truth file")
    p.add_argument("--truth", type=Path, required=True, help="CSV with source,key,entity")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_evaluate)

    p = sub.add_parser("record", help="one source record (source:key) with its earlier versions")
    p.add_argument("rid")
    p.add_argument("--store", help=store_help)
    p.set_defaults(run=_record)

    from api.steward_cli import register as steward_commands
    steward_commands(sub, store_help)  # review, decide, undo, decisions, conflicts, quality
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
    _status(argparse.Namespace(json=False), settings)
    code = _resolve(argparse.Namespace(kind=None, settings=[], force=False, json=False), settings)
    if code or args.no_serve:
        return code
    from api.auth import add_user

    with settings.open_store() as store:
        token = add_user(store, "demo-admin", "admin")
    print(f"admin token (shown once): {token}")
    return _serve(args, settings)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    if getattr(args, "host", None):
        settings.host = args.host
    if getattr(args, "port", None):
        settings.port = args.port
    url = f"http://{settings.host}:{settings.port}"
    print(f"serving {settings.store if not settings.neo4j_uri else settings.neo4j_uri} at {url} "
          f"(API docs {url}/docs; tokens: yidang users add NAME --role ROLE); Ctrl-C stops",
          flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
    return 0


def _cli_audit(store, action: str, entities: list[str], detail: str) -> None:
    """CLI reads go to the audit trail too, as the operating-system user at this host."""
    import getpass
    import socket

    from api.audit import entry

    store.append_audit([entry(user=f"cli:{getpass.getuser()}", role="admin", action=action,
                              method="CLI", path=" ".join(sys.argv[1:])[:500], status=0,
                              entities=entities, detail=detail, client=socket.gethostname())])


def _profile(args: argparse.Namespace, settings: Settings) -> int:
    from api import profiles
    from api.masking import CATEGORIES

    if not args.eid:
        raise ApiError("give an entity id, or a value with --by TYPE")
    with settings.open_store() as store:
        eid = profiles.lookup(store, args.by, args.eid, frozenset(CATEGORIES)) if args.by \
            else args.eid
        try:
            found = profiles.profile(store, eid, frozenset(CATEGORIES))
        except Redirected as exc:
            print(f"{exc.message} ({exc.extra.get('reason') or 'merged'})", file=sys.stderr)
            found = profiles.profile(store, exc.extra["redirect_to"], frozenset(CATEGORIES))
        _cli_audit(store, "profile", [found["eid"]], f"by {args.by}" if args.by else "")
    print(json.dumps(found, ensure_ascii=False, indent=2))
    return 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from api import search

    with settings.open_store() as store:
        index = search.SearchIndex(store)
        fn = search.search_organizations if args.organizations else search.search_persons
        page = fn(index, args.name, limit=args.limit)
        _cli_audit(store, "search", [i["eid"] for i in page["items"]], f"name={args.name}")
    for item in page["items"]:
        print(f"{item['score']:.3f}  {item['eid']}  {item['name']}  "
              f"{item.get('birth_date') or item.get('uscc') or ''}  {item.get('address') or ''}")
    if not page["items"]:
        print("no match")
    return 0


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        rows = store.audit(user=args.user, eid=args.eid, limit=args.limit)
    for r in rows:
        print(f"{r['at']}  {r['user']:<20} {r['role']:<12} {r['action']:<14} {r['status']:>3}  "
              f"{r['path']}  {','.join(r['entities'][:5])}")
    return 0


def _users_add(args: argparse.Namespace, settings: Settings) -> int:
    from api.auth import add_user

    with settings.open_store() as store:
        token = add_user(store, args.name, args.role)
    print(f"user {args.name} ({args.role}); token, shown once — keep it secret:\n{token}")
    return 0


def _users_list(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        users = store.users()
    if not users:
        print("no users; add one with: yidang users add NAME --role ROLE")
    for u in users:
        print(f"{u['name']:<24}{u['role']:<14}{u['created_at']:<28}"
              f"{'active' if u['active'] else 'revoked'}")
    return 0


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


def _resolve(args: argparse.Namespace, settings: Settings) -> int:
    from linkage.run import resolve_store
    from linkage.settings import read_settings

    chosen = {}
    for path in args.settings:  # read every settings file before touching the store
        s = read_settings(path)
        chosen[s.kind] = s
    kinds = args.kind or list(KINDS)
    say = None if args.json else (lambda line: print(line, flush=True))
    with settings.open_store() as store:
        report = resolve_store(store, kinds, settings=chosen, force=args.force, progress=say)
    if args.json:
        print(json.dumps({"seconds": report.seconds, "relations": report.relations, "kinds": [
            {"kind": k.kind, "status": k.status, "run_id": k.run_id, "counts": k.counts,
             "timings": k.timings, "model_reused": k.model_reused} for k in report.kinds]},
            ensure_ascii=False, indent=2))
        return 0
    for k in report.kinds:
        if k.status != "resolved":
            print(f"{k.kind}: {k.status.replace('_', ' ')}")
            continue
        c = k.counts
        print(f"{k.kind}: {c['records']:,} records -> {c['entities']:,} entities "
              f"({c['match_pairs']:,} matching pairs, {c['review_pairs']:,} for review, "
              f"{c['rejected_edges']:,} edges refused by constraints; run {k.run_id}"
              f"{', model reused' if k.model_reused else ''})")
        print(rules_report_text(k.blocking))
    print(f"done in {report.seconds:.1f}s")
    return 0


def _settings(args: argparse.Namespace, settings: Settings) -> int:
    from linkage.settings import default_settings

    print(default_settings(args.kind).to_json())
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        frame = store.assignments()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False)
    resolved = int(frame["entity_id"].notna().sum())
    print(f"wrote {len(frame):,} records ({resolved:,} resolved, "
          f"{frame['entity_id'].nunique():,} entities) to {args.out}")
    return 0


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    import pandas as pd

    from linkage.evaluation import evaluate_assignments

    try:
        truth = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise LoadError(f"truth file {args.truth} does not exist") from None
    with settings.open_store() as store:
        scores = evaluate_assignments(store.assignments(), truth)
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    print(f"{'kind':<14}{'records':>9}{'precision':>11}{'recall':>9}{'F1':>9}"
          f"{'B3 F1':>9}{'exact':>8}")
    for kind, s in scores.items():
        print(f"{kind:<14}{s['records']:>9,}{s['precision']:>11.4f}{s['recall']:>9.4f}"
              f"{s['f1']:>9.4f}{s['bcubed_f1']:>9.4f}{s['exact_clusters'] / max(s['true_clusters'], 1):>8.1%}"
              + (f"  ({s['unresolved']:,} not resolved yet)" if s["unresolved"] else ""))
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
