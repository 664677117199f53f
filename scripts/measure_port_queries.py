"""Wall time of find's port and VLAN queries over every site database of a workspace, as SQL alone.

    python scripts/measure_port_queries.py WORKSPACE

Median of five runs after one warm-up, summed over the sites, with the plan SQLite chose for the first
site: an exact port through the Port index when the database has one, by one seek per host on the unique
(Hostname, Port) index (schema 8), or as a scan.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from pathlib import Path

SEEK = '"Hostname" IN (SELECT "Hostname" FROM "DeviceSummary") AND '
QUERIES = {
    "vlan 150, ordered": ('SELECT "Hostname", "Port" FROM "Interfaces" WHERE "VLAN" = ? ORDER BY "Hostname", "Port" '
                          "LIMIT 1000", (150,)),
    "port on every host": ('SELECT "ID" FROM "Interfaces" WHERE "Port" IN (?, ?, ?) LIMIT 1000',
                           ("Gi1/0/17", "gi1/0/17", "GI1/0/17")),
    "port no host has": ('SELECT "ID" FROM "Interfaces" WHERE "Port" IN (?, ?, ?) LIMIT 1000',
                         ("Te9/9/9", "te9/9/9", "TE9/9/9")),
    "port no host has, seek per host": (f'SELECT "ID" FROM "Interfaces" WHERE {SEEK}"Port" IN (?, ?, ?) LIMIT 1000',
                                        ("Te9/9/9", "te9/9/9", "TE9/9/9")),
}


def main() -> int:
    paths = sorted(Path(sys.argv[1]).glob("data/*/*.sqlite"))
    conns = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in paths]
    for name, (sql, args) in QUERIES.items():
        times, hits = [], 0
        for _ in range(6):
            started = time.perf_counter()
            hits = sum(len(c.execute(sql, args).fetchall()) for c in conns)
            times.append(time.perf_counter() - started)
        plan = conns[0].execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()[-1][-1]
        print(f"{name:34s} hits {hits:6d}  median {statistics.median(times[1:]) * 1000:7.1f} ms  ({plan})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
