"""Microsoft Access `.accdb` site files: ACE ODBC for writing and reading, DAO for compaction.

Writing and reading go through pyodbc and the ACE driver (`engine.store.access`). Compaction uses
`DAO.DBEngine.120.CompactDatabase(src, tmp)` (JRO cannot open .accdb) inside its own COM STA
(`engine.store.com`); the compacted copy replaces the original with one atomic rename, and when
anything fails after the original was touched, the pre-compaction backup is copied back. Everything
Windows-only is lazy and behind a platform check; tests inject a fake `ComApi` and ODBC connect.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.store.backends.base import (
    IndexKey,
    PerSiteSources,
    SiteTarget,
    SpaceInfo,
    Unsupported,
    file_sites,
    target_path,
)
from engine.store.base import SiteStore, SourceMap, StoreBusy, StoreConfig, StoreError
from engine.store.com import ComApi, run_in_sta, windows_com
from engine.store.dialect import ACCESS
from engine.store.schema import Index
from engine.store.site_reader import SiteEntry, SiteReader
from engine.workspace import Workspace

DAO_PROGID = "DAO.DBEngine.120"
ACCESS_PAGE = 4096
ACCESS_LIMIT_BYTES = 2 * 1024**3  # the 2 GB file limit, system objects included
ACCESS_WARN_BYTES = 1500 * 1024**2  # legacy health check: warn above 1,500 MB
ACCESS_CRITICAL_BYTES = 1900 * 1024**2
_MAGIC = (b"Standard ACE DB", b"Standard Jet DB")
PARSER_CHECK_LIMIT = 256 * 1024**2  # access-parser reads the whole file; bigger files get header checks


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


def _parser_check(path: Path) -> list[str]:
    try:
        from access_parser import AccessParser

        db = AccessParser(str(path))
        names = set(db.catalog)
    except Exception as exc:  # noqa: BLE001 - access-parser reports damage as ValueError/KeyError/...
        return [f"{path}: the Access file cannot be read ({type(exc).__name__}: {exc})"]
    return [] if "DeviceSummary" in names else [f"{path}: no DeviceSummary table"]


class AccessBackend(PerSiteSources):
    name = "access"
    suffix = ".accdb"
    keeps_readers = False
    dialect = ACCESS

    def __init__(self, config: StoreConfig | None = None, *, com: ComApi | None = None,
                 connect: Callable[[Path], Any] | None = None, com_timeout: float | None = 3600.0) -> None:
        self.config = config or StoreConfig(backend="access")
        self._com = com
        self._connect = connect
        self.com_timeout = com_timeout

    @property
    def template(self) -> str:
        """The ODBC connection string with {site_path}: the settings' OdbcTemplate, else the ACE driver."""
        from engine.store.access import ACE_DRIVER

        return self.config.odbc or f"Driver={{{ACE_DRIVER}}};DBQ={{site_path}};"

    @property
    def com(self) -> ComApi:
        if self._com is None:
            self._com = windows_com()
        if self._com is None:
            raise Unsupported("Access compaction needs Windows with the Access Database Engine (DAO) and pywin32")
        return self._com

    # -- sites and reading -------------------------------------------------------------------------
    def sites(self, workspace: Workspace) -> list[SiteEntry]:
        return file_sites(workspace, self.suffix)

    def open_reader(self, site: str, path: Path | None) -> SiteReader:
        from engine.store.odbc import open_odbc_reader

        return open_odbc_reader(self.template, site, path)

    def stored_sources(self, site: str, path: Path | None) -> SourceMap:
        from engine.store.odbc import read_sources

        return read_sources(self.template, site, path)

    # -- writing -----------------------------------------------------------------------------------
    def open_site(self, site: str, path: Path | None) -> SiteStore:
        from engine.store.access import open_access_store

        if path is None:
            raise StoreError("the access backend needs a site file path")
        return open_access_store(path, self.config.max_interfaces_per_batch, template=self.config.odbc)

    # -- maintenance -------------------------------------------------------------------------------
    def space(self, target: SiteTarget, thorough: bool = False) -> SpaceInfo:
        return SpaceInfo(target_path(target).stat().st_size)  # Access cannot tell its free space cheaply

    def backup(self, target: SiteTarget, dest: Path) -> None:
        path = target_path(target)
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
        return self.verify_copy(target_path(target))

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
        path = target_path(target)
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

    # -- index audit through ODBC: the writer's own catalog introspection ---------------------------
    def _open(self, path: Path) -> Any:
        if self._connect is not None:
            return self._connect(path)
        if sys.platform != "win32" and not self.config.odbc:
            raise Unsupported("the Access index audit needs the Access ODBC driver (Windows)")
        from engine.store.odbc import connect_autocommit

        return connect_autocommit(self.template, path.stem, path, str(path))

    def indexes(self, target: SiteTarget) -> tuple[set[str], set[IndexKey]]:
        from engine.store.odbc import read_catalog

        return read_catalog(self._open(target_path(target)))

    def create_index(self, target: SiteTarget, index: Index) -> None:
        conn = self._open(target_path(target))
        try:
            conn.cursor().execute(self.dialect.create_index(index))
            with contextlib.suppress(Exception):
                conn.commit()
        finally:
            conn.close()

    def close(self) -> None:
        """File backends keep no connection between calls."""


__all__ = ["ACCESS_CRITICAL_BYTES", "ACCESS_LIMIT_BYTES", "ACCESS_PAGE", "ACCESS_WARN_BYTES", "DAO_PROGID",
           "AccessBackend", "access_header_problems", "lock_file_in_use"]
