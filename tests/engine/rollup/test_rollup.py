"""Rollup CSV with the legacy columns and arithmetic; telemetry gaps make --check fail."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from engine.cli import main
from engine.rollup.metrics import percentile, round3


def write_day(directory: Path, day: str, events: list[dict], extra: str = "") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"EventName": e.pop("EventName"), "Timestamp": f"{day}T10:00:00+00:00", **e}) for e in events]
    (directory / f"{day}.json").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")


def test_percentile_and_rounding_follow_the_legacy_script() -> None:
    assert round3(percentile([1, 2, 3, 4], 95)) == "3.85"
    assert round3(1.0005) == "1.001" and round3(2.0) == "2"


def test_rollup_writes_legacy_rows_per_site(tmp_path: Path, capsys) -> None:
    today = date.today().isoformat()
    metrics = tmp_path / "logs" / "IngestionMetrics"
    write_day(metrics, today, [
        {"EventName": "ParseDuration", "Hostname": "A-1", "Site": "A", "DurationSeconds": 1.0, "Success": True},
        {"EventName": "ParseDuration", "Hostname": "B-1", "Site": "B", "DurationSeconds": 3.0, "Success": False},
        {"EventName": "DatabaseWriteLatency", "Hostname": "A-1", "Site": "A", "LatencyMs": 12},
        {"EventName": "RowsWritten", "Hostname": "A-1", "Site": "A", "Rows": 48, "DeletedRows": 2},
        {"EventName": "SkippedDuplicate", "Hostname": "C-1", "Site": "C"},
    ])
    assert main(["rollup", "--home", str(tmp_path), "--per-site"]) == 0
    csv_path = next(metrics.glob("IngestionMetricsSummary-*.csv"))
    rows = list(csv.reader(csv_path.open()))
    assert rows[0] == ["Date", "Scope", "Metric", "Count", "Average", "P95", "Max", "Total", "SecondaryTotal", "Notes"]
    by_key = {(r[1], r[2]): r for r in rows[1:]}
    assert by_key[("All", "ParseDurationSeconds")][3:] == ["2", "2", "2.9", "3", "4", "", "Failures=1"]
    assert by_key[("All", "RowsWritten")][7:] == ["48", "2", "UniqueHosts=1"]
    assert by_key[("A", "DatabaseWriteLatencyMs")][3] == "1"
    assert ("C", "SkippedDuplicate") in by_key


def test_check_fails_on_gaps(tmp_path: Path, capsys) -> None:
    today = date.today().isoformat()
    metrics = tmp_path / "logs" / "IngestionMetrics"
    write_day(metrics, today, [
        {"EventName": "ParseDuration", "Hostname": "A-1", "Site": "A", "DurationSeconds": 1.0, "Success": True},
    ], extra="{broken json\n")
    assert main(["rollup", "--home", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "MissingRowsWritten" in out and "MalformedLines" in out
    alerts = [json.loads(x) for x in (metrics / f"{today}.json").read_text().splitlines() if "TelemetryGap" in x]
    assert {a["Kind"] for a in alerts} == {"MissingRowsWritten", "MalformedLines"}
