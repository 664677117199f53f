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
from engine.store.sqlite import SEARCH_PENDING, SqliteSiteStore, search_backlog
from engine.views.find import find
from engine.workspace import Workspace


def facts(descriptions: dict[str, str]) -> DeviceFacts:
    device = DeviceFacts(hostname="S1-A01-AS-01", vendor="Cisco", model="C9300-48P")
    device.ports = [PortFacts(port=port, name=name, status="connected", vlan=20) for port, name in descriptions.items()]
    return device


def pending(path: Path) -> int:
    """Rows the index does not reflect yet: above its highest ID, or noted by the update/delete triggers."""
    with sqlite3.connect(path) as conn:
        return search_backlog(conn)


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
        for name in ("InterfaceSearch_ad", "InterfaceSearch_au"):
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute('DROP TABLE "InterfaceSearch"')
        conn.execute(f'DROP TABLE "{SEARCH_PENDING}"')
    assert found(home, "badge") == {("description", "Gi1/0/7")}  # LIKE without the index
    SqliteSiteStore(db).close()  # opened by a writer: the index is created and filled from the old rows
    assert pending(db) == 0 and found(home, "badge") == {("description", "Gi1/0/7")}


def test_inserts_need_no_trigger_and_a_reused_id_is_reindexed(tmp_path: Path) -> None:
    """New rows are backlog because their IDs pass the index's highest; a deleted row's ID taken again
    by a new row (SQLite reuses the highest ID once it is gone) is indexed with the new text."""
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    store.write_host(facts({"Gi1/0/1": "Lobby Kiosk", "Gi1/0/2": "Camera North"}), "S1", datetime(2025, 10, 9))
    store.close()
    with sqlite3.connect(db) as conn:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"InterfaceSearch_ad", "InterfaceSearch_au"}
    store = SqliteSiteStore(db)  # Gi1/0/2 (the highest ID) goes away ...
    store.write_host(facts({"Gi1/0/1": "Lobby Kiosk"}), "S1", datetime(2025, 11, 1))
    store.close()
    store = SqliteSiteStore(db)  # ... and a new port takes its ID
    store.write_host(facts({"Gi1/0/1": "Lobby Kiosk", "Gi1/0/3": "Badge Door"}), "S1", datetime(2025, 11, 2))
    assert pending(db) >= 1 and found(home, "badge") == {("description", "Gi1/0/3")}
    store.close()
    assert pending(db) == 0
    assert found(home, "badge") == {("description", "Gi1/0/3")} and found(home, "camera") == set()
    assert found(home, "kiosk") == {("description", "Gi1/0/1")}


def test_a_database_with_the_old_insert_trigger_loses_it_and_keeps_its_backlog(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    store.write_host(facts({"Gi1/0/5": "Printer Lab"}), "S1", datetime(2025, 10, 9))
    store.close()
    with sqlite3.connect(db) as conn:  # as schema 6 left it: an insert trigger, one row still pending
        conn.execute('CREATE TRIGGER "InterfaceSearch_ai" AFTER INSERT ON "Interfaces" BEGIN '
                     f'INSERT OR IGNORE INTO "{SEARCH_PENDING}" ("ID") VALUES (new."ID"); END')
        conn.execute('UPDATE "Interfaces" SET "Name" = \'Printer Finance\'')
    assert pending(db) == 1
    store = SqliteSiteStore(db)
    store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'InterfaceSearch_ai'").fetchone() is None
    assert pending(db) == 0 and found(home, "finance") == {("description", "Gi1/0/5")} and found(home, "lab") == set()


def test_an_exact_port_is_found_on_every_host_before_the_ports_that_contain_it(tmp_path: Path) -> None:
    """Gi1/0/1 is in Gi1/0/10..19 too: with more such ports than the limit, the hits are still the exact
    port on each host (SQLite has no Port index since schema 8; the exact ones come by host)."""
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    for n in range(6):
        device = facts({f"Gi1/0/{p}": "" for p in range(1, 20)})
        device.hostname = f"S1-A01-AS-{n:02d}"
        store.write_host(device, "S1", datetime(2025, 10, 9))
    store.close()
    with open_store_reader(StoreConfig(), Workspace(home)) as reader:
        hits = [h for h in find(reader, "gi1/0/1", limit=6).hits if h.kind == "port"]
    assert [(h.hostname, h.port) for h in hits] == [(f"S1-A01-AS-{n:02d}", "Gi1/0/1") for n in range(6)]


def test_an_exact_port_of_a_host_without_a_summary_row_is_found(tmp_path: Path) -> None:
    """An Access import can leave ports of a host with no DeviceSummary row (or one spelt in another
    case): its exact port is found all the same, before the ports that merely contain the text."""
    home = tmp_path / "home"
    db = Workspace(home).db_path("S1")
    db.parent.mkdir(parents=True)
    store = SqliteSiteStore(db)
    store.write_host(facts({f"Gi1/0/{p}": "" for p in range(1, 20)}), "S1", datetime(2025, 10, 9))
    store.close()
    with sqlite3.connect(db) as conn:
        conn.executemany('INSERT INTO "Interfaces" ("Hostname", "Port") VALUES (?, ?)',
                         [("S1-ORPHAN", f"Gi1/0/{p}") for p in range(1, 20)] + [("s1-a01-as-01", "Gi1/0/1")])
    with open_store_reader(StoreConfig(), Workspace(home)) as reader:
        hits = [h for h in find(reader, "gi1/0/1", limit=3).hits if h.kind == "port"]
    assert {(h.hostname, h.port) for h in hits} == {("S1-A01-AS-01", "Gi1/0/1"), ("S1-ORPHAN", "Gi1/0/1"),
                                                   ("s1-a01-as-01", "Gi1/0/1")}
