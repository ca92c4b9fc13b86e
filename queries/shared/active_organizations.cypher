// Every active organisation with the fields fuzzy search indexes and filters on.
MATCH (e:Organization)
WHERE e.status = 'active'
RETURN e.eid AS eid, e.name AS name, e.uscc AS uscc, e.address AS address,
       e.legal_rep_name AS legal_rep_name
