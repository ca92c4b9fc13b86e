// Ids that were merged into this entity and now redirect to it.
MATCH (old:Person|Organization|Place)-[r:REDIRECTS_TO]->(e:Person|Organization|Place {eid: $eid})
RETURN old.eid AS eid, r.reason AS reason, r.at AS at
ORDER BY old.eid
