MATCH (u:User)
RETURN u.name AS name, u.role AS role, u.created_at AS created_at, u.active AS active
ORDER BY u.name
