// Relations of a set of entities, both directions, of the given types (one hop of a walk).
UNWIND $eids AS x
MATCH (a:Person|Organization|Place {eid: x})-[r:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF]->(b:Person|Organization|Place)
WHERE label(r) IN $types
RETURN a.eid AS from_eid, label(r) AS type, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
UNWIND $eids AS x
MATCH (a:Person|Organization|Place {eid: x})<-[r:LEGAL_REP_OF|EMPLOYED_BY|LIVES_AT|REGISTERED_AT|BRANCH_OF]-(b:Person|Organization|Place)
WHERE label(r) IN $types
RETURN b.eid AS from_eid, label(r) AS type, a.eid AS to_eid, r.rids AS rids, r.rule AS rule
