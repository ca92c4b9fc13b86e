// Scored pairs of a kind in the review band (kept by the last run), with each side's source.
MATCH (a:SourceRecord)-[m:MATCHES]->(b:SourceRecord)
WHERE m.status = 'review' AND a.kind = $kind
RETURN a.rid AS l, b.rid AS r, a.source AS l_source, b.source AS r_source,
       m.weight AS weight, m.probability AS probability
