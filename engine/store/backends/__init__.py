"""The store backends, one class each: SQLite files, Access files, any ODBC driver, PostgreSQL.

`backend_for(config)` is the only place that looks at the backend's name; everything else (the
writers, the readers behind the window and the CLI, maintenance) holds a `Backend` and asks it.
"""

from __future__ import annotations

from engine.store.backends.base import Backend, IndexKey, SiteTarget, SpaceInfo, Unsupported
from engine.store.base import StoreConfig, StoreError

BACKENDS = ("sqlite", "access", "odbc", "postgresql")


def backend_for(config: StoreConfig) -> Backend:
    """The backend the workspace's store names (StoreError for an unknown name or a missing DSN)."""
    if config.backend == "sqlite":
        from engine.store.backends.sqlite import SqliteBackend

        return SqliteBackend(config)
    if config.backend == "access":
        from engine.store.backends.access import AccessBackend

        return AccessBackend(config)
    if config.backend == "odbc":
        from engine.store.backends.odbc import OdbcBackend

        return OdbcBackend(config)
    if config.backend == "postgresql":
        from engine.store.backends.postgres import PostgresBackend

        return PostgresBackend(config)
    raise StoreError(f"unknown or unavailable backend {config.backend!r} (one of {', '.join(BACKENDS)})")


def maintenance_backends(config: StoreConfig) -> dict[str, Backend]:
    """What maintenance reaches: the workspace's store first (its sites win a name clash), then the file
    backends, so SQLite or Access site files left in data/ from another store are still looked after."""
    from engine.store.backends.access import AccessBackend
    from engine.store.backends.sqlite import SqliteBackend

    chosen: dict[str, Backend] = {}
    try:
        store = backend_for(config)
        chosen[store.name] = store
    except StoreError:
        pass  # no DSN, say: the file backends still run (the CLI names the store's problem up front)
    chosen.setdefault("sqlite", SqliteBackend())
    chosen.setdefault("access", AccessBackend())
    return chosen


__all__ = ["BACKENDS", "Backend", "IndexKey", "SiteTarget", "SpaceInfo", "Unsupported", "backend_for",
           "maintenance_backends"]
