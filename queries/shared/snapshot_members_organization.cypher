// Every current source record resolved to an organization, with the fields a profile shows (see
// entity_members_organization): the service's in-memory member index, sorted by entity.
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Organization)
RETURN e.eid AS eid,
       s.rid AS rid,
       s.source AS source,
       s.key AS key,
       s.version AS version,
       s.loaded_at AS loaded_at,
       s.batch_id AS batch_id,
       s.raw AS raw,
       s.name AS name,
       s.uscc AS uscc,
       s.org_code AS org_code,
       s.reg_no AS reg_no,
       s.legal_rep_name AS legal_rep_name,
       s.legal_rep_id_number AS legal_rep_id_number,
       s.established AS established,
       s.address AS address,
       r.rule AS rule, r.run_id AS run_id
ORDER BY eid, rid
