"""Find-a-MAC on SQLite, the two ways, in one run: the MAC index with a plain range query (schema 6) and
one range seek per host on the unique sighting index (schema 7, `engine.store.schema.mac_range_sql`).

    python scripts/compare_mac_lookup.py OLD_WORKSPACE NEW_WORKSPACE    # bench-find workspaces

OLD_WORKSPACE still has MacSighting(MAC); NEW_WORKSPACE is a copy without it. Prints the median and worst
wall time per query over every site (the sum a find over all sites pays), for exact MACs and prefixes.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from pathlib import Path

COLUMNS = '"MAC", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen"'
PLAIN = f'SELECT {COLUMNS} FROM "MacSighting" WHERE "MAC" >= ? AND "MAC" < ? ORDER BY "MAC", "LastSeen" DESC LIMIT 200'


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from engine.store.schema import mac_range_sql

    by_host = (f'SELECT {COLUMNS} FROM "MacSighting" WHERE {mac_range_sql("sqlite")} '
               'ORDER BY "MAC", "LastSeen" DESC LIMIT 200')
    old, new = (sorted(Path(a).glob("data/*/*.sqlite")) for a in sys.argv[1:3])
    olds = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in old]
    news = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in new]
    macs = [r[0] for r in olds[0].execute('SELECT "MAC" FROM "MacSighting" ORDER BY random() LIMIT 40')]
    for label, length in (("exact", 12), ("prefix of 6", 6)):
        for name, conns, sql in (("schema 6: MAC index", olds, PLAIN), ("schema 7: seek per host", news, by_host)):
            for c in conns:  # warm the page cache, as daily use has it
                c.execute(sql, (macs[0][:length], macs[0][:length] + "g")).fetchall()
            times, rows = [], 0
            for mac in macs:
                t0 = time.perf_counter()
                for c in conns:
                    rows += len(c.execute(sql, (mac[:length], mac[:length] + "g")).fetchall())
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{label:12} {name:26} over {len(conns)} sites: median {statistics.median(times):6.1f} ms, "
                  f"max {max(times):6.1f} ms, {rows / len(macs):.1f} rows a query")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
