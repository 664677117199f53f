"""Backups of a PostgreSQL site (one schema) that restore: `pg_dump` when the machine has a client
that can dump this server, else a COPY export the program restores itself.

- **`.pgdump`** is `pg_dump --format=custom --schema=site_x`, restored with `pg_restore --single-transaction`
  after the schema is dropped; verified with `pg_restore --list` (it must list the site's tables' data).
- **`.pgcopy`** is a zip: `manifest.json` (format, site, schema, tables and their columns, row counts) and
  one CSV per table from `COPY ... TO STDOUT`. Restored in one transaction: the schema is dropped and
  recreated from `engine.store.schema`, each table filled with `COPY ... FROM STDIN`, and the ID sequences
  moved past the highest ID. Verified by reading it back: every table listed, every CSV's row count as
  recorded.

Either way the backup is taken inside one REPEATABLE READ snapshot (pg_dump's own; the COPY export opens
one), so it is consistent while ingestion writes.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from engine.store.base import StoreError
from engine.store.dialect import POSTGRES
from engine.store.schema import INDEXES, TABLES
from engine.store.secrets import mask_dsn

DUMP_SUFFIX = ".pgdump"
COPY_SUFFIX = ".pgcopy"
FORMAT = "statetrace-pgcopy-1"


def client_tool(name: str) -> str | None:
    """pg_dump / pg_restore: on PATH, else the newest Debian-style /usr/lib/postgresql/N/bin."""
    env = os.environ.get("STATETRACE_PG_BINDIR")
    if env and (Path(env) / name).exists():
        return str(Path(env) / name)
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                         if Path(p).parent.name.isdigit() else 0, reverse=True):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return None


def _run(argv: list[str], dsn: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"{Path(argv[0]).name} failed for {mask_dsn(dsn)}: {exc}") from exc


def dump_site(dsn: str, schema: str, dest: Path) -> str:
    """Write the backup of one site's schema to `dest`; returns the suffix its format calls for."""
    pg_dump = client_tool("pg_dump")
    if pg_dump is not None:
        done = _run([pg_dump, "--dbname", dsn, "--schema", schema, "--format", "custom", "--no-owner",
                     "--file", str(dest)], dsn)
        if done.returncode == 0:
            return DUMP_SUFFIX
        # An older client than the server ("server version mismatch") or no rights: export instead.
        dest.unlink(missing_ok=True)
    copy_export(dsn, schema, dest)
    return COPY_SUFFIX


def copy_export(dsn: str, schema: str, dest: Path) -> None:
    from engine.store.postgres import connect

    conn = connect(dsn, autocommit=False, application_name="statetrace backup")
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        present = {str(r[0]) for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))}
        manifest: dict[str, Any] = {"format": FORMAT, "schema": schema, "tables": {}}
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for table in TABLES:
                if table.name not in present:
                    continue
                columns = [str(r[0]) for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
                    "ORDER BY ordinal_position", (schema, table.name))]
                buffer = io.BytesIO()
                cols = ", ".join(POSTGRES.quote(c) for c in columns)
                with conn.cursor() as cur, cur.copy(
                        f'COPY "{schema}".{POSTGRES.quote(table.name)} ({cols}) TO STDOUT WITH (FORMAT csv, HEADER)'
                ) as copy:
                    for block in copy:
                        buffer.write(block)
                rows = int(conn.execute(f'SELECT COUNT(*) FROM "{schema}".{POSTGRES.quote(table.name)}').fetchone()[0])
                zf.writestr(f"{table.name}.csv", buffer.getvalue())
                manifest["tables"][table.name] = {"columns": columns, "rows": rows}
            zf.writestr("manifest.json", json.dumps(manifest, indent=1))
        conn.rollback()
    finally:
        conn.close()


