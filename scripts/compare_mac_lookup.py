"""Find-a-MAC on SQLite, the two ways a search meets a site, in one run: through MacSighting(MAC), and by a
scan of the site's sightings, which is what a search pays while a writer bulk-loads that site (the index
is dropped during a bulk load and built once at its end, `engine.store.sqlite.BULK_SIGHTINGS`).

    python scripts/compare_mac_lookup.py WORKSPACE    # e.g. a bench-find workspace or an ingested corpus

Prints the median and worst wall time per query over every site (the sum a find over all sites pays), for
exact MACs and prefixes; the scan is forced with NOT INDEXED on the same files. Then, on a copy of each
site, what building the index from the table costs (the bulk load's `CREATE INDEX`, CPU-s of this thread).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = '"MAC", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen"'
RANGE = '"MAC" >= ? AND "MAC" < ? ORDER BY "MAC", "LastSeen" DESC LIMIT 200'
WAYS = (("MAC index", f'SELECT {COLUMNS} FROM "MacSighting" INDEXED BY "IX_MacSighting_MAC" WHERE {RANGE}'),
        ("scan (bulk load)", f'SELECT {COLUMNS} FROM "MacSighting" NOT INDEXED WHERE {RANGE}'))


def main() -> int:
    files = sorted(Path(sys.argv[1]).glob("data/*/*.sqlite"))
    conns = [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in files]
    held = sum(c.execute('SELECT COUNT(*) FROM "MacSighting"').fetchone()[0] for c in conns)
    print(f"{len(conns)} sites, {held:,} sightings")
    macs = [r[0] for r in conns[0].execute('SELECT "MAC" FROM "MacSighting" ORDER BY random() LIMIT 40')]
    for label, length in (("exact", 12), ("prefix of 6", 6)):
        for name, sql in WAYS:
            for c in conns:  # warm the page cache, as daily use has it
                c.execute(sql, (macs[0][:length], macs[0][:length] + "g")).fetchall()
            times, rows = [], 0
            for mac in macs:
                t0 = time.perf_counter()
                for c in conns:
                    rows += len(c.execute(sql, (mac[:length], mac[:length] + "g")).fetchall())
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{label:12} {name:18} over {len(conns)} sites: median {statistics.median(times):6.1f} ms, "
                  f"max {max(times):6.1f} ms, {rows / len(macs):.1f} rows a query")
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            copy = Path(tmp) / path.name
            shutil.copyfile(path, copy)
            c = sqlite3.connect(copy, isolation_level=None)
            c.execute("PRAGMA journal_mode=WAL")
            c.execute('DROP INDEX IF EXISTS "IX_MacSighting_MAC"')
            rows = c.execute('SELECT COUNT(*) FROM "MacSighting"').fetchone()[0]
            t0 = time.thread_time()
            c.execute('CREATE INDEX "IX_MacSighting_MAC" ON "MacSighting" ("MAC")')
            spent = time.thread_time() - t0
            total += spent
            c.close()
            copy.unlink()
            print(f"build {path.stem:10} {rows:9,} sightings: {spent:.3f} CPU-s")
    print(f"build, all sites: {total:.2f} CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
