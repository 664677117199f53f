"""The ingestion queue: one row per job, upserted by id from the runtime's batched signals."""
