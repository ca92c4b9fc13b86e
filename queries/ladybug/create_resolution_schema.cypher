// LadybugDB schema of resolution: entities, their links to records and to each other.
// Runs after create_schema (SourceRecord must exist for RESOLVES_TO and MATCHES).
// Entity nodes: golden fields (graph.model.GOLDEN_FIELDS) + metadata (graph.model.ENTITY_META).
CREATE NODE TABLE IF NOT EXISTS Person(
  eid STRING, status STRING, run_id STRING, updated_at STRING,
  name STRING, id_number STRING, gender STRING, birth_date STRING, phone STRING, address STRING,
  addr_key STRING, employer_name STRING, employer_uscc STRING,
  provenance STRING, alternatives STRING, rule STRING, record_count INT64, sources STRING[],
  redirect_to STRING, redirect_reason STRING, redirected_at STRING,
  PRIMARY KEY(eid));
CREATE NODE TABLE IF NOT EXISTS Organization(
  eid STRING, status STRING, run_id STRING, updated_at STRING,
  name STRING, uscc STRING, org_code STRING, reg_no STRING, legal_rep_name STRING,
  legal_rep_id_number STRING, established STRING, address STRING, addr_key STRING,
  provenance STRING, alternatives STRING, rule STRING, record_count INT64, sources STRING[],
  redirect_to STRING, redirect_reason STRING, redirected_at STRING,
  PRIMARY KEY(eid));
CREATE NODE TABLE IF NOT EXISTS Place(
  eid STRING, status STRING, run_id STRING, updated_at STRING,
  address STRING, addr_key STRING, lng DOUBLE, lat DOUBLE,
  provenance STRING, alternatives STRING, rule STRING, record_count INT64, sources STRING[],
  redirect_to STRING, redirect_reason STRING, redirected_at STRING,
  PRIMARY KEY(eid));
CREATE NODE TABLE IF NOT EXISTS Run(
  run_id STRING, kind STRING, started STRING, finished STRING, settings STRING, model STRING,
  counts STRING, timings STRING, blocking STRING,
  PRIMARY KEY(run_id));
CREATE NODE TABLE IF NOT EXISTS EntityEvent(
  event_id STRING, eid STRING, kind STRING, run_id STRING, at STRING, event STRING,
  detail STRING,
  PRIMARY KEY(event_id));
CREATE REL TABLE IF NOT EXISTS RESOLVES_TO(
  FROM SourceRecord TO Person, FROM SourceRecord TO Organization, FROM SourceRecord TO Place,
  run_id STRING, rule STRING);
CREATE REL TABLE IF NOT EXISTS MATCHES(
  FROM SourceRecord TO SourceRecord, run_id STRING, weight DOUBLE, probability DOUBLE,
  status STRING, detail STRING);
CREATE REL TABLE IF NOT EXISTS LEGAL_REP_OF(FROM Person TO Organization, rids STRING[], rule STRING);
CREATE REL TABLE IF NOT EXISTS EMPLOYED_BY(FROM Person TO Organization, rids STRING[], rule STRING);
CREATE REL TABLE IF NOT EXISTS LIVES_AT(FROM Person TO Place, rids STRING[], rule STRING);
CREATE REL TABLE IF NOT EXISTS REGISTERED_AT(FROM Organization TO Place, rids STRING[], rule STRING);
CREATE REL TABLE IF NOT EXISTS BRANCH_OF(FROM Organization TO Organization, rids STRING[], rule STRING);
CREATE REL TABLE IF NOT EXISTS REDIRECTS_TO(
  FROM Person TO Person, FROM Organization TO Organization, FROM Place TO Place,
  at STRING, reason STRING);
// Steward decisions (issue 5): stored on rids, since entity ids change between runs.
CREATE NODE TABLE IF NOT EXISTS Decision(
  did STRING, kind STRING, action STRING, rids STRING[], eids STRING[], part STRING[],
  by STRING, at STRING, reason STRING, status STRING, undone_by STRING, undone_at STRING,
  PRIMARY KEY(did));
CREATE REL TABLE IF NOT EXISTS ABOUT(FROM Decision TO SourceRecord);
