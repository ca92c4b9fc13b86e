// The id of every resolution run (the service rebuilds its indexes when a new one appears).
MATCH (r:Run)
RETURN r.run_id AS run_id
ORDER BY run_id
