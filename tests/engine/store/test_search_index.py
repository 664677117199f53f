"""The SQLite search index of ports and descriptions: rows are findable at once (through the backlog),
indexed in bulk when the writer closes the site, and a changed or removed port is never found by its
old text."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from engine.model import DeviceFacts, PortFacts
from engine.store.base import StoreConfig
from engine.store.read import open_store_reader
from engine.store.sqlite import SEARCH_PENDING, SqliteSiteStore
from engine.views.find import find
from engine.workspace import Workspace


def facts(descriptions: dict[str, str]) -> DeviceFacts:
    device = DeviceFacts(hostname="S1-A01-AS-01", vendor="Cisco", model="C9300-48P")
    device.ports = [PortFacts(port=port, name=name, status="connected", vlan=20) for port, name in descriptions.items()]
    return device


def pending(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f'SELECT COUNT(*) FROM "{SEARCH_PENDING}"').fetchone()[0])


def found(home: Path, text: str) -> set[tuple[str, str]]:
    with open_store_reader(StoreConfig(), Workspace(home)) as store:
        return {(h.kind, h.port) for h in find(store, text).hits if h.kind in ("port", "description")}


def test_written_rows_are_found_before_and_after_the_bulk_flush(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    store.write_host(facts({"Gi1/0/1": "Conference Room 4", "Gi1/0/2": "Printer HR"}), "S1", datetime(2025, 10, 9))
    assert pending(db) == 2  # not indexed yet ...
    assert found(home, "conference") == {("description", "Gi1/0/1")}  # ... and found all the same
    store.close()
    assert pending(db) == 0
    assert found(home, "conference") == {("description", "Gi1/0/1")}
    assert found(home, "1/0/2") == {("port", "Gi1/0/2")}

    store = SqliteSiteStore(db)
    store.write_host(facts({"Gi1/0/1": "Spare"}), "S1", datetime(2025, 11, 20))
    # Before the flush the index still holds the old text: the current row must not match it.
    assert found(home, "conference") == set() and found(home, "printer") == set()
    assert found(home, "spare") == {("description", "Gi1/0/1")}
    store.close()
    assert found(home, "conference") == set() and found(home, "spare") == {("description", "Gi1/0/1")}


def test_an_existing_database_gets_its_rows_indexed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    store.write_host(facts({"Gi1/0/7": "Badge Reader"}), "S1", datetime(2025, 10, 9))
    store.close()
    with sqlite3.connect(db) as conn:  # a database from before the index
        for name in ("InterfaceSearch_ai", "InterfaceSearch_ad", "InterfaceSearch_au"):
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute('DROP TABLE "InterfaceSearch"')
        conn.execute(f'DROP TABLE "{SEARCH_PENDING}"')
    assert found(home, "badge") == {("description", "Gi1/0/7")}  # LIKE without the index
    SqliteSiteStore(db).close()  # opened by a writer: the index is created and filled from the old rows
    assert pending(db) == 0 and found(home, "badge") == {("description", "Gi1/0/7")}
