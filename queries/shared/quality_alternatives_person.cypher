// Active person entities whose golden record kept losing values (alternatives JSON), for the
// per-source quality report: which source's values lost to another's.
MATCH (e:Person)
WHERE e.status = 'active' AND e.alternatives IS NOT NULL AND e.alternatives <> '{}'
RETURN e.eid AS eid, e.alternatives AS alternatives, e.provenance AS provenance