def verify_backup(path: Path) -> list[str]:
    """Problems found in a backup file (empty: it is complete and restorable as far as can be told)."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(5)
    except OSError as exc:
        return [f"{path.name}: {exc}"]
    if magic == b"PGDMP":  # pg_dump's custom format (the name may still be a .partial)
        pg_restore = client_tool("pg_restore")
        if pg_restore is None:
            return [f"{path.name}: pg_restore is not installed, the dump cannot be checked"]
        done = _run([pg_restore, "--list", str(path)], "")
        if done.returncode != 0:
            return [f"{path.name}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'unreadable'}"]
        if "TABLE DATA" not in done.stdout or "DeviceSummary" not in done.stdout:
            return [f"{path.name}: the dump holds no site tables"]
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad:
                return [f"{path.name}: {bad} is damaged"]
            manifest = json.loads(zf.read("manifest.json"))
            if manifest.get("format") != FORMAT or "DeviceSummary" not in manifest.get("tables", {}):
                return [f"{path.name}: not a StateTrace PostgreSQL export"]
            for table, info in manifest["tables"].items():
                lines = zf.read(f"{table}.csv").decode("utf-8")
                count = sum(1 for _ in csv.reader(io.StringIO(lines))) - 1
                if count != int(info["rows"]):
                    return [f"{path.name}: {table} has {count} rows, the manifest says {info['rows']}"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return [f"{path.name}: {exc}"]
    return []


def restore_backup(dsn: str, schema: str, path: Path) -> None:
    """Replace the site's schema with the backup's content, all or nothing."""
    from engine.store.postgres import advisory_key, connect

    with path.open("rb") as fh:
        is_dump = fh.read(5) == b"PGDMP"
    if is_dump:
        pg_restore = client_tool("pg_restore")
        if pg_restore is None:
            raise StoreError("pg_restore is not installed: this .pgdump backup cannot be restored here")
        conn = connect(dsn, autocommit=False, application_name="statetrace restore")
        try:  # the site's writers wait on its advisory lock while the schema is swapped
            conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key(schema),))
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.commit()
            done = _run([pg_restore, "--dbname", dsn, "--single-transaction", "--no-owner", str(path)], dsn)
            if done.returncode != 0:
                raise StoreError(f"pg_restore failed: {done.stderr.strip()[-400:]}")
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (advisory_key(schema),))
            conn.commit()
            conn.close()
        return
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        conn = connect(dsn, autocommit=False, application_name="statetrace restore")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (advisory_key(schema),))
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.execute(f'CREATE SCHEMA "{schema}"')
            conn.execute(f'SET LOCAL search_path TO "{schema}"')
            for table in TABLES:
                conn.execute(POSTGRES.create_table(table))
            for table, info in manifest["tables"].items():
                cols = ", ".join(POSTGRES.quote(c) for c in info["columns"])
                with conn.cursor() as cur, cur.copy(
                        f"COPY {POSTGRES.quote(table)} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER)") as copy:
                    copy.write(zf.read(f"{table}.csv"))
                if "ID" in info["columns"]:
                    conn.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'ID'), "
                                 f'COALESCE((SELECT MAX("ID") FROM {POSTGRES.quote(table)}), 0) + 1, false)',
                                 (f'"{schema}".{POSTGRES.quote(table)}',))
            for index in INDEXES:
                conn.execute(POSTGRES.create_index(index))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()


def amcheck_findings(execute: Any, site: str) -> list[str] | None:
    """B-tree checks of the site's indexes with the amcheck extension; None when it cannot be used."""
    try:
        present = execute(site, "SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
        if not present:
            execute(site, "CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public")
    except Exception:  # noqa: BLE001 - not installed on the server, or no right to create it
        return None
    indexes = execute(site, (
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
        "WHERE n.nspname = current_schema() AND a.amname = 'btree' ORDER BY 1"))
    findings: list[str] = []
    for (name,) in indexes:
        try:
            execute(site, f"SELECT public.bt_index_check('\"{name}\"'::regclass, true)")
        except Exception as exc:  # noqa: BLE001 - the finding itself
            findings.append(f"index {name}: {str(exc).strip().splitlines()[0]}")
    return findings


def bloated_indexes(execute: Any, site: str, min_density: float = 50.0) -> list[str]:
    """B-tree indexes whose leaf pages are less than `min_density` % full (pgstattuple's pgstatindex);
    [] when the extension cannot be used. Small indexes (< 1 MB) are left alone."""
    try:
        if not execute(site, "SELECT 1 FROM pg_extension WHERE extname = 'pgstattuple'"):
            execute(site, "CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public")
        rows = execute(site, (
            "SELECT c.relname, (public.pgstatindex(c.oid)).avg_leaf_density FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = current_schema() AND a.amname = 'btree' "
            "AND pg_relation_size(c.oid) >= 1048576"))
    except Exception:  # noqa: BLE001 - no pgstattuple: nothing is rebuilt on a guess
        return []
    return [str(name) for name, density in rows if density is not None and float(density) < min_density]
