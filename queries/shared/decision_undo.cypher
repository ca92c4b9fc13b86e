// Undo an active steward decision: later resolutions ignore it; the node stays as history.
MATCH (d:Decision {did: $did})
WHERE d.status = 'active'
SET d.status = 'undone', d.undone_by = $by, d.undone_at = $at
RETURN d.did AS did
