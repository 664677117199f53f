"""Site databases: the dialect-neutral write path and the backends that implement it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.store.base import (
    SiteStore,
    SourceMap,
    SourceStamp,
    StoreBusy,
    StoreConfig,
    StoreError,
    WriteResult,
)

if TYPE_CHECKING:
    from engine.settings import StoreSettings


def config_from_settings(store: StoreSettings, **extra: Any) -> StoreConfig:
    """The workspace's store as the settings file's `Store` section names it."""
    return StoreConfig(backend=store.Backend, odbc=store.OdbcTemplate, dsn=store.Dsn, **extra)


def stored_sources(config: StoreConfig, site: str, path: Path | None) -> SourceMap:
    """What this store holds of one site: each host's recorded slice (hash, length). Read-only."""
    from engine.store.backends import backend_for

    backend = backend_for(config)
    try:
        return backend.stored_sources(site, path)
    finally:
        backend.close()


def all_stored_sources(config: StoreConfig, site_files: dict[str, Path]) -> SourceMap:
    """Every host this store holds, for the parse processes' skip (`site_files`: file stores' sites)."""
    from engine.store.backends import backend_for

    backend = backend_for(config)
    try:
        return backend.all_stored_sources(site_files)
    finally:
        backend.close()


def open_site_store(config: StoreConfig, site: str, path: Path | None) -> SiteStore:
    """Open (creating if needed) the database of one site for the configured backend."""
    from engine.store.backends import backend_for

    return backend_for(config).open_site(site, path)


__all__ = ["SiteStore", "SourceMap", "SourceStamp", "StoreBusy", "StoreConfig", "StoreError", "WriteResult", "all_stored_sources", "config_from_settings", "open_site_store",
           "stored_sources"]
