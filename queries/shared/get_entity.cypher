// One entity (active or a merged-away redirect stub) by its id.
MATCH (e:Person|Organization|Place {eid: $eid})
RETURN properties(e) AS entity
