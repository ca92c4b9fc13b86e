// The batch that loaded a source record's current version.
MATCH (s:SourceRecord {rid: $rid})-[:LOADED_IN]->(b:Batch)
RETURN b.batch_id AS batch_id, b.source AS source, b.file AS file, b.sha256 AS sha256,
       b.loaded_at AS loaded_at, b.rows_in AS rows_in
