// Every Person id ever issued, with where merged-away ids redirect (stable ids across runs).
MATCH (e:Person)
RETURN e.eid AS eid, e.status AS status, e.redirect_to AS redirect_to,
       e.redirect_reason AS redirect_reason, e.redirected_at AS redirected_at
