"""Find-a-MAC on SQLite, the ways compared in docs/performance.md (issue 12, sessions 24 and 25), in one run:
one range seek per host on the unique sighting index with the ORDER BY in SQL (gathers every match
before the first `limit`), the same stopping at the limit and sorted after (what find does), and, given
a copy that still has MacSighting(MAC), a plain range query on that index (schema 6).

    python scripts/compare_mac_lookup.py WORKSPACE [WORKSPACE_WITH_MAC_INDEX]

Prints the median and worst wall time per query over every site (the sum a find over all sites pays),
for exact MACs and prefixes of 8, 6 and 4 digits.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from pathlib import Path

COLUMNS = '"MAC", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen"'
RANGE = '"MAC" >= ? AND "MAC" < ?'
PER_HOST = f'"Hostname" IN (SELECT "Hostname" FROM "DeviceSummary") AND {RANGE}'
LIMIT = 200


def _connect(workspace: str) -> list[sqlite3.Connection]:
    return [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in sorted(Path(workspace).glob("data/*/*.sqlite"))]


def main() -> int:
    plain = _connect(sys.argv[1])
    ways = [("seek per host, ORDER BY", plain,
             f'SELECT {COLUMNS} FROM "MacSighting" WHERE {PER_HOST} ORDER BY "MAC", "LastSeen" DESC LIMIT {LIMIT}'),
            ("seek per host, LIMIT", plain, f'SELECT {COLUMNS} FROM "MacSighting" WHERE {PER_HOST} LIMIT {LIMIT}')]
    if len(sys.argv) > 2:
        ways.append(("MAC index", _connect(sys.argv[2]),
                     f'SELECT {COLUMNS} FROM "MacSighting" WHERE {RANGE} ORDER BY "MAC", "LastSeen" DESC LIMIT {LIMIT}'))
    held = sum(c.execute('SELECT COUNT(*) FROM "MacSighting"').fetchone()[0] for c in plain)
    print(f"{len(plain)} sites, {held:,} sightings")
    macs = [r[0] for r in plain[0].execute('SELECT "MAC" FROM "MacSighting" ORDER BY random() LIMIT 40')]
    for label, length in (("exact", 12), ("prefix of 8", 8), ("prefix of 6", 6), ("prefix of 4", 4)):
        for name, conns, sql in ways:
            for c in conns:  # warm the page cache, as daily use has it
                c.execute(sql, (macs[0][:length], macs[0][:length] + "g")).fetchall()
            times, rows = [], 0
            for mac in macs:
                t0 = time.perf_counter()
                for c in conns:
                    got = c.execute(sql, (mac[:length], mac[:length] + "g")).fetchall()
                    got.sort(key=lambda r: (r[0], r[5]))
                    rows += len(got)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{label:12} {name:24} median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms, "
                  f"{rows / len(macs):.0f} rows a query")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
