"""The analyst views from the command line, for scripts: `find`, `mac`, `history`, `changes`, `export`.

Every command reads the workspace's own store (or the one --backend/--dsn/--odbc names for this run),
prints a table by default, `--json` for programs, `--csv` for spreadsheets and pipes, and `--out FILE`
(.csv or .xlsx) writes a file that carries the query and the capture times. Exit 0 with results, 1 when
nothing matched, 2 for bad arguments or a store that cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from engine.cli_args import UsageError, add_home, add_store_options, load_settings, store_config, workspace_of
from engine.store.base import StoreError
from engine.store.read import StoreReader, open_store_reader
from engine.views.export import cell_text, write_table


def _common(p: argparse.ArgumentParser, tables: bool = True) -> None:
    add_home(p)
    add_store_options(p)
    if tables:
        out = p.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="print JSON (one object)")
        out.add_argument("--csv", action="store_true", help="print CSV (header row, then rows)")
        p.add_argument("--out", help="write the table to this .csv or .xlsx file, with the query in it")


def register(sub: Any) -> None:
    p = sub.add_parser("find", help="find a host, port, MAC, VLAN, description, model, serial, location, IP "
                                    "address or CDP/LLDP neighbour across every site")
    p.add_argument("query", nargs="+", help="what to look for, e.g. 0011.2233.4455, Gi1/0/4, 'vlan 150', C9300")
    p.add_argument("--limit", type=int, default=1000, help="at most this many results (default 1000)")
    _common(p)
    p.set_defaults(func=run_find)

    p = sub.add_parser("mac", help="where a MAC address was seen: every port, first and last capture, moves")
    p.add_argument("mac", help="a MAC in any notation, or its first digits")
    p.add_argument("--at", help="only where it was at this date or date-time (YYYY-MM-DD[ HH:MM:SS])")
    _common(p)
    p.set_defaults(func=run_mac)

    p = sub.add_parser("history", help="what changed on a device (or one port), capture by capture")
    p.add_argument("host")
    p.add_argument("port", nargs="?")
    _common(p)
    p.set_defaults(func=run_history)

    p = sub.add_parser("changes", help="what changed on a site between two captures")
    p.add_argument("site")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--since", help="changes at captures after this date or date-time")
    when.add_argument("--between", nargs=2, metavar=("A", "B"), help="changes after capture A up to B")
    p.add_argument("--host", action="append", help="only this device (repeatable)")
    _common(p)
    p.set_defaults(func=run_changes)

    p = sub.add_parser("export", help="export a site's current devices, interfaces, neighbours or addresses as "
                                      "CSV or XLSX")
    p.add_argument("site")
    p.add_argument("--format", choices=("csv", "xlsx"), help="file format (default: the --out suffix, else csv)")
    p.add_argument("--table", choices=("interfaces", "devices", "neighbors", "addresses"), default="interfaces",
                   help="what to export (default interfaces): devices, interfaces, CDP/LLDP neighbors, addresses")
    p.add_argument("--out", help="file to write (default: <site>-<table>.<format> in the current folder)")
    _common(p, tables=False)
    p.set_defaults(func=run_export)


def _open(args: argparse.Namespace) -> StoreReader:
    workspace = workspace_of(args)
    return open_store_reader(store_config(args, load_settings(workspace)), workspace)


def _emit(args: argparse.Namespace, columns: Sequence[str], rows: Sequence[Sequence[Any]], meta: dict[str, str],
          extra: dict[str, Any] | None = None) -> int:
    """Print or write one table as the options ask; 1 when it is empty (nothing found)."""
    if getattr(args, "out", None):
        path = write_table(args.out, columns, rows, meta)
        print(f"wrote {len(rows)} rows to {path}")
    elif args.json:
        print(json.dumps({**meta, **(extra or {}), "columns": list(columns),
                          "rows": [dict(zip(columns, (cell_text(c) if isinstance(c, datetime) else c for c in r),
                                            strict=True)) for r in rows]}, default=str))
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[cell_text(c) for c in r] for r in rows])
    elif not rows:
        print(f"nothing found for {meta.get('query', '')!r}")
    else:
        _print_table(columns, rows)
    if not (getattr(args, "out", None) or args.json or args.csv):
        for key, value in (extra or {}).items():
            print(f"{key}: {value}")
    return 0 if rows else 1


def _print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 48) -> None:
    cells = [[cell_text(c) for c in columns]] + [[cell_text(c).replace("\n", " | ")[:max_width] for c in r]
                                                 for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _guard(body: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(body(args))
        except UsageError:
            raise
        except (StoreError, ValueError) as exc:
            print(f"statetrace-cli {args.command}: {exc}", file=sys.stderr)
            return 2
    return run


@_guard
def run_find(args: argparse.Namespace) -> int:
    from engine.views.find import RANK_NAMES, find

    text = " ".join(args.query)
    with _open(args) as store:
        result = find(store, text, limit=args.limit)
    for error in result.errors:
        print(f"warning: {error}", file=sys.stderr)
    columns = ["Site", "Hostname", "Kind", "Port", "Matched", "Match", "VLAN", "Status", "Description",
               "FirstSeen", "LastSeen"]
    rows = [(h.site, h.hostname, h.kind, h.port, h.matched, RANK_NAMES[h.rank], h.get("vlan"), h.get("status"),
             h.get("description"), h.get("first_seen"), h.get("last_seen")) for h in result.hits]
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(result.counts.items())) or "nothing"
    return _emit(args, columns, rows, {"query": text},
                 {"found": counts + (" (more not shown: raise --limit)" if result.truncated else ""),
                  "sites_searched": result.sites_searched, "elapsed_ms": round(result.elapsed_ms, 1)})


@_guard
def run_mac(args: argparse.Namespace) -> int:
    from engine.views.sightings import at, moves, sightings

    with _open(args) as store:
        stays = sightings(store, args.mac)
    shown = at(stays, args.at) if args.at else stays
    columns = ["MAC", "Site", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen"]
    rows = [(s.mac, s.site, s.hostname, s.port, s.vlan, s.first_seen, s.last_seen) for s in shown]
    meta = {"query": args.mac, **({"at": args.at} if args.at else {})}
    found = moves(stays)
    extra = {"moves": len(found)} if args.json or args.out else {
        "moves": "; ".join(f"{m.at} {m.mac} {m.old.hostname} {m.old.port} -> {m.new.hostname} {m.new.port}"
                           for m in found) or "none"}
    return _emit(args, columns, rows, meta, extra)


@_guard
def run_history(args: argparse.Namespace) -> int:
    from engine.views.history import device_timeline, locate_host, port_timeline

    with _open(args) as store:
        located = locate_host(store, args.host)
        if located is None:
            print(f"statetrace-cli history: no site holds a device named {args.host!r}", file=sys.stderr)
            return 1
        site, host = located
        with store.site(site) as reader:
            changes = port_timeline(reader, host, args.port) if args.port else device_timeline(reader, host)
    columns = ["Capture", "Site", "Hostname", "Port", "Field", "Old", "New", "Change"]
    rows = [(c.capture, c.site, c.hostname, c.port, c.label, c.old, c.new, c.describe()) for c in changes]
    meta = {"query": f"history {host}" + (f" {args.port}" if args.port else ""), "site": site,
            "captures": ", ".join(sorted({c.capture for c in changes}))}
    return _emit(args, columns, rows, meta)


@_guard
def run_changes(args: argparse.Namespace) -> int:
    from engine.views.history import changes_between, resolve_host

    start, end = (args.since, "9999-12-31 23:59:59") if args.since else tuple(args.between)
    with _open(args) as store, store.site(args.site) as reader:
        hosts = None
        if args.host:
            hosts = [h for h in (resolve_host(reader, name) for name in args.host) if h]
            if not hosts:
                print(f"statetrace-cli changes: site {args.site} has none of {', '.join(args.host)}", file=sys.stderr)
                return 1
        changes = changes_between(reader, start, end, hosts)
    columns = ["Capture", "Hostname", "Port", "Field", "Old", "New", "Change"]
    rows = [(c.capture, c.hostname, c.port, c.label, c.old, c.new, c.describe()) for c in changes]
    meta = {"query": f"changes {args.site} after {start}" + (f" up to {end}" if args.between else ""),
            "site": args.site, "captures": ", ".join(sorted({c.capture for c in changes}))}
    return _emit(args, columns, rows, meta)


@_guard
def run_export(args: argparse.Namespace) -> int:
    from engine.views.tables import site_table

    suffix = args.out.rsplit(".", 1)[-1].lower() if args.out and "." in args.out else ""
    if args.format and args.out and suffix != args.format:
        raise UsageError(f"--out {args.out} does not end in .{args.format}")
    out = args.out or f"{args.site}-{args.table}.{args.format or 'csv'}"
    with _open(args) as store, store.site(args.site) as reader:
        columns, rows, meta = site_table(reader, args.table)
    path = write_table(out, columns, rows, meta)
    print(f"wrote {len(rows)} {args.table} rows of {args.site} to {path}")
    return 0


__all__ = ["register"]
