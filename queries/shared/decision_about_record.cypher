// Steward decisions about a source record (who decided what about it), oldest first.
MATCH (d:Decision)-[:ABOUT]->(s:SourceRecord {rid: $rid})
RETURN d.did AS did, d.kind AS kind, d.action AS action, d.rids AS rids, d.eids AS eids,
       d.part AS part, d.by AS by, d.at AS at, d.reason AS reason, d.status AS status,
       d.undone_by AS undone_by, d.undone_at AS undone_at
ORDER BY at, did
