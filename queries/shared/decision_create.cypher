// Record one steward decision, active, linked ABOUT each of its records (a few rows: CREATE,
// not a bulk COPY per decision).
CREATE (d:Decision {did: $did, kind: $kind, action: $action, rids: $rids, eids: $eids,
                    part: $part, by: $by, at: $at, reason: $reason, status: 'active'})
WITH d
UNWIND $rids AS rid
MATCH (s:SourceRecord {rid: rid})
CREATE (d)-[:ABOUT]->(s)
RETURN count(s) AS linked
