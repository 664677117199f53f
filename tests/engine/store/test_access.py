"""Access backend without Windows: the dialect's SQL, and the pyodbc/COM calls against fakes."""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from engine.model import DeviceFacts, PortFacts
from engine.store import StoreConfig, StoreError
from engine.store.accdb_file import set_password_for_tests
from engine.store.access import ACE_DRIVER, create_access_database, open_access_store
from engine.store.com import PythoncomApi
from engine.store.dialect import ACCESS
from engine.store.odbc import staging_sql
from engine.store.schema import INDEXES, INTERFACES, TABLES
from engine.workspace import Workspace

EMPTY = Path(__file__).parent / "data" / "empty.accdb"


# -- dialect ------------------------------------------------------------------------------------------
def test_access_ddl() -> None:
    ddl = ACCESS.create_table(INTERFACES)
    assert ddl.startswith("CREATE TABLE [Interfaces] (")
    for part in ("[ID] COUNTER PRIMARY KEY", "[Hostname] TEXT(64)", "[Name] TEXT(128)", "[VLAN] INTEGER",
                 "[LearnedMACs] LONGTEXT", "[Config] LONGTEXT"):
        assert part in ddl
    assert "DATETIME" in ACCESS.create_table(next(t for t in TABLES if t.name == "DeviceHistory"))
    assert all("IF NOT EXISTS" not in ACCESS.create_table(t) for t in TABLES)
    assert all("IF NOT EXISTS" not in ACCESS.create_index(i) for i in INDEXES)
    unique = next(i for i in INDEXES if i.unique)
    assert ACCESS.create_index(unique) == \
        "CREATE UNIQUE INDEX [IX_Interfaces_HostnamePort] ON [Interfaces] ([Hostname], [Port])"


def test_access_staging_sql_is_the_legacy_join_form() -> None:
    sql = staging_sql(ACCESS)
    assert sql.update_from_seed.startswith(
        "UPDATE [Interfaces] AS i INNER JOIN [InterfaceBulkSeed] AS s ON (i.[Hostname] = s.[Hostname] "
        "AND i.[Port] = s.[Port]) SET i.[Name] = s.[Name], i.[Status] = s.[Status]")
    assert sql.update_from_seed.endswith("WHERE s.[BatchId] = ?")
    assert "LEFT JOIN [Interfaces] AS i ON (i.[Hostname] = s.[Hostname] AND i.[Port] = s.[Port])" \
        in sql.insert_from_seed and sql.insert_from_seed.endswith("AND i.[ID] IS NULL")
    assert sql.clear_seed == "DELETE FROM [InterfaceBulkSeed] WHERE [BatchId] = ?"
    assert sql.insert_seed.count("?") == 20  # BatchId, Hostname, RunDateText, RunDate, Port + 15 values


# -- a fake pyodbc: records what the store sends ------------------------------------------------------
class FakeError(Exception):
    pass


class FakeCursor:
    def __init__(self, log: list[tuple[str, Any]]) -> None:
        self.log = log
        self.rowcount = 0
        self.fast_executemany = False

    def execute(self, sql: str, params: Any = ()) -> FakeCursor:
        self.log.append((sql, params))
        self.rowcount = 0
        return self

    def executemany(self, sql: str, rows: Any) -> None:
        assert self.fast_executemany is False
        self.log.append((sql, list(rows)))

    def fetchall(self) -> list[Any]:
        return []

    def fetchone(self) -> Any:
        """As an empty database answers: aggregates give one NULL row, other queries no row."""
        last = self.log[-1][0].upper() if self.log else ""
        return (None,) if "MAX(" in last or "MIN(" in last or "COUNT(" in last else None

    def tables(self, tableType: str = "") -> FakeCursor:  # noqa: N803 - pyodbc's keyword
        return self

    def columns(self, table: str = "") -> FakeCursor:
        return self

    def statistics(self, table: str) -> FakeCursor:
        return self


