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
    if config.backend == "postgresql":
        from engine.store.postgres import read_sources as read_pg

        return read_pg(config.dsn, site)
    if config.backend == "sqlite":
        from engine.store.sqlite import read_sources as read_sqlite

        return read_sqlite(path) if path is not None else {}
    if config.backend in ("odbc", "access"):
        from engine.store.access import ACE_DRIVER
        from engine.store.odbc import read_sources as read_odbc

        template = config.odbc or f"Driver={{{ACE_DRIVER}}};DBQ={{site_path}};"
        return read_odbc(template, site, path)
    return {}


def all_stored_sources(config: StoreConfig, site_files: dict[str, Path]) -> SourceMap:
    """Every host this store holds, for the parse processes' skip (`site_files`: file stores' sites)."""
    if config.backend == "postgresql":
        from engine.store.postgres import read_sources as read_pg

        return read_pg(config.dsn)
    out: SourceMap = {}
    for site, path in site_files.items():
        out.update(stored_sources(config, site, path))
    return out


def open_site_store(config: StoreConfig, site: str, path: Path | None) -> SiteStore:
    """Open (creating if needed) the database of one site for the configured backend."""
    if config.backend == "sqlite":
        from engine.store.sqlite import SqliteSiteStore

        assert path is not None
        return SqliteSiteStore(path, config.max_interfaces_per_batch, int(config.busy_timeout_s * 1000))
    if config.backend == "odbc":
        from engine.store.odbc import open_odbc_store

        return open_odbc_store(config.odbc, site, path, config.max_interfaces_per_batch)
    if config.backend == "access":
        from engine.store.access import open_access_store

        if path is None:
            raise StoreError("the access backend needs a site file path")
        return open_access_store(path, config.max_interfaces_per_batch, template=config.odbc)
    if config.backend == "postgresql":
        from engine.store.postgres import PostgresSiteStore

        if not config.dsn:
            raise StoreError("the postgresql backend needs a DSN (--dsn)")
        return PostgresSiteStore(config.dsn, site, config.max_interfaces_per_batch, job_id=config.job_id)
    raise StoreError(f"unknown or unavailable backend {config.backend!r}")


__all__ = ["SiteStore", "SourceMap", "SourceStamp", "StoreBusy", "StoreConfig", "StoreError", "WriteResult", "all_stored_sources", "config_from_settings", "open_site_store",
           "stored_sources"]
