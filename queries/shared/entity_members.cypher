// The current source records resolved to an entity, with the batch that loaded each.
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Person|Organization|Place {eid: $eid})
OPTIONAL MATCH (s)-[:LOADED_IN]->(b:Batch)
RETURN properties(s) AS record, r.rule AS rule, r.run_id AS run_id, b.batch_id AS batch_id,
       b.file AS file, b.loaded_at AS batch_loaded_at
ORDER BY s.rid
