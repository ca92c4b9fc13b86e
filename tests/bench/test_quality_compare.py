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
