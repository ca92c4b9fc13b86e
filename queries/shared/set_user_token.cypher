// Issue a new token to a user (the old one stops working) or deactivate them.
MATCH (u:User {name: $name})
SET u.token_hash = $token_hash, u.role = $role, u.active = $active
RETURN u.name AS name
