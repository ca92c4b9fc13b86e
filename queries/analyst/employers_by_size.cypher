// Organisations with at least $min_employees persons employed by them.
// param: min_employees int 5
MATCH (p:Person)-[:EMPLOYED_BY]->(o:Organization)
WITH o, count(p) AS employees
WHERE employees >= $min_employees
RETURN o.eid AS eid, o.name AS name, o.uscc AS uscc, employees
ORDER BY employees DESC, eid
SKIP $skip
LIMIT $limit
