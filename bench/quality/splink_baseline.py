"""Splink 5 (DuckDB) baseline for the quality benchmark: the configuration a competent user writes.

    python -m bench.quality.splink_baseline [--datasets febrl3,febrl4,...] [--threshold 0.9]

For each dataset: a declarative plan (settings, deterministic rules for the prior, EM blocking
rules), then one timed run of the whole Splink pipeline — register the records, estimate the
prior from deterministic rules, ``u`` by random sampling, ``m`` by EM (two sessions), predict,
cluster — and scores against the truth.

Threshold policy, the same for every dataset and never tuned on the truth: predict pairs with
match probability >= 0.9 and cluster them (connected components) at 0.9; the pairwise scores are
those of the CLUSTERED output (every pair inside a predicted cluster counts as predicted), the
way Yidang is scored. For the pair-classification set (CGED-Q) a labelled pair is predicted a
match when its probability is >= 0.9. A sweep of other thresholds is recorded in the JSON for
information only (what Splink would reach if someone did tune it on the truth).

Writes ``bench/out/splink-<dataset>.json`` (scores, timings, sweep, trained model).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from bench.quality.datasets import NAMES, Dataset, load
from linkage.evaluation import (
    cluster_scores,
    clusters_from_pairs,
    pairwise_scores,
    pairwise_scores_against_pairs,
    pairwise_scores_from_clusters,
)

try:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError("the Splink baseline needs the bench extra: pip install -e '.[bench]' "
                      "(splink>=5 with duckdb)") from exc

OUT = Path(__file__).resolve().parents[1] / "out"
#: The one global threshold (match probability) for predict and clustering.
THRESHOLD = 0.9
#: Thresholds recorded in the sweep (informational, not used for the headline numbers).
SWEEP = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
#: u estimation: 1e7 sampled pairs (Splink suggests 1e7+), seeded for reproducibility.
U_MAX_PAIRS = 1e7
SEED = 42


@dataclass
class Plan:
    """Everything a Splink run needs besides the data.

    Attributes:
        settings: Splink settings (link type, blocking rules for predict, comparisons).
        deterministic_rules: near-certain rules used to estimate the prior match probability.
        recall: the user's guess of those rules' recall (never read off the truth).
        em_rules: blocking rules of the EM training sessions (each leaves its own columns
            untrained, so together they must cover every comparison).
        prepare: derives extra columns (feature engineering a user does before Splink).
    """

    settings: SettingsCreator
    deterministic_rules: list
    recall: float
    em_rules: list
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None


@dataclass
class Result:
    """One dataset's Splink scores. Pairwise figures are over the clustered output."""

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
    n_edges: int = 0
    stage_seconds: dict = field(default_factory=dict)
    sweep: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    u_max_pairs: float = U_MAX_PAIRS
    #: Wall time of every run when the pipeline was repeated (``seconds`` is their median).
    seconds_runs: list = field(default_factory=list)
    #: The trained model as Splink's settings dictionary (loadable with ``Linker(df, model)``).
    model: dict | None = field(default=None, repr=False)


# --- plans: FEBRL -------------------------------------------------------------------------------

def _febrl_plan(link_type: str) -> Plan:
    """Splink's own FEBRL demo model (docs/demos/examples/duckdb/febrl4), plus the street name."""
    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                 datetime_format="%Y%m%d", invalid_dates_as_null=True),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
            term_frequency_adjustments=True),
    ]
    return Plan(
        SettingsCreator(link_type=link_type, blocking_rules_to_generate_predictions=blocking,
                        comparisons=comparisons),
        deterministic_rules=[block_on("soc_sec_id"),
                             block_on("given_name", "surname", "date_of_birth")],
        recall=0.8,
        em_rules=[block_on("date_of_birth"), block_on("postcode")],
    )


# --- plans: Splink fake_1000 --------------------------------------------------------------------

