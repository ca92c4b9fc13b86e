MATCH (s:SourceRecord {source: $source})
RETURN s.key AS key, s.version AS version, s.row_hash AS row_hash
