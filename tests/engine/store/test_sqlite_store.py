"""The SQLite store: legacy schema and indexes, and the per-port diff of the write path."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from engine.model import DeviceFacts, PortFacts, SpanFacts
from engine.store.base import StoreError
from engine.store.checkpoint import WAL_HARD_LIMIT_BYTES, wal_size
from engine.store.schema import SCHEMA_VERSION, TABLES, indexes_for
from engine.store.sqlite import SqliteSiteStore


def device(ports: list[PortFacts], spans: list[SpanFacts] | None = None) -> DeviceFacts:
    return DeviceFacts(hostname="WLLS-A01-AS-01", vendor="Cisco", model="C9300-48P", uptime="1 day",
                       building="5", room="204", ports=ports, spans=spans or [])


def ports(n: int, status: str = "connected") -> list[PortFacts]:
    return [PortFacts(port=f"Gi1/0/{i}", name=f"Desk {i}", status=status, vlan=20, learned_macs=[f"0011.2233.{i:04d}"])
            for i in range(1, n + 1)]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_new_database_has_the_legacy_schema_indexes_and_version(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"
    SqliteSiteStore(db).close()
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {t.name for t in TABLES} <= tables
    cols = [r[1] for r in conn.execute("PRAGMA table_info(Interfaces)")]
    assert cols[:6] == ["ID", "Hostname", "Port", "Name", "Status", "VLAN"]
    # The legacy audit compares indexes by table and columns (the primary key covers DeviceSummary.Hostname).
    store = SqliteSiteStore(db)
    have = store.existing_indexes()
    store.close()
    assert {(i.table, tuple(c.lower() for c in i.columns)) for i in indexes_for("sqlite")} <= have
    # Measured to cost more on write than they save on read (schema 7): their queries use unique indexes.
    assert ("MacSighting", ("mac",)) not in have and ("Interfaces", ("hostname",)) not in have
    assert ("Interfaces", ("port",)) not in have
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT MAX(Version) FROM SchemaVersion").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO Interfaces (Hostname, Port) VALUES ('a', 'Gi1'), ('a', 'Gi1')")


def test_diff_inserts_updates_deletes_and_keeps_unchanged_rows(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"
    store = SqliteSiteStore(db)
    run = datetime(2026, 1, 6, 13, 28, 32)
    first = store.write_host(device(ports(48)), "WLLS", run)
    assert (first.inserted, first.updated, first.deleted) == (48, 0, 0)
    assert count(db, "InterfaceHistory") == 48 and count(db, "DeviceHistory") == 1

    same = store.write_host(device(ports(48)), "WLLS", run)
    assert (same.inserted, same.updated, same.deleted, same.unchanged) == (0, 0, 0, 48)
    assert count(db, "InterfaceHistory") == 48 and count(db, "DeviceHistory") == 2

    changed = ports(46)
    changed[0].status = "notconnect"
    changed[1].learned_macs = ["aaaa.bbbb.cccc"]
    result = store.write_host(device(changed), "WLLS", run)
    assert (result.inserted, result.updated, result.deleted, result.rows) == (0, 2, 2, 2)
    # 2 changed ports, and 2 removed ones marked as removed at this capture (their last values kept)
    assert count(db, "Interfaces") == 46 and count(db, "InterfaceHistory") == 52
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT Port, Status FROM InterfaceHistory WHERE Status = '(removed)' ORDER BY Port"
                            ).fetchall() == [("Gi1/0/47", "(removed)"), ("Gi1/0/48", "(removed)")]
        assert conn.execute("SELECT Status, RunDate FROM InterfaceHistory WHERE Port='Gi1/0/1' ORDER BY ID DESC"
                            ).fetchone() == ("notconnect", "2026-01-06 13:28:32")
        assert conn.execute("SELECT LearnedMACs FROM Interfaces WHERE Port='Gi1/0/2'").fetchone() == (
            "aaaa.bbbb.cccc",)
    store.close()


def test_port_keys_compare_case_insensitively(tmp_path: Path) -> None:
    store = SqliteSiteStore(tmp_path / "s.sqlite")
    store.write_host(device([PortFacts(port="Gi1/0/1")]), "WLLS", datetime.now())
    again = store.write_host(device([PortFacts(port="gi1/0/1")]), "WLLS", datetime.now())
    assert (again.inserted, again.deleted, again.unchanged) == (0, 0, 1)


def test_spanning_tree_rows_replaced_only_when_they_change(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = SqliteSiteStore(db)
    span = [SpanFacts("VLAN0010", "5254.001b.1c58", "Gi1/0/1", "Root", "Gi1/0/1")]
    store.write_host(device(ports(2), span), "WLLS", datetime.now())
    store.write_host(device(ports(2), span), "WLLS", datetime.now())
    assert count(db, "SpanInfo") == 1 and count(db, "SpanHistory") == 1
    store.write_host(device(ports(2), [SpanFacts("VLAN0010", "aaaa.bbbb.cccc", "", "Desg", "Gi1/0/1")]), "WLLS",
                     datetime.now())
    assert count(db, "SpanInfo") == 1 and count(db, "SpanHistory") == 2


def test_failed_write_leaves_the_host_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = SqliteSiteStore(db)
    store.write_host(device(ports(3)), "WLLS", datetime.now())
    bad = ports(3)
    bad[0].status = "changed"
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON InterfaceHistory WHEN NEW.Status = 'changed' "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError):
        store.write_host(device(bad), "WLLS", datetime.now())
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT Status FROM Interfaces WHERE Port='Gi1/0/1'").fetchone() == ("connected",)
        assert conn.execute("SELECT COUNT(*) FROM DeviceHistory").fetchone() == (1,)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    db.write_bytes(b"MSISAM Database" + b"\0" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        SqliteSiteStore(db)


def test_wal_checkpoints_run_beside_the_writer_and_keep_the_wal_bounded(tmp_path: Path) -> None:
    """No checkpoint inside a commit (it was the write-latency tail), yet the WAL stays bounded, every
    row reaches the database file, and closing the store stops the checkpoint thread."""
    db = tmp_path / "WLLS.sqlite"
    store = SqliteSiteStore(db)
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    big = [PortFacts(port=f"Gi{i // 48 + 1}/0/{i % 48 + 1}", name=f"Desk {i}", config="interface x\n" + "x" * 1500)
           for i in range(384)]
    largest = 0
    for h in range(40):
        facts = device(big)
        facts.hostname = f"WLLS-A01-AS-{h:02d}"
        store.write_host(facts, "WLLS", datetime(2026, 1, 6, 20, 0, 0))
        largest = max(largest, wal_size(db))
    assert store.checkpointer.checkpoints > 0
    assert largest <= WAL_HARD_LIMIT_BYTES + 4 * 1024 * 1024  # one host's frames past the bound at most
    store.close()
    assert not store.checkpointer.is_alive()
    assert count(db, "Interfaces") == 40 * 384
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


EVIL_TABLE = 'evil"); DROP TABLE "Interfaces"; --'


def test_a_table_with_quotes_and_sql_in_its_name_blocks_no_write(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"
    SqliteSiteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f'CREATE TABLE "{EVIL_TABLE.replace(chr(34), chr(34) * 2)}" (x TEXT)')
        conn.execute(f'CREATE INDEX "ix ""q""" ON "{EVIL_TABLE.replace(chr(34), chr(34) * 2)}" (x)')
    store = SqliteSiteStore(db)
    try:
        assert (EVIL_TABLE, ("x",)) in store.existing_indexes()
        assert store.write_host(device(ports(3)), "WLLS", datetime(2026, 1, 6)).inserted == 3
    finally:
        store.close()
    assert count(db, "Interfaces") == 3


