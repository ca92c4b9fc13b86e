// Entities holding identifier $k (type:value) through any of their current records.
MATCH (k:Key {k: $k})<-[:HAS_KEY]-(s:SourceRecord)-[:RESOLVES_TO]->(e:Person|Organization|Place)
RETURN e.eid AS eid, count(s) AS records
ORDER BY records DESC, eid
