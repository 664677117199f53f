"""`statetrace-cli rollup [--days N] [--per-site] [--check]`."""

from __future__ import annotations

import argparse
from typing import Any

from engine.rollup.metrics import day_files, find_gaps, ingested_days_from_history, rollup_rows, write_csv
from engine.telemetry import Telemetry
from engine.workspace import Workspace, resolve_home


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("rollup", help="summarise telemetry into IngestionMetricsSummary CSV")
    p.add_argument("--home")
    p.add_argument("--days", type=int, default=1, help="today plus previous days, 1-30 (default 1)")
    p.add_argument("--per-site", action="store_true", help="add one row set per site")
    p.add_argument("--check", action="store_true", help="exit 1 when telemetry gaps exist")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= 30:
        print("statetrace-cli rollup: --days must be between 1 and 30")
        return 2
    ws = Workspace(resolve_home(args.home))
    files = day_files(ws.metrics_dir, args.days)
    rows = rollup_rows(files, per_site=args.per_site)
    path = write_csv(rows, ws.metrics_dir)
    print(f"Wrote {path} ({len(rows)} rows from {len(files)} day file(s))")
    gaps = find_gaps(files, ingested_days_from_history(ws.history_dir, args.days))
    if gaps:
        tel = Telemetry(ws.metrics_dir)
        for g in gaps:
            tel.emit("TelemetryGap", Day=g.day, Kind=g.kind, Detail=g.detail)
            print(f"Warning: telemetry gap ({g.kind}) on {g.day}: {g.detail}")
        tel.close()
    return 1 if gaps and args.check else 0
