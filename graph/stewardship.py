"""Store operations of data stewardship: decisions, conflicts and review (issue 5).

``GraphStore`` inherits these; they use the same engine and named queries as every other store
operation, and keep to the same seam (plain dicts and frames in and out).
"""

from __future__ import annotations


class StewardshipStore:
    """Mixin of :class:`graph.store.GraphStore`: decisions, conflicts, review queue."""

    _engine: object
