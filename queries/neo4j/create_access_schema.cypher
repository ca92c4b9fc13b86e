// Neo4j 5 schema of the HTTP service: user names and token hashes unique, audit entries by time.
CREATE CONSTRAINT user_name IF NOT EXISTS FOR (u:User) REQUIRE u.name IS UNIQUE;
CREATE CONSTRAINT user_token IF NOT EXISTS FOR (u:User) REQUIRE u.token_hash IS UNIQUE;
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.aid IS UNIQUE;
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
CREATE INDEX audit_user IF NOT EXISTS FOR (a:AuditEntry) ON (a.user);
