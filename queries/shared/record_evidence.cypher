// Pair evidence touching a source record: the scored pairs kept by the last run of its kind.
MATCH (s:SourceRecord {rid: $rid})-[m:MATCHES]-(o:SourceRecord)
RETURN o.rid AS other, m.weight AS weight, m.probability AS probability, m.status AS status,
       m.detail AS detail, m.run_id AS run_id
ORDER BY m.weight DESC, other
