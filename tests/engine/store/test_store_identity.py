"""The same ingestion gives identical rows in every store that runs here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_corpus import dump, runs, sqlite3_odbc_available

from engine.store import StoreConfig, open_site_store
from engine.store.odbc import OdbcSiteStore
from engine.store.sqlite import SqliteSiteStore

SITES = ("WLLS", "BOYO")
needs_odbc = pytest.mark.skipif(not sqlite3_odbc_available(),
                                reason="Debian's SQLite3 ODBC driver (libsqliteodbc) is not installed")


def ingest_all(open_store: Callable[[str], Any]) -> tuple[dict[str, Any], list[tuple[int, int, int, int, int]]]:
    """Run the corpus through one backend; return each site's table dump and every WriteResult."""
    stores = {site: open_store(site) for site in SITES}
    results = []
    try:
        for run_date, batch in runs(SITES):
            for site, facts in batch:
                r = stores[site].write_host(facts, site, run_date)
                results.append((r.inserted, r.updated, r.deleted, r.unchanged, r.span_rows))
        dumps = {site: dump(store.conn, store.dialect.quote) for site, store in stores.items()}
    finally:
        for store in stores.values():
            store.close()
    return dumps, results


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[Any]]:
    base = tmp_path_factory.mktemp("ref")
    return ingest_all(lambda site: SqliteSiteStore(base / f"{site}.sqlite"))


def _odbc(tmp_path: Path, staged: bool) -> Callable[[str], Any]:
    def make(site: str) -> Any:
        conn = f"Driver=SQLite3;Database={tmp_path / (site + '.sqlite')}"
        return OdbcSiteStore(conn, site, bulk_threshold=1 if staged else 0)
    return make


BACKENDS = [
    pytest.param("odbc", marks=[needs_odbc, pytest.mark.odbc]),
    pytest.param("odbc-staged", marks=[needs_odbc, pytest.mark.odbc]),
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("sqlite-via-config"),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_rows_as_stdlib_sqlite(backend: str, reference: Any, tmp_path: Path,
                                    request: pytest.FixtureRequest) -> None:
    if backend == "odbc":
        cfg = StoreConfig(backend="odbc", odbc="Driver={SQLite3};Database={site_path}")
        opener = lambda site: open_site_store(cfg, site, tmp_path / site / f"{site}{cfg.suffix}")  # noqa: E731
    elif backend == "odbc-staged":
        opener = _odbc(tmp_path, staged=True)
    elif backend == "postgresql":
        dsn = request.getfixturevalue("pg_fresh_dsn")
        cfg = StoreConfig(backend="postgresql", dsn=dsn)
        assert cfg.suffix == ""
        opener = lambda site: open_site_store(cfg, site, None)  # noqa: E731
    else:
        cfg = StoreConfig()
        opener = lambda site: open_site_store(cfg, site, tmp_path / f"{site}.sqlite")  # noqa: E731
    ref_dumps, ref_results = reference
    dumps, results = ingest_all(opener)
    assert results == ref_results
    for site in SITES:
        for table, rows in ref_dumps[site].items():
            assert dumps[site][table] == rows, f"{backend}: {site}.{table} differs"
    # The corpus really exercises every kind of change.
    assert any(r[0] for r in results) and any(r[1] for r in results) and any(r[2] for r in results)
    assert any(r[3] for r in results) and ref_dumps["WLLS"]["InterfaceHistory"]


@needs_odbc
def test_staged_path_is_used_and_cleans_the_seed(tmp_path: Path) -> None:
    store = _odbc(tmp_path, staged=True)("WLLS")
    try:
        for run_date, batch in runs(("WLLS",), hosts=2):
            for site, facts in batch:
                store.write_host(facts, site, run_date)
        assert store.staged_batches >= 3
        cur = store.conn.cursor()
        assert cur.execute('SELECT COUNT(*) FROM "InterfaceBulkSeed"').fetchone()[0] == 0
    finally:
        store.close()
