MATCH (b:Batch)
RETURN b.source AS source, min(b.kind) AS kind, count(*) AS batches,
       sum(b.rows_quarantined) AS quarantined
