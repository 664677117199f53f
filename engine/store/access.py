"""Microsoft Access `.accdb` site databases through pyodbc and the ACE ODBC driver (Windows).

The legacy layout is read and written in place (`data/<prefix>/<Site>.accdb`, or a root
`data/<Site>.accdb` when only that exists). Rules from the platform notes:

* one long-lived connection per site per writer thread (each ACE connect costs ~300 ms and leaks
  handles), ODBC pooling off so `close()` releases the `.laccdb` lock;
* Access SQL has no IF NOT EXISTS: the schema step checks the catalog first (SqlSiteStore does);
* bulk diffs of 16+ new or changed ports go through `InterfaceBulkSeed` like legacy section 3.2,
  because every row-wise ACE statement is a round trip through the driver's critical section;
* new files are created through ADOX (`ADOX.Catalog.Create`, in its own COM single-threaded
  apartment) or, without pywin32, the ODBC installer's `CREATE_DBV12` keyword.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.store.accdb_file import AccessFileError, inspect_access_file
from engine.store.base import StoreError
from engine.store.com import ComApi, run_in_sta, windows_com
from engine.store.dialect import ACCESS
from engine.store.odbc import OdbcSiteStore, load_pyodbc, python_bitness, translate_odbc_error

ACE_DRIVER = "Microsoft Access Driver (*.mdb, *.accdb)"
ACE_PROVIDERS = ("Microsoft.ACE.OLEDB.16.0", "Microsoft.ACE.OLEDB.12.0")
BULK_THRESHOLD = 16
ODBC_ADD_DSN = 1
ADOX_TIMEOUT_S = 120.0


def access_conn_str(path: Path, driver: str = ACE_DRIVER) -> str:
    return f"Driver={{{driver}}};DBQ={path};"


def missing_driver_error(driver: str, installed: list[str]) -> StoreError:
    bits = python_bitness()
    other = 32 if bits == 64 else 64
    return StoreError(
        f"the ODBC driver {driver!r} is not installed for this {bits}-bit Python (installed: "
        f"{', '.join(installed) or 'none'}). Install the Microsoft Access Database Engine "
        f"redistributable ({bits}-bit, matching Python; a {other}-bit Office/ACE is invisible to a "
        f"{bits}-bit process), or use --backend sqlite. ACE exists for Windows only.")


def check_writable(path: Path) -> None:
    """ACE opens a read-only file read-only and fails later, and needs to create `<name>.laccdb`."""
    if path.exists():
        mode = path.stat().st_mode
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise StoreError(f"{path} is read-only; clear the read-only attribute (or copy the file) so "
                             "StateTrace can write to it")
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in {folder}: Access needs to create its lock file "
                         f"{path.stem}.laccdb next to the database")


def create_with_adox(path: Path, com: ComApi) -> str:
    """ADOX Catalog.Create with the newest ACE OLE DB provider that works, in its own STA; returns the
    provider."""

    def work(api: ComApi) -> str:
        errors: list[str] = []
        for provider in ACE_PROVIDERS:
            try:
                catalog = api.dispatch("ADOX.Catalog")
            except Exception as exc:  # noqa: BLE001 - ADOX not registered (no MDAC/ACE for this bitness)
                errors.append(f"ADOX.Catalog: {exc}")
                break
            try:
                catalog.Create(f"Provider={provider};Data Source={path};Jet OLEDB:Engine Type=6")
                connection = catalog.ActiveConnection
                if connection is not None:
                    connection.Close()
                del connection
                return provider
            except Exception as exc:  # noqa: BLE001 - pywintypes.com_error; try the next provider
                errors.append(f"{provider}: {exc}")
            finally:
                del catalog
        raise StoreError(f"cannot create {path} through ADOX ({'; '.join(errors)}); install the Microsoft "
                         f"Access Database Engine ({python_bitness()}-bit)")

    return run_in_sta(com, work, ADOX_TIMEOUT_S)


def create_with_odbc_installer(path: Path, config_data_source: Callable[[Any, int, str, str], int],
                               driver: str = ACE_DRIVER) -> None:
    """The ODBC installer's CREATE_DBV12 (ACE .accdb format; CREATE_DB for .mdb) keyword."""
    keyword = "CREATE_DB" if path.suffix.lower() == ".mdb" else "CREATE_DBV12"
    attributes = f'{keyword}="{path}" General\0\0'
    if not config_data_source(None, ODBC_ADD_DSN, driver, attributes):
        raise StoreError(f"the ODBC installer could not create {path} with driver {driver!r}")


