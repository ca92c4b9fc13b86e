// Ids that were merged into this organization and now redirect to it.
MATCH (old:Organization)-[r:REDIRECTS_TO]->(e:Organization {eid: $eid})
RETURN old.eid AS eid, r.reason AS reason, r.at AS at
ORDER BY old.eid
