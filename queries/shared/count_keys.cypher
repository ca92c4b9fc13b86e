MATCH (k:Key)
RETURN k.type AS type, count(*) AS n
