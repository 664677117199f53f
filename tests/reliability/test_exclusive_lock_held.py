"""A site database held by another program with BEGIN EXCLUSIVE: that site waits, then fails cleanly and
is retried next run; the other sites go on. 30 s hold in `make soak`, a short one in `make test`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from engine.workspace import SETTINGS_NAME

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
SOAK = bool(os.environ.get("STATETRACE_SOAK"))
HOLD_S = 30.0 if SOAK else 120.0  # outside soak the holder is stopped as soon as the run is over

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def ingest(home: Path) -> tuple[int, dict, float]:
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "engine.cli", "ingest", "--json", "--force", "--processes", "1",
                           str(DATA), "--home", str(home)], capture_output=True, text=True, timeout=600)
    return proc.returncode, json.loads(proc.stdout), time.monotonic() - t0


def test_an_exclusively_held_site_fails_cleanly_and_the_others_go_on(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, _summary, _s = ingest(home)
    assert code == 0
    if not SOAK:  # the shipped defaults (5 s busy timeout, 4 retries) outlast a short hold: shorten them
        (home / "data" / SETTINGS_NAME).write_text(json.dumps(
            {"ParserSettings": {"DatabaseBusyTimeoutSeconds": 0.5, "DatabaseBusyRetries": 1}}))
    wlls = home / "data" / "WLLS" / "WLLS.sqlite"
    with sqlite3.connect(wlls) as conn:
        before = conn.execute("SELECT COUNT(*) FROM DeviceHistory").fetchone()[0]
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(wlls), str(HOLD_S)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, summary, seconds = ingest(home)
        still_held = holder.poll() is None
    finally:
        if not SOAK:
            holder.terminate()
        holder.wait(HOLD_S + 60)
    print(f"locked site: failed after {seconds:.1f} s wall (hold {HOLD_S:.0f} s, load {os.getloadavg()[0]:.1f})")
    assert still_held, "the hold ended before the run gave up: lengthen HOLD_S"
    assert code == 1
    assert summary["sites"]["BOYO"]["parsed"] >= 1 and summary["sites"]["BOYO"]["failed"] == 0
    wlls_failures = [f for f in summary["failures"] if f["host"].startswith("WLLS")]
    assert wlls_failures and all("locked" in f["reason"] and f["kind"] == "store" for f in wlls_failures)
    with sqlite3.connect(wlls) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT COUNT(*) FROM DeviceHistory").fetchone()[0] == before
    code, summary, _s = ingest(home)
    assert code == 0 and summary["sites"]["WLLS"]["parsed"] == 2