def _windows_config_data_source() -> Callable[[Any, int, str, str], int] | None:
    if sys.platform != "win32":
        return None
    import ctypes

    fn: Callable[[Any, int, str, str], int] = ctypes.windll.ODBCCP32.SQLConfigDataSourceW  # type: ignore[attr-defined,unused-ignore]
    return fn


def create_access_database(path: Path, com: ComApi | None = None,
                           config_data_source: Callable[[Any, int, str, str], int] | None = None) -> str:
    """Create an empty `.accdb`: ADOX when pywin32 is there, else the ODBC installer API."""
    path.parent.mkdir(parents=True, exist_ok=True)
    com = com or windows_com()
    errors: list[str] = []
    if com is not None:
        try:
            return "ADOX " + create_with_adox(path, com)
        except Exception as exc:  # noqa: BLE001 - any COM failure: fall back to the ODBC installer
            errors.append(str(exc))
    installer = config_data_source or _windows_config_data_source()
    if installer is not None:
        try:
            create_with_odbc_installer(path, installer)
            return "ODBC CREATE_DBV12"
        except StoreError as exc:
            errors.append(str(exc))
    if not errors:
        errors.append(f"creating Access databases needs Windows with ACE (this is {sys.platform})")
    raise StoreError(f"cannot create {path}: {'; '.join(errors)}")


class AccessSiteStore(OdbcSiteStore):
    def __init__(self, path: Path, max_interfaces_per_batch: int = 0, conn_str: str = "",
                 pyodbc_module: Any = None, bulk_threshold: int = BULK_THRESHOLD) -> None:
        self.path = path
        super().__init__(conn_str or access_conn_str(path), str(path), max_interfaces_per_batch,
                         bulk_threshold=bulk_threshold, dialect=ACCESS, pyodbc_module=pyodbc_module)

    def prepare_connection(self) -> None:
        """Nothing to set per session: ACE has no PRAGMAs, and row-level locking is its default."""

    def ensure_schema(self) -> None:
        """DDL outside a transaction: Jet/ACE does not reliably roll DDL back, and some drivers refuse
        CREATE INDEX inside one; each statement stands alone, the catalog is checked first anyway."""
        self.conn.autocommit = True
        try:
            super().ensure_schema()
        finally:
            self.conn.autocommit = False


def open_access_store(path: Path, max_interfaces_per_batch: int = 0, template: str = "", pyodbc_module: Any = None,
                      com: ComApi | None = None,
                      config_data_source: Callable[[Any, int, str, str], int] | None = None) -> AccessSiteStore:
    """Open (creating if missing) one site's `.accdb`, with a clear error for each way that fails."""
    pyodbc = pyodbc_module or load_pyodbc()
    conn_str = template.replace("{site_path}", str(path)) if template else access_conn_str(path)
    driver = ACE_DRIVER
    if template:
        from engine.store.odbc import driver_of

        driver = driver_of(conn_str) or ACE_DRIVER
    installed = list(pyodbc.drivers())
    if driver not in installed:
        raise missing_driver_error(driver, installed)
    check_writable(path)
    if path.exists() and path.stat().st_size > 0:
        try:
            inspect_access_file(path)
        except AccessFileError as exc:
            raise StoreError(str(exc)) from exc
    else:
        create_access_database(path, com, config_data_source)
    try:
        return AccessSiteStore(path, max_interfaces_per_batch, conn_str, pyodbc_module=pyodbc)
    except StoreError:
        raise
    except Exception as exc:
        if isinstance(exc, pyodbc.Error):
            raise translate_odbc_error(exc, str(path), conn_str) from exc
        raise


__all__ = ["ACE_DRIVER", "AccessSiteStore", "access_conn_str", "check_writable", "create_access_database",
           "open_access_store"]
