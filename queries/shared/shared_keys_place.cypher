// Other entities holding an identifier (of the given types) that this place's records hold.
MATCH (e:Place {eid: $eid})<-[:RESOLVES_TO]-(s:SourceRecord)-[:HAS_KEY]->(k:Key)
WHERE k.type IN $types
MATCH (k)<-[:HAS_KEY]-(s2:SourceRecord)-[:RESOLVES_TO]->(o:Person|Organization|Place)
WHERE o.eid <> $eid
RETURN DISTINCT k.type AS type, k.value AS value, o.eid AS eid
ORDER BY type, value, eid
LIMIT $limit
