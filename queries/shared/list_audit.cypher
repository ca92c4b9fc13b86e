// Audit entries, newest first, optionally of one user, action or entity, at or after a time.
MATCH (a:AuditEntry)
WHERE ($user = '' OR a.user = $user)
  AND ($action = '' OR a.action = $action)
  AND ($eid = '' OR $eid IN a.entities)
  AND ($since = '' OR a.at >= $since)
RETURN a.aid AS aid, a.at AS at, a.user AS user, a.role AS role, a.action AS action,
       a.method AS method, a.path AS path, a.status AS status, a.entities AS entities,
       a.detail AS detail, a.client AS client
ORDER BY a.at DESC, a.aid DESC
SKIP $skip
LIMIT $limit
