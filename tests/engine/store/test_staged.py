"""Stage-then-swap for massive devices: same rows as one transaction, short swaps, crash heals."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from engine.model import DeviceFacts, PortFacts
from engine.store.sqlite import SqliteSiteStore

RUN = datetime(2026, 3, 1, 8, 0, 0)


def stack(ports: int, status: str = "connected") -> DeviceFacts:
    return DeviceFacts(hostname="WLLS-A01-AS-09", vendor="Cisco", ports=[
        PortFacts(port=f"Gi{1 + i // 48}/0/{1 + i % 48}", name=f"Desk {i}", status=status, vlan=20 + i % 3,
                  learned_macs=[f"00aa.bb00.{i:04x}"]) for i in range(ports)])


def table(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_staged_write_gives_the_same_rows_as_one_transaction(tmp_path: Path) -> None:
    plain, staged = SqliteSiteStore(tmp_path / "a.sqlite"), SqliteSiteStore(tmp_path / "b.sqlite", 50)
    for facts in (stack(384), stack(380, "notconnect")):
        a = plain.write_host(facts, "WLLS", RUN)
        b = staged.write_host(facts, "WLLS", RUN)
        assert (a.inserted, a.updated, a.deleted) == (b.inserted, b.updated, b.deleted)
    assert b.batches == 8 + 1  # 380 updates in 8 staging transactions, then the swap
    cols = "Hostname, Port, Name, Status, VLAN, LearnedMACs"
    for sql in (f"SELECT {cols} FROM Interfaces ORDER BY Port", f"SELECT {cols} FROM InterfaceHistory ORDER BY ID",
                "SELECT Hostname, Ports FROM DeviceSummary"):
        assert table(tmp_path / "a.sqlite", sql) == table(tmp_path / "b.sqlite", sql)
    assert table(tmp_path / "b.sqlite", "SELECT COUNT(*) FROM InterfaceBulkSeed") == [(0,)]


def test_a_failed_swap_changes_nothing_and_the_next_write_heals(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = SqliteSiteStore(db, 64)
    store.write_host(stack(200), "WLLS", RUN)
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON InterfaceHistory WHEN NEW.Status = 'err-disabled' "
                       "BEGIN SELECT RAISE(ABORT, 'power cut'); END")
    with pytest.raises(sqlite3.DatabaseError):
        store.write_host(stack(200, "err-disabled"), "WLLS", RUN)
    assert table(db, "SELECT DISTINCT Status FROM Interfaces") == [("connected",)]
    assert table(db, "SELECT COUNT(*) FROM InterfaceBulkSeed")[0][0] == 200  # staged rows left behind
    store.conn.execute("DROP TRIGGER boom")
    result = store.write_host(stack(200, "err-disabled"), "WLLS", RUN)
    assert result.updated == 200
    assert table(db, "SELECT DISTINCT Status FROM Interfaces") == [("err-disabled",)]
    assert table(db, "SELECT COUNT(*) FROM InterfaceBulkSeed") == [(0,)]
