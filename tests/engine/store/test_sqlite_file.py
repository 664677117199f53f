"""A SQLite site file is created whole (0600, schema committed) and checked before it is written into."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from engine.model import DeviceFacts, PortFacts
from engine.store.schema import SCHEMA_VERSION
from engine.store.sqlite import DamagedDatabase, SqliteSiteStore
from engine.store.sqlite_file import (
    CLEAN_STAMP_SUFFIX,
    STAMPS_TRUSTED,
    clean_since_close,
    create_atomically,
    record_clean_close,
    sqlite_header_problems,
)


def facts(host: str, n: int = 4) -> DeviceFacts:
    return DeviceFacts(hostname=host, vendor="Cisco", model="C9300",
                       ports=[PortFacts(port=f"Gi1/0/{i}", status="connected", vlan=10, config="x" * 400)
                              for i in range(1, n + 1)])


def filled(tmp_path: Path, hosts: int = 40) -> Path:
    db = tmp_path / "WLLS.sqlite"
    store = SqliteSiteStore(db)
    for h in range(hosts):
        store.write_host(facts(f"WLLS-{h:03d}", 24), "WLLS", datetime(2026, 1, 6))
    store.close()
    assert not db.with_name(db.name + "-wal").exists() or db.with_name(db.name + "-wal").stat().st_size == 0
    return db


def test_new_database_is_private_and_complete_with_no_build_file_left(tmp_path: Path) -> None:
    db = tmp_path / "site" / "WLLS.sqlite"
    SqliteSiteStore(db).close()
    if os.name == "posix":
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT MAX(Version) FROM SchemaVersion").fetchone()[0] == SCHEMA_VERSION
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.startswith("WLLS.sqlite")) == []


def test_a_build_that_fails_leaves_no_file_under_the_name(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"

    def build(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE DeviceSummary (Hostname TEXT)")
        raise OSError("disk full")

    with pytest.raises(OSError):
        create_atomically(db, build)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_process_killed_while_building_leaves_no_database_and_the_next_open_heals(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"
    code = ("import os, signal, sqlite3, sys\n"
            "from pathlib import Path\n"
            "from engine.store.sqlite_file import create_atomically\n"
            "def build(conn):\n"
            "    conn.execute('CREATE TABLE DeviceSummary (Hostname TEXT)')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            "create_atomically(Path(sys.argv[1]), build)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(db)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert not db.exists() and any(p.name.startswith(".WLLS.sqlite.new-") for p in tmp_path.iterdir())
    store = SqliteSiteStore(db)
    store.write_host(facts("WLLS-A"), "WLLS", datetime(2026, 1, 6))
    store.close()
    assert not any(p.name.startswith(".WLLS.sqlite.new-") for p in tmp_path.iterdir())


def test_a_file_left_with_no_tables_gets_the_schema(tmp_path: Path) -> None:
    db = tmp_path / "WLLS.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    store = SqliteSiteStore(db)
    assert store.write_host(facts("WLLS-A"), "WLLS", datetime(2026, 1, 6)).inserted == 4
    store.close()


def _damage_header(db: Path) -> None:
    with open(db, "r+b") as fh:
        fh.write(b"\x00" * 100)


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _garbage_mid_file(db: Path) -> None:
    size = db.stat().st_size
    assert size > 64 * 1024
    with open(db, "r+b") as fh:
        fh.seek((size // 2) // 4096 * 4096)
        fh.write(os.urandom(8192))


def _foreign(db: Path) -> None:
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")


def _garbage_mid_file_times_kept(db: Path) -> None:
    """What a careless tool may do: write into the file and put its timestamps back."""
    before = db.stat()
    _garbage_mid_file(db)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("damage", [_damage_header, _empty, _garbage_mid_file, _garbage_mid_file_times_kept,
                                    _foreign],
                         ids=["overwritten-header", "emptied", "8KiB-garbage-mid-file", "garbage-times-kept",
                              "foreign-schema"])
def test_damage_is_refused_before_anything_is_written(tmp_path: Path, damage) -> None:
    db = filled(tmp_path)
    damage(db)
    before = db.read_bytes()
    with pytest.raises(DamagedDatabase) as info:
        SqliteSiteStore(db)
    assert str(db) in str(info.value) and "maintain --restore WLLS" in str(info.value)
    assert db.read_bytes() == before


@pytest.mark.skipif(not STAMPS_TRUSTED, reason="no stamps where st_ctime is the creation time (Windows)")
def test_only_a_file_as_the_last_clean_close_left_it_skips_quick_check(tmp_path: Path) -> None:
    """The stamp a clean close leaves is taken by the next writer's open; a touched file, a stale stamp or
    frames in the WAL mean the check runs."""
    db = filled(tmp_path, hosts=4)
    stamp = db.with_name(db.name + CLEAN_STAMP_SUFFIX)
    assert stamp.is_file()
    store = SqliteSiteStore(db)
    assert not stamp.exists()  # a writer has it open: a kill from here on leaves no stamp
    store.write_host(facts("WLLS-900"), "WLLS", datetime(2026, 1, 7))
    store.close()
    assert clean_since_close(db) and not clean_since_close(db)  # taken once

    assert record_clean_close(db)
    st = db.stat()
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert not clean_since_close(db)

    assert record_clean_close(db)
    text = stamp.read_text(encoding="utf-8")
    closed = text.split('"closed": ')[1].rstrip("}")
    stamp.write_text(text.replace(closed, str(float(closed) - 2 * 86400)), encoding="utf-8")
    os.utime(stamp)
    assert not clean_since_close(db)

    assert record_clean_close(db)
    reader = sqlite3.connect(db)
    reader.execute("PRAGMA wal_autocheckpoint=0")
    reader.execute("INSERT INTO DeviceSummary (Hostname) VALUES ('WLLS-901')")
    reader.commit()
    try:
        assert not clean_since_close(db)  # the WAL holds a commit the stamp knows nothing of
        assert not record_clean_close(db)  # and a close with another connection's frames left is no stamp
    finally:
        reader.close()


@pytest.mark.skipif(not STAMPS_TRUSTED, reason="no stamps where st_ctime is the creation time (Windows)")
def test_the_last_of_several_writer_connections_stamps_the_file(tmp_path: Path) -> None:
    """Each writer thread has its own connection to a site; only the last one closed stamps the file (an
    earlier close cannot speak for frames the other connection may still write)."""
    db = filled(tmp_path, hosts=2)
    stamp = db.with_name(db.name + CLEAN_STAMP_SUFFIX)
    first, second = SqliteSiteStore(db), SqliteSiteStore(db)
    first.write_host(facts("WLLS-900"), "WLLS", datetime(2026, 1, 7))
    first.close()
    assert not stamp.exists()
    second.write_host(facts("WLLS-901"), "WLLS", datetime(2026, 1, 7))
    second.close()
    assert stamp.is_file() and clean_since_close(db)


def test_a_writer_that_saw_sqlite_report_damage_leaves_no_stamp(tmp_path: Path) -> None:
    db = filled(tmp_path, hosts=2)
    store = SqliteSiteStore(db)
    store._note_error(sqlite3.IntegrityError("UNIQUE constraint failed"))  # a constraint: no doubt cast
    store._note_error(sqlite3.DatabaseError("database disk image is malformed"))
    store.close()
    assert not db.with_name(db.name + CLEAN_STAMP_SUFFIX).exists() and not clean_since_close(db)


def test_no_stamp_is_trusted_where_the_change_time_is_the_creation_time(tmp_path: Path, monkeypatch) -> None:
    import engine.store.sqlite_file as sqlite_file

    db = filled(tmp_path, hosts=2)
    monkeypatch.setattr(sqlite_file, "STAMPS_TRUSTED", False)
    assert not record_clean_close(db) and not db.with_name(db.name + CLEAN_STAMP_SUFFIX).exists()
    monkeypatch.setattr(sqlite_file, "STAMPS_TRUSTED", True)
    assert record_clean_close(db) or not STAMPS_TRUSTED
    monkeypatch.setattr(sqlite_file, "STAMPS_TRUSTED", False)
    assert not clean_since_close(db)


CHURN = """
import os, sqlite3, sys
path, cycles = sys.argv[1], int(sys.argv[2])
for i in range(cycles):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?)", [(os.urandom(3000),)] * 50)
    conn.execute("COMMIT")
    conn.close()  # the last connection: its checkpoint grows the file page by page, then deletes the WAL
    print(i, flush=True)
"""


def test_a_file_being_checkpointed_by_another_connection_is_not_called_corrupt(tmp_path: Path) -> None:
    """Another connection closing last (a writer thread's idle connection, the window's device view)
    checkpoints the WAL into the file and deletes the WAL: a store opened meanwhile saw the file short of
    its header's page count with no WAL left, called it truncated and marked the site corrupt."""
    db = tmp_path / "WLLS.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t(b BLOB)")
    conn.commit()
    conn.close()
    churn = subprocess.Popen([sys.executable, "-c", CHURN, str(db), "200"], stdout=subprocess.PIPE, text=True)
    verdicts: list[str] = []
    checks = 0
    try:
        while churn.poll() is None:
            verdicts += sqlite_header_problems(db)
            checks += 1
    finally:
        churn.wait(120)
    assert churn.returncode == 0
    assert checks > 100  # the checks overlapped the checkpoints (however slow either side ran)
    assert verdicts == []
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
