// The entity a source record resolves to in the latest run of its kind.
MATCH (s:SourceRecord {rid: $rid})-[r:RESOLVES_TO]->(e:Person|Organization|Place)
RETURN e.eid AS eid, e.name AS name, r.rule AS rule, r.run_id AS run_id
