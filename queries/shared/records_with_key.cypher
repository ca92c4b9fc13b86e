MATCH (k:Key {k: $k})<-[:HAS_KEY]-(s:SourceRecord)
RETURN properties(s) AS record
ORDER BY s.rid
