"""Ingestion: sources -> per-host facts (in worker processes) -> one writer per site database."""
