// Neo4j 5 schema: uniqueness constraints on our keys (they also give the lookup indexes).
CREATE CONSTRAINT batch_id IF NOT EXISTS FOR (b:Batch) REQUIRE b.batch_id IS UNIQUE;
CREATE CONSTRAINT source_record_rid IF NOT EXISTS FOR (s:SourceRecord) REQUIRE s.rid IS UNIQUE;
CREATE CONSTRAINT record_version_vid IF NOT EXISTS FOR (v:RecordVersion) REQUIRE v.vid IS UNIQUE;
CREATE CONSTRAINT quarantine_qid IF NOT EXISTS FOR (q:Quarantine) REQUIRE q.qid IS UNIQUE;
CREATE CONSTRAINT key_k IF NOT EXISTS FOR (k:Key) REQUIRE k.k IS UNIQUE;
CREATE INDEX source_record_source IF NOT EXISTS FOR (s:SourceRecord) ON (s.source);
CREATE INDEX batch_source IF NOT EXISTS FOR (b:Batch) ON (b.source, b.sha256);
CREATE INDEX quarantine_batch IF NOT EXISTS FOR (q:Quarantine) ON (q.batch_id);
