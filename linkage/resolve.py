"""``resolve()``: one kind's source records in, entities with golden records and evidence out.

It only chains the public stages, each callable and testable on its own::

    block → compare → train (or reuse) the model → score → cluster → stable ids → survive

Nothing here knows where records come from or go to: the caller (``linkage.run`` for the
store, ``bench/quality`` for benchmark datasets) passes frames in and writes the result out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage.blocking import block
from linkage.clustering import Clustering, cluster
from linkage.compare import company_conflict, comparison_levels
from linkage.evidence import evidence_frame
from linkage.estimation import total_pairs
from linkage.identity import IdAssignment, assign_ids
from linkage.scoring import (
    FellegiSunter,
    NoAgreeingPairs,
    estimate_prior,
    estimate_u,
    pair_term_frequencies,
    random_pairs,
    score,
    train,
)
from linkage.settings import LinkageSettings
from linkage.survivorship import golden_records

Progress = Callable[[str], None]

_CONFLICT_COLUMNS = ("co_region", "co_branch", "co_form_family")


@dataclass
class Resolution:
    """What one run of :func:`resolve` produced for one kind.

    Attributes:
        kind: person, organization or place.
        eids: rid -> entity id, one row per record.
        golden: one row per entity: golden values, provenance, alternatives (see survivorship).
        evidence: pairs scored at or above the review threshold: ``l``, ``r`` (rids),
            ``weight``, ``probability``, ``status`` (match / review), ``detail`` (JSON: per
            comparison its level and weight).
        clustering: the constrained clustering (rejected edges, conflicts, stats).
        ids: stable-id outcome (redirects, entity events).
        model: the scoring model used (trained this run or reused).
        blocking: candidate pairs per blocking rule.
        timings: seconds per stage (``train`` among them when the model was trained this run).
    """

    kind: str
    eids: pd.Series
    golden: pd.DataFrame
    evidence: pd.DataFrame
    clustering: Clustering
    ids: IdAssignment
    model: FellegiSunter
    blocking: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        """The run's numbers, for reports and the Run node."""
        events = self.ids.events["event"].value_counts().to_dict() if len(self.ids.events) else {}
        status = self.evidence["status"].value_counts().to_dict() if len(self.evidence) else {}
        return {"records": int(len(self.eids)), "entities": int(self.eids.nunique()),
                "candidate_pairs": int(self.blocking["new_pairs"].sum()),
                "match_pairs": int(status.get("match", 0)),
                "review_pairs": int(status.get("review", 0)),
                "rejected_edges": int(len(self.clustering.rejected)),
                "conflicts": int(len(self.clustering.conflicts)),
                "redirects": int(len(self.ids.redirects)),
                "events": {str(k): int(v) for k, v in events.items()}}


class _Clock:
    def __init__(self, progress: Progress | None) -> None:
        self.timings: dict[str, float] = {}
        self._progress = progress
        self._t = time.perf_counter()

    def lap(self, stage: str, note: str = "") -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self._t, 3)
        self._t = now
        if self._progress:
            self._progress(f"{stage}: {self.timings[stage]:.1f}s" + (f"  {note}" if note else ""))


def _n_levels(*frames: pd.DataFrame) -> dict[str, int]:
    cols = frames[0].columns
    # At least disagree / agree, even where no pair reached agreement in this data.
    return {c: max(2, int(max(int(f[c].max()) if len(f) else 0 for f in frames)) + 1)
            for c in cols}


def train_model(records: pd.DataFrame, settings: LinkageSettings, levels: pd.DataFrame, *,
                link_groups: str | None = None) -> FellegiSunter:
    """Train the settings' Fellegi–Sunter model without labels: u from random pairs, the prior
    from the settings' prior keys, m by EM over the candidate pairs."""
    model = settings.model
    n = len(records)
    groups = records[link_groups].to_numpy() if link_groups else None
    total = total_pairs(n, groups)
    k = int(min(model.u_pairs, total))
    rl, rr = random_pairs(n, k, seed=model.seed, groups=groups)
    random_levels = comparison_levels(records, rl, rr, settings.comparisons)
    n_levels = _n_levels(levels, random_levels)
    u = estimate_u(random_levels, n_levels)
    try:
        prior = estimate_prior(records, list(model.prior_keys),
                               recall=model.prior_recall, groups=groups)
    except NoAgreeingPairs:  # one match per record is the guess; a settings error propagates
        prior = 1.0 / max(n, 2)
    if model.em_blocking:
        return _train_sessions(records, settings, u, prior, n_levels, link_groups, total)
    return train(levels, u, prior=prior, n_levels=n_levels, tf=dict(model.tf),
                 max_iter=model.max_iter, total_pairs=total)


