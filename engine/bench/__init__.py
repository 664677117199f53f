"""Benchmarks that print figures (never timed assertions): throughput and scaling of the engine."""
