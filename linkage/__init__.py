"""Resolution: candidate pairs → comparison levels → scores → constrained clusters → stable ids.

Built so far: the comparison kernels (``linkage.compare``), constrained clustering and stable
entity ids. Blocking, scoring, survivorship and ``resolve()`` follow (issue 3).
"""

from linkage.clustering import Clustering, cluster
from linkage.identity import IdAssignment, assign_ids

__all__ = ["Clustering", "IdAssignment", "assign_ids", "cluster"]
