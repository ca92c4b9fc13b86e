// Persons who are legal representative of at least $min_orgs organisations.
// param: min_orgs int 3
MATCH (p:Person)-[:LEGAL_REP_OF]->(o:Organization)
WITH p, count(o) AS organizations, collect(o.eid) AS eids
WHERE organizations >= $min_orgs
RETURN p.eid AS eid, p.name AS name, p.id_number AS id_number, organizations, eids
ORDER BY organizations DESC, eid
SKIP $skip
LIMIT $limit
