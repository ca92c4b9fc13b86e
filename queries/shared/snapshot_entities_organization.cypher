// Every organization entity node, active or a redirect stub: what the service keeps in memory to
// answer profiles without a query (api/snapshot.py).
MATCH (e:Organization)
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
       e.uscc AS uscc,
       e.org_code AS org_code,
       e.reg_no AS reg_no,
       e.legal_rep_name AS legal_rep_name,
       e.legal_rep_id_number AS legal_rep_id_number,
       e.established AS established,
       e.address AS address,
       e.addr_key AS addr_key
ORDER BY eid
