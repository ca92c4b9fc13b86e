// The latest resolution run of a kind.
MATCH (r:Run)
WHERE r.kind = $kind
RETURN r.run_id AS run_id, r.kind AS kind, r.started AS started, r.finished AS finished,
       r.settings AS settings, r.model AS model, r.counts AS counts, r.timings AS timings,
       r.blocking AS blocking
ORDER BY r.started DESC
LIMIT 1
