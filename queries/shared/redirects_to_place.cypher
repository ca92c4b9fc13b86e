// Ids that were merged into this place and now redirect to it.
MATCH (old:Place)-[r:REDIRECTS_TO]->(e:Place {eid: $eid})
RETURN old.eid AS eid, r.reason AS reason, r.at AS at
ORDER BY old.eid
