"""A truncated or partial capture never shrinks a device: seen ports are stored, missing ones kept,
and the run flags the host as partial with file and line (summary and telemetry).

Issue 11, defect 3: a capture cut mid-line replaced a 52-port host with 1 port, exit 0, no warning.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from engine.cli import main
from engine.store.base import SourceStamp
from engine.store.sqlite import SqliteSiteStore

HOST = "WLLS-A01-AS-01"
FULL_CLOCK = "*10:15:32.123 UTC Thu Oct 9 2025"
CUT_CLOCK = "*10:15:32.123 UTC Thu Nov 20 2025"


def capture(transcripts: Path, clock: str) -> str:
    text = (transcripts / "wlls_batch01.log").read_text()
    return text.replace(f"{HOST}#show version", f"{HOST}#show clock\n{clock}\n{HOST}#show version", 1)


def ingest(home: Path, path: Path) -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", "--json", "--processes", "1", str(path), "--home", str(home)])
    summary = json.loads(out.getvalue())
    assert code == 0, summary["failures"]
    return summary


def test_capture_cut_mid_line_keeps_the_missing_ports_and_says_so(transcripts: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    full = tmp_path / "full.log"
    full.write_text(capture(transcripts, FULL_CLOCK))
    ingest(home, full)
    text = capture(transcripts, CUT_CLOCK)
    cut_at = text.index("Gi1/0/2                         notconnect")
    cut = tmp_path / "cut.log"
    cut.write_text(text[:cut_at + 20])  # ends mid-line inside show interfaces status
    lines = text[:cut_at + 20].count("\n") + 1
    summary = ingest(home, cut)
    db = home / "data" / "WLLS" / "WLLS.sqlite"
    with sqlite3.connect(db) as conn:
        ports = sorted(r[0] for r in conn.execute("SELECT Port FROM Interfaces WHERE Hostname = ?", (HOST,)))
        count = conn.execute("SELECT Ports FROM DeviceSummary WHERE Hostname = ?", (HOST,)).fetchone()[0]
    assert ports == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Te1/1/1"] and count == 4
    assert summary["partial"] == [{"file": str(cut), "line": lines, "host": HOST,
                                   "reason": summary["partial"][0]["reason"]}]
    assert "transcript ends inside its output" in summary["partial"][0]["reason"]
    assert any(f"cut.log:{lines}: host {HOST}: partial capture" in w for w in summary["warnings"])
    events = [json.loads(line) for f in (home / "logs" / "IngestionMetrics").glob("*.json")
              for line in f.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    partial = [e for e in events if e.get("EventName") == "PartialCapture"]
    assert partial and partial[0]["Hostname"] == HOST and partial[0]["Line"] == lines


def test_a_capture_ending_at_a_prompt_is_whole(transcripts: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = tmp_path / "whole.log"
    path.write_text(capture(transcripts, FULL_CLOCK).rstrip("\n") + "\nWLLS-CORE-01#")
    assert ingest(home, path)["partial"] == []


@pytest.fixture
def big_host():  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from store_corpus import host_facts

    return host_facts("WLLS", 1, 0, ports=52)


def test_far_fewer_ports_without_a_reload_is_partial(big_host, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = SqliteSiteStore(tmp_path / "WLLS.sqlite")
    try:
        store.write_host(big_host, "WLLS", datetime(2025, 10, 9), SourceStamp("a" * 64, 1))
        one = replace(big_host, ports=big_host.ports[:1])
        result = store.write_host(one, "WLLS", datetime(2025, 11, 20), SourceStamp("b" * 64, 2))
        assert result.partial.startswith("partial capture (far fewer ports") and result.deleted == 0
        rows = store.conn.execute("SELECT COUNT(*) FROM Interfaces").fetchone()[0]
        ports = store.conn.execute("SELECT Ports FROM DeviceSummary").fetchone()[0]
        assert (rows, ports) == (52, 52)
    finally:
        store.close()


def test_fewer_ports_after_a_reload_are_real(big_host, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = SqliteSiteStore(tmp_path / "WLLS.sqlite")
    try:
        store.write_host(replace(big_host, uptime="3 weeks, 2 days"), "WLLS", datetime(2025, 10, 9))
        smaller = replace(big_host, ports=big_host.ports[:4], uptime="5 minutes")  # a stack member removed
        result = store.write_host(smaller, "WLLS", datetime(2025, 11, 20))
        assert result.partial == "" and result.deleted == 48
        assert store.conn.execute("SELECT COUNT(*) FROM Interfaces").fetchone()[0] == 4
    finally:
        store.close()
