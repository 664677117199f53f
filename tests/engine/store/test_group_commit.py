"""Group commit (issue 12): several hosts of a site in one transaction give exactly the rows one
transaction per host gives, and a host that fails inside a group is rolled back alone."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from store_corpus import host_facts

from engine.store.base import SourceStamp
from engine.store.sqlite import SqliteSiteStore

TABLES = ("DeviceSummary", "Interfaces", "DeviceHistory", "InterfaceHistory", "SpanInfo", "SpanHistory",
          "HostSource", "MacSighting")


def dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in ("IngestedAt",)]
            out[table] = sorted(conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} '
                                             f'FROM "{table}"').fetchall(), key=repr)
        return out
    finally:
        conn.close()


def items(run: int) -> list[tuple]:
    return [(host_facts("WLLS", n, run), "WLLS", datetime(2025, 10, 9 + run, 10, n),
             SourceStamp(f"hash{n}-{run}", 100 + n, f"f{run}.log")) for n in range(6)]


def test_a_group_writes_what_single_host_transactions_write(tmp_path: Path) -> None:
    single, grouped = SqliteSiteStore(tmp_path / "single.sqlite"), SqliteSiteStore(tmp_path / "grouped.sqlite")
    try:
        for run in range(3):  # inserts, then diffs with changed, added and dropped ports
            for facts, site, when, source in items(run):
                single.write_host(facts, site, when, source)
            results = grouped.write_hosts(items(run))
            assert all(not isinstance(r, Exception) for r in results)
            assert len({r.latency_ms for r in results}) == 1  # the group's transaction, honestly
    finally:
        single.close()
        grouped.close()
    assert dump(tmp_path / "single.sqlite") == dump(tmp_path / "grouped.sqlite")


def test_a_failing_host_is_rolled_back_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteSiteStore(tmp_path / "s.sqlite")
    real = store.write_sightings

    def flaky(cur, host, run_date, ports):  # type: ignore[no-untyped-def]
        if host.endswith("-02"):
            raise ValueError("bad facts for this host")
        return real(cur, host, run_date, ports)

    monkeypatch.setattr(store, "write_sightings", flaky)
    try:
        results = store.write_hosts(items(0)[:4])
    finally:
        store.close()
    assert [type(r).__name__ for r in results] == ["WriteResult", "WriteResult", "ValueError", "WriteResult"]
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    hosts = {r[0] for r in conn.execute("SELECT Hostname FROM DeviceSummary")}
    ports = {r[0] for r in conn.execute("SELECT DISTINCT Hostname FROM Interfaces")}
    conn.close()
    assert hosts == ports == {f[0].hostname for i, f in enumerate(items(0)[:4]) if i != 2}
