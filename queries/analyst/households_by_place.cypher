// Households: the persons living at each place with at least $min_persons residents.
// param: min_persons int 2
MATCH (p:Person)-[:LIVES_AT]->(a:Place)
WITH a, count(p) AS persons, collect(p.eid) AS eids, collect(p.name) AS names
WHERE persons >= $min_persons
RETURN a.eid AS place, a.address AS address, persons, eids, names
ORDER BY persons DESC, place
SKIP $skip
LIMIT $limit
