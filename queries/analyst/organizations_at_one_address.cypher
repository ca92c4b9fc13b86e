// Places where at least $min_orgs organisations are registered (shell-company hubs).
// param: min_orgs int 2
MATCH (o:Organization)-[:REGISTERED_AT]->(a:Place)
WITH a, count(o) AS organizations, collect(o.eid) AS eids, collect(o.name) AS names
WHERE organizations >= $min_orgs
RETURN a.eid AS place, a.address AS address, organizations, eids, names
ORDER BY organizations DESC, place
SKIP $skip
LIMIT $limit
