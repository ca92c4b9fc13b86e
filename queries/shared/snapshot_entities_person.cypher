// Every person entity node, active or a redirect stub: what the service keeps in memory to
// answer profiles without a query (api/snapshot.py).
MATCH (e:Person)
RETURN e.eid AS eid,
       e.status AS status,
       e.run_id AS run_id,
       e.updated_at AS updated_at,
       e.provenance AS provenance,
       e.alternatives AS alternatives,
       e.rule AS rule,
       e.record_count AS record_count,
       e.sources AS sources,
       e.redirect_to AS redirect_to,
       e.redirect_reason AS redirect_reason,
       e.redirected_at AS redirected_at,
       e.name AS name,
       e.id_number AS id_number,
       e.gender AS gender,
       e.birth_date AS birth_date,
       e.phone AS phone,
       e.address AS address,
       e.addr_key AS addr_key,
       e.employer_name AS employer_name,
       e.employer_uscc AS employer_uscc
ORDER BY eid
