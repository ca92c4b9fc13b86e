MATCH (s:SourceRecord {rid: $rid})-[:PREVIOUS_VERSION]->(v:RecordVersion)
RETURN properties(v) AS version
ORDER BY v.version
