"""Bad configuration and a broken server give clear errors from the real drivers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from store_corpus import host_facts, sqlite3_odbc_available

from engine.store import StoreConfig, StoreError, open_site_store
from engine.store.postgres import PostgresSiteStore, site_schema


def test_missing_odbc_driver_names_it(tmp_path: Path) -> None:
    cfg = StoreConfig(backend="odbc", odbc="Driver={No Such Driver 9};Database={site_path}")
    with pytest.raises(StoreError) as err:
        open_site_store(cfg, "WLLS", tmp_path / "WLLS.sqlite")
    assert "'No Such Driver 9' is not installed" in str(err.value) and "-bit Python" in str(err.value)


def test_odbc_template_without_site_placeholder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\{site_path\}"):
        open_site_store(StoreConfig(backend="odbc", odbc="Driver=SQLite3;Database=/tmp/all.sqlite"), "W", None)


@pytest.mark.skipif(not sqlite3_odbc_available(), reason="Debian's SQLite3 ODBC driver is not installed")
def test_odbc_store_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "WLLS.sqlite"
    bad.write_bytes(b"not a database at all" * 400)
    cfg = StoreConfig(backend="odbc", odbc="Driver=SQLite3;Database={site_path}")
    with pytest.raises(StoreError, match=r"not a database|file is encrypted"):
        open_site_store(cfg, "WLLS", bad)


def test_site_schema_names() -> None:
    assert site_schema("BOYO") == "site_boyo"
    assert site_schema("a-b") != site_schema("a_b")  # lossy names get a hash: never shared
    assert len(site_schema("X" * 200)) <= 63


@pytest.mark.postgres
def test_wrong_password_and_unknown_database(pg_dsn: str) -> None:
    with pytest.raises(StoreError) as err:
        PostgresSiteStore(pg_dsn.replace("password=", "password=nope"), "WLLS")
    assert "wrong user name or password" in str(err.value) and "nope" not in str(err.value)
    with pytest.raises(StoreError, match="no such database"):
        PostgresSiteStore(pg_dsn.replace("dbname=statetrace", "dbname=missingdb"), "WLLS")


def test_unreachable_server() -> None:
    with pytest.raises(StoreError, match="not reachable"):
        PostgresSiteStore("host=127.0.0.1 port=1 user=x password=y dbname=z connect_timeout=2", "WLLS")


@pytest.mark.postgres
def test_connection_killed_mid_run_fails_the_host_whole_then_reconnects(pg_fresh_dsn: str) -> None:
    store = PostgresSiteStore(pg_fresh_dsn, "WLLS")
    run = datetime(2026, 1, 6, 8, 0, 0)
    store.write_host(host_facts("WLLS", 1, 0), "WLLS", run)
    with psycopg.connect(pg_fresh_dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(StoreError, match="connection lost"):
        store.write_host(host_facts("WLLS", 2, 0), "WLLS", run)
    store.write_host(host_facts("WLLS", 2, 0), "WLLS", run)  # the next host reconnects
    store.close()
    with psycopg.connect(pg_fresh_dsn) as conn:
        rows: Any = conn.execute('SELECT "Hostname", count(*) FROM site_wlls."DeviceHistory" GROUP BY 1 '
                                 "ORDER BY 1").fetchall()
    assert rows == [("WLLS-A00-AS-01", 1), ("WLLS-A00-AS-02", 1)]


@pytest.mark.postgres
def test_second_writer_of_a_site_waits_then_reports_busy(pg_fresh_dsn: str) -> None:
    from engine.store.base import StoreBusy

    first = PostgresSiteStore(pg_fresh_dsn, "WLLS")
    second = PostgresSiteStore(pg_fresh_dsn, "WLLS", lock_timeout_s=0.3)
    first.begin()  # holds the site's advisory lock in an open transaction
    with pytest.raises(StoreBusy):
        second.write_host(host_facts("WLLS", 1, 0), "WLLS", datetime(2026, 1, 6))
    first.rollback()
    second.write_host(host_facts("WLLS", 1, 0), "WLLS", datetime(2026, 1, 6))
    first.close()
    second.close()
