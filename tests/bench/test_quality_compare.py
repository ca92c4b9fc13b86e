"""The quality benchmark's Yidang side: settings files load, the runner scores a tiny dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from bench.quality.datasets import Dataset
from bench.quality.yidang_runner import SETTINGS, run_yidang, settings_for
from linkage.evaluation import pairs_from_clusters
from linkage.settings import LinkageSettings


@pytest.mark.parametrize("path", sorted(SETTINGS.glob("*.json")), ids=lambda p: p.stem)
def test_every_benchmark_settings_file_loads(path):
    settings = settings_for(path.stem)
    assert LinkageSettings.from_dict(settings.to_dict()) == settings
    assert settings.thresholds.match == 0.95  # one threshold policy for every dataset


def test_every_benchmark_dataset_has_settings():
    from bench.quality.datasets import NAMES

    assert {p.stem for p in SETTINGS.glob("*.json")} == set(NAMES)


def _tiny() -> Dataset:
    people = [("anna", "smith", "1980-01-02", "leeds", "anna@x.org"),
              ("bob", "jones", "1975-05-06", "york", "bob@y.org"),
              ("carl", "brown", "1990-03-04", "hull", "carl@z.org"),
              ("dora", "white", "1966-07-08", "bath", "dora@w.org")]
    rows, truth = [], {}
    for i, (first, last, dob, city, email) in enumerate(people * 10):
        entity = f"e{i % 4}-{i // 8}"  # two records per entity
        uid = f"u{i:03d}"
        rows.append({"unique_id": uid, "first_name": f"{first}{i // 8}", "surname": last,
                     "dob": dob, "city": city, "email": f"{i // 8}{email}"})
        truth[uid] = entity
    records = pd.DataFrame(rows)
    return Dataset("splink_fake_1000", records, "dedupe_only", pairs_from_clusters(truth), truth)


def test_runner_scores_a_tiny_dataset_like_the_splink_side():
    result = run_yidang(_tiny())
    assert result.records == 40
    assert result.tp + result.fn == 20  # 20 two-record entities
    assert 0 <= result.precision <= 1 and 0 <= result.recall <= 1
    assert result.cluster_metrics["records"] == 40
    assert result.seconds > 0 and result.threshold == 0.95


def _two_sources() -> pd.DataFrame:
    """Two registers holding each person once; a and b share surname and ZIP, b's given name
    is not recorded (so b is as close to a as to itself)."""
    rows = [("a1", "s1", "ann", "lee", "10001"), ("b1", "s1", None, "lee", "10001"),
            ("a2", "s2", "ann", "lee", "10001"), ("b2", "s2", None, "lee", "10001")]
    for i in range(30):
        rows += [(f"x{i}a", "s1", f"n{i}", f"s{i}", f"2{i:04d}"),
                 (f"x{i}b", "s2", f"n{i}", f"s{i}", f"2{i:04d}")]
    return pd.DataFrame(rows, columns=["rid", "src", "given", "surname", "zip"]).assign(
        source="bench", loaded_at="2024-01-01")


def _link_settings(**clustering) -> LinkageSettings:
    return LinkageSettings.from_dict({
        "kind": "person",
        "blocking": [{"name": "surname", "keys": ["surname"]}],
        "comparisons": [{"name": "given", "kernel": "exact", "columns": ["given"]},
                        {"name": "surname", "kernel": "exact", "columns": ["surname"]},
                        {"name": "zip", "kernel": "exact", "columns": ["zip"]}],
        "model": {"prior_keys": [["given", "surname", "zip"]],
                  "em_blocking": [{"name": "s", "keys": ["surname"]},
                                  {"name": "z", "keys": ["zip"]}]},
        "clustering": clustering})


def test_em_sessions_train_every_comparison_and_say_so():
    from linkage.resolve import resolve

    res = resolve(_two_sources(), _link_settings(), link_groups="src")
    assert res.model.fit_info["method"] == "em_sessions"
    assert [s["rule"] for s in res.model.fit_info["sessions"]] == ["s", "z"]


def test_one_per_group_keeps_one_record_per_source_in_an_entity():
    from linkage.resolve import resolve

    merged = resolve(_two_sources(), _link_settings(), link_groups="src").eids
    assert merged[["a1", "a2", "b1", "b2"]].nunique() == 1  # without the constraint

    res = resolve(_two_sources(), _link_settings(one_per_group=True), link_groups="src")
    sizes = pd.DataFrame({"eid": res.eids, "src": _two_sources().set_index("rid")["src"]})
    assert not sizes.duplicated(["eid", "src"]).any()
    assert res.eids["a1"] == res.eids["a2"] and res.eids["b1"] == res.eids["b2"]