def _fake_1000_plan() -> Plan:
    """Splink's tutorial model for fake_1000, with email and dob blocking added."""
    return Plan(
        SettingsCreator(
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "dob"), block_on("surname"), block_on("email"),
                block_on("dob"),
            ],
            comparisons=[
                cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison("dob", input_is_string=True,
                                         datetime_format="%Y-%m-%d"),
                cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                cl.EmailComparison("email"),
            ],
        ),
        deterministic_rules=[
            block_on("first_name", "dob"),
            "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
            block_on("email"),
        ],
        recall=0.7,
        em_rules=[block_on("first_name", "surname"), block_on("dob")],
    )


# --- plans: NC voter register -------------------------------------------------------------------

def _ncvoter_plan(corruption: int) -> Plan:
    """Names, town and ZIP (US ZIPs: edit distance, not Splink's UK PostcodeComparison)."""
    blocking = [
        block_on("givenname", "surname"),
        block_on("surname", "postcode"),
        block_on("givenname", "postcode"),
        block_on("givenname", "suburb"),
        block_on("surname", "suburb"),
        block_on("suburb", "postcode"),
    ]
    comparisons = [
        cl.NameComparison("givenname").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]).configure(
            term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
            term_frequency_adjustments=True),
    ]
    # The README says what share of records is corrupted; an exact 3-field rule then finds
    # roughly the pairs where neither record is: (1 - share)^2.
    recall = max(0.3, min(1.0, (1 - corruption / 100) ** 2))
    return Plan(
        SettingsCreator(link_type="link_only", blocking_rules_to_generate_predictions=blocking,
                        comparisons=comparisons),
        deterministic_rules=[block_on("givenname", "surname", "postcode")],
        recall=recall,
        # Not block_on("postcode") alone: inside a ZIP the town always agrees too, and EM then
        # learns "same place" instead of "same person" (surname m ~ 0.02 in the weights chart).
        em_rules=[block_on("givenname", "surname"), block_on("suburb", "postcode")],
    )


# --- plans: Chicago early-childhood sites -------------------------------------------------------

_NUMBER = re.compile(r"^(\d+)\s*(.*)$")


