// Every current source record resolved to a place, with the fields a profile shows (see
// entity_members_place): the service's in-memory member index, sorted by entity.
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Place)
RETURN e.eid AS eid,
       s.rid AS rid,
       s.source AS source,
       s.key AS key,
       s.version AS version,
       s.loaded_at AS loaded_at,
       s.batch_id AS batch_id,
       s.raw AS raw,
       s.address AS address,
       s.lng AS lng,
       s.lat AS lat,
       r.rule AS rule, r.run_id AS run_id
ORDER BY eid, rid
