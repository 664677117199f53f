#!/usr/bin/env python3
"""Windows checks of the Access store (docs/windows-verification.md, "Stores (Access)").

    python scripts/ace_checks.py compare ACCESS_HOME SQLITE_HOME   # same rows per site? (RunDate ignored)
    python scripts/ace_checks.py fast-executemany FILE.accdb       # rows/s with fast_executemany off / on
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

ACE = "Driver={Microsoft Access Driver (*.mdb, *.accdb)};DBQ="


def _dump(conn: Any, quote: Any) -> dict[str, list[tuple[Any, ...]]]:
    from engine.store.schema import TABLES

    out = {}
    cur = conn.cursor()
    for table in TABLES:
        cols = [c.name for c in table.columns if c.kind not in ("counter", "datetime")]
        cur.execute(f"SELECT {', '.join(quote(c) for c in cols)} FROM {quote(table.name)}")
        out[table.name] = sorted(tuple("" if v is None else str(v) for v in r) for r in cur.fetchall())
    return out


def compare(access_home: Path, sqlite_home: Path) -> int:
    import pyodbc

    pyodbc.pooling = False
    bad = 0
    for acc in sorted((access_home / "data").glob("*/*.accdb")):
        lite = sqlite_home / "data" / acc.parent.name / (acc.stem + ".sqlite")
        a = _dump(pyodbc.connect(ACE + str(acc)), lambda n: f"[{n}]")
        b = _dump(sqlite3.connect(lite), lambda n: f'"{n}"')
        diff = [t for t in a if a[t] != b[t]]
        print(f"{acc.stem}: {'identical' if not diff else 'DIFFERENT: ' + ', '.join(diff)}")
        bad += bool(diff)
    return 1 if bad else 0


def fast_executemany(path: Path, rows: int = 2000) -> int:
    import pyodbc

    from engine.store.access import open_access_store

    pyodbc.pooling = False
    open_access_store(path).close()
    conn = pyodbc.connect(ACE + str(path), autocommit=False)
    cols = ["Hostname", "Port", "Name", "Status", "VLAN", "Config"]
    sql = f"INSERT INTO [Interfaces] ({', '.join(f'[{c}]' for c in cols)}) VALUES (?, ?, ?, ?, ?, ?)"
    for fast in (False, True):
        cur = conn.cursor()
        cur.fast_executemany = fast
        data = [(f"BENCH-{fast}", f"Gi1/0/{i}", f"User{i}", "connected", 10, "x" * 300) for i in range(rows)]
        t0 = time.perf_counter()
        cur.executemany(sql, data)
        dt = time.perf_counter() - t0
        cur.execute("SELECT COUNT(*) FROM [Interfaces] WHERE [Hostname] = ?", (f"BENCH-{fast}",))
        print(f"fast_executemany={fast}: {rows / dt:,.0f} rows/s, rows stored {cur.fetchone()[0]} of {rows}")
    conn.rollback()
    conn.close()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    if len(argv) == 2 and argv[0] == "fast-executemany":
        return fast_executemany(Path(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