class FakeConnection:
    def __init__(self, module: FakePyodbc) -> None:
        self.module = module
        self.autocommit = False
        self.commits = 0
        self.closed = False

    def cursor(self) -> FakeCursor:
        return FakeCursor(self.module.sql)

    def getinfo(self, what: int) -> str:
        return "ACCESS"

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class FakePyodbc:
    Error = FakeError
    SQL_DBMS_NAME = 17

    def __init__(self, drivers: list[str]) -> None:
        self._drivers = drivers
        self.pooling = True
        self.pooling_at_connect: list[bool] = []
        self.connects: list[tuple[str, bool]] = []
        self.sql: list[tuple[str, Any]] = []

    def drivers(self) -> list[str]:
        return list(self._drivers)

    def connect(self, conn_str: str, autocommit: bool = True) -> FakeConnection:
        self.pooling_at_connect.append(self.pooling)
        self.connects.append((conn_str, autocommit))
        return FakeConnection(self)


@pytest.fixture()
def accdb(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "BOYO" / "BOYO.accdb"
    path.parent.mkdir(parents=True)
    shutil.copy(EMPTY, path)
    return path


def test_store_talks_to_ace_as_the_platform_notes_require(accdb: Path) -> None:
    fake = FakePyodbc([ACE_DRIVER, "SQL Server"])
    store = open_access_store(accdb, pyodbc_module=fake)
    assert fake.pooling_at_connect == [False]
    assert fake.connects == [(f"Driver={{{ACE_DRIVER}}};DBQ={accdb};", False)]
    ddl = [s for s, _ in fake.sql if s.startswith("CREATE")]
    assert len([s for s in ddl if s.startswith("CREATE TABLE")]) == len(TABLES)  # nothing existed
    assert not any("IF NOT EXISTS" in s for s, _ in fake.sql)
    fake.sql.clear()
    facts = DeviceFacts("BOYO-A05-AS-02", "Brocade", ports=[PortFacts(f"Et1/1/{i}") for i in range(1, 21)])
    result = store.write_host(facts, "BOYO", datetime(2026, 1, 6, 13, 28, 32))
    assert result.inserted == 20 and store.staged_batches == 1  # 20 >= 16: legacy staging path
    statements = [s for s, _ in fake.sql]
    seed_rows = next(p for s, p in fake.sql if s.startswith("INSERT INTO [InterfaceBulkSeed]"))
    assert len(seed_rows) == 20 and isinstance(seed_rows[0][3], datetime)
    assert seed_rows[0][2] == "2026-01-06 13:28:32"
    assert any(s.startswith("INSERT INTO [Interfaces]") and "LEFT JOIN" in s for s in statements)
    assert not any(s.startswith("UPDATE [Interfaces] AS i INNER JOIN") for s in statements)  # no updates
    seed_ops = [s for s in statements if "InterfaceBulkSeed" in s]
    assert seed_ops[-1].startswith("DELETE FROM [InterfaceBulkSeed]")  # the batch is cleaned up
    history = next(p for s, p in fake.sql if s.startswith("INSERT INTO [DeviceHistory]"))
    assert history[1] == datetime(2026, 1, 6, 13, 28, 32)
    store.close()


def test_small_diffs_stay_row_wise(accdb: Path) -> None:
    fake = FakePyodbc([ACE_DRIVER])
    store = open_access_store(accdb, pyodbc_module=fake)
    store.write_host(DeviceFacts("BOYO-A05-AS-02", "Brocade", ports=[PortFacts("Et1/1/1")]), "BOYO", datetime.now())
    assert store.staged_batches == 0
    assert not any("InterfaceBulkSeed" in s for s, _ in fake.sql if not s.startswith("CREATE"))


def test_missing_ace_names_driver_and_bitness(accdb: Path) -> None:
    with pytest.raises(StoreError) as err:
        open_access_store(accdb, pyodbc_module=FakePyodbc(["SQLite3"]))
    text = str(err.value)
    assert ACE_DRIVER in text and "-bit Python" in text and "Access Database Engine" in text


def test_read_only_accdb(accdb: Path) -> None:
    accdb.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        open_access_store(accdb, pyodbc_module=FakePyodbc([ACE_DRIVER]))


def test_password_protected_and_foreign_files(accdb: Path) -> None:
    accdb.write_bytes(set_password_for_tests(EMPTY.read_bytes(), "pw"))
    with pytest.raises(StoreError, match="password"):
        open_access_store(accdb, pyodbc_module=FakePyodbc([ACE_DRIVER]))
    accdb.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(StoreError, match="not a Microsoft Access database"):
        open_access_store(accdb, pyodbc_module=FakePyodbc([ACE_DRIVER]))


def test_legacy_root_layout_is_used_in_place(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    legacy = tmp_path / "data" / "WLLS.accdb"
    legacy.parent.mkdir(parents=True)
    shutil.copy(EMPTY, legacy)
    cfg = StoreConfig(backend="access")
    assert cfg.suffix == ".accdb" and ws.db_path("WLLS", cfg.suffix) == legacy
    fake = FakePyodbc([ACE_DRIVER])
    open_access_store(ws.db_path("WLLS", cfg.suffix), pyodbc_module=fake).close()
    assert f"DBQ={legacy};" in fake.connects[0][0]


# -- COM: ADOX in its own STA thread, the ODBC installer fallback -------------------------------------
class FakePythoncom:
    COINIT_APARTMENTTHREADED = 2

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, int]] = []

    def CoInitializeEx(self, flags: int) -> None:  # noqa: N802 - pywin32's name
        self.calls.append(("init", flags, threading.get_ident()))

    def CoUninitialize(self) -> None:  # noqa: N802
        self.calls.append(("uninit", None, threading.get_ident()))


