MATCH (r:Run {run_id: $run_id})
RETURN r.run_id AS run_id, r.kind AS kind, r.finished AS finished, r.model AS model
