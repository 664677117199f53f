"""Telemetry NDJSON: legacy field names, one line per event, safe with several threads and processes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from engine.telemetry import Telemetry

EMIT = """
import sys
from pathlib import Path
from engine.telemetry import Telemetry
t = Telemetry(Path(sys.argv[1]), flush_lines=7)
for i in range(400):
    t.emit("RowsWritten", Hostname=f"P{sys.argv[2]}-{i}", Site="WLLS", Rows=i, DeletedRows=0)
t.close()
"""


def test_events_from_threads_and_processes_land_whole(tmp_path: Path) -> None:
    tel = Telemetry(tmp_path, flush_lines=13)
    procs = [subprocess.Popen([sys.executable, "-c", EMIT, str(tmp_path), str(n)]) for n in range(2)]

    def work(n: int) -> None:
        for i in range(300):
            tel.emit("DatabaseWriteLatency", Hostname=f"T{n}-{i}", Site="BOYO", LatencyMs=i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tel.close()
    assert all(p.wait(60) == 0 for p in procs)
    day = next(tmp_path.glob("????-??-??.json"))
    records = [json.loads(line) for line in day.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 * 300 + 2 * 400
    assert all(list(r)[:2] == ["EventName", "Timestamp"] for r in records)
    latency = [r for r in records if r["EventName"] == "DatabaseWriteLatency"]
    assert {tuple(sorted(r)) for r in latency} == {("EventName", "Hostname", "LatencyMs", "Site", "Timestamp")}


def test_an_unwritable_folder_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")
    tel = Telemetry(blocker / "IngestionMetrics")
    tel.emit("ParseDuration", Hostname="A-1", Site="A", DurationSeconds=0.1, Success=True)
    tel.close()
    assert tel.errors and "telemetry not written" in tel.errors[0]