def fake_dispatch(created: list[str], calls: FakePythoncom, fail_first: bool) -> Any:
    def dispatch(progid: str) -> Any:
        assert progid == "ADOX.Catalog"
        assert calls.calls and calls.calls[-1][0] == "init"  # COM initialised on this thread first

        def create(conn: str) -> None:
            if fail_first and "16.0" in conn:
                raise OSError("Provider cannot be found. It may not be properly installed.")
            created.append(conn)
            Path(conn.split("Data Source=")[1].split(";")[0]).write_bytes(EMPTY.read_bytes())

        connection = SimpleNamespace(closed=False)
        connection.Close = lambda: created.append("closed")  # type: ignore[attr-defined]
        return SimpleNamespace(Create=create, ActiveConnection=connection)
    return dispatch


def test_adox_creation_runs_in_a_com_apartment_thread(tmp_path: Path) -> None:
    com = FakePythoncom()
    created: list[str] = []
    target = tmp_path / "data" / "NEW" / "NEW.accdb"
    how = create_access_database(target, com=PythoncomApi(com, fake_dispatch(created, com, fail_first=True)))
    assert how == "ADOX Microsoft.ACE.OLEDB.12.0"
    assert created == [f"Provider=Microsoft.ACE.OLEDB.12.0;Data Source={target};Jet OLEDB:Engine Type=6", "closed"]
    assert [c[0] for c in com.calls] == ["init", "uninit"]
    assert com.calls[0][1] == FakePythoncom.COINIT_APARTMENTTHREADED
    assert com.calls[0][2] == com.calls[1][2] != threading.get_ident()  # paired, on a worker thread
    assert target.is_file()


def test_odbc_installer_fallback_and_clear_failure(tmp_path: Path) -> None:
    seen: list[tuple[Any, ...]] = []
    target = tmp_path / "X.accdb"
    how = create_access_database(target, com=None, config_data_source=lambda *a: seen.append(a) or 1)
    assert how == "ODBC CREATE_DBV12"
    assert seen == [(None, 1, ACE_DRIVER, f'CREATE_DBV12="{target}" General\0\0')]
    com = FakePythoncom()
    with pytest.raises(StoreError, match=r"cannot create .*ADOX.*ODBC installer"):
        create_access_database(target, com=PythoncomApi(com, lambda progid: (_ for _ in ()).throw(OSError("no ADOX"))),
                               config_data_source=lambda *a: 0)
    assert [c[0] for c in com.calls] == ["init", "uninit"]


def test_missing_file_is_created_before_connecting(tmp_path: Path) -> None:
    target = tmp_path / "data" / "SITE1" / "SITE1.accdb"
    fake = FakePyodbc([ACE_DRIVER])
    created: list[str] = []
    store = open_access_store(target, pyodbc_module=fake,
                              config_data_source=lambda *a: created.append(a[3]) or bool(target.write_bytes(
                                  EMPTY.read_bytes())))
    assert created and target.is_file() and fake.connects
    store.close()
