// Name and address of each of a list of organisations.
UNWIND $eids AS x
MATCH (e:Organization {eid: x})
RETURN e.eid AS eid, e.name AS name, e.address AS address, e.status AS status
