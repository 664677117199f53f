"""`statetrace-cli doctor [--json]`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from engine.doctor.report import build_report


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="what this installation can use: stores, ODBC drivers, keyring, TLS")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    """Exit 0 always: a missing optional part (say, no ODBC driver) is information, not an error."""
    report = build_report()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return 0
    print(f"StateTrace Ingest {report.version} on {report.python}{' (frozen bundle)' if report.frozen else ''}")
    print(f"log folder: {report.log_folder}")
    width = max(len(p.name) for p in report.parts)
    for part in report.parts:
        print(f"  {part.name:<{width}}  {'ok' if part.ok else 'MISSING':<7}  {part.detail}")
    return 0
