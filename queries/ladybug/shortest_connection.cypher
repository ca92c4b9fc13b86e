// The shortest chain of relations between two entities, at most 6 hops.
MATCH p = (a:Person|Organization|Place {eid: $a})-[:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF* SHORTEST 1..6]-(b:Person|Organization|Place {eid: $b})
RETURN list_transform(nodes(p), n -> n.eid) AS eids, list_transform(rels(p), r -> label(r)) AS types
LIMIT 1
