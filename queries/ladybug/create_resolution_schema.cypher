// LadybugDB schema of resolution: entities, their links to records and to each other.
// Runs after create_schema (SourceRecord must exist for RESOLVES_TO and MATCHES).
CREATE NODE TABLE IF NOT EXISTS Person(
  eid STRING, status STRING, run_id STRING, name STRING, id_number STRING, gender STRING,
  birth_date STRING, phone STRING, address STRING, provenance STRING, alternatives STRING,
  record_count INT64, PRIMARY KEY(eid));
CREATE NODE TABLE IF NOT EXISTS Organization(
  eid STRING, status STRING, run_id STRING, name STRING, uscc STRING, org_code STRING,
  reg_no STRING, legal_rep_name STRING, established STRING, address STRING, provenance STRING,
  alternatives STRING, record_count INT64, PRIMARY KEY(eid));
CREATE NODE TABLE IF NOT EXISTS Place(
  eid STRING, status STRING, run_id STRING, address STRING, addr_key STRING, lng DOUBLE,
  lat DOUBLE, provenance STRING, alternatives STRING, record_count INT64, PRIMARY KEY(eid));
CREATE REL TABLE IF NOT EXISTS RESOLVES_TO(
  FROM SourceRecord TO Person, FROM SourceRecord TO Organization, FROM SourceRecord TO Place,
  run_id STRING, score DOUBLE, rule STRING);
CREATE REL TABLE IF NOT EXISTS MATCHES(
  FROM SourceRecord TO SourceRecord, run_id STRING, weight DOUBLE, probability DOUBLE,
  detail STRING);
CREATE REL TABLE IF NOT EXISTS LEGAL_REP_OF(FROM Person TO Organization, rids STRING[]);
CREATE REL TABLE IF NOT EXISTS EMPLOYED_BY(FROM Person TO Organization, rids STRING[]);
CREATE REL TABLE IF NOT EXISTS LIVES_AT(FROM Person TO Place, rids STRING[]);
CREATE REL TABLE IF NOT EXISTS REGISTERED_AT(FROM Organization TO Place, rids STRING[]);
CREATE REL TABLE IF NOT EXISTS BRANCH_OF(FROM Organization TO Organization, rids STRING[]);
CREATE REL TABLE IF NOT EXISTS REDIRECTS_TO(
  FROM Person TO Person, FROM Organization TO Organization, FROM Place TO Place,
  at STRING, reason STRING);
