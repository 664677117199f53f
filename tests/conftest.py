"""Shared test setup: Qt offscreen, paths to the transcripts written for these tests, and the real
servers: a private odbcinst.ini (no driver logs in /tmp) and one throwaway PostgreSQL cluster per pytest
process (so `pytest -n 2` gives each xdist worker its own server and port), for engine and window tests."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The programs' log files (engine/logs.py) go to a throwaway folder, not the user's log folder.
os.environ.setdefault("STATETRACE_LOG_DIR", tempfile.mkdtemp(prefix="statetrace-test-logs-"))

DATA = Path(__file__).parent / "data"


@pytest.fixture
def transcripts() -> Path:
    return DATA / "transcripts"


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):  # type: ignore[no-untyped-def]
    """Create the QApplication first: a headless ingest in the same process then reuses it instead of
    leaving a bare QCoreApplication behind that the window tests could not use."""
    return qapp


ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("pg_test_server", ROOT / "scripts" / "pg_test_server.py")
assert _spec and _spec.loader
pg_test_server = importlib.util.module_from_spec(_spec)
sys.modules["pg_test_server"] = pg_test_server
_spec.loader.exec_module(pg_test_server)

# Before anything loads unixODBC: a private driver list with CommLog=0 (Debian's psqlODBC entry logs).
_ODBC_DIR = Path(tempfile.mkdtemp(prefix="st-odbcinst-"))
pg_test_server.write_odbcinst(_ODBC_DIR)
os.environ["ODBCSYSINI"] = str(_ODBC_DIR)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    if pg_test_server.pg_bindir() is None:
        pytest.skip("PostgreSQL server binaries (initdb/pg_ctl) are not installed; "
                    "run scripts/system-deps.sh (Debian package 'postgresql')")
    cluster = pg_test_server.start_cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_dsn(pg_cluster: Any) -> str:
    return str(pg_cluster.dsn)


@pytest.fixture()
def pg_fresh_dsn(pg_cluster: Any, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new empty database per test, dropped afterwards (sites are schemas, so tests must not share)."""
    import psycopg

    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:50]
    admin = pg_cluster.dsn_for("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield str(pg_cluster.dsn_for(name))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_ODBC_DIR, ignore_errors=True)
