// Remove the pair evidence of a kind's records before a run writes its own.
MATCH (a:SourceRecord)-[m:MATCHES]->(:SourceRecord)
WHERE a.kind = $kind
DELETE m
