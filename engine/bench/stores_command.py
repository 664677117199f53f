"""`statetrace-cli bench-stores` (registered through engine.cli.FEATURE_COMMANDS)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("bench-stores", help="rows/s of each store backend for the same corpus")
    p.add_argument("--hosts", type=int, default=40, help="hosts per run (default 40)")
    p.add_argument("--ports", type=int, default=48, help="ports per host (default 48)")
    p.add_argument("--runs", type=int, default=3, help="ingestion runs (first inserts, later ones diff)")
    p.add_argument("--dsn", default="", help="PostgreSQL DSN (default: start a throwaway cluster if possible)")
    p.add_argument("--backends", default="sqlite,odbc,postgresql",
                   help="comma list of sqlite, odbc, odbc-staged, postgresql, access")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_stores)


def cmd_bench_stores(args: argparse.Namespace) -> int:
    from engine.bench.stores import run_bench_command

    return run_bench_command(args)
