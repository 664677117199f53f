#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster on loopback for tests and benchmarks.

`initdb` + `pg_ctl` (as the `postgres` user when run as root, since initdb refuses root) into a temp
folder, a free port, `listen_addresses=127.0.0.1`, sockets kept inside the folder, password auth on
TCP so wrong-password cases are real. Also writes a private `odbcinst.ini` (CommLog=0, Debug=0) for
`ODBCSYSINI`, because Debian's psqlODBC entry logs every connection to /tmp.

    python scripts/pg_test_server.py start   # prints DSN=... and DIR=...; the server keeps running
    python scripts/pg_test_server.py stop DIR
"""

from __future__ import annotations

import configparser
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "statetrace-test"


def pg_bindir() -> Path | None:
    """Where initdb/pg_ctl/postgres live, or None when PostgreSQL is not installed."""
    env = os.environ.get("PG_BINDIR")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for c in candidates:
        if c and all((Path(c) / b).exists() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_odbcinst(folder: Path, source: Path = Path("/etc/odbcinst.ini")) -> Path:
    """A copy of the system driver list with driver logging off; point ODBCSYSINI at `folder`."""
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.optionxform = str  # type: ignore[assignment,method-assign]
    if source.is_file():
        cfg.read(source)
    if not cfg.has_section("SQLite3"):
        cfg["SQLite3"] = {"Description": "SQLite3 ODBC Driver", "Driver": "libsqlite3odbc.so",
                          "Setup": "libsqlite3odbc.so"}
    for section in cfg.sections():
        cfg[section]["CommLog"] = "0"
        cfg[section]["Debug"] = "0"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "odbcinst.ini"
    with open(path, "w") as fh:
        cfg.write(fh)
    return path


@dataclass
class Cluster:
    folder: Path
    port: int
    bindir: Path
    as_postgres: bool

    @property
    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres password={PASSWORD} dbname=statetrace"

    def dsn_for(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres password={PASSWORD} dbname={dbname}"

    def _run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "30",
                  "-o", f"-p {self.port}", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        out = self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", dbname,
                        "-v", "ON_ERROR_STOP=1", "-Atc", sql) if (self.bindir / "psql").exists() else None
        return out.stdout if out else ""

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(base: Path | None = None) -> Cluster:
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="st-pg-", dir=base))
    as_postgres = os.geteuid() == 0
    if as_postgres:
        ent = pwd.getpwnam("postgres")
        os.chown(folder, ent.pw_uid, ent.pw_gid)
    os.chmod(folder, 0o700)
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_postgres:
        os.chown(pwfile, ent.pw_uid, ent.pw_gid)
    last_error = ""
    for _ in range(5):
        cluster = Cluster(folder, free_port(), bindir, as_postgres)
        if not cluster.data.exists():
            cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth-local=trust",
                         "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync")
            with open(cluster.data / "postgresql.conf", "a") as fh:
                fh.write("\nlisten_addresses = '127.0.0.1'\n"
                         f"unix_socket_directories = '{folder}'\n"
                         # fsync off is safe against the server being killed (the OS still has the
                         # files); synchronous_commit must stay on, or an immediate stop loses
                         # transactions the client saw committed, which the crash tests detect.
                         "fsync = off\nsynchronous_commit = on\nfull_page_writes = off\n"
                         "max_connections = 60\nshared_buffers = 64MB\nlog_min_messages = warning\n")
        try:
            cluster.start()
        except subprocess.CalledProcessError as exc:
            last_error = (exc.stderr or "") + (folder / "server.log").read_text(errors="replace")[-2000:]
            continue
        _create_database(cluster)
        return cluster
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"could not start a PostgreSQL test cluster: {last_error}")


def _create_database(cluster: Cluster) -> None:
    import psycopg

    deadline = time.monotonic() + 20
    while True:
        try:
            with psycopg.connect(cluster.dsn_for("postgres"), autocommit=True, connect_timeout=5) as conn:
                conn.execute("CREATE DATABASE statetrace")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "start":
        c = start_cluster()
        print(f"DSN={c.dsn}")
        print(f"DIR={c.folder}")
        print(f"PORT={c.port}")
        print(f"ODBCSYSINI={write_odbcinst(c.folder / 'odbc')}".rsplit("/", 1)[0])
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        folder = Path(argv[1])
        bindir = pg_bindir()
        if bindir is None:
            return 1
        Cluster(folder, 0, bindir, os.geteuid() == 0).destroy()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
