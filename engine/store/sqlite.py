"""The embedded default store: one SQLite file per site through the standard library, in WAL mode."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from engine.model import DeviceFacts
from engine.store.base import SourceMap, SourceStamp, StoreBusy, StoreError, WriteResult
from engine.store.checkpoint import JOURNAL_SIZE_LIMIT_BYTES, WAL_HARD_LIMIT_BYTES, Checkpointer, wal_size
from engine.store.dialect import SQLITE
from engine.store.sql_store import SqlSiteStore
from engine.store.sqlite_file import (
    SQLITE_HEADER,
    DamagedDatabase,
    check_after_open,
    check_before_open,
    create_atomically,
    damaged,
    note_writer_closed,
    note_writer_open,
)
from engine.store.staged import write_host_staged

__all__ = ["SQLITE_HEADER", "DamagedDatabase", "SqliteSiteStore", "table_indexes"]


class _SqliteCatalog(SqlSiteStore):
    """What the schema code asks of a SQLite connection (also used on a file still being built)."""

    conn: sqlite3.Connection

    def existing_tables(self) -> set[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return {r[0] for r in rows}

    def table_columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute("SELECT * FROM pragma_table_info(?)", (table,)).fetchall()]

    def existing_indexes(self) -> set[tuple[str, tuple[str, ...]]]:
        return table_indexes(self.conn)

    def ensure_schema(self) -> None:
        with sort_on_disk(self.conn):  # it may build an index over a whole table
            super().ensure_schema()
        ensure_search_index(self.conn)


@contextmanager
def sort_on_disk(conn: sqlite3.Connection) -> Iterator[None]:
    """Sort into temporary files, not memory, for an index built over a whole table: with temp_store=MEMORY
    a CREATE INDEX over 1.7 million sightings held 100 MB more and took twice the CPU (2.4 vs 1.2 s;
    docs/performance.md, issue 12, session 25). The files go to the OS's temp directory."""
    conn.execute("PRAGMA temp_store=FILE")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # staying on files is harmless
            conn.execute("PRAGMA temp_store=MEMORY")


# Page cache per writer connection, KiB (env STATETRACE_SQLITE_CACHE_KIB). A run keeps one writer
# connection per site open, so ten sites hold ten of these (docs/reliability.md, memory).
CACHE_KIB = int(os.environ.get("STATETRACE_SQLITE_CACHE_KIB", "2000"))


# Find's index of ports and descriptions: an FTS5 trigram table of (Port, Name) per Interfaces row, so a
# search for "1/0/4" or a word of a description never scans the table. Kept up to date in bulk, not per
# row. The backlog is every row above the highest indexed ID (new rows: IDs only grow past it, so inserts
# need no trigger; a per-row trigger was 55% of the cost of an Interfaces insert, see docs/performance.md)
# plus the IDs that triggers note in InterfaceSearchPending when a row's Port or Name changes or a row is
# deleted. `flush_search_index` re-indexes the backlog in one transaction when the writer closes the site
# or the backlog passes SEARCH_FLUSH_ROWS. Per-host FTS updates cost 8x the CPU of the rows themselves
# (one index segment per commit); one flush per run costs about as much as writing the rows once.
# Find reads the backlog with LIKE (`SEARCH_BACKLOG`), so nothing written is ever missing from a search.
# An SQLite built without FTS5 gets no index, and find falls back to LIKE.
SEARCH_TABLE = "InterfaceSearch"
SEARCH_PENDING = "InterfaceSearchPending"
SEARCH_FLUSH_ROWS = 100_000
# The highest ID the index holds (0 when empty): every Interfaces row above it is not indexed yet.
SEARCH_MARK = f'COALESCE((SELECT MAX(rowid) FROM "{SEARCH_TABLE}"), 0)'
# Interfaces rows the index does not reflect yet (a condition on the table's own columns).
SEARCH_BACKLOG = f'("ID" > {SEARCH_MARK} OR "ID" IN (SELECT "ID" FROM "{SEARCH_PENDING}"))'
_SEARCH_DDL = (
    f'CREATE VIRTUAL TABLE "{SEARCH_TABLE}" USING fts5("Port", "Name", tokenize=\'trigram\')',
    f'CREATE TABLE IF NOT EXISTS "{SEARCH_PENDING}" ("ID" INTEGER PRIMARY KEY)',
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_ad" AFTER DELETE ON "Interfaces" BEGIN '
    f'INSERT OR IGNORE INTO "{SEARCH_PENDING}" ("ID") VALUES (old."ID"); END',
    f'CREATE TRIGGER IF NOT EXISTS "{SEARCH_TABLE}_au" AFTER UPDATE OF "Port", "Name" ON "Interfaces" BEGIN '
    f'INSERT OR IGNORE INTO "{SEARCH_PENDING}" ("ID") VALUES (new."ID"); END',
)
# Schema 7 left out the insert trigger of earlier databases (the mark covers new rows).
_OLD_INSERT_TRIGGER = f'DROP TRIGGER IF EXISTS "{SEARCH_TABLE}_ai"'


