"""Live charts of an ingestion: backlog per site, write latency with p50/p95, throughput."""
