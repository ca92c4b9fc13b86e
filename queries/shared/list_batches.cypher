MATCH (b:Batch)
WHERE $source = '' OR b.source = $source
RETURN properties(b) AS batch
ORDER BY b.loaded_at DESC, b.batch_id DESC
SKIP $skip LIMIT $limit