def _chicago_prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Split the street number off the address ('1653 w 43rd st' -> '1653', 'w 43rd st')."""
    out = df.copy()
    parts = [(m.groups() if (m := _NUMBER.match(a or "")) else (None, a))
             for a in df["address"].tolist()]
    out["addr_number"] = [p[0] for p in parts]
    out["street"] = [p[1] or None for p in parts]
    return out


def _chicago_plan() -> Plan:
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.ExactMatchLevel("address", term_frequency_adjustments=True),
            cll.And(cll.ExactMatchLevel("addr_number"), cll.JaroWinklerLevel("street", 0.88)),
            cll.ExactMatchLevel("addr_number"),
            cll.JaroWinklerLevel("address", 0.88),
            cll.ElseLevel(),
        ],
    )
    return Plan(
        SettingsCreator(
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=[
                block_on("phone"), block_on("address"), block_on("site_name"),
                block_on("addr_number"), block_on("substr(site_name, 1, 6)"),
            ],
            comparisons=[
                cl.JaroWinklerAtThresholds("site_name", [0.95, 0.88, 0.7]).configure(
                    term_frequency_adjustments=True),
                address,
                cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
                cl.ExactMatch("zip").configure(term_frequency_adjustments=True),
            ],
        ),
        deterministic_rules=[block_on("site_name", "address"), block_on("phone", "address")],
        recall=0.5,  # nine lists formatting names and addresses each their own way
        em_rules=[block_on("addr_number"), block_on("phone")],
        prepare=_chicago_prepare,
    )


# --- plans: CGED-Q (pair classification, Chinese) -----------------------------------------------

def _cgedq_prepare(df: pd.DataFrame) -> pd.DataFrame:
    """First parts of the two-part fields: prefecture of the post, county of origin."""
    out = df.copy()
    out["jigou_fu"] = [v.split(" ")[0] if v else None for v in df["jigou"].tolist()]
    out["native_xian"] = [v.split(" ")[0] if v else None for v in df["rensheng_xian"].tolist()]
    out["year"] = df["year"].astype(float)
    return out


def _cgedq_plan() -> Plan:
    def two_level(col: str, first: str) -> cl.CustomComparison:
        return cl.CustomComparison(output_column_name=col, comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            cll.ExactMatchLevel(first, term_frequency_adjustments=True),
            cll.ElseLevel(),
        ])

    year = cl.CustomComparison(output_column_name="year", comparison_levels=[
        cll.NullLevel("year"),
        cll.ExactMatchLevel("year"),
        cll.AbsoluteDifferenceLevel("year", 1),
        cll.AbsoluteDifferenceLevel("year", 3),
        cll.ElseLevel(),
    ])
    return Plan(
        SettingsCreator(
            link_type="dedupe_only",
            # Predict scores the registered candidate pairs; these rules only serve training.
            blocking_rules_to_generate_predictions=[block_on("name")],
            comparisons=[
                # 2-3 character names: Jaro-Winkler's window is 0 there; edit distance 1 is the
                # meaningful "one character differs" level.
                cl.DamerauLevenshteinAtThresholds("name", [1]).configure(
                    term_frequency_adjustments=True),
                cl.ExactMatch("zihao"),
                cl.ExactMatch("diqu").configure(term_frequency_adjustments=True),
                two_level("jigou", "jigou_fu"),
                cl.ExactMatch("guanzhi").configure(term_frequency_adjustments=True),
                cl.ExactMatch("chushen").configure(term_frequency_adjustments=True),
                two_level("rensheng_xian", "native_xian"),
                year,
            ],
        ),
        deterministic_rules=[block_on("name", "rensheng_xian")],
        recall=0.5,
        # block_on("rensheng_xian") alone lets EM learn "same home county" (name m ~ 0.14);
        # of the rules tried, county + qualification gave the least implausible name m (0.32).
        em_rules=[block_on("name"), block_on("native_xian", "chushen")],
        prepare=_cgedq_prepare,
    )


PLANS: dict[str, Callable[[], Plan]] = {
    "febrl3": lambda: _febrl_plan("dedupe_only"),
    "febrl4": lambda: _febrl_plan("link_only"),
    "splink_fake_1000": _fake_1000_plan,
    "ncvoter_0": lambda: _ncvoter_plan(0),
    "ncvoter_20": lambda: _ncvoter_plan(20),
    "ncvoter_40": lambda: _ncvoter_plan(40),
    "chicago": _chicago_plan,
    "cgedq_jinshenlu": _cgedq_plan,
}


# --- plans: Yidang's standardised records (sample city) -----------------------------------------

def _present(df: pd.DataFrame, col: str) -> bool:
    return col in df.columns and df[col].notna().any()


def _address_comparison(df: pd.DataFrame) -> cl.CustomComparison:
    levels = [cll.NullLevel("addr_key"),
              cll.ExactMatchLevel("addr_key", term_frequency_adjustments=True),
              cll.JaroWinklerLevel("addr_key", 0.92)]
    if _present(df, "addr_district"):
        levels.append(cll.ExactMatchLevel("addr_district"))
    return cl.CustomComparison(output_column_name="addr_key",
                               comparison_levels=levels + [cll.ElseLevel()])


def person_plan(df: pd.DataFrame) -> Plan:
    """Persons: ID number, name key + pinyin, birth date, gender, phone, address levels.

    Only columns present (and not wholly empty) in ``df`` are used.
    """
    comparisons, blocking, em = [], [], []
    if _present(df, "id_number"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("id_number", [1]))
        blocking.append(block_on("id_number"))
    if _present(df, "name_key"):
        levels = [cll.NullLevel("name_key"),
                  cll.ExactMatchLevel("name_key", term_frequency_adjustments=True)]
        if _present(df, "name_pinyin"):
            levels += [cll.ExactMatchLevel("name_pinyin", term_frequency_adjustments=True),
                       cll.JaroWinklerLevel("name_pinyin", 0.92),
                       cll.JaroWinklerLevel("name_pinyin", 0.8)]
        levels.append(cll.ElseLevel())
        comparisons.append(cl.CustomComparison(output_column_name="name",
                                               comparison_levels=levels))
    if _present(df, "birth_date"):
        comparisons.append(cl.DateOfBirthComparison("birth_date", input_is_string=True,
                                                    datetime_format="%Y-%m-%d"))
        if _present(df, "name_key"):
            blocking.append(block_on("name_key", "birth_date"))
        if _present(df, "name_pinyin"):
            blocking.append(block_on("name_pinyin", "substr(birth_date, 1, 4)"))
    if _present(df, "gender"):
        comparisons.append(cl.ExactMatch("gender"))
    if _present(df, "phone"):
        comparisons.append(cl.ExactMatch("phone").configure(term_frequency_adjustments=True))
        blocking.append(block_on("phone"))
    if _present(df, "addr_key"):
        comparisons.append(_address_comparison(df))
        if _present(df, "name_pinyin"):
            blocking.append(block_on("name_pinyin", "addr_key"))
    if _present(df, "id_number"):
        em.append(block_on("id_number"))
    if _present(df, "name_key") and _present(df, "birth_date"):
        em.append(block_on("name_key", "birth_date"))
    det = [block_on("id_number")] if _present(df, "id_number") else blocking[:1]
    return Plan(SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                                blocking_rules_to_generate_predictions=blocking),
                deterministic_rules=det, recall=0.8, em_rules=em or blocking[:2])


def organization_plan(df: pd.DataFrame) -> Plan:
    """Organisations: credit code, registration number, name key + core name, region, legal
    representative, address levels. Only columns present in ``df`` are used."""
    comparisons, blocking, em = [], [], []
    if _present(df, "uscc"):
        comparisons.append(cl.DamerauLevenshteinAtThresholds("uscc", [1]))
        blocking.append(block_on("uscc"))
        em.append(block_on("uscc"))
    if _present(df, "reg_no"):
        comparisons.append(cl.ExactMatch("reg_no"))
        blocking.append(block_on("reg_no"))
    if _present(df, "name_key"):
        levels = [cll.NullLevel("name_key"),
                  cll.ExactMatchLevel("name_key", term_frequency_adjustments=True)]
        if _present(df, "co_core"):
            levels.append(cll.ExactMatchLevel("co_core", term_frequency_adjustments=True))
        levels += [cll.JaroWinklerLevel("name_key", 0.9), cll.ElseLevel()]
        comparisons.append(cl.CustomComparison(output_column_name="name",
                                               comparison_levels=levels))
        blocking.append(block_on("name_key"))
    if _present(df, "co_core"):
        blocking.append(block_on("co_core"))
        em.append(block_on("co_core"))
    if _present(df, "co_region"):
        comparisons.append(cl.ExactMatch("co_region"))
    if _present(df, "legal_rep_name_key"):
        comparisons.append(cl.ExactMatch("legal_rep_name_key").configure(
            term_frequency_adjustments=True))
    if _present(df, "addr_key"):
        comparisons.append(_address_comparison(df))
        blocking.append(block_on("addr_key"))
    det = [block_on("uscc")] if _present(df, "uscc") else blocking[:1]
    return Plan(SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                                blocking_rules_to_generate_predictions=blocking),
                deterministic_rules=det, recall=0.8, em_rules=em or blocking[:2])


#: Yidang's standardised columns each frame plan can use.
FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("name_key", "name_pinyin", "id_number", "birth_date", "gender", "phone",
               "addr_key", "addr_district"),
    "organization": ("name_key", "co_core", "co_region", "uscc", "reg_no",
                     "legal_rep_name_key", "addr_key", "addr_district"),
}
FRAME_PLANS: dict[str, Callable[[pd.DataFrame], Plan]] = {
    "person": person_plan,
    "organization": organization_plan,
}


# --- running -----------------------------------------------------------------------------------

class _Clock:
    def __init__(self):
        self.t0 = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self.last, 3)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.t0


def _train(plan: Plan, records: pd.DataFrame, link_type: str, clock: _Clock,
           u_max_pairs: float = U_MAX_PAIRS) -> Linker:
    """Register the records and train the model (prior, u, m)."""
    db_api = DuckDBAPI()
    if link_type == "link_only":
        tables = [db_api.register(part.reset_index(drop=True), dataset_display_name=str(src))
                  for src, part in records.groupby("source_dataset", sort=True)]
    else:
        tables = db_api.register(records)
    linker = Linker(tables, plan.settings, log_level=logging.WARNING)
    clock.lap("register")
    linker.training.estimate_probability_two_random_records_match(plan.deterministic_rules,
                                                                  recall=plan.recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=SEED)
    clock.lap("estimate_u")
    for rule in plan.em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    clock.lap("em")
    return linker


def _clusters(linker: Linker, predictions, threshold: float) -> dict[str, str]:
    df = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold).as_pandas_dataframe()
    return dict(zip(df["unique_id"].astype(str), df["cluster_id"].astype(str)))


def _edges(predictions, threshold: float) -> int:
    rel = predictions.as_duckdbpyrelation()
    return rel.filter(f"match_probability >= {threshold}").aggregate("count(*)").fetchall()[0][0]


def _prepared(plan: Plan, records: pd.DataFrame) -> pd.DataFrame:
    return plan.prepare(records) if plan.prepare else records


def run_plan(name: str, plan: Plan, records: pd.DataFrame, link_type: str,
             truth_clusters: dict | None = None, truth_pairs: set | None = None, *,
             threshold: float = THRESHOLD, sweep: bool = True,
             u_max_pairs: float = U_MAX_PAIRS) -> tuple[Result, dict]:
    """Run one timed Splink pipeline on ``records`` and score the clustered output.

    Args:
        truth_clusters: id -> entity; preferred (pair counts without listing pairs).
        truth_pairs: used when no truth clusters are given.

    Returns:
        The result, and the trained model as Splink's settings dictionary.
    """
    clock = _Clock()
    frame = _prepared(plan, records)
    linker = _train(plan, frame, link_type, clock, u_max_pairs)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clock.lap("predict")
    predicted = _clusters(linker, predictions, threshold)
    clock.lap("cluster")
    seconds = clock.total

    def score(clusters: dict) -> tuple[dict, dict | None]:
        if truth_clusters is not None:
            return (pairwise_scores_from_clusters(clusters, truth_clusters),
                    cluster_scores(clusters, truth_clusters))
        truth_map = clusters_from_pairs(truth_pairs, ids=records["unique_id"])
        return pairwise_scores_against_pairs(clusters, truth_pairs), cluster_scores(
            clusters, truth_map)

    pair, clus = score(predicted)
    result = Result(name=name, records=len(records), precision=pair["precision"],
                    recall=pair["recall"], f1=pair["f1"], seconds=round(seconds, 3),
                    n_pred_pairs=pair["tp"] + pair["fp"], threshold=threshold,
                    cluster_metrics=clus, tp=pair["tp"], fp=pair["fp"], fn=pair["fn"],
                    n_edges=_edges(predictions, threshold), stage_seconds=clock.laps,
                    u_max_pairs=u_max_pairs)
    if sweep:
        low = linker.inference.predict(threshold_match_probability=min(SWEEP))
        for t in SWEEP:
            p, c = score(_clusters(linker, low, t))
            result.sweep.append({"threshold": t, "precision": p["precision"],
                                 "recall": p["recall"], "f1": p["f1"],
                                 "bcubed_f1": c["bcubed_f1"] if c else None})
    return result, linker.misc.save_model_to_json()


def _run_pairs(ds: Dataset, plan: Plan, threshold: float, sweep: bool,
               u_max_pairs: float = U_MAX_PAIRS) -> tuple[Result, dict]:
    """Pair classification: train on the distinct records, score the labelled pairs."""
    clock = _Clock()
    frame = _prepared(plan, ds.records)
    linker = _train(plan, frame, "dedupe_only", clock, u_max_pairs)
    cand = ds.candidate_pairs
    lo = cand[["unique_id_l", "unique_id_r"]].min(axis=1)
    hi = cand[["unique_id_l", "unique_id_r"]].max(axis=1)
    blocked = pd.DataFrame({"match_key": "0", "join_key_l": lo, "join_key_r": hi})
    blocked = blocked.drop_duplicates(["join_key_l", "join_key_r"], ignore_index=True)
    linker.table_management.register_blocked_pairs_for_predict(
        linker._db_api.register(blocked))
    scored = linker.inference.predict().as_pandas_dataframe()
    clock.lap("predict")
    seconds = clock.total
    if len(scored) != len(blocked):
        raise AssertionError(f"Splink scored {len(scored)} of {len(blocked)} candidate pairs")
    prob = {(a, b): p for a, b, p in zip(scored["unique_id_l"], scored["unique_id_r"],
                                         scored["match_probability"])}

    def score(t: float) -> dict:
        return pairwise_scores([k for k, p in prob.items() if p >= t], ds.truth_pairs)

    s = score(threshold)
    result = Result(name=ds.name, records=len(blocked), precision=s["precision"],
                    recall=s["recall"], f1=s["f1"], seconds=round(seconds, 3),
                    n_pred_pairs=s["tp"] + s["fp"], threshold=threshold, cluster_metrics=None,
                    tp=s["tp"], fp=s["fp"], fn=s["fn"], n_edges=s["tp"] + s["fp"],
                    stage_seconds=clock.laps, u_max_pairs=u_max_pairs,
                    notes=[f"pair classification over {len(blocked)} distinct labelled pairs "
                           f"({len(ds.records)} distinct records); 'records' is the pair count"])
    if sweep:
        result.sweep = [{"threshold": t, **{k: score(t)[k] for k in ("precision", "recall", "f1")}}
                        for t in SWEEP]
    return result, linker.misc.save_model_to_json()


def run_splink(dataset: Dataset, *, threshold: float = THRESHOLD, sweep: bool = True,
               u_max_pairs: float = U_MAX_PAIRS) -> Result:
    """The Splink baseline on one benchmark dataset (see the module docstring for the policy)."""
    plan = PLANS[dataset.name]()
    if dataset.is_pair_classification:
        result, model = _run_pairs(dataset, plan, threshold, sweep, u_max_pairs)
    else:
        result, model = run_plan(dataset.name, plan, dataset.records, dataset.link_type,
                                 truth_clusters=dataset.truth_clusters,
                                 truth_pairs=dataset.truth_pairs, threshold=threshold,
                                 sweep=sweep, u_max_pairs=u_max_pairs)
    result.notes += dataset.notes
    result.model = model
    return result


def run_splink_on_frame(records: pd.DataFrame, settings_kind: str, truth_pairs,
                        *, id_column: str | None = None, threshold: float = THRESHOLD,
                        name: str | None = None, sweep: bool = False,
                        u_max_pairs: float = U_MAX_PAIRS) -> Result:
    """The Splink baseline on Yidang's standardised records (the sample city).

    Args:
        records: one row per source record, with Yidang's standardised columns — persons:
            name_key, name_pinyin, id_number, birth_date (YYYY-MM-DD), gender, phone, addr_key,
            addr_district; organisations: name_key, co_core, co_region, uscc, reg_no,
            legal_rep_name_key, addr_key. Missing columns are left out of the model.
        settings_kind: ``person`` or ``organization``.
        truth_pairs: the true matching pairs of record ids.
        id_column: the record id column (default: ``unique_id`` if present, else ``rid``).
        threshold: match probability for predict and clustering.
    """
    if settings_kind not in FRAME_PLANS:
        raise ValueError(f"settings_kind must be one of {sorted(FRAME_PLANS)} "
                         f"(got {settings_kind!r})")
    id_column = id_column or ("unique_id" if "unique_id" in records.columns else "rid")
    if id_column not in records.columns:
        raise ValueError(f"records have no id column {id_column!r} "
                         f"(columns: {', '.join(map(str, records.columns))})")
    # Only the columns the plans read: others (lists of flags, raw fields) only slow DuckDB down.
    keep = [id_column] + [c for c in FRAME_COLUMNS[settings_kind] if c in records.columns]
    frame = records[keep].rename(columns={id_column: "unique_id"})
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame = frame.astype(object).where(frame.notna(), None)
    plan = FRAME_PLANS[settings_kind](frame)
    truth = {tuple(sorted((str(a), str(b)))) for a, b in truth_pairs if a != b}
    result, model = run_plan(name or f"{settings_kind}-{len(frame)}", plan, frame,
                             "dedupe_only", truth_pairs=truth, threshold=threshold, sweep=sweep,
                             u_max_pairs=u_max_pairs)
    result.model = model
    return result


# --- command line ------------------------------------------------------------------------------

TABLE_COLUMNS = ("dataset", "records", "P", "R", "F1", "B3-F1", "pairs", "seconds")


def format_table(results: list[Result]) -> str:
    rows = [TABLE_COLUMNS]
    for r in results:
        b3 = r.cluster_metrics["bcubed_f1"] if r.cluster_metrics else None
        rows.append((r.name, f"{r.records:,}", f"{r.precision:.4f}", f"{r.recall:.4f}",
                     f"{r.f1:.4f}", "-" if b3 is None else f"{b3:.4f}", f"{r.n_pred_pairs:,}",
                     f"{r.seconds:.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_result(result: Result, out: Path = OUT) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"splink-{result.name}.json"
    payload = {**asdict(result), "splink_version": _splink_version()}
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str))
    return path


def _splink_version() -> str:
    import duckdb
    import splink

    return f"splink {splink.__version__}, duckdb {duckdb.__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default=",".join(NAMES),
                        help=f"comma-separated, from: {', '.join(NAMES)}")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--no-sweep", action="store_true", help="skip the threshold sweep")
    parser.add_argument("--u-max-pairs", type=float, default=U_MAX_PAIRS,
                        help="pairs sampled to estimate u (default 1e7)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JSON results")
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat each pipeline and report the median time (default 1)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = [n for n in names if n not in PLANS]
    if unknown:
        parser.error(f"unknown dataset(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    print(f"Splink baseline ({_splink_version()}), threshold {args.threshold}, "
          f"u from {args.u_max_pairs:.0e} pairs", file=sys.stderr)
    results = []
    for n in names:
        ds = load(n)
        r = run_splink(ds, threshold=args.threshold, sweep=not args.no_sweep,
                       u_max_pairs=args.u_max_pairs)
        r.seconds_runs = [r.seconds]
        for _ in range(args.runs - 1):
            again = run_splink(ds, threshold=args.threshold, sweep=False,
                               u_max_pairs=args.u_max_pairs)
            if (again.tp, again.fp) != (r.tp, r.fp):  # the pipeline is seeded: say if not
                r.notes.append(f"a repeat run gave tp={again.tp} fp={again.fp}")
            r.seconds_runs.append(again.seconds)
        r.seconds = round(statistics.median(r.seconds_runs), 3)
        path = write_result(r, args.out)
        print(f"  {n}: F1 {r.f1:.4f} in {r.seconds:.2f}s -> {path}", file=sys.stderr)
        results.append(r)
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
