// Every relation between entities, in its own direction: the service's in-memory neighbour
// index. One branch per type (shared text: Neo4j's type(r) is LadybugDB's label(r)).
MATCH (a:Person)-[r:LEGAL_REP_OF]->(b:Organization)
RETURN 'LEGAL_REP_OF' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person)-[r:EMPLOYED_BY]->(b:Organization)
RETURN 'EMPLOYED_BY' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person)-[r:LIVES_AT]->(b:Place)
RETURN 'LIVES_AT' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization)-[r:REGISTERED_AT]->(b:Place)
RETURN 'REGISTERED_AT' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization)-[r:BRANCH_OF]->(b:Organization)
RETURN 'BRANCH_OF' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
