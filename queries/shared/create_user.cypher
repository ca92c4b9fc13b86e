// A new API user; the token itself is never stored, only its SHA-256.
CREATE (u:User {name: $name, role: $role, token_hash: $token_hash, created_at: $created_at,
                active: true})
RETURN u.name AS name
