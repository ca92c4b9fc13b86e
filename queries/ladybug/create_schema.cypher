// LadybugDB schema. Node tables need every column up front; properties are scalars or lists of
// scalars, structured values travel as JSON text. Dates are ISO strings on both engines.
CREATE NODE TABLE IF NOT EXISTS Batch(
  batch_id STRING, source STRING, kind STRING, file STRING, sha256 STRING, mapping STRING,
  loaded_at STRING, rows_in INT64, rows_loaded INT64, rows_quarantined INT64, rows_new INT64,
  rows_changed INT64, rows_unchanged INT64, duration_s DOUBLE,
  PRIMARY KEY(batch_id));
CREATE NODE TABLE IF NOT EXISTS SourceRecord(
  rid STRING, source STRING, key STRING, kind STRING, version INT64, batch_id STRING,
  loaded_at STRING, row_no INT64, row_hash STRING, raw STRING, flags STRING[],
  name STRING, name_key STRING, name_pinyin STRING,
  id_number STRING, id_valid BOOLEAN, id_birth_date STRING, id_gender STRING, id_region STRING,
  gender STRING, birth_date STRING, phone STRING, phone_kind STRING,
  employer_name STRING, employer_name_key STRING, employer_uscc STRING,
  co_region STRING, co_trade_name STRING, co_industry STRING, co_legal_form STRING,
  co_form_family STRING, co_branch STRING, co_core STRING,
  uscc STRING, uscc_valid BOOLEAN, org_code STRING, org_code_valid BOOLEAN,
  reg_no STRING, reg_no_valid BOOLEAN,
  legal_rep_name STRING, legal_rep_name_key STRING, legal_rep_id_number STRING,
  legal_rep_id_valid BOOLEAN, established STRING,
  address STRING, addr_province STRING, addr_city STRING, addr_district STRING, addr_town STRING,
  addr_road STRING, addr_number STRING, addr_estate STRING, addr_building STRING, addr_unit STRING,
  addr_room STRING, addr_key STRING, addr_candidates STRING,
  lng DOUBLE, lat DOUBLE, crs STRING,
  PRIMARY KEY(rid));
CREATE NODE TABLE IF NOT EXISTS RecordVersion(
  vid STRING, rid STRING, version INT64, batch_id STRING, loaded_at STRING, superseded_at STRING,
  superseded_by STRING, row_no INT64, row_hash STRING, raw STRING, canonical STRING,
  PRIMARY KEY(vid));
CREATE NODE TABLE IF NOT EXISTS Quarantine(
  qid STRING, batch_id STRING, source STRING, file STRING, row_no INT64, raw STRING, reason STRING,
  PRIMARY KEY(qid));
CREATE NODE TABLE IF NOT EXISTS Key(k STRING, type STRING, value STRING, PRIMARY KEY(k));
CREATE REL TABLE IF NOT EXISTS LOADED_IN(FROM SourceRecord TO Batch, FROM RecordVersion TO Batch);
CREATE REL TABLE IF NOT EXISTS QUARANTINED_IN(FROM Quarantine TO Batch);
CREATE REL TABLE IF NOT EXISTS PREVIOUS_VERSION(FROM SourceRecord TO RecordVersion);
CREATE REL TABLE IF NOT EXISTS HAS_KEY(FROM SourceRecord TO Key);
