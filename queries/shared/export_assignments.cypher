// Every current source record with the entity it resolves to (null before resolution).
MATCH (s:SourceRecord)
OPTIONAL MATCH (s)-[:RESOLVES_TO]->(e)
RETURN s.source AS source, s.key AS key, s.kind AS kind, e.eid AS entity_id
ORDER BY source, key