def ensure_search_index(conn: sqlite3.Connection) -> bool:
    """Create the search index (its backlog holding every row already there) unless it exists; False
    when this SQLite has no FTS5 trigram tokenizer (before 3.34, or built without FTS5)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)).fetchone()
    if exists:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (f"{SEARCH_TABLE}_ai",)).fetchone():
            _retire_insert_trigger(conn)
        return True
    try:
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        for statement in _SEARCH_DDL:
            conn.execute(statement)
        conn.commit()
    except sqlite3.OperationalError as exc:
        conn.rollback()
        if "fts5" in str(exc).lower() or "tokenizer" in str(exc).lower():
            return False
        raise
    return True


def _retire_insert_trigger(conn: sqlite3.Connection) -> None:
    """A database from before schema 7: its pending rows at or below the mark stay pending; rows above it
    are backlog by the mark itself, so the trigger can go."""
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
    conn.execute(_OLD_INSERT_TRIGGER)
    conn.commit()


def search_backlog(conn: sqlite3.Connection) -> int:
    """How many Interfaces rows the search index does not reflect yet (0 without the index)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (SEARCH_PENDING,)).fetchone() is None:
        return 0
    return int(conn.execute(f'SELECT COUNT(*) FROM "Interfaces" WHERE "ID" > {SEARCH_MARK}').fetchone()[0]) + int(
        conn.execute(f'SELECT COUNT(*) FROM "{SEARCH_PENDING}"').fetchone()[0])


def flush_search_index(conn: sqlite3.Connection) -> int:
    """Index the rows written since the last flush, in one transaction; returns how many were pending."""
    pending = search_backlog(conn)
    if pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            mark = int(conn.execute(f"SELECT {SEARCH_MARK}").fetchone()[0])
            conn.execute(f'DELETE FROM "{SEARCH_TABLE}" WHERE rowid IN (SELECT "ID" FROM "{SEARCH_PENDING}")')
            conn.execute(f'INSERT INTO "{SEARCH_TABLE}" (rowid, "Port", "Name") SELECT "ID", "Port", "Name" '
                         f'FROM "Interfaces" WHERE "ID" > ? OR "ID" IN (SELECT "ID" FROM "{SEARCH_PENDING}")',
                         (mark,))
            conn.execute(f'DELETE FROM "{SEARCH_PENDING}"')
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return pending


def _build_schema(conn: sqlite3.Connection) -> None:
    _SqliteCatalog(conn, SQLITE, "new database").ensure_schema()


