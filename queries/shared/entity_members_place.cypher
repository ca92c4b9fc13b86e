// The current source records resolved to a place: the fields a profile shows, not every
// property (all of a wide SourceRecord costs 2.4 ms on the 200k city, these 0.3 ms). Their
// batches come by key in a second query (an OPTIONAL MATCH to Batch here costs 7 ms).
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Place {eid: $eid})
RETURN {rid: s.rid, source: s.source, key: s.key, version: s.version, loaded_at: s.loaded_at,
        batch_id: s.batch_id, raw: s.raw, address: s.address,
        lng: s.lng, lat: s.lat} AS record,
       r.rule AS rule, r.run_id AS run_id
ORDER BY s.rid
