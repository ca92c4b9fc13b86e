// Every current source record resolved to a person, with the fields a profile shows (see
// entity_members_person): the service's in-memory member index, sorted by entity.
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Person)
RETURN e.eid AS eid,
       s.rid AS rid,
       s.source AS source,
       s.key AS key,
       s.version AS version,
       s.loaded_at AS loaded_at,
       s.batch_id AS batch_id,
       s.raw AS raw,
       s.name AS name,
       s.id_number AS id_number,
       s.gender AS gender,
       s.birth_date AS birth_date,
       s.phone AS phone,
       s.address AS address,
       s.employer_name AS employer_name,
       s.employer_uscc AS employer_uscc,
       r.rule AS rule, r.run_id AS run_id
ORDER BY eid, rid