def _train_sessions(records: pd.DataFrame, settings: LinkageSettings, u: dict, prior: float,
                    n_levels: dict[str, int], link_groups: str | None,
                    total: int) -> FellegiSunter:
    """Splink's EM sessions: per ``model.em_blocking`` rule, EM over that rule's pairs for the
    comparisons that do not read its keys (among its pairs those agree by construction, and
    the rule's non-matches would teach EM that agreeing on them is what a match is); each
    comparison's m is the mean over the sessions that trained it."""
    learnt: dict[str, list[np.ndarray]] = {}
    sessions = []
    for rule in settings.model.em_blocking:
        cand = block(records, [rule], link_groups=link_groups)
        free = [c.name for c in settings.comparisons if not set(c.columns) & set(rule.keys)]
        if not len(cand.left) or not free:
            sessions.append({"rule": rule.name, "pairs": int(len(cand.left)), "trained": []})
            continue
        lv = comparison_levels(records, cand.left, cand.right,
                               [c for c in settings.comparisons if c.name in free])
        fit = train(lv, {c: u[c] for c in free}, prior=prior,
                    n_levels={c: n_levels[c] for c in free}, max_iter=settings.model.max_iter,
                    total_pairs=total)
        for c in free:
            learnt.setdefault(c, []).append(np.asarray(fit.m[c], dtype=float))
        sessions.append({"rule": rule.name, "pairs": int(len(cand.left)), "trained": free,
                         **{k: fit.fit_info[k] for k in ("iterations", "candidate_prior")}})
    untrained = [c.name for c in settings.comparisons if c.name not in learnt]
    if untrained:
        raise ValueError(f"model.em_blocking leaves comparison(s) {', '.join(untrained)} "
                         f"untrained: add a rule whose keys they do not read")
    comps = [c.name for c in settings.comparisons]
    mean = {c: np.mean(learnt[c], axis=0) for c in comps}
    m = {c: (mean[c] / mean[c].sum()).tolist() for c in comps}
    return FellegiSunter(comps, {c: n_levels[c] for c in comps}, m,
                         {c: list(map(float, u[c])) for c in comps}, float(prior),
                         dict(settings.model.tf),
                         fit_info={"method": "em_sessions", "sessions": sessions})


def _cannot_links(records: pd.DataFrame, settings: LinkageSettings, left: np.ndarray,
                  right: np.ndarray, extra: pd.DataFrame | None,
                  same_group: pd.DataFrame | None = None) -> pd.DataFrame | None:
    frames = [f[["l", "r"]] for f in (extra, same_group) if f is not None]
    if settings.clustering.company_conflicts and len(left):
        cols = [c for c in _CONFLICT_COLUMNS if c in records.columns]
        base = records[cols].reset_index(drop=True)
        clash = company_conflict(base.take(left).reset_index(drop=True),
                                 base.take(right).reset_index(drop=True))
        rids = records["rid"].to_numpy(dtype=object)
        frames.append(pd.DataFrame({"l": rids[left[clash]], "r": rids[right[clash]]}))
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else None


