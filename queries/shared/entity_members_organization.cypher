// The current source records resolved to a organization: the fields a profile shows, not every
// property (all of a wide SourceRecord costs 2.4 ms on the 200k city, these 0.3 ms). Their
// batches come by key in a second query (an OPTIONAL MATCH to Batch here costs 7 ms).
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Organization {eid: $eid})
RETURN {rid: s.rid, source: s.source, key: s.key, version: s.version, loaded_at: s.loaded_at,
        batch_id: s.batch_id, raw: s.raw, name: s.name, uscc: s.uscc,
        org_code: s.org_code, reg_no: s.reg_no, legal_rep_name: s.legal_rep_name,
        legal_rep_id_number: s.legal_rep_id_number, established: s.established,
        address: s.address} AS record,
       r.rule AS rule, r.run_id AS run_id
ORDER BY s.rid
