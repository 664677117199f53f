"""Site databases: the dialect-neutral write path and the backends that implement it."""

from __future__ import annotations

from pathlib import Path

from engine.store.base import SiteStore, StoreBusy, StoreConfig, StoreError, WriteResult


def open_site_store(config: StoreConfig, site: str, path: Path | None) -> SiteStore:
    """Open (creating if needed) the database of one site for the configured backend."""
    if config.backend == "sqlite":
        from engine.store.sqlite import SqliteSiteStore

        assert path is not None
        return SqliteSiteStore(path, config.max_interfaces_per_batch)
    raise StoreError(f"unknown or unavailable backend {config.backend!r}")


__all__ = ["SiteStore", "StoreBusy", "StoreConfig", "StoreError", "WriteResult", "open_site_store"]
