MATCH (s:SourceRecord)
RETURN s.source AS source, s.kind AS kind, count(*) AS n
