// The entity each current record of a kind resolves to (the last run's assignment).
MATCH (s:SourceRecord)-[:RESOLVES_TO]->(e)
WHERE s.kind = $kind
RETURN s.rid AS rid, e.eid AS eid
