// LadybugDB schema of the HTTP service: users (tokens stored as SHA-256 hashes) and the audit
// trail. Entities an audit entry touched are a list of ids, not edges: entities are replaced on
// every resolution run, the trail must outlive them.
CREATE NODE TABLE IF NOT EXISTS User(
  name STRING, role STRING, token_hash STRING, created_at STRING, active BOOLEAN,
  PRIMARY KEY(name));
CREATE NODE TABLE IF NOT EXISTS AuditEntry(
  aid STRING, at STRING, user STRING, role STRING, action STRING, method STRING, path STRING,
  status INT64, entities STRING[], detail STRING, client STRING,
  PRIMARY KEY(aid));
