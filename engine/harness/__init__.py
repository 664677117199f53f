"""Load harness: cold, warm and incremental ingestion of a corpus, measured from its telemetry."""
