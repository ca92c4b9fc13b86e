// Append audit entries (the service buffers them and writes a batch at a time).
UNWIND $rows AS r
CREATE (a:AuditEntry {aid: r.aid, at: r.at, user: r.user, role: r.role, action: r.action,
                      method: r.method, path: r.path, status: r.status, entities: r.entities,
                      detail: r.detail, client: r.client})
