MATCH (s:SourceRecord {rid: $rid})
RETURN properties(s) AS record
