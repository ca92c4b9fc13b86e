"""Benchmark dataset loaders: counts as the sources document them, and no truth in the records."""

from __future__ import annotations

import pytest

from bench.quality.datasets import NAMES, SHARED, clean_text, load
from linkage.evaluation import pairs_from_clusters

# name: (records, true pairs, true clusters) as documented by each source.
EXPECTED = {
    "febrl3": (5000, 6538, 2000),
    "febrl4": (10000, 5000, 5000),
    "splink_fake_1000": (1000, 2031, 251),
    "ncvoter_0": (25000, 15000, 18000),
    "ncvoter_20": (25000, 15000, 18000),
    "ncvoter_40": (25000, 15000, 18000),
    "chicago": (3337, 6608, 1162),
}

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no datasets at {SHARED}")


@needs_shared
@pytest.mark.parametrize("name", list(EXPECTED))
def test_loader_counts_match_the_documented_truth(name):
    ds = load(name)
    n_records, n_pairs, n_clusters = EXPECTED[name]
    assert len(ds.records) == n_records
    assert len(ds.truth_pairs) == n_pairs
    assert len(set(ds.truth_clusters.values())) == n_clusters
    assert pairs_from_clusters(ds.truth_clusters) == ds.truth_pairs
    assert set(ds.truth_clusters) == set(ds.records["unique_id"])


@needs_shared
@pytest.mark.parametrize("name", list(EXPECTED))
def test_records_carry_no_truth(name):
    ds = load(name)
    assert ds.records["unique_id"].is_unique
    assert not ds.records["unique_id"].str.contains("rec-|dup|org").any()
    for col in ("cluster", "recid", "true_id", "rec_id"):
        assert col not in ds.records.columns
    # Rows are in opaque-id order: neighbours are almost never the same entity.
    entity = ds.records["unique_id"].map(ds.truth_clusters)
    assert (entity.to_numpy()[1:] == entity.to_numpy()[:-1]).mean() < 0.05


@needs_shared
@pytest.mark.parametrize("name", ["febrl4", "ncvoter_0", "ncvoter_40"])
def test_link_tasks_have_sources_and_only_cross_source_truth(name):
    ds = load(name)
    assert ds.link_type == "link_only"
    source = dict(zip(ds.records["unique_id"], ds.records["source_dataset"]))
    assert all(source[a] != source[b] for a, b in ds.truth_pairs)


@needs_shared
def test_ncvoter_zero_percent_files_are_read_by_position():
    ds = load("ncvoter_0")
    assert list(ds.records.columns) == ["unique_id", "source_dataset", "givenname", "surname",
                                        "suburb", "postcode"]
    assert ds.records["postcode"].str.fullmatch(r"\d{5}").mean() > 0.99


@needs_shared
def test_cgedq_is_a_pair_classification_set():
    ds = load("cgedq_jinshenlu")
    pairs = ds.candidate_pairs
    assert ds.is_pair_classification and ds.truth_clusters is None
    assert len(pairs) == 700 and int(pairs["label"].sum()) == 243
    assert {"name_l", "name_r", "year_l", "year_r"} <= set(pairs.columns)
    ids = set(ds.records["unique_id"])
    assert set(pairs["unique_id_l"]) | set(pairs["unique_id_r"]) <= ids
    assert not ds.records.isin(["?", "空白"]).any().any()


def test_clean_text_normalises_width_case_and_spaces():
    assert clean_text("  ＡＢ  Street\n") == "ab street"
    assert clean_text("St. Lucy's", punctuation=False) == "st lucy s"
    assert clean_text(float("nan")) is None and clean_text("   ") is None


def test_every_name_loads_through_load():
    with pytest.raises(ValueError, match="unknown dataset 'nope'"):
        load("nope")
    assert "febrl3" in NAMES
