"""What SQLite alone needs to store what an ingestion stored: the floor under the writer's CPU.

    python scripts/measure_sqlite_floor.py HOME      # a workspace an ingestion has just written (SQLite)
    python scripts/measure_sqlite_floor.py HOME --without IX_Interfaces_VLAN,InterfaceSearch_ad

`--without` leaves those indexes or triggers out of the new databases: what each costs, as a difference
of two runs.

For each site database under HOME/data, every row of every table is read into memory, then inserted with
`executemany` into a new database with the same schema (tables, indexes, the search index's triggers),
committed every 5,000 rows, and the search index is brought up to date as the writer does. No Python diff,
no facts, no telemetry: only the statements the stored rows need. Prints the CPU-seconds of that, per
table and in all, beside the rows.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

SKIP_PREFIX = ("sqlite_", "InterfaceSearch")  # SQLite's own tables and the FTS5 shadow tables
CHUNK = 5000


def copy_site(src: Path, dst: Path, per_table: dict[str, list[float]], without: frozenset[str] = frozenset()
              ) -> float:
    from engine.store.sqlite import flush_search_index

    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    ddl = source.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                         "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END").fetchall()
    for kind, name, sql in ddl:
        if kind == "table" and name.startswith("InterfaceSearch") and name != "InterfaceSearchPending":
            if name == "InterfaceSearch":
                target.execute(sql)  # the virtual table creates its own shadow tables
            continue
        if not name.startswith("sqlite_") and name not in without:
            target.execute(sql)
    target.commit()
    total = 0.0
    tables = [n for k, n, _ in ddl if k == "table" and not n.startswith(SKIP_PREFIX)]
    for table in tables:
        rows = source.execute(f'SELECT * FROM "{table}"').fetchall()
        if not rows:
            continue
        marks = ",".join("?" * len(rows[0]))
        started = time.process_time()
        for at in range(0, len(rows), CHUNK):
            target.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows[at:at + CHUNK])
            target.commit()
        spent = time.process_time() - started
        entry = per_table.setdefault(table, [0.0, 0.0])
        entry[0] += spent
        entry[1] += len(rows)
        total += spent
    started = time.process_time()
    flush_search_index(target)
    target.commit()
    spent = time.process_time() - started
    per_table.setdefault("(search index flush)", [0.0, 0.0])[0] += spent
    source.close()
    target.close()
    return total + spent


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    home = Path(sys.argv[1])
    without = frozenset(sys.argv[3].split(",")) if len(sys.argv) > 3 and sys.argv[2] == "--without" else frozenset()
    sites = sorted(home.glob("data/*/*.sqlite"))
    if not sites:
        print(f"no SQLite site databases under {home}/data")
        return 2
    per_table: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        total = sum(copy_site(p, Path(tmp) / p.name, per_table, without) for p in sites)
    for table, (cpu, rows) in sorted(per_table.items(), key=lambda kv: -kv[1][0]):
        print(f"{table:24} {int(rows):>9,} rows  {cpu:6.2f} CPU-s")
    print(f"{'all tables':24} {'':>9}       {total:6.2f} CPU-s for {len(sites)} site databases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
