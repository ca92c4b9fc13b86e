// The scored evidence between two source records, in either direction, if the last run kept it.
MATCH (a:SourceRecord {rid: $l})-[m:MATCHES]-(b:SourceRecord {rid: $r})
RETURN m.weight AS weight, m.probability AS probability, m.status AS status,
       m.detail AS detail, m.run_id AS run_id
