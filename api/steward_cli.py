"""The data steward's commands: ``yidang review | decide | undo | decisions | conflicts |
quality``. Each calls the function in :mod:`api.stewardship` that the HTTP routes call too."""

from __future__ import annotations

import argparse
import json

from api import stewardship
from api.settings import Settings
from graph import KINDS
from linkage.conflicts import CONFLICT_TYPES


def register(sub: argparse._SubParsersAction, store_help: str) -> None:
    """Add the steward's commands to ``yidang``'s sub-command parser."""
    p = sub.add_parser("review", help="the review queue: undecided review-band pairs and "
                                      "entities with conflicts, most consequential first; "
                                      "with L R, one pair in detail")
    p.add_argument("pair", nargs="*", metavar="RID", help="two records (source:key) to show")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--source", help="only items with a record of this source")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--no-conflicts", action="store_true", help="pairs only")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_review)

    p = sub.add_parser("decide", help="record a steward decision; the next resolve honours it")
    p.add_argument("action", choices=("match", "no-match", "merge", "split"),
                   help="match / no-match RID RID; merge EID EID; split EID RID [RID ...]")
    p.add_argument("targets", nargs="+", metavar="ID")
    p.add_argument("--by", required=True, help="the steward's name")
    p.add_argument("--reason", default="", help="why (kept with the decision)")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_decide)

    p = sub.add_parser("undo", help="undo a decision; the next resolve ignores it")
    p.add_argument("did")
    p.add_argument("--by", required=True, help="the steward's name")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_undo)

    p = sub.add_parser("decisions", help="steward decisions: who decided what, and when")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--status", choices=("active", "undone"))
    p.add_argument("--record", default="", help="only decisions about this record (source:key)")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_decisions)

    p = sub.add_parser("conflicts", help="conflicts between sources in the current resolution")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--type", choices=CONFLICT_TYPES)
    p.add_argument("--source")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_conflicts)

    p = sub.add_parser("quality", help="per-source quality report: invalid identifiers, missing "
                                       "fields, duplicates, lost values, conflicts")
    p.add_argument("--source", help="one source only")
    p.add_argument("--examples", type=int, default=3, help="example records per finding")
    p.add_argument("--store", help=store_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_quality)


def _print_json(value) -> int:
    print(stewardship.as_json(value))
    return 0


def _review(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        if args.pair:
            if len(args.pair) != 2:
                print("yidang: review takes no record (the queue) or two: L R")
                return 2
            item = stewardship.review_item(store, args.pair[0], args.pair[1])
            if args.json:
                return _print_json(item)
            _print_item(item)
            return 0
        queue = stewardship.review_queue(store, args.kind, args.source, args.limit, args.offset,
                                         conflicts=not args.no_conflicts)
    if args.json:
        return _print_json(queue)
    print(f"{queue['total']} items; showing {len(queue['items'])} from {args.offset}")
    for it in queue["items"]:
        if it["type"] == "pair":
            where = "same entity" if it["same_entity"] else f"{it['l_eid']}({it['l_size']}) + " \
                f"{it['r_eid']}({it['r_size']})"
            print(f"{it['priority']:>8.2f}  pair      {it['l']}  {it['r']}  weight "
                  f"{it['weight']:+.2f}  {where}")
        else:
            print(f"{it['priority']:>8.2f}  conflict  {it['eid']} ({it['size']} records)  "
                  f"{it['conflict']} on {it['field']}: {json.dumps(it['values'], ensure_ascii=False)}")
    return 0


def _print_item(item: dict) -> None:
    for side in ("left", "right"):
        s = item[side]
        rec = s["record"]
        fields = {k: v for k, v in rec.items() if k not in ("raw", "raw_fields") and v is not None
                  and not k.startswith("addr_")}
        print(f"{side}: {rec['rid']} -> {s['eid']} ({s['size']} records)")
        print("    " + json.dumps(fields, ensure_ascii=False, default=str))
    if item["waterfall"]:
        print("evidence:")
        for step in item["waterfall"]:
            level = f" level {step['level']}" if "level" in step else ""
            print(f"    {step['step']:<14}{level:<10}{step['weight']:+8.2f}  "
                  f"= {step['cumulative']:+.2f}")
    for action, what in item["preview"].items():
        print(f"{action}: {what.get('result') or what['effect']}")
    for d in item["decisions"]:
        print(f"decided: {d['did']} {d['action']} by {d['by']} at {d['at']} ({d['status']})")


def _targets(args: argparse.Namespace) -> dict:
    action = args.action.replace("-", "_")
    if action in ("match", "no_match"):
        return {"rids": args.targets}
    if action == "merge":
        return {"entities": args.targets}
    return {"entities": args.targets[:1], "rids": args.targets[1:]}


def _decide(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        d = stewardship.decide(store, args.action, by=args.by, reason=args.reason,
                               **_targets(args))
    if args.json:
        return _print_json(d)
    print(f"decision {d['did']}: {d['action']} of {d['kind']} "
          f"{' '.join(d['eids'])} ({len(d['rids'])} records) by {d['by']}; "
          f"it takes effect at the next `yidang resolve` (undo: yidang undo {d['did']} --by NAME)")
    return 0


def _undo(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        d = stewardship.undo(store, args.did, args.by)
    if args.json:
        return _print_json(d)
    print(f"decision {d['did']} ({d['action']} by {d['by']}) undone by {d['undone_by']}; the "
          f"next `yidang resolve` ignores it")
    return 0


def _decisions(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        rows = stewardship.decisions(store, args.kind or "", args.status or "", args.record)
    if args.json:
        return _print_json(rows)
    for d in rows:
        undone = f" undone by {d['undone_by']} at {d['undone_at']}" if d["undone_by"] else ""
        print(f"{d['did']}  {d['at']}  {d['kind']:<12} {d['action']:<9} {' '.join(d['eids'])}"
              f"  by {d['by']}: {d['reason']}  [{d['status']}{undone}]")
    return 0


def _conflicts(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        found = stewardship.conflicts(store, args.kind, args.type, args.source, args.limit,
                                      args.offset)
    if args.json:
        return _print_json(found)
    print(f"{found['total']} conflicts: " + ", ".join(f"{t} {n}" for t, n in
                                                       sorted(found["by_type"].items())))
    for c in found["items"]:
        print(f"  {c['eid']}  {c['type']} on {c['field']}: "
              f"{json.dumps(c['values'], ensure_ascii=False)}  records {', '.join(c['rids'])}")
    return 0


def _quality(args: argparse.Namespace, settings: Settings) -> int:
    with settings.open_store() as store:
        report = stewardship.quality(store, args.source, args.examples)
    if args.json:
        return _print_json(report)
    for source, r in report.items():
        print(f"{source} ({r['kind']}, {r['records']:,} records)")
        for section in ("invalid_identifiers", "missing_fields", "lost_values", "conflicts"):
            for name, f in r[section].items():
                ex = ", ".join(e if isinstance(e, str) else e.get("rid") or e.get("eid")
                               for e in f["examples"])
                print(f"    {section.replace('_', ' ')}: {name}: {f['count']:,}  e.g. {ex}")
        dup = r["duplicates_in_source"]
        print(f"    duplicates in source: {dup['entities']['count']:,} entities hold "
              f"{dup['records']['count']:,} of its records")
    return 0
