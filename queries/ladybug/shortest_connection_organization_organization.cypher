// The shortest chain of relations (at most 6) from a organization to a organization. One file per pair of kinds:
// with a label on both ends LadybugDB looks both keys up (12 ms on the 200k city; 0.3 s with a
// label alternation on one end).
MATCH p = (a:Organization {eid: $a})-[:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF* SHORTEST 1..6]-(b:Organization {eid: $b})
RETURN list_transform(nodes(p), n -> n.eid) AS eids, list_transform(rels(p), r -> label(r)) AS types
LIMIT 1
