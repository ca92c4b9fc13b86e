// A changed record: its properties become exactly the new version's (absent ones removed).
UNWIND $rows AS r
MATCH (s:SourceRecord {rid: r.rid})
SET s = r
