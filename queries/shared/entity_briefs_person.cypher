// Name and address of each of a list of persons (to label related entities and candidates).
UNWIND $eids AS x
MATCH (e:Person {eid: x})
RETURN e.eid AS eid, e.name AS name, e.address AS address, e.status AS status
