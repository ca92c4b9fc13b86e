// Steward decisions, oldest first, optionally of one kind and one status (active | undone).
MATCH (d:Decision)
WHERE ($kind = '' OR d.kind = $kind) AND ($status = '' OR d.status = $status)
RETURN d.did AS did, d.kind AS kind, d.action AS action, d.rids AS rids, d.eids AS eids,
       d.part AS part, d.by AS by, d.at AS at, d.reason AS reason, d.status AS status,
       d.undone_by AS undone_by, d.undone_at AS undone_at
ORDER BY at, did