def test_quote_doubles_embedded_quotes_and_brackets() -> None:
    from engine.store.dialect import ACCESS, POSTGRES, SQLITE

    assert SQLITE.quote('a"b') == '"a""b"' and POSTGRES.quote('a"b') == '"a""b"'
    assert ACCESS.quote("a]b") == "[a]]b]"


def test_schemas_7_and_8_drop_the_indexes_from_an_older_sqlite_database(tmp_path: Path) -> None:
    """A database written before schemas 7 and 8 loses MacSighting(MAC), Interfaces(Hostname) and
    Interfaces(Port) when a writer opens it; its data and every other index stay, and a MAC and a port
    are still found."""
    db = tmp_path / "WLLS.sqlite"
    store = SqliteSiteStore(db)
    facts = DeviceFacts(hostname="WLLS-A01-AS-01", vendor="Cisco")
    facts.ports.append(PortFacts(port="Gi1/0/1", status="connected", vlan=20, learned_macs=["00aa.bbcc.0001"]))
    store.write_host(facts, "WLLS", datetime(2025, 1, 1))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute('CREATE INDEX "IX_MacSighting_MAC" ON "MacSighting" ("MAC")')
    conn.execute('CREATE INDEX "IX_Interfaces_Hostname" ON "Interfaces" ("Hostname")')
    conn.execute('CREATE INDEX "IX_Interfaces_Port" ON "Interfaces" ("Port")')
    conn.execute("DELETE FROM SchemaVersion WHERE Version >= 7")
    conn.commit()
    conn.close()
    store = SqliteSiteStore(db)
    have = store.existing_indexes()
    store.close()
    assert ("MacSighting", ("mac",)) not in have and ("Interfaces", ("hostname",)) not in have
    assert ("Interfaces", ("port",)) not in have
    assert {(i.table, tuple(c.lower() for c in i.columns)) for i in indexes_for("sqlite")} <= have
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT MAX(Version) FROM SchemaVersion").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT MAC, Port FROM MacSighting").fetchall() == [("00aabbcc0001", "Gi1/0/1")]


