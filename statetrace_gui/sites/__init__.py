"""The site tree: prefix > site > device, with database size, freshness, queue depth and status."""
