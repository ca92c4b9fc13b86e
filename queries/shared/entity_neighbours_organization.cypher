// An organisation's relations, in their own direction (see entity_neighbours_person).
MATCH (a:Organization {eid: $eid})<-[r:LEGAL_REP_OF]-(b:Person)
RETURN 'LEGAL_REP_OF' AS type, b.eid AS from_eid, a.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization {eid: $eid})<-[r:EMPLOYED_BY]-(b:Person)
RETURN 'EMPLOYED_BY' AS type, b.eid AS from_eid, a.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization {eid: $eid})-[r:REGISTERED_AT]->(b:Place)
RETURN 'REGISTERED_AT' AS type, a.eid AS from_eid, b.eid AS to_eid,
       '' AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization {eid: $eid})-[r:BRANCH_OF]->(b:Organization)
RETURN 'BRANCH_OF' AS type, a.eid AS from_eid, b.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Organization {eid: $eid})<-[r:BRANCH_OF]-(b:Organization)
RETURN 'BRANCH_OF' AS type, b.eid AS from_eid, a.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
