// Every current place source record, one column per standardised property (resolution's input).
// Unordered: GraphStore.records_frame sorts by rid (LadybugDB's ORDER BY here held ~400 MB of
// sort pages resident for the rest of the process, 200k city).
MATCH (s:SourceRecord)
WHERE s.kind = $kind
RETURN s.rid AS rid,
       s.source AS source,
       s.key AS key,
       s.kind AS kind,
       s.version AS version,
       s.batch_id AS batch_id,
       s.loaded_at AS loaded_at,
       s.address AS address,
       s.addr_province AS addr_province,
       s.addr_city AS addr_city,
       s.addr_district AS addr_district,
       s.addr_town AS addr_town,
       s.addr_road AS addr_road,
       s.addr_number AS addr_number,
       s.addr_estate AS addr_estate,
       s.addr_building AS addr_building,
       s.addr_unit AS addr_unit,
       s.addr_room AS addr_room,
       s.addr_key AS addr_key,
       s.addr_candidates AS addr_candidates,
       s.lng AS lng,
       s.lat AS lat,
       s.crs AS crs,
       s.flags AS flags
