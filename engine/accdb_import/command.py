"""`statetrace-cli import-accdb` (registered through engine.cli.FEATURE_COMMANDS)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    from engine.cli_args import add_home, add_store_options

    p = sub.add_parser("import-accdb", help="import legacy StateTrace .accdb files into the site databases",
                       description="Reads legacy StateTrace Access databases (access-parser on Linux/macOS, ACE "
                                   "on Windows) and imports DeviceSummary, Interfaces, SpanInfo and the history "
                                   "tables into the chosen store, idempotently, one transaction per file.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--reader", choices=("auto", "access-parser", "ace"), default="auto",
                   help="how to read the .accdb (default: ACE on Windows when installed, else access-parser)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_home(p)
    add_store_options(p)
    p.set_defaults(func=cmd_import_accdb)


def cmd_import_accdb(args: argparse.Namespace) -> int:
    from engine.accdb_import.importer import run_import_command

    return run_import_command(args)
