"""Yidang's side of the quality benchmark: ``resolve()`` on each dataset, scored like Splink.

    from bench.quality.datasets import load
    from bench.quality.yidang_runner import run_yidang
    result = run_yidang(load("febrl3"))

Each benchmark dataset has a settings file, ``bench/quality/settings/<dataset>.json``, written
from the dataset's columns and documentation the way the Splink plans were (never tuned on the
truth). A few datasets need the feature engineering a user does before any matcher, the same the
Splink plans do in their ``prepare`` step (an ISO birth date, the street number split off an
address, the first part of a two-part field, a Chinese name's simplified key): see
:data:`PREPARE`.

Threshold policy, the same for every dataset: the settings' default thresholds (match
probability 0.95, review 0.5). Scoring is exactly the Splink side's: the clustered output
(every pair inside a predicted entity counts as predicted) against the truth, pairwise P/R/F1
plus B-cubed; for the pair-classification set (CGED-Q) the model is trained as usual on the
distinct records and a labelled pair is a predicted match when its probability is at or above
the match threshold. Wall time covers preparation and the whole ``resolve()`` (block, compare,
train, score, cluster, ids, survivorship, evidence), not loading the dataset or scoring.

The sample city (:func:`run_city`) is resolved through the product path: the city's files are
loaded into a fresh LadybugDB store with ``loaders.load_files`` (cached under ``bench/out``, as
the load takes minutes at 200k persons), and ``linkage.run.resolve_store`` runs the shipped
default settings on a copy of it.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bench.quality.datasets import Dataset
from linkage.compare import comparison_levels
from linkage.evaluation import (
    cluster_scores,
    clusters_from_pairs,
    pairwise_scores,
    pairwise_scores_against_pairs,
    pairwise_scores_from_clusters,
)
from linkage.resolve import resolve, train_model
from linkage.scoring import pair_term_frequencies, score
from linkage.settings import LinkageSettings, read_settings
from linkage.blocking import block

SETTINGS = Path(__file__).resolve().parent / "settings"
OUT = Path(__file__).resolve().parents[1] / "out"


@dataclass
class YidangResult:
    """One dataset's Yidang scores (the same fields as the Splink side's ``Result``)."""

    name: str
    records: int
    precision: float
    recall: float
    f1: float
    seconds: float
    n_pred_pairs: int
    threshold: float
    cluster_metrics: dict | None
    tp: int = 0
    fp: int = 0
    fn: int = 0
    stage_seconds: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    seconds_runs: list = field(default_factory=list)


def settings_for(name: str) -> LinkageSettings:
    """The benchmark settings of dataset ``name`` (``settings/<name>.json``)."""
    return read_settings(SETTINGS / f"{name}.json")


# --- preparation: what a user derives before matching (the Splink plans do the same) -----------

_NUMBER = re.compile(r"^(\d+)\s*(.*)$")


def _iso_yyyymmdd(values) -> list:
    """'19560112' -> '1956-01-12'; anything else stays as it is (the date kernel rates it)."""
    out = []
    for v in values:
        s = v if isinstance(v, str) else None
        out.append(f"{s[:4]}-{s[4:6]}-{s[6:8]}" if s and len(s) == 8 and s.isdigit() else s)
    return out


def _febrl(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(date_of_birth=_iso_yyyymmdd(df["date_of_birth"].tolist()))


def _chicago(df: pd.DataFrame) -> pd.DataFrame:
    """Split the street number off the address ('1653 w 43rd st' -> '1653', 'w 43rd st')."""
    parts = [(m.groups() if (m := _NUMBER.match(a or "")) else (None, a))
             for a in df["address"].tolist()]
    return df.assign(addr_number=[p[0] for p in parts], street=[p[1] or None for p in parts])


def _cgedq(df: pd.DataFrame) -> pd.DataFrame:
    """Names through Yidang's own simplification (the name kernel's key); first parts of the
    two-part fields (prefecture of the post, county of origin)."""
    from loaders.standardise.text import to_simplified_many

    names = df["name"].tolist()
    keys = to_simplified_many([n.replace(" ", "") if n else None for n in names])
    return df.assign(
        name_key=[k or None for k in keys],
        jigou_fu=[v.split(" ")[0] if v else None for v in df["jigou"].tolist()],
        native_xian=[v.split(" ")[0] if v else None for v in df["rensheng_xian"].tolist()])


PREPARE: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "febrl3": _febrl,
    "febrl4": _febrl,
    "chicago": _chicago,
    "cgedq_jinshenlu": _cgedq,
}


def _records(dataset: Dataset) -> pd.DataFrame:
    df = dataset.records.rename(columns={"unique_id": "rid"})
    # Survivorship reads the provenance a store's records carry: which source, loaded when.
    source = df["source_dataset"] if "source_dataset" in df.columns else dataset.name
    df = df.assign(source=source, loaded_at="2024-01-01T00:00:00+00:00")
    prepare = PREPARE.get(dataset.name)
    return prepare(df) if prepare else df


# --- running on a benchmark dataset ------------------------------------------------------------

def _score(pred: dict, dataset: Dataset) -> tuple[dict, dict]:
    if dataset.truth_clusters is not None:
        return (pairwise_scores_from_clusters(pred, dataset.truth_clusters),
                cluster_scores(pred, dataset.truth_clusters))
    truth_map = clusters_from_pairs(dataset.truth_pairs, ids=dataset.records["unique_id"])
    return pairwise_scores_against_pairs(pred, dataset.truth_pairs), cluster_scores(pred,
                                                                                    truth_map)


def run_yidang(dataset: Dataset, settings: LinkageSettings | None = None) -> YidangResult:
    """Resolve one benchmark dataset with Yidang and score it like the Splink side.

    Args:
        dataset: from ``bench.quality.datasets.load``.
        settings: the settings to use; default ``settings/<dataset>.json``.

    Returns:
        The scores of the clustered output (pair classification for CGED-Q), and wall time.
    """
    settings = settings or settings_for(dataset.name)
    if dataset.is_pair_classification:
        return _run_pairs(dataset, settings)
    t0 = time.perf_counter()
    records = _records(dataset)
    groups = "source_dataset" if dataset.link_type == "link_only" else None
    res = resolve(records, settings, link_groups=groups)
    seconds = time.perf_counter() - t0
    pred = {str(k): str(v) for k, v in res.eids.items()}
    pair, clus = _score(pred, dataset)
    return YidangResult(
        name=dataset.name, records=len(records), precision=pair["precision"],
        recall=pair["recall"], f1=pair["f1"], seconds=round(seconds, 3),
        n_pred_pairs=pair["tp"] + pair["fp"], threshold=settings.thresholds.match,
        cluster_metrics=clus, tp=pair["tp"], fp=pair["fp"], fn=pair["fn"],
        stage_seconds=res.timings, notes=list(dataset.notes))


def _run_pairs(dataset: Dataset, settings: LinkageSettings) -> YidangResult:
    """Pair classification: train on the distinct records as usual, score the labelled pairs."""
    t0 = time.perf_counter()
    records = _records(dataset).reset_index(drop=True)
    candidates = block(records, settings.blocking)
    levels = comparison_levels(records, candidates.left, candidates.right, settings.comparisons)
    model = train_model(records, settings, levels)
    pos = pd.Series(np.arange(len(records)), index=records["rid"].astype(str))
    cand = dataset.candidate_pairs
    lo = cand[["unique_id_l", "unique_id_r"]].min(axis=1)
    hi = cand[["unique_id_l", "unique_id_r"]].max(axis=1)
    pairs = pd.DataFrame({"l": lo, "r": hi}).drop_duplicates(ignore_index=True)
    left = pos.reindex(pairs["l"]).to_numpy()
    right = pos.reindex(pairs["r"]).to_numpy()
    pair_levels = comparison_levels(records, left, right, settings.comparisons)
    tf = pair_term_frequencies(model, records, left, right)
    probability = score(model, pair_levels, tf, tf_weight=settings.model.tf_weight).probability
    seconds = time.perf_counter() - t0
    threshold = settings.thresholds.match
    keys = list(zip(pairs["l"], pairs["r"]))
    s = pairwise_scores([k for k, p in zip(keys, probability) if p >= threshold],
                        dataset.truth_pairs)
    return YidangResult(
        name=dataset.name, records=len(pairs), precision=s["precision"], recall=s["recall"],
        f1=s["f1"], seconds=round(seconds, 3), n_pred_pairs=s["tp"] + s["fp"],
        threshold=threshold, cluster_metrics=None, tp=s["tp"], fp=s["fp"], fn=s["fn"],
        notes=[f"pair classification over {len(pairs)} distinct labelled pairs "
               f"({len(records)} distinct records); 'records' is the pair count",
               *dataset.notes])


# --- the sample city ---------------------------------------------------------------------------

CITY_KINDS = ("person", "organization", "place")


def city_folder(persons: int, seed: int = 7) -> Path:
    """The cached sample city (``bench/load.py`` writes it; generated here if missing)."""
    city = OUT / f"city-{persons}-{seed}"
    if not (city / "manifest.json").exists():
        from loaders.sample import generate_city

        generate_city(city, persons=persons, seed=seed)
    return city


def loaded_store(persons: int, seed: int = 7, progress: Callable[[str], None] | None = None
                 ) -> Path:
    """A LadybugDB store holding the whole city, loaded once and cached (``store-city-*``).

    A ``loaded`` marker is written last, so an interrupted load is redone, not reused.
    """
    from graph import open_store
    from loaders import load_files, mapping_jobs

    city = city_folder(persons, seed)
    folder = OUT / f"store-city-{persons}-{seed}"
    if (folder / "loaded").exists():
        return folder / "db"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    jobs = mapping_jobs(sorted(city.glob("*.yaml")))
    with open_store(folder / "db") as store:
        for _ in load_files(store, jobs, workers=2):
            pass
    (folder / "loaded").write_text(json.dumps({"seconds": round(time.perf_counter() - t0, 1)}))
    if progress:
        progress(f"city {persons}: loaded in {time.perf_counter() - t0:.0f}s -> {folder}")
    return folder / "db"


@dataclass
class CityRun:
    """One resolution of the sample city: Yidang's result per kind and the standardised records
    (for running Splink on the same input)."""

    persons: int
    results: dict[str, YidangResult]
    records: dict[str, pd.DataFrame]
    truth: dict[str, dict[str, str]]


def city_truth(persons: int, seed: int = 7) -> dict[str, dict[str, str]]:
    """kind -> {rid: true entity} from the city's truth.csv."""
    t = pd.read_csv(city_folder(persons, seed) / "truth.csv", dtype=str)
    rid = t["source"] + ":" + t["key"]
    return {k: dict(zip(rid[t["kind"] == k], t.loc[t["kind"] == k, "entity"]))
            for k in CITY_KINDS}


