// LadybugDB: one ART primary-key index per node table, created by graph.ladybug_store after the
// schema files (which run with the default HASH index switched off). LadybugDB 0.22.0's HASH
// index loses keys when COPY appends to a table that holds rows (tests/graph/test_ladybug_store.py):
// the rows stay, but neither a lookup nor a relationship COPY finds them.
CREATE ART INDEX Batch_pk IF NOT EXISTS FOR (n:Batch) ON (n.batch_id);
CREATE ART INDEX SourceRecord_pk IF NOT EXISTS FOR (n:SourceRecord) ON (n.rid);
CREATE ART INDEX RecordVersion_pk IF NOT EXISTS FOR (n:RecordVersion) ON (n.vid);
CREATE ART INDEX Quarantine_pk IF NOT EXISTS FOR (n:Quarantine) ON (n.qid);
CREATE ART INDEX Key_pk IF NOT EXISTS FOR (n:Key) ON (n.k);
CREATE ART INDEX Person_pk IF NOT EXISTS FOR (n:Person) ON (n.eid);
CREATE ART INDEX Organization_pk IF NOT EXISTS FOR (n:Organization) ON (n.eid);
CREATE ART INDEX Place_pk IF NOT EXISTS FOR (n:Place) ON (n.eid);
CREATE ART INDEX Run_pk IF NOT EXISTS FOR (n:Run) ON (n.run_id);
CREATE ART INDEX EntityEvent_pk IF NOT EXISTS FOR (n:EntityEvent) ON (n.event_id);
CREATE ART INDEX Decision_pk IF NOT EXISTS FOR (n:Decision) ON (n.did);
CREATE ART INDEX User_pk IF NOT EXISTS FOR (n:User) ON (n.name);
CREATE ART INDEX AuditEntry_pk IF NOT EXISTS FOR (n:AuditEntry) ON (n.aid);
