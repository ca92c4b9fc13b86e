// A person's relations, in their own direction. The type is a literal per branch (shared text:
// Neo4j's type(r) is LadybugDB's label(r)); each branch starts from the person's key.
MATCH (a:Person {eid: $eid})-[r:LEGAL_REP_OF]->(b:Organization)
RETURN 'LEGAL_REP_OF' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person {eid: $eid})-[r:EMPLOYED_BY]->(b:Organization)
RETURN 'EMPLOYED_BY' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person {eid: $eid})-[r:LIVES_AT]->(b:Place)
RETURN 'LIVES_AT' AS type, a.eid AS from_eid, b.eid AS to_eid, r.rids AS rids, r.rule AS rule
