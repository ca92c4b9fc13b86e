// One organization (active, or a merged-away redirect stub) by its id. One label per file: on LadybugDB a
// label alternation scans every table (0.6 s on the 200k city) where one label looks the key up.
MATCH (e:Organization {eid: $eid})
RETURN properties(e) AS entity
