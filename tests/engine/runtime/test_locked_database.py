"""A database held by another program: retried with back-off, then that site fails clearly, others go on."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from engine.cli import main

HOLD = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    sys.stdin.readline()
""")


def test_locked_site_fails_after_retries_and_other_sites_are_ingested(transcripts: Path, tmp_path: Path,
                                                                      capsys) -> None:
    home = tmp_path / "home"
    assert main(["ingest", str(transcripts), "--home", str(home), "--processes", "1"]) == 0
    capsys.readouterr()
    settings = home / "data" / "StateTraceSettings.json"
    settings.write_text(json.dumps({"ParserSettings": {"DatabaseBusyTimeoutSeconds": 0.1, "DatabaseBusyRetries": 2}}))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home / "data" / "BOYO" / "BOYO.sqlite")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code = main(["ingest", str(transcripts), "--home", str(home), "--processes", "1", "--force", "--json"])
        summary = json.loads(capsys.readouterr().out)
    finally:
        holder.communicate("\n", timeout=30)
    assert code == 1
    assert summary["sites"]["WLLS"]["parsed"] == 2 and summary["sites"]["BOYO"]["failed"] == 1
    [failure] = summary["failures"]
    assert failure["kind"] == "store" and "locked by another program" in failure["reason"]
