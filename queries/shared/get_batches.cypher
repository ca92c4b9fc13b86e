// Batches by id: where and when each was loaded.
UNWIND $batch_ids AS x
MATCH (b:Batch {batch_id: x})
RETURN b.batch_id AS batch_id, b.file AS file, b.loaded_at AS loaded_at
