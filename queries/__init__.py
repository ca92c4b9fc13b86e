"""Named Cypher, one query per ``.cypher`` file.

Layout: ``shared/`` holds text both engines run identically; ``ladybug/`` and ``neo4j/`` hold the
text that differs (schema DDL, shortest path, label functions). An engine asks for a query by name
and gets its own file when one exists, the shared one otherwise. ``analyst/`` holds the analysts'
named read-only queries the HTTP API serves (:func:`analyst_queries`).
"""

from queries.catalogue import ENGINES, Query, analyst_queries, engine_queries, load

__all__ = ["ENGINES", "Query", "analyst_queries", "engine_queries", "load"]
