MATCH (u:User {name: $name})
RETURN u.name AS name, u.role AS role, u.created_at AS created_at, u.active AS active