@pytest.mark.parametrize(("text", "key"), [
    ("00AA.bbcc.0011", "00aabbcc0011"), ("00:aa:bb:cc:00:11", "00aabbcc0011"), ("00-AA-BB-CC-00-11", "00aabbcc0011"),
    ("00aabbcc0011", "00aabbcc0011"), ("00aa.bbcc.00zz", ""), ("00aa.bbcc.001", ""), ("", ""),
    ("0aa.bbcc.00111", "0aabbcc00111"),  # dots elsewhere: still 12 digits, as any notation is read
])
def test_mac_key_reads_every_notation_and_refuses_what_is_not_a_mac(text: str, key: str) -> None:
    from engine.store.sql_store import mac_key

    assert mac_key(text) == key


def test_port_sightings_key_every_notation_like_mac_key() -> None:
    """The one-pass keying of dotted MAC lists gives what keying each MAC alone gives, in every mix."""
    from engine.store.sql_store import mac_key, port_sightings

    lists = [["00aa.bbcc.0011", "00AA.BBCC.0012"], ["00aa.bbcc.0011", "00:aa:bb:cc:00:13"],
             ["00aa.bbcc.00zz", "00aa.bbcc.0014"], ["not-a-mac"], [], ["00aa.bbcc.0011", "00aa.bbcc.0011"]]
    ports = [PortFacts(port=f"Gi1/0/{i}", vlan=10 + i, learned_macs=macs,
                       auth_client_mac="00aa.bbcc.0099" if i % 2 else "") for i, macs in enumerate(lists)]
    expected: dict[tuple[str, str, int], None] = {}
    for p in ports:
        for mac in (*p.learned_macs, p.auth_client_mac):
            if mac and mac_key(mac):
                expected[(mac_key(mac), p.port, int(p.vlan))] = None
    assert port_sightings(ports) == list(expected)
    assert ("00aabbcc0014", "Gi1/0/2", 12) in expected and len(expected) == 9


def test_the_schema_step_builds_a_missing_index_sorting_on_disk(tmp_path: Path) -> None:
    """An index built over a whole table (one missing from an older or damaged database) sorts into
    temporary files: in memory, a build over 1.7 million sightings held 100 MB more in the writer's process."""
    from engine.store.dialect import SQLITE
    from engine.store.sqlite import _SqliteCatalog

    db = tmp_path / "WLLS.sqlite"
    SqliteSiteStore(db).close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute('DROP INDEX "IX_Interfaces_VLAN"')
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    _SqliteCatalog(conn, SQLITE, str(db)).ensure_schema()
    build = next(i for i, sql in enumerate(seen) if sql.startswith("CREATE INDEX"))
    assert "PRAGMA temp_store=FILE" in seen[:build] and "PRAGMA temp_store=MEMORY" in seen[build:]
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'IX_Interfaces_VLAN'").fetchone()
    conn.close()
