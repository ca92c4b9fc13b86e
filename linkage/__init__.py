"""Resolution: block → compare → score → cluster → stable ids → survive → relate.

Each stage is a public function that takes and returns plain values; :func:`resolve` chains them
for one kind of record, and :func:`linkage.run.resolve_store` runs it over a graph store.
"""

from linkage.blocking import BlockingRule, Candidates, block
from linkage.clustering import Clustering, cluster
from linkage.identity import IdAssignment, assign_ids
from linkage.relations import relations
from linkage.resolve import Resolution, resolve
from linkage.scoring import FellegiSunter, score, train
from linkage.settings import LinkageSettings, default_settings, read_settings
from linkage.survivorship import FieldRule, golden_records

__all__ = ["BlockingRule", "Candidates", "Clustering", "FellegiSunter", "FieldRule",
           "IdAssignment", "LinkageSettings", "Resolution", "assign_ids", "block", "cluster",
           "default_settings", "golden_records", "read_settings", "relations", "resolve",
           "score", "train"]
