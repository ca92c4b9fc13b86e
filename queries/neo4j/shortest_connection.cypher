// The shortest chain of relations between two entities, at most 6 hops.
MATCH (a:Person|Organization|Place {eid: $a})
MATCH (b:Person|Organization|Place {eid: $b})
MATCH p = shortestPath((a)-[:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF*1..6]-(b))
RETURN [n IN nodes(p) | n.eid] AS eids, [r IN relationships(p) | type(r)] AS types
LIMIT 1
