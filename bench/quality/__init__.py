"""Quality benchmark: public datasets with ground truth, scores, and a Splink baseline.

    python -m bench.quality.splink_baseline --datasets febrl3,febrl4

The Splink baseline needs the ``bench`` extra (``pip install -e '.[bench]'``); datasets and
metrics need only the core dependencies.
"""

from bench.quality.datasets import NAMES, Dataset, load
from linkage.evaluation import (
    cluster_scores,
    clusters_from_pairs,
    pairs_from_clusters,
    pairwise_scores,
    pairwise_scores_against_pairs,
    pairwise_scores_from_clusters,
)

__all__ = [
    "NAMES",
    "Dataset",
    "cluster_scores",
    "clusters_from_pairs",
    "load",
    "pairs_from_clusters",
    "pairwise_scores",
    "pairwise_scores_against_pairs",
    "pairwise_scores_from_clusters",
]
