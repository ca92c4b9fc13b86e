// The mapping (JSON text) of each source's latest batch: source authority for survivorship.
MATCH (b:Batch)
RETURN b.source AS source, b.kind AS kind, b.mapping AS mapping, b.loaded_at AS loaded_at
ORDER BY b.loaded_at
