"""Resolve what a store holds: read records, ``resolve()`` each kind, write entities and relations.

This is the one place that joins linkage to the graph store, through ``GraphStore``'s domain
operations only; the CLI and the API call :func:`resolve_store`.

Incremental re-runs: a kind whose records have not changed since its last run (same settings,
no batch loaded after it) is skipped; when records changed but the settings did not, the last
run's trained model is reused and only blocking, scoring, clustering and survivorship run again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from graph import KINDS, GraphStore, ResolutionWrite
from graph.model import REL_TYPES, RELATION_TYPES, check_kind
from linkage.decisions import decision_links
from linkage.relations import RELATION_COLUMNS, relations
from linkage.resolve import Resolution, resolve
from linkage.scoring import FellegiSunter
from linkage.settings import LinkageSettings, default_settings

Progress = Callable[[str], None]
_LABEL_KIND = {"Person": "person", "Organization": "organization", "Place": "place"}


@dataclass
class KindReport:
    """What a run did for one kind."""

    kind: str
    status: str  # resolved | up_to_date | empty
    run_id: str = ""
    counts: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    blocking: pd.DataFrame | None = None
    model_reused: bool = False
    events: pd.DataFrame | None = None  # entity history of the run (created, kept, merged...)


@dataclass
class RunReport:
    """What :func:`resolve_store` did."""

    kinds: list[KindReport]
    relations: dict[str, int]
    seconds: float
    resolutions: dict[str, Resolution] = field(default_factory=dict)  # keep_resolutions=True


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def _write(kind: str, res: Resolution, settings: LinkageSettings, started: str) -> ResolutionWrite:
    finished = _now()
    run_id = f"{kind}-{dt.datetime.fromisoformat(started).strftime('%Y%m%dT%H%M%S%f')}"
    sizes = res.eids.map(res.eids.value_counts())
    members = pd.DataFrame({"rid": res.eids.index.astype(str), "eid": res.eids.to_numpy(),
                            "rule": np.where(sizes.to_numpy() > 1, "match", "singleton")})
    run = {"run_id": run_id, "kind": kind, "started": started, "finished": finished,
           "settings": json.dumps(settings.without_model(), ensure_ascii=False),
           "model": json.dumps(res.model.to_dict()),
           "counts": json.dumps(res.counts()), "timings": json.dumps(res.timings),
           "blocking": res.blocking.to_json(orient="records", force_ascii=False)}
    events = res.ids.events.copy()
    events["detail"] = events["detail"].fillna("").astype(str)
    return ResolutionWrite(kind=kind, run=run, entities=res.golden, members=members,
                           redirects=res.ids.redirects, evidence=res.evidence, events=events)


def _same_settings(last: dict[str, Any] | None, settings: LinkageSettings) -> bool:
    return bool(last) and last["settings"] == settings.without_model()


def _up_to_date(last: dict[str, Any] | None, records: pd.DataFrame,
                settings: LinkageSettings, decided: str = "") -> bool:
    if not _same_settings(last, settings):
        return False
    newest = max(records["loaded_at"].max() if len(records) else "", decided)
    return bool(newest and newest <= last["started"]
                and (last["counts"] or {}).get("records") == len(records))


def _reusable_model(last: dict[str, Any] | None,
                    settings: LinkageSettings) -> FellegiSunter | None:
    if _same_settings(last, settings) and last["model"]:
        return FellegiSunter.from_dict(last["model"])
    return None


def _linkable(kind: str, records: pd.DataFrame, eids: pd.Series) -> pd.DataFrame:
    """The columns relations read, with each record's entity; records of no entity (a kind
    never resolved) link nothing yet."""
    columns = [c for c in RELATION_COLUMNS[kind] if c != "eid" and c in records.columns]
    out = records[columns].assign(eid=eids.reindex(records["rid"].astype(str)).to_numpy())
    return out[out["eid"].notna()].reset_index(drop=True)


def resolve_store(store: GraphStore, kinds: Iterable[str] = KINDS, *,
                  settings: Mapping[str, LinkageSettings] | None = None, force: bool = False,
                  must_link: Mapping[str, pd.DataFrame] | None = None,
                  cannot_link: Mapping[str, pd.DataFrame] | None = None,
                  progress: Progress | None = None,
                  keep_resolutions: bool = False) -> RunReport:
    """Resolve the store's records of ``kinds`` and write entities, evidence and relations.

    Args:
        store: an open store.
        kinds: which kinds to resolve; relations touching them are rewritten.
        settings: per-kind settings; the shipped defaults for kinds not given.
        force: resolve (and retrain) even when nothing changed since the last run.
        must_link, cannot_link: per kind, steward decisions as rid pairs (``l``, ``r``).
        progress: called with a line of text per stage.
        keep_resolutions: keep each kind's full :class:`Resolution` in the report (evidence,
            golden records, model); off by default, so a big run holds one kind at a time.

    Returns:
        A :class:`RunReport`.
    """
    t0 = time.perf_counter()
    say = progress or (lambda _: None)
    kinds = list(dict.fromkeys(kinds))
    for kind in kinds:
        check_kind(kind)
    authority = store.source_authority()
    decided, labels = {}, {}
    if must_link is None and cannot_link is None:  # the steward decisions in the store
        decisions = store.decisions()
        for d in decisions:  # a decision or an undo since the last run makes it stale
            decided[d["kind"]] = max(decided.get(d["kind"], ""), d["at"], d["undone_at"] or "")
        links = decision_links(decisions)
        must_link = {k: v.must_link for k, v in links.items()}
        cannot_link = {k: v.cannot_link for k, v in links.items()}
        labels = {k: v.labels() for k, v in links.items()}
    eids: dict[str, pd.Series] = {}
    reports: list[KindReport] = []
    resolutions: dict[str, Resolution] = {}
    linked: dict[str, pd.DataFrame] = {}  # per kind, the columns relations read, with eids
    for kind in kinds:
        s = (settings or {}).get(kind) or default_settings(kind)
        tr = time.perf_counter()
        recs = store.records_frame(kind)
        say(f"{kind}: read: {time.perf_counter() - tr:.1f}s  {len(recs):,} records")
        if recs.empty:
            reports.append(KindReport(kind, "empty"))
            continue
        last = None if force else store.last_run(kind)  # forced: nothing reused
        if _up_to_date(last, recs, s, decided.get(kind, "")):
            say(f"{kind}: up to date (no batch since the last run, same settings)")
            reports.append(KindReport(kind, "up_to_date"))
            continue
        say(f"{kind}: resolving {len(recs):,} records")
        started = _now()
        model = _reusable_model(last, s)
        index = store.entity_index(kind)
        res = resolve(recs, s, previous=store.resolution_of_kind(kind),
                      issued=index["eid"].tolist(),
                      must_link=(must_link or {}).get(kind),
                      cannot_link=(cannot_link or {}).get(kind),
                      authority=authority, model=model, labels=labels.get(kind),
                      progress=lambda line, k=kind: say(f"{k}: {line}"))
        linked[kind] = _linkable(kind, recs, res.eids)
        del recs  # the write needs the resolution, not the records
        tw = time.perf_counter()
        write = _write(kind, res, s, started)
        store.write_resolution(write, index=index)
        res.timings["write"] = round(time.perf_counter() - tw, 3)
        say(f"{kind}: write: {res.timings['write']:.1f}s")
        eids[kind] = res.eids
        if keep_resolutions:
            resolutions[kind] = res
        reports.append(KindReport(kind, "resolved", write.run["run_id"], res.counts(),
                                  res.timings, res.blocking, model_reused=model is not None,
                                  events=res.ids.events))
        del res, write  # the next kind starts from what the store holds, not from these

    rel_counts: dict[str, int] = {}
    if eids:
        tr = time.perf_counter()
        for kind in KINDS:
            if kind not in linked:  # not resolved in this run: its last run's entities
                linked[kind] = _linkable(kind, store.records_frame(kind),
                                         store.resolution_of_kind(kind))
        rel = relations(linked["person"], linked["organization"], linked["place"])
        touched = [t for t in RELATION_TYPES
                   if {_LABEL_KIND[x] for x in REL_TYPES[t][0]} & set(eids)]
        rel = rel[rel["type"].isin(touched) & rel["from_eid"].notna() & rel["to_eid"].notna()]
        store.write_relations(rel)
        rel_counts = {str(k): int(v) for k, v in rel["type"].value_counts().items()}
        say(f"relations: write: {time.perf_counter() - tr:.1f}s  {sum(rel_counts.values()):,} "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(rel_counts.items())))
    return RunReport(reports, rel_counts, round(time.perf_counter() - t0, 3), resolutions)
