"""Capture time is the axis: the newest capture is the current state whatever the ingest order, an older
capture goes into history only, and any order of the same files gives identical databases.

Issue 11, defect 3: two captures of one switch (2025-10-09 and 2025-11-20) ingested newest first left the
older one as current state, and RunDate was the ingest time.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main
from engine.store.schema import TABLES

HOST = "WLLS-A01-AS-01"
CLOCKS = ("*10:15:32.123 UTC Thu Oct 9 2025", "14:05:00.001 UTC Thu Nov 20 2025", "09:00:00.000 UTC Mon Dec 1 2025")
NAMES = ("Printer HR", "Printer Finance", "Printer HR")  # the third capture changes the port back


def one_host(transcripts: Path) -> str:
    out = []
    for line in (transcripts / "wlls_batch01.log").read_text().splitlines(keepends=True):
        if re.match(r"^WLLS-(?!A01-AS-01)\S+[#>]", line):
            break
        out.append(line)
    return "".join(out)


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    transcripts = Path(__file__).resolve().parents[2] / "data" / "transcripts"
    base = one_host(transcripts)
    folder = tmp_path_factory.mktemp("captures")
    files = []
    for i, (clock, name) in enumerate(zip(CLOCKS, NAMES, strict=True)):
        text = base.replace(f"{HOST}#show version", f"{HOST}#show clock\n{clock}\n{HOST}#show version", 1)
        text = text.replace("Printer HR", name)
        if i == 2:
            text = text.replace("Gi1/0/2 ", "Gi1/0/2 ").replace("notconnect", "connected ", 1)
        path = folder / f"capture{i}.log"
        path.write_text(text)
        os.utime(path, (1_600_000_000 + i, 1_600_000_000 + i))
        files.append(path)
    return files


def ingest(home: Path, *paths: Path) -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", "--json", "--processes", "1", *map(str, paths), "--home", str(home)])
    summary = json.loads(out.getvalue())
    assert code == 0, summary["failures"]
    return summary


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without the counters and the ingest time (which follow ingest order by design)."""
    out: dict[str, list[tuple]] = {}
    with sqlite3.connect(db) as conn:
        for table in TABLES:
            cols = [c.name for c in table.columns if c.name not in ("ID", "IngestedAt", "AppliedAt")]
            rows = conn.execute(f'SELECT {", ".join(cols)} FROM "{table.name}"').fetchall()
            out[table.name] = sorted(rows, key=repr)
    return out


def db_of(home: Path) -> Path:
    return home / "data" / "WLLS" / "WLLS.sqlite"


def test_newest_capture_stays_current_when_the_older_arrives_later(captures: list[Path], tmp_path: Path) -> None:
    home = tmp_path / "home"
    ingest(home, captures[1])  # 2025-11-20
    ingest(home, captures[0])  # 2025-10-09, late
    with sqlite3.connect(db_of(home)) as conn:
        name = conn.execute("SELECT Name FROM Interfaces WHERE Hostname = ? AND Port = 'Gi1/0/1'", (HOST,)).fetchone()
        runs = [r[0] for r in conn.execute("SELECT RunDate FROM DeviceHistory ORDER BY RunDate")]
        source = conn.execute("SELECT CaptureTime, CaptureSource FROM HostSource").fetchone()
        history = conn.execute("SELECT RunDate, Name FROM InterfaceHistory WHERE Port = 'Gi1/0/1' ORDER BY RunDate"
                               ).fetchall()
    assert name == ("Printer Finance",)
    assert runs == ["2025-10-09 10:15:32", "2025-11-20 14:05:00"], "RunDate is the capture time"
    assert source == ("2025-11-20 14:05:00", "clock")
    assert history == [("2025-10-09 10:15:32", "Printer HR"), ("2025-11-20 14:05:00", "Printer Finance")]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_any_ingest_order_gives_identical_databases(captures: list[Path], tmp_path: Path,
                                                     order: tuple[int, ...]) -> None:
    """The property over every order of three captures, one file per run and all in one drop."""
    reference = tmp_path / "reference"
    for i in range(3):
        ingest(reference, captures[i])
    expected = dump(db_of(reference))
    assert len(expected["DeviceHistory"]) == 3
    one_by_one = tmp_path / "one-by-one"
    for i in order:
        ingest(one_by_one, captures[i])
    assert dump(db_of(one_by_one)) == expected, f"order {order}, one file per run"
    one_drop = tmp_path / "one-drop"
    ingest(one_drop, *(captures[i] for i in order))
    assert dump(db_of(one_drop)) == expected, f"order {order}, one drop"