def _same_group_links(records: pd.DataFrame, pairs: pd.DataFrame, link_groups: str,
                      match_weight: float) -> pd.DataFrame:
    """Cannot-links between records of one group that match edges could join (one record per
    source and entity): pairs of same-group records inside each component of the match graph."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    strong = pairs[pairs["weight"] >= match_weight]
    rids = records["rid"].astype(str)
    pos = pd.Series(np.arange(len(records)), index=rids.to_numpy())
    li, ri = pos.reindex(strong["l"]).to_numpy(), pos.reindex(strong["r"]).to_numpy()
    graph = coo_matrix((np.ones(len(li)), (li, ri)), shape=(len(records), len(records)))
    _, comp = connected_components(graph, directed=False)
    frame = pd.DataFrame({"rid": rids.to_numpy(), "comp": comp,
                          "group": records[link_groups].astype(str).to_numpy()})
    dup = frame[frame.duplicated(["comp", "group"], keep=False)]
    links = dup.merge(dup, on=["comp", "group"])
    links = links[links["rid_x"] < links["rid_y"]]
    return pd.DataFrame({"l": links["rid_x"].to_numpy(), "r": links["rid_y"].to_numpy()})


def _decided_pairs(records: pd.DataFrame, *links: pd.DataFrame | None):
    pos = pd.Series(np.arange(len(records)), index=records["rid"].astype(str))
    ls, rs = [], []
    for link in links:
        if link is None or not len(link):
            continue
        lp = pos.reindex(link["l"].astype(str)).to_numpy()
        rp = pos.reindex(link["r"].astype(str)).to_numpy()
        ok = ~(np.isnan(lp) | np.isnan(rp))
        ls.append(lp[ok].astype(np.int64))
        rs.append(rp[ok].astype(np.int64))
    if not ls:
        return None
    l, r = np.concatenate(ls), np.concatenate(rs)
    return np.minimum(l, r), np.maximum(l, r)


def resolve(records: pd.DataFrame, settings: LinkageSettings, *,
            previous: pd.Series | None = None, issued: Iterable[str] = (),
            must_link: pd.DataFrame | None = None, cannot_link: pd.DataFrame | None = None,
            authority: Mapping[str, Iterable[str]] | None = None,
            model: FellegiSunter | None = None, link_groups: str | None = None,
            labels: pd.DataFrame | None = None,
            progress: Progress | None = None) -> Resolution:
    """Resolve one kind's records into entities.

    Args:
        records: standardised records with a unique ``rid`` column (``GraphStore.records_frame``).
        settings: the kind's :class:`LinkageSettings`.
        previous: rid -> entity id of the last run (stable ids); None on a first run.
        issued: every entity id ever issued for this kind (never reused).
        must_link, cannot_link: steward decisions as pairs of rids (``l``, ``r``).
        authority: source -> fields it is authoritative for (from the mappings).
        model: a trained model to reuse; else ``settings.model.trained``; else trained here.
        link_groups: a column naming each record's dataset, for link-only tasks (no pairs
            inside one group).
        labels: decided pairs (``l``, ``r``, ``match``) from steward decisions; once there are
            enough, the model is fitted to them (``linkage.decisions.labelled_model``).
        progress: called with a line of text after each stage.

    Returns:
        A :class:`Resolution`.
    """
    if "rid" not in records.columns:
        raise ValueError("records need a 'rid' column (source:key); got columns "
                         f"{', '.join(map(str, records.columns))}")
    records = records.reset_index(drop=True)
    clock = _Clock(progress)

    decided = _decided_pairs(records, must_link, cannot_link)
    candidates = block(records, settings.blocking, link_groups=link_groups, extra_pairs=decided)
    left, right = candidates.left, candidates.right
    clock.lap("block", f"{len(left):,} candidate pairs")

    levels = comparison_levels(records, left, right, settings.comparisons)
    clock.lap("compare")

    if model is None and settings.model.trained:
        model = FellegiSunter.from_dict(settings.model.trained)
    if model is None:
        model = train_model(records, settings, levels, link_groups=link_groups)
        clock.lap("train")
    if labels is not None or model.fit_info.get("method") == "labelled":
        from linkage.decisions import labelled_model  # decisions build on resolve's stages

        model = labelled_model(records, settings, model, labels)

    tf = pair_term_frequencies(model, records, left, right)
    scores = score(model, levels, tf, tf_weight=settings.model.tf_weight)
    clock.lap("score")

    rids = records["rid"].astype(str).to_numpy(dtype=object)
    keep = scores.weight >= settings.thresholds.review_weight
    pairs = pd.DataFrame({"l": rids[left[keep]], "r": rids[right[keep]],
                          "weight": scores.weight[keep]})
    extra_links = None
    if link_groups and settings.clustering.one_per_group:
        extra_links = _same_group_links(records, pairs, link_groups,
                                        settings.thresholds.match_weight)
    hard_cols = [c for pair in settings.clustering.hard_keys.items() for c in pair if c]
    clusters = cluster(
        records[["rid", *dict.fromkeys(c for c in hard_cols if c in records.columns)]],
        pairs, match_weight=settings.thresholds.match_weight,
        hard_keys={k: v for k, v in settings.clustering.hard_keys.items() if k in records},
        cannot_link=_cannot_links(records, settings, left, right, cannot_link, extra_links),
        must_link=must_link, bridge_ratio=settings.clustering.bridge_ratio,
        bridge_min_size=settings.clustering.bridge_min_size,
        bridge_min_density=settings.clustering.bridge_min_density)
    clock.lap("cluster", f"{clusters.assignment.nunique():,} clusters")

    ids = assign_ids(clusters.assignment, previous, prefix=settings.id_prefix, issued=issued)
    eids = ids.eids
    clock.lap("ids")

    # Only what survivorship reads: a copy of every column would double the records' memory.
    wanted = ["rid", "source", "loaded_at"] + [c for r in settings.survivorship
                                               for c in (r.field, r.valid, r.compare_column) if c]
    members = records[[c for c in dict.fromkeys(wanted) if c in records.columns]]
    members = members.assign(eid=eids.reindex(records["rid"].astype(str)).to_numpy())
    golden = golden_records(members, settings.survivorship, authority=authority or {}).frame
    clock.lap("survive", f"{len(golden):,} entities")

    evidence = evidence_frame(model, levels[keep].reset_index(drop=True),
                              {k: v[keep] for k, v in tf.items()}, pairs,
                              scores.probability[keep], settings.thresholds.match_weight,
                              tf_weight=settings.model.tf_weight)
    clock.lap("evidence", f"{len(evidence):,} pairs kept")
    return Resolution(kind=settings.kind, eids=eids, golden=golden, evidence=evidence,
                      clustering=clusters, ids=ids, model=model, blocking=candidates.report,
                      timings=clock.timings)
