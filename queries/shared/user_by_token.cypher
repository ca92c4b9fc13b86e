// The active user holding a token (by its hash). User tables are small: a scan is fine.
MATCH (u:User)
WHERE u.token_hash = $token_hash AND u.active = true
RETURN u.name AS name, u.role AS role
