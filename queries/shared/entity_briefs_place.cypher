// The address of each of a list of places.
UNWIND $eids AS x
MATCH (e:Place {eid: x})
RETURN e.eid AS eid, e.address AS address, e.status AS status
