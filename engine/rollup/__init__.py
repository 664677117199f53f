"""Daily telemetry rollup (legacy `Rollup-IngestionMetrics.ps1` CSV) and telemetry-gap alerts."""
