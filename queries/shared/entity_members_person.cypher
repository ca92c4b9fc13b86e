// The current source records resolved to a person: the fields a profile shows, not every
// property (all of a wide SourceRecord costs 2.4 ms on the 200k city, these 0.3 ms). Their
// batches come by key in a second query (an OPTIONAL MATCH to Batch here costs 7 ms).
MATCH (s:SourceRecord)-[r:RESOLVES_TO]->(e:Person {eid: $eid})
RETURN {rid: s.rid, source: s.source, key: s.key, version: s.version, loaded_at: s.loaded_at,
        batch_id: s.batch_id, raw: s.raw, name: s.name,
        id_number: s.id_number, gender: s.gender, birth_date: s.birth_date, phone: s.phone,
        address: s.address, employer_name: s.employer_name,
        employer_uscc: s.employer_uscc} AS record,
       r.rule AS rule, r.run_id AS run_id
ORDER BY s.rid
