// Before a record's new version is written: its identifiers and batch link are re-created.
UNWIND $rids AS rid
MATCH (s:SourceRecord {rid: rid})-[r:HAS_KEY|LOADED_IN]->()
DELETE r