class SqliteSiteStore(_SqliteCatalog):
    def __init__(self, path: Path, max_interfaces_per_batch: int = 0, busy_timeout_ms: int = 5000) -> None:
        if not check_before_open(path):
            try:
                create_atomically(path, _build_schema)
            except sqlite3.OperationalError as exc:
                raise translate_sqlite_error(exc, path) from exc
            except (OSError, sqlite3.DatabaseError) as exc:
                raise StoreError(f"cannot create {path}: {exc}") from exc
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=busy_timeout_ms / 1000,
                                   check_same_thread=True)
        except sqlite3.OperationalError as exc:
            raise translate_sqlite_error(exc, path) from exc
        try:
            # Read-only checks first: a damaged or foreign file must not get even the WAL flag written.
            tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            check_after_open(conn, path, tables)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            # Checkpoints run on a background thread (engine/store/checkpoint.py), not inside a commit.
            conn.execute("PRAGMA wal_autocheckpoint=0")
            conn.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT_BYTES}")
        except sqlite3.OperationalError as exc:
            conn.close()
            raise translate_sqlite_error(exc, path) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise damaged(path, str(exc)) from exc
        except StoreError:
            conn.close()
            raise
        super().__init__(conn, SQLITE, str(path), max_interfaces_per_batch)
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.checkpointer = Checkpointer(path, busy_timeout_ms / 1000)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.commit()
            self.ensure_schema()
            # A backlog left by an earlier writer (or a new index's first fill) is flushed when the run ends
            # or at close.
            self._unindexed = search_backlog(self.conn)
        except sqlite3.OperationalError as exc:
            self.rollback()
            conn.close()
            raise translate_sqlite_error(exc, path) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise damaged(path, str(exc)) from exc
        self.checkpointer.start()
        note_writer_open(path)
        self._held = True

    def write_host(self, facts: DeviceFacts, site: str, run_date: datetime,
                   source: SourceStamp | None = None) -> WriteResult:
        try:
            if self.max_batch and len(facts.ports) > self.max_batch and not self._older(facts, run_date, source):
                result = write_host_staged(self, facts, site, run_date, self.max_batch, self.begin, source)
            else:
                result = super().write_host(facts, site, run_date, source)
        except sqlite3.DatabaseError as exc:
            self._note_error(exc)
            raise
        self._after_commit()
        self._unindexed += result.inserted + result.updated + result.deleted
        if self._unindexed >= SEARCH_FLUSH_ROWS:
            self.flush_search()
        return result

    _unindexed = 0  # rows written since the search index was last brought up to date (an estimate)

    def flush_search(self) -> None:
        """Bring the search index up to date (the writer's end of a site's work, or a big backlog)."""
        try:
            flush_search_index(self.conn)
        except sqlite3.OperationalError as exc:
            raise translate_sqlite_error(exc, self.path) from exc
        self._unindexed = 0

    def _older(self, facts: DeviceFacts, run_date: datetime, source: SourceStamp | None) -> bool:
        """Before staging a big host: an older capture takes the (short) history-only path instead."""
        self.begin()
        try:
            return self.older_than_stored(self.conn.cursor(), (source.host if source else "") or facts.hostname,
                                          run_date)
        finally:
            self.conn.commit()

    def _after_commit(self) -> None:
        self.checkpointer.poke()
        if wal_size(self.path) > WAL_HARD_LIMIT_BYTES:
            # SQLite restarts the WAL only when a transaction begins with every frame copied back, which a
            # checkpoint chasing a busy writer rarely sees: here, between two hosts, the writer copies the
            # few frames left (waiting for a background pass in progress) so its next transaction restarts
            # the WAL, truncated to JOURNAL_SIZE_LIMIT_BYTES.
            with self.checkpointer.running:
                try:
                    # A reader (the window's device view) may hold the WAL: wait for it briefly, not 5 s.
                    self.conn.execute("PRAGMA busy_timeout=1000")
                    self.conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
                except sqlite3.Error:
                    pass
                finally:
                    self.conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")

    def settle(self) -> None:
        """The end of a run: the search index brought up to date as a closed writer leaves it, while the
        connection stays cached (a window keeps it ConnectionCacheTtlMinutes)."""
        try:
            if self._unindexed:
                self.flush_search()
        except StoreError:
            pass  # busy or read-only now: the backlog stays and the next writer (or find's LIKE) covers it

    _held = False  # counted among this process's open writers of the file (`note_writer_open`)
    _suspect = False  # SQLite reported something other than busy or a constraint: no clean stamp at close

    def _note_error(self, exc: sqlite3.DatabaseError) -> None:
        if not isinstance(exc, (sqlite3.OperationalError, sqlite3.IntegrityError)):
            self._suspect = True  # "database disk image is malformed" and its kind

    def close(self) -> None:
        clean = False
        try:
            try:
                self.settle()
            finally:
                self.checkpointer.stop()
                super().close()
            clean = True
        finally:
            if self._held:
                self._held = False
                # The last writer's clean close stamps the file, so the next run's open skips quick_check.
                note_writer_closed(self.path, stamp=clean and not self._suspect)

    # -- group commit ---------------------------------------------------------------------------------
    _group = False  # inside write_hosts: each host is a savepoint of the group's transaction

    def begin(self) -> None:
        try:
            self.conn.execute("SAVEPOINT host" if self._group else "BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise translate_sqlite_error(exc, self.path) from exc

    def commit_host(self) -> None:
        if self._group:
            self.conn.execute("RELEASE SAVEPOINT host")
        else:
            self.conn.commit()

    def rollback(self) -> None:
        if not self._group:
            super().rollback()
            return
        try:  # this host only: the group's other hosts stay
            self.conn.execute("ROLLBACK TO SAVEPOINT host")
            self.conn.execute("RELEASE SAVEPOINT host")
        except sqlite3.Error:
            pass

    def write_hosts(self, items: Sequence[tuple[DeviceFacts, str, datetime, SourceStamp | None]]
                    ) -> list[WriteResult | Exception]:
        """Several hosts of this site in one transaction, each one a savepoint: a host that fails is
        rolled back alone and returned as its exception, the others commit together. One COMMIT per
        group instead of per host is most of the writer's per-host overhead. Each result's latency is
        the whole transaction's (BEGIN to the end of COMMIT), the time its rows waited to be visible.
        Raises when the group as a whole fails (then nothing of it was written)."""
        if len(items) < 2 or any(self.max_batch and len(f.ports) > self.max_batch for f, *_ in items):
            out: list[WriteResult | Exception] = []
            for facts, site, run_date, source in items:
                try:
                    out.append(self.write_host(facts, site, run_date, source))
                except (sqlite3.DatabaseError, StoreError, ValueError, TypeError) as exc:
                    out.append(exc)
            return out
        t0 = time.perf_counter()
        self.begin()
        self._group = True
        results: list[WriteResult | Exception] = []
        try:
            for facts, site, run_date, source in items:
                try:
                    results.append(SqlSiteStore.write_host(self, facts, site, run_date, source))
                except (sqlite3.DatabaseError, StoreError, ValueError, TypeError) as exc:
                    results.append(exc)
                    if isinstance(exc, sqlite3.DatabaseError):
                        self._note_error(exc)
            self._group = False
            self.conn.commit()
        except BaseException as exc:
            self._group = False
            if isinstance(exc, sqlite3.DatabaseError):
                self._note_error(exc)
            super().rollback()
            if isinstance(exc, sqlite3.OperationalError):
                raise translate_sqlite_error(exc, self.path) from exc
            raise
        latency = (time.perf_counter() - t0) * 1000.0
        for r in results:
            if isinstance(r, WriteResult):
                r.latency_ms = latency
                r.phases_ms["GroupHosts"] = float(len(items))
                self._unindexed += r.inserted + r.updated + r.deleted
        self._after_commit()
        if self._unindexed >= SEARCH_FLUSH_ROWS:
            self.flush_search()
        return results


def table_indexes(conn: sqlite3.Connection) -> set[tuple[str, tuple[str, ...]]]:
    """(table, lower-case columns) of every index; names travel as parameters of the pragma table
    functions, so a table called `evil"); DROP TABLE ...` is just a name."""
    out: set[tuple[str, tuple[str, ...]]] = set()
    rows = conn.execute(
        "SELECT m.name, il.name FROM sqlite_master AS m, pragma_index_list(m.name) AS il "
        "WHERE m.type = 'table' ORDER BY m.name, il.seq").fetchall()
    for table, index in rows:
        cols = conn.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (index,)).fetchall()
        out.add((str(table), tuple(str(c[0]).lower() for c in cols)))
    return out


def translate_sqlite_error(exc: sqlite3.Error, where: object) -> StoreError:
    """The one SQLite busy/locked translation (the writer and maintenance both raise what it returns)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreBusy(f"{where} is locked by another program ({text})")
    return StoreError(f"{where}: {text}")


def read_sources(path: Path) -> SourceMap:
    """The recorded slice of every host, read-only (nothing is created; unreadable reads as empty, so
    those hosts are written again and the writer reports what is wrong with the file)."""
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return {}
    try:
        rows = conn.execute('SELECT "Hostname", "FileHash", "SourceLength" FROM "HostSource"').fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    return {str(h).lower(): (str(f or "").lower(), int(n or 0)) for h, f, n in rows}
