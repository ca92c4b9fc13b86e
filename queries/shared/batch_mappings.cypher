// Batches by id: the mapping each was loaded with (JSON text), to read raw rows through.
UNWIND $batch_ids AS x
MATCH (b:Batch {batch_id: x})
RETURN b.batch_id AS batch_id, b.mapping AS mapping
