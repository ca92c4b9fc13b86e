// Every active person with the fields fuzzy search indexes and filters on.
MATCH (e:Person)
WHERE e.status = 'active'
RETURN e.eid AS eid, e.name AS name, e.birth_date AS birth_date, e.gender AS gender,
       e.address AS address, e.id_number AS id_number
