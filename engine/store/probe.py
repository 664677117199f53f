"""Reach the workspace's store once, before a run starts: a dead server or a missing driver is one
clear line (password masked), not one failure per host, and nothing is recorded as ingested."""

from __future__ import annotations

from engine.store.base import StoreConfig, StoreError
from engine.store.secrets import mask_dsn


def check_store(config: StoreConfig, connect_timeout: int = 5) -> None:
    """Raise StoreError naming the store when it cannot be used at all (file stores: the driver)."""
    if config.backend == "postgresql":
        import psycopg

        from engine.store.postgres import explain

        try:
            conn = psycopg.connect(config.dsn, connect_timeout=connect_timeout, application_name="statetrace probe")
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(_one_line(f"store {config.describe()} is not usable: {explain(exc)}")) from exc
        conn.close()
        return
    if config.backend in ("odbc", "access") and config.odbc:
        from engine.store.odbc import driver_of, load_pyodbc

        driver = driver_of(config.odbc)
        if not driver:
            return  # a DSN= entry: the driver manager resolves it at the first connection
        installed = list(load_pyodbc().drivers())
        if driver not in installed:
            raise StoreError(_one_line(
                f"store {config.describe()} is not usable: ODBC driver {driver!r} is not installed "
                f"(installed drivers: {', '.join(installed) or 'none'})"))


def _one_line(text: str) -> str:
    return mask_dsn(" ".join(text.split()))
