MATCH (q:Quarantine)
WHERE ($source = '' OR q.source = $source) AND ($batch_id = '' OR q.batch_id = $batch_id)
RETURN properties(q) AS entry
ORDER BY q.batch_id, q.row_no
SKIP $skip LIMIT $limit
