"""Read NDJSON day files and summarise them into the legacy rollup rows; find telemetry gaps.

Numbers follow the legacy script: rounded to 3 decimals half away from zero, P95 by linear
interpolation at p/100*(n-1), rows sorted by Date, Scope, Metric.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

COLUMNS = ["Date", "Scope", "Metric", "Count", "Average", "P95", "Max", "Total", "SecondaryTotal", "Notes"]


@dataclass(slots=True)
class DayFile:
    day: str
    path: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    malformed: int = 0


@dataclass(slots=True)
class Gap:
    day: str
    kind: str  # MissingRowsWritten | MissingMetricsFile | MalformedLines
    detail: str


def round3(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
               if value != int(value) else Decimal(int(value)))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = p / 100 * (len(ordered) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def read_day(path: Path) -> DayFile:
    day = DayFile(path.stem, path)
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                day.malformed += 1
                continue
            if isinstance(obj, dict) and "EventName" in obj:
                day.records.append(obj)
            else:
                day.malformed += 1
    return day


def day_files(directory: Path, days: int, today: date | None = None) -> list[DayFile]:
    end = today or date.today()
    out = []
    for offset in range(days - 1, -1, -1):
        d = end - timedelta(days=offset)
        path = directory / f"{d.isoformat()}.json"
        if path.is_file():
            out.append(read_day(path))
    return out


def _stats_row(day: str, scope: str, metric: str, values: list[float], notes: str = "") -> list[str]:
    if not values:
        return [day, scope, metric, "0", "", "", "", "0", "", notes]
    return [day, scope, metric, str(len(values)), round3(sum(values) / len(values)), round3(percentile(values, 95)),
            round3(max(values)), round3(sum(values)), "", notes]


def rollup_rows(files: Iterable[DayFile], per_site: bool = False) -> list[list[str]]:
    rows: list[list[str]] = []
    for f in files:
        scopes: dict[str, list[dict[str, Any]]] = {"All": f.records}
        if per_site:
            for r in f.records:
                site = str(r.get("Site") or "")
                if site:
                    scopes.setdefault(site, []).append(r)
        for scope, records in scopes.items():
            parse = [r for r in records if r["EventName"] == "ParseDuration"]
            failures = sum(1 for r in parse if r.get("Success") is False)
            rows.append(_stats_row(f.day, scope, "ParseDurationSeconds",
                                   [float(r.get("DurationSeconds") or 0) for r in parse],
                                   f"Failures={failures}" if failures else ""))
            lat = [float(r.get("LatencyMs") or 0) for r in records if r["EventName"] == "DatabaseWriteLatency"]
            rows.append(_stats_row(f.day, scope, "DatabaseWriteLatencyMs", lat))
            written = [r for r in records if r["EventName"] == "RowsWritten"]
            total = sum(int(r.get("Rows") or 0) for r in written)
            deleted = sum(int(r.get("DeletedRows") or 0) for r in written)
            hosts = len({str(r.get("Hostname")).lower() for r in written})
            rows.append([f.day, scope, "RowsWritten", str(len(written)), "", "", "", str(total),
                         str(deleted) if deleted else "", f"UniqueHosts={hosts}"])
            skipped = [r for r in records if r["EventName"] == "SkippedDuplicate"]
            unique = len({str(r.get("Hostname")).lower() for r in skipped})
            rows.append([f.day, scope, "SkippedDuplicate", str(len(skipped)), "", "", "", str(unique), "",
                         f"UniqueHosts={unique}"])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


def write_csv(rows: list[list[str]], directory: Path, stamp: datetime | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"IngestionMetricsSummary-{(stamp or datetime.now()).strftime('%Y%m%d-%H%M%S')}.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def find_gaps(files: list[DayFile], ingested_days: set[str]) -> list[Gap]:
    """Parsed hosts without RowsWritten, ingestion days without a metrics file, malformed lines."""
    gaps: list[Gap] = []
    have = {f.day for f in files}
    for day in sorted(ingested_days - have):
        gaps.append(Gap(day, "MissingMetricsFile", f"hosts were ingested on {day} but logs/IngestionMetrics/{day}.json "
                                                   "does not exist"))
    for f in files:
        parsed = {str(r.get("Hostname")).lower() for r in f.records
                  if r["EventName"] == "ParseDuration" and r.get("Success") is True}
        written = {str(r.get("Hostname")).lower() for r in f.records if r["EventName"] == "RowsWritten"}
        for host in sorted(parsed - written):
            gaps.append(Gap(f.day, "MissingRowsWritten", f"{host} was parsed but has no RowsWritten event"))
        if f.malformed:
            gaps.append(Gap(f.day, "MalformedLines", f"{f.malformed} malformed line(s) in {f.path.name}"))
    return gaps


def ingested_days_from_history(history_dir: Path, days: int, today: date | None = None) -> set[str]:
    """Local days on which the ingestion history says hosts were written, within the window."""
    from engine.history import SiteHistory

    end = today or date.today()
    start = end - timedelta(days=days - 1)
    out: set[str] = set()
    if not history_dir.is_dir():
        return out
    for path in history_dir.glob("*.json"):
        for rec in SiteHistory(path).records.values():
            try:
                moment = datetime.fromisoformat(rec.last_ingested_utc.replace("Z", "+00:00")[:26] + "+00:00")
            except ValueError:
                continue
            local = moment.astimezone().date()
            if start <= local <= end:
                out.add(local.isoformat())
    return out
