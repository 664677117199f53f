"""Figures of one harness phase, computed from the ingest summary and the telemetry it wrote."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.rollup.metrics import percentile


@dataclass(slots=True)
class PhaseReport:
    name: str
    seconds: float = 0.0
    mb: float = 0.0
    mb_per_s: float = 0.0
    hosts: int = 0
    hosts_per_s: float = 0.0
    parsed: int = 0
    skipped: int = 0
    failed: int = 0
    rows_written: int = 0
    write_p50_ms: float = 0.0
    write_p95_ms: float = 0.0
    write_max_ms: float = 0.0
    parse_p95_s: float = 0.0
    queue_max: int = 0
    queue_p95: float = 0.0
    active_writers_max: int = 0
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # user+system of the ingest process and its parse processes
    per_site_mb_per_s: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0


def read_events(metrics_dir: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for path in sorted(metrics_dir.glob("????-??-??.json")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return events


def phase_report(name: str, summary: dict[str, Any], events: list[dict[str, Any]], seconds: float,
                 peak_rss_mb: float, site_bytes: dict[str, int], exit_code: int) -> PhaseReport:
    r = PhaseReport(name, seconds=round(seconds, 2), peak_rss_mb=round(peak_rss_mb, 1), exit_code=exit_code)
    r.mb = round(summary.get("bytes", 0) / 1e6, 1)
    r.mb_per_s = round(r.mb / seconds, 1) if seconds else 0.0
    r.hosts = int(summary.get("hosts", 0))
    r.hosts_per_s = round(r.hosts / seconds, 1) if seconds else 0.0
    for key in ("parsed", "skipped", "failed", "rows_written"):
        setattr(r, key, int(summary.get(key, 0)))
    lat = [float(e.get("LatencyMs", 0)) for e in events if e.get("EventName") == "DatabaseWriteLatency"]
    breakdown = [float(e.get("DatabaseWriteLatencyMs", 0)) for e in events
                 if e.get("EventName") == "DatabaseWriteBreakdown"]
    lat = breakdown or lat  # the breakdown keeps fractions of a millisecond
    if lat:
        r.write_p50_ms, r.write_p95_ms = round(percentile(lat, 50), 2), round(percentile(lat, 95), 2)
        r.write_max_ms = round(max(lat), 2)
    parse = [float(e.get("DurationSeconds", 0)) for e in events
             if e.get("EventName") == "ParseDuration" and e.get("Success")]
    r.parse_p95_s = round(percentile(parse, 95), 3) if parse else 0.0
    snaps = [e for e in events if e.get("EventName") == "SchedulerSnapshot"]
    queued = [float(e.get("QueuedJobs", 0)) for e in snaps]
    if queued:
        r.queue_max, r.queue_p95 = int(max(queued)), round(percentile(queued, 95), 1)
    r.active_writers_max = max((int(e.get("ActiveWorkers", 0)) for e in snaps), default=0)
    for site in summary.get("sites") or {}:
        if seconds and site in site_bytes:
            r.per_site_mb_per_s[site] = round(site_bytes[site] / 1e6 / seconds, 2)
    r.errors = [f.get("reason", "") for f in summary.get("failures", [])][:20]
    return r


def to_json(phases: list[PhaseReport], extra: dict[str, Any]) -> dict[str, Any]:
    return {"phases": [asdict(p) for p in phases], **extra}


def to_markdown(report: dict[str, Any]) -> str:
    rows = ["| phase | MB | s | MB/s | hosts/s | written | skipped | failed | rows | write p50/p95/max ms "
            "| parse p95 s | queue max/p95 | writers max | peak RSS MB | CPU s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in report["phases"]:
        rows.append(f"| {p['name']} | {p['mb']} | {p['seconds']} | {p['mb_per_s']} | {p['hosts_per_s']} | "
                    f"{p['parsed']} | {p['skipped']} | {p['failed']} | {p['rows_written']} | "
                    f"{p['write_p50_ms']}/{p['write_p95_ms']}/{p['write_max_ms']} | {p['parse_p95_s']} | "
                    f"{p['queue_max']}/{p['queue_p95']} | {p['active_writers_max']} | {p['peak_rss_mb']} | "
                    f"{p.get('cpu_seconds', '')} |")
    lines = ["\n".join(rows), ""]
    for key, label in (("sites_double_ratio", "Doubling the sites for the same bytes: time ratio"),
                       ("textfsm_mb_per_s", "TextFSM (ntc-templates) parse-only baseline, MB/s"),
                       ("ratio_to_textfsm", "End-to-end cold ingestion vs TextFSM parse-only baseline")):
        if key in report:
            lines.append(f"- {label}: {report[key]}")
    if report.get("command"):
        lines.append(f"- Command: `{report['command']}`")
    return "\n".join(lines) + "\n"