def city_frames(persons: int, seed: int = 7, progress: Callable[[str], None] | None = None
                ) -> tuple[dict[str, pd.DataFrame], dict[str, set[str]]]:
    """The cached city store's records per kind and its source authority, read without
    changing it (for experiments that resolve in memory)."""
    from graph import open_store

    with open_store(loaded_store(persons, seed, progress), read_only=True) as store:
        return ({k: store.records_frame(k) for k in CITY_KINDS}, store.source_authority())


def run_city(persons: int, seed: int = 7, progress: Callable[[str], None] | None = None
             ) -> CityRun:
    """Resolve the cached city store (a fresh copy) with the shipped default settings.

    Each kind's wall time is its own resolve + write (``resolve_store`` timings); relations are
    not counted. Records are scored where they appear in the truth.
    """
    from graph import open_store
    from linkage.run import resolve_store

    source = loaded_store(persons, seed, progress)
    truth = city_truth(persons, seed)
    tmp = Path(tempfile.mkdtemp(prefix="yidang-quality-"))
    try:
        shutil.copytree(source, tmp / "db")
        with open_store(tmp / "db") as store:
            records = {k: store.records_frame(k) for k in CITY_KINDS}
            report = resolve_store(store, CITY_KINDS, force=True, keep_resolutions=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results = {}
    for kr in report.kinds:
        res = report.resolutions[kr.kind]
        true = truth[kr.kind]
        pred = {r: str(e) for r, e in res.eids.items() if r in true}
        t = {r: true[r] for r in pred}
        pair, clus = pairwise_scores_from_clusters(pred, t), cluster_scores(pred, t)
        results[kr.kind] = YidangResult(
            name=f"city-{persons} {kr.kind}", records=len(records[kr.kind]),
            precision=pair["precision"], recall=pair["recall"], f1=pair["f1"],
            seconds=round(sum(kr.timings.values()), 3), n_pred_pairs=pair["tp"] + pair["fp"],
            threshold=default_threshold(kr.kind), cluster_metrics=clus, tp=pair["tp"],
            fp=pair["fp"], fn=pair["fn"], stage_seconds=kr.timings)
    return CityRun(persons, results, records, truth)


def default_threshold(kind: str) -> float:
    from linkage.settings import default_settings

    return default_settings(kind).thresholds.match


def truth_pairs_of(truth: dict[str, str], rids) -> set[tuple[str, str]]:
    """The true pairs among ``rids`` (for the Splink side, which takes pairs)."""
    from linkage.evaluation import pairs_from_clusters

    keep = set(map(str, rids))
    return pairs_from_clusters({r: e for r, e in truth.items() if r in keep})
