// The shortest chain of relations (at most 6) from a place to a place.
MATCH (a:Place {eid: $a})
MATCH (b:Place {eid: $b})
MATCH p = shortestPath((a)-[:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF*1..6]-(b))
RETURN [n IN nodes(p) | n.eid] AS eids, [r IN relationships(p) | type(r)] AS types
LIMIT 1
