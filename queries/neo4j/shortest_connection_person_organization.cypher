// The shortest chain of relations (at most 6) from a person to a organization.
MATCH (a:Person {eid: $a})
MATCH (b:Organization {eid: $b})
MATCH p = shortestPath((a)-[:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF*1..6]-(b))
RETURN [n IN nodes(p) | n.eid] AS eids, [r IN relationships(p) | type(r)] AS types
LIMIT 1
