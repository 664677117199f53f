#!/usr/bin/env python3
"""Store benchmark with every backend that runs here: starts a throwaway PostgreSQL cluster (and a
private odbcinst.ini without driver logs), runs `statetrace-cli bench-stores`, stops the cluster.

    .venv/bin/python scripts/bench_stores.py [--hosts 40 --ports 48 --runs 3 --json]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg_test_server  # noqa: E402


def main(argv: list[str]) -> int:
    odbc_dir = Path(tempfile.mkdtemp(prefix="st-odbcinst-"))
    pg_test_server.write_odbcinst(odbc_dir)
    os.environ["ODBCSYSINI"] = str(odbc_dir)
    from engine.cli import main as cli

    args = ["bench-stores", *argv]
    backends = "sqlite,odbc,odbc-staged,postgresql"
    cluster = None
    if "--dsn" not in argv:
        if pg_test_server.pg_bindir() is None:
            print("PostgreSQL binaries not found: benchmarking without it", file=sys.stderr)
            backends = "sqlite,odbc,odbc-staged"
        else:
            cluster = pg_test_server.start_cluster()
            args += ["--dsn", cluster.dsn]
    if "--backends" not in argv:
        args += ["--backends", backends]
    try:
        return cli(args)
    finally:
        if cluster is not None:
            cluster.destroy()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