def test_without_a_clock_the_file_name_then_the_mtime_date_the_capture(transcripts: Path, tmp_path: Path) -> None:
    base = one_host(transcripts)
    named = tmp_path / "in" / "wlls_2025-11-20_14-05-00.log"
    named.parent.mkdir()
    named.write_text(base)
    home = tmp_path / "home"
    ingest(home, named)
    with sqlite3.connect(db_of(home)) as conn:
        assert conn.execute("SELECT CaptureTime, CaptureSource FROM HostSource").fetchone() == (
            "2025-11-20 14:05:00", "file-name")
        assert conn.execute("SELECT RunDate FROM DeviceHistory").fetchone() == ("2025-11-20 14:05:00",)
    plain = tmp_path / "in2" / "wlls.log"
    plain.parent.mkdir()
    plain.write_text(base.replace("Printer HR", "Printer Ops"))
    os.utime(plain, (1_767_225_600, 1_767_225_600))  # 2026-01-01 00:00 UTC
    ingest(home, plain)
    from datetime import datetime

    expected = datetime.fromtimestamp(1_767_225_600).strftime("%Y-%m-%d %H:%M:%S")
    with sqlite3.connect(db_of(home)) as conn:
        assert conn.execute("SELECT CaptureTime, CaptureSource FROM HostSource").fetchone() == (expected, "mtime")


# Ports that come and go, and the neighbours and addresses of each capture: capture 1 lacks Gi1/0/3
# (unplugged module), capture 2 has it back and lacks Gi1/0/2. Only capture 0 lists CDP neighbours.
CDP = """{host}#show cdp neighbors detail
-------------------------
Device ID: WLLS-CORE-01
Entry address(es):
  IP address: 10.20.0.1
Platform: cisco C9500-48Y4C,  Capabilities: Router Switch IGMP
Interface: TenGigabitEthernet1/1/1,  Port ID (outgoing port): TenGigabitEthernet1/0/7
Holdtime : 150 sec

Version :
Cisco IOS Software, Version 17.9.4a

"""
SVI = "interface Vlan20\n ip address 10.20.5.{n} 255.255.255.0\n!\n"


@pytest.fixture(scope="module")
def port_captures(captures: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("port-captures")
    files = []
    for i, source in enumerate(captures):
        text = source.read_text().replace("interface TenGigabitEthernet1/1/1", SVI.format(n=i + 10)
                                          + "interface TenGigabitEthernet1/1/1", 1)
        if i == 0:
            text = text.replace(f"{HOST}#show interfaces status", CDP.format(host=HOST)
                                + f"{HOST}#show interfaces status", 1)
        gone = {1: "Gi1/0/3 ", 2: "Gi1/0/2 "}.get(i)
        if gone:
            text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(gone))
        path = folder / f"ports{i}.log"
        path.write_text(text)
        os.utime(path, (1_600_000_000 + i, 1_600_000_000 + i))
        files.append(path)
    return files


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (2, 0, 1)])
def test_removed_ports_are_history_whatever_the_order(port_captures: list[Path], tmp_path: Path,
                                                      order: tuple[int, ...]) -> None:
    """A port missing from a capture is recorded as removed at that capture, and back at the next one
    that lists it, with the same rows whichever order the captures arrive in."""
    from engine.store.base import StoreConfig
    from engine.store.read import StoreReader
    from engine.views.history import port_timeline
    from engine.workspace import Workspace

    reference = tmp_path / "reference"
    for i in range(3):
        ingest(reference, port_captures[i])
    expected = dump(db_of(reference))
    late = tmp_path / "late"
    for i in order:
        ingest(late, port_captures[i])
    assert dump(db_of(late)) == expected, f"order {order}"
    with StoreReader(StoreConfig(), Workspace(late)) as store, store.site("WLLS") as reader:
        gi3 = [(c.capture[:10], c.describe()) for c in port_timeline(reader, HOST, "Gi1/0/3")]
        gi2 = [(c.capture[:10], c.field) for c in port_timeline(reader, HOST, "Gi1/0/2")]
    assert gi3[0] == ("2025-10-09", "Gi1/0/3 first seen (err-disabled)")
    assert ("2025-11-20", "Gi1/0/3 removed (was err-disabled)") in gi3
    assert ("2025-12-01", "Gi1/0/3 back (err-disabled)") in gi3
    assert gi2[-1] == ("2025-12-01", "removed")


def test_neighbours_and_addresses_follow_the_newest_capture_that_has_them(port_captures: list[Path],
                                                                          tmp_path: Path) -> None:
    home = tmp_path / "home"
    ingest(home, port_captures[2])
    ingest(home, port_captures[0])  # older, late: its address is not the newest, its neighbours are
    with sqlite3.connect(db_of(home)) as conn:
        assert conn.execute("SELECT NeighborName FROM DeviceNeighbor").fetchall() == [("WLLS-CORE-01",)]
        assert conn.execute("SELECT Interface, Address, PrefixLength FROM DeviceAddress").fetchall() == [
            ("Vl20", "10.20.5.12", 24)]
    fresh = tmp_path / "fresh"
    ingest(fresh, port_captures[0])
    ingest(fresh, port_captures[1])  # no CDP command in it: the neighbour stays as last captured
    with sqlite3.connect(db_of(fresh)) as conn:
        assert conn.execute("SELECT Port, Protocol, NeighborName, NeighborPort, Platform, Address "
                            "FROM DeviceNeighbor").fetchall() == [
            ("Te1/1/1", "CDP", "WLLS-CORE-01", "TenGigabitEthernet1/0/7", "cisco C9500-48Y4C", "10.20.0.1")]
        assert conn.execute("SELECT Address FROM DeviceAddress").fetchall() == [("10.20.5.11",)]
