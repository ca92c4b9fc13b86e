MATCH (b:Batch {source: $source, sha256: $sha256})
RETURN properties(b) AS batch
LIMIT 1
