// A person's relations, in their own direction, with the other entity's name and address. The
// type is a literal per branch (shared text: Neo4j's type(r) is LadybugDB's label(r)); each branch
// starts from the person's key. A place has no name: '' (LadybugDB cannot union NULL with text).
MATCH (a:Person {eid: $eid})-[r:LEGAL_REP_OF]->(b:Organization)
RETURN 'LEGAL_REP_OF' AS type, a.eid AS from_eid, b.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person {eid: $eid})-[r:EMPLOYED_BY]->(b:Organization)
RETURN 'EMPLOYED_BY' AS type, a.eid AS from_eid, b.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Person {eid: $eid})-[r:LIVES_AT]->(b:Place)
RETURN 'LIVES_AT' AS type, a.eid AS from_eid, b.eid AS to_eid,
       '' AS name, b.address AS address, r.rids AS rids, r.rule AS rule
