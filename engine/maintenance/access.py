"""Access (.accdb) maintenance: file-copy backups, DAO compaction in a COM apartment, ODBC index audit.

Compaction uses `DAO.DBEngine.120.CompactDatabase(src, tmp)` (JRO cannot open .accdb) in a dedicated
thread that initialises COM as single-threaded apartment and uninitialises it in `finally`: the Qt
GUI thread is already an STA and must never see COM set up differently, and pooled threads are
reused, so COM state must not leak. The compacted copy replaces the original with one atomic rename;
when anything fails after the original was touched, the pre-compaction backup is copied back.
pywin32 exists only on Windows, so every COM import is lazy and behind a platform check; tests inject
a fake `ComApi`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from engine.store.backend import IndexKey, SiteTarget, SpaceInfo, Unsupported
from engine.store.base import StoreBusy, StoreError
from engine.store.dialect import ACCESS
from engine.store.schema import Index

T = TypeVar("T")
DAO_PROGID = "DAO.DBEngine.120"
ACCESS_PAGE = 4096
ACCESS_LIMIT_BYTES = 2 * 1024**3  # the 2 GB file limit, system objects included
ACCESS_WARN_BYTES = 1500 * 1024**2  # legacy health check: warn above 1,500 MB
ACCESS_CRITICAL_BYTES = 1900 * 1024**2
_MAGIC = (b"Standard ACE DB", b"Standard Jet DB")
PARSER_CHECK_LIMIT = 256 * 1024**2  # access-parser reads the whole file; bigger files get header checks


class ComApi(Protocol):
    def initialize(self) -> None:
        """CoInitializeEx(COINIT_APARTMENTTHREADED) on the calling thread."""
        ...

    def uninitialize(self) -> None: ...

    def dispatch(self, progid: str) -> Any: ...


class PyWin32Com:
    """The real COM calls; constructing it off Windows raises Unsupported."""

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise Unsupported("Access compaction needs Windows with the Access Database Engine (DAO)")

    def initialize(self) -> None:
        import pythoncom

        pythoncom.CoInitializeEx(pythoncom.COINIT_APARTMENTTHREADED)

    def uninitialize(self) -> None:
        import pythoncom

        pythoncom.CoUninitialize()

    def dispatch(self, progid: str) -> Any:
        import win32com.client

        return win32com.client.Dispatch(progid)


def run_in_sta(com: ComApi, work: Callable[[ComApi], T], timeout: float | None = None) -> T:
    """Run `work` on a fresh thread inside its own COM single-threaded apartment and return its result.

    Every COM object `work` creates must be released before it returns (it runs before
    CoUninitialize); exceptions travel back to the caller.
    """
    box: dict[str, Any] = {}

    def body() -> None:
        try:
            com.initialize()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc
            return
        try:
            box["value"] = work(com)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc
        finally:
            com.uninitialize()

    thread = threading.Thread(target=body, name="statetrace-com-sta", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise StoreError("the COM worker did not finish in time")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def access_header_problems(path: Path) -> list[str]:
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError as exc:
        return [f"cannot read {path}: {exc}"]
    if size == 0:
        return [f"{path} is empty"]
    if not any(head[4:19] == magic for magic in _MAGIC):
        return [f"{path} has no Access/Jet header (overwritten or not a database)"]
    if size % ACCESS_PAGE:
        return [f"{path} is truncated: {size} bytes is not a whole number of {ACCESS_PAGE}-byte pages"]
    return []


def lock_file_in_use(db: Path) -> bool:
    """True when `<db>.laccdb` exists and cannot be removed (another program has the file open);
    an orphaned lock file left by a crash is removed, as Access itself does."""
    lock = db.with_suffix(".laccdb")
    if not lock.exists():
        return False
    try:
        lock.unlink()
    except PermissionError:
        return True
    except OSError:
        return lock.exists()
    return False


def _replace_with_copy(source: Path, dest: Path) -> None:
    tmp = dest.with_name(dest.name + ".restore-tmp")
    shutil.copy2(source, tmp)
    os.replace(tmp, dest)


class AccessBackend:
    name = "access"
    suffix = ".accdb"
    dialect = ACCESS

    def __init__(self, com: ComApi | None = None, connect: Callable[[Path], Any] | None = None,
                 com_timeout: float | None = 3600.0) -> None:
        self._com = com
        self._connect = connect
        self.com_timeout = com_timeout

    def sites(self) -> Iterable[str]:
        return ()

    @property
    def com(self) -> ComApi:
        if self._com is None:
            self._com = PyWin32Com()
        return self._com

    @staticmethod
    def _path(target: SiteTarget) -> Path:
        assert target.path is not None
        return target.path

    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        return SpaceInfo(self._path(target).stat().st_size)  # Access cannot tell its free space cheaply

    def backup(self, target: SiteTarget, dest: Path) -> None:
        path = self._path(target)
        if lock_file_in_use(path):
            raise StoreBusy(f"{path} is open in another program ({path.with_suffix('.laccdb').name} in use)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)

    def verify_copy(self, path: Path) -> list[str]:
        problems = access_header_problems(path)
        if problems:
            return problems
        if sys.platform == "win32" or self._com is not None:
            return self._dao_open_check(path)
        if path.stat().st_size <= PARSER_CHECK_LIMIT:
            return _parser_check(path)
        return []

    def integrity(self, target: SiteTarget, quick: bool = False) -> list[str]:
        return self.verify_copy(self._path(target))

    def _dao_open_check(self, path: Path) -> list[str]:
        def work(com: ComApi) -> list[str]:
            engine = com.dispatch(DAO_PROGID)
            try:
                db = engine.OpenDatabase(str(path), False, True)  # shared, read-only
                try:
                    names = [td.Name for td in db.TableDefs]
                finally:
                    db.Close()
                    del db
            finally:
                del engine
            return [] if "DeviceSummary" in names else [f"{path}: no DeviceSummary table"]

        try:
            return run_in_sta(self.com, work, self.com_timeout)
        except Unsupported:
            raise
        except Exception as exc:  # noqa: BLE001 - DAO raises pywintypes.com_error
            return [f"{path}: DAO could not open it: {exc}"]

    def compact_unavailable(self) -> str:
        try:
            self.com  # noqa: B018 - constructing the COM layer is the probe
        except Unsupported as exc:
            return str(exc)
        return ""

    def compact(self, target: SiteTarget, backup: Path | None) -> None:
        """DAO CompactDatabase into `<db>.compact-tmp.accdb`, then an atomic swap; never JRO."""
        path = self._path(target)
        if lock_file_in_use(path):
            raise StoreBusy(f"{path} is open in another program; compaction needs exclusive access")
        tmp = path.with_name(path.stem + ".compact-tmp" + path.suffix)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()  # DAO refuses an existing destination
        com = self.com

        def work(api: ComApi) -> None:
            engine = api.dispatch(DAO_PROGID)
            try:
                engine.CompactDatabase(str(path), str(tmp))
            finally:
                del engine

        touched = False
        try:
            run_in_sta(com, work, self.com_timeout)
            problems = access_header_problems(tmp) if tmp.exists() else [f"DAO wrote no {tmp.name}"]
            if problems:
                raise StoreError(f"compacted copy rejected: {problems[0]}")
            touched = True
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            damaged = touched or not path.exists() or bool(access_header_problems(path))
            if damaged and backup is not None and backup.is_file():
                _replace_with_copy(backup, path)
                raise StoreError(f"Access compaction failed ({exc}); the backup {backup.name} was restored") \
                    from exc
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"Access compaction failed: {exc}") from exc

    # -- index audit through ODBC (the Access ODBC driver reports indexes via SQLStatistics) ----------
    def _open(self, path: Path) -> Any:
        if self._connect is not None:
            return self._connect(path)
        if sys.platform != "win32":
            raise Unsupported("the Access index audit needs the Access ODBC driver (Windows)")
        import pyodbc

        return pyodbc.connect(f"Driver={{Microsoft Access Driver (*.mdb, *.accdb)}};DBQ={path};", autocommit=True)

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        conn = self._open(self._path(target))
        try:
            cur = conn.cursor()
            tables = {str(r[2]) for r in cur.tables(tableType="TABLE").fetchall()}
            found: set[IndexKey] = set()
            for table in tables:
                columns: dict[str, list[tuple[int, str]]] = {}
                for row in cur.statistics(table).fetchall():
                    if row[5] is None or row[8] is None:
                        continue  # the table-statistics row
                    columns.setdefault(str(row[5]), []).append((int(row[7]), str(row[8]).lower()))
                for cols in columns.values():
                    found.add((table, tuple(c for _, c in sorted(cols))))
            return tables, found
        finally:
            conn.close()

    def create_index(self, target: SiteTarget, index: Index) -> None:
        conn = self._open(self._path(target))
        try:
            conn.cursor().execute(self.dialect.create_index(index))
            with contextlib.suppress(Exception):
                conn.commit()
        finally:
            conn.close()


def _parser_check(path: Path) -> list[str]:
    try:
        from access_parser import AccessParser

        db = AccessParser(str(path))
        names = set(db.catalog)
    except Exception as exc:  # noqa: BLE001 - access-parser reports damage as ValueError/KeyError/...
        return [f"{path}: the Access file cannot be read ({type(exc).__name__}: {exc})"]
    return [] if "DeviceSummary" in names else [f"{path}: no DeviceSummary table"]
