// Ids that were merged into this person and now redirect to it.
MATCH (old:Person)-[r:REDIRECTS_TO]->(e:Person {eid: $eid})
RETURN old.eid AS eid, r.reason AS reason, r.at AS at
ORDER BY old.eid
