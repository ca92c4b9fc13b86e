// A place's relations, in their own direction (see entity_neighbours_person).
MATCH (a:Place {eid: $eid})<-[r:LIVES_AT]-(b:Person)
RETURN 'LIVES_AT' AS type, b.eid AS from_eid, a.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
UNION ALL
MATCH (a:Place {eid: $eid})<-[r:REGISTERED_AT]-(b:Organization)
RETURN 'REGISTERED_AT' AS type, b.eid AS from_eid, a.eid AS to_eid,
       b.name AS name, b.address AS address, r.rids AS rids, r.rule AS rule
