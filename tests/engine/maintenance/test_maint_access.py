"""The Access path with a fake COM layer: STA apartment per call, DAO (never JRO), atomic swap, restore."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from engine.maintenance.backup import list_backups
from engine.maintenance.runner import MaintenanceOptions, run_maintenance
from engine.settings import MaintenanceSettings
from engine.store.backends import SiteTarget
from engine.store.backends.access import ACCESS_PAGE, DAO_PROGID, AccessBackend
from engine.store.base import StoreBusy, StoreError
from engine.store.com import run_in_sta
from engine.telemetry import Telemetry
from engine.workspace import Workspace

HEADER = b"\x00\x01\x00\x00Standard ACE DB\x00"


def accdb(path: Path, pages: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(HEADER + b"\x00" * (ACCESS_PAGE * pages - len(HEADER)))
    return path


class FakeTable:
    def __init__(self, name: str) -> None:
        self.Name = name


class FakeDb:
    TableDefs = [FakeTable("DeviceSummary"), FakeTable("Interfaces")]

    def Close(self) -> None:  # noqa: N802 - the COM name
        pass


class FakeDao:
    def __init__(self, com: FakeCom) -> None:
        self.com = com

    def CompactDatabase(self, src: str, dst: str) -> None:  # noqa: N802
        self.com.calls.append(("CompactDatabase", src, dst, threading.get_ident()))
        assert self.com.apartment.get(threading.get_ident()) == "STA", "COM used outside an STA"
        assert not Path(dst).exists(), "DAO refuses an existing destination"
        if self.com.fail:
            raise RuntimeError(self.com.fail)
        data = Path(src).read_bytes()
        Path(dst).write_bytes(data[: max(ACCESS_PAGE, len(data) // 2)])  # compacted: half the pages

    def OpenDatabase(self, path: str, exclusive: bool, read_only: bool) -> FakeDb:  # noqa: N802
        if not Path(path).read_bytes().startswith(HEADER):
            raise RuntimeError("Unrecognized database format")
        return FakeDb()


class FakeCom:
    def __init__(self, fail: str = "") -> None:
        self.fail = fail
        self.calls: list[tuple[Any, ...]] = []
        self.apartment: dict[int, str] = {}

    def initialize(self) -> None:
        self.calls.append(("CoInitializeEx", threading.get_ident()))
        self.apartment[threading.get_ident()] = "STA"

    def uninitialize(self) -> None:
        self.calls.append(("CoUninitialize", threading.get_ident()))
        self.apartment.pop(threading.get_ident(), None)

    def dispatch(self, progid: str) -> FakeDao:
        self.calls.append(("Dispatch", progid))
        assert progid == DAO_PROGID and "JRO" not in progid
        return FakeDao(self)


def _opts(com: FakeCom, **kw: Any) -> MaintenanceOptions:
    backends = {"access": AccessBackend(com=com)}
    return MaintenanceOptions(backends=backends, telemetry=Telemetry(None),
                              settings=MaintenanceSettings(CompactMinBytes=0), **kw)


def test_run_in_sta_pairs_init_and_uninit_on_a_worker_thread() -> None:
    com = FakeCom()
    seen = run_in_sta(com, lambda api: threading.get_ident())
    assert seen != threading.get_ident()
    assert [c[0] for c in com.calls] == ["CoInitializeEx", "CoUninitialize"]
    assert com.calls[0][1] == com.calls[1][1] == seen
    with pytest.raises(ValueError):
        run_in_sta(com, lambda api: (_ for _ in ()).throw(ValueError("boom")))
    assert com.calls[-1][0] == "CoUninitialize"


def test_access_backup_and_compaction_swap(workspace: Workspace) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=64)
    com = FakeCom()
    report = run_maintenance(workspace, _opts(com, steps=("backup", "compact")))
    steps = {s.step: s for s in report.sites[0].steps}
    assert steps["backup"].status == "ok", steps["backup"]
    assert list_backups(workspace, "WLLS")[0].path.suffix == ".accdb"
    assert steps["compact"].status == "ok", steps["compact"]
    assert steps["compact"].details["bytes_before"] == 64 * ACCESS_PAGE
    assert db.stat().st_size == 32 * ACCESS_PAGE
    compact = next(c for c in com.calls if c[0] == "CompactDatabase")
    assert compact[1] == str(db) and compact[2].endswith(".compact-tmp.accdb")
    assert compact[3] != threading.get_ident()
    assert not list(db.parent.glob("*.compact-tmp*"))
    inits = sum(1 for c in com.calls if c[0] == "CoInitializeEx")
    assert inits == sum(1 for c in com.calls if c[0] == "CoUninitialize") and inits >= 2


def test_failed_compaction_keeps_the_original(workspace: Workspace) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=16)
    before = db.read_bytes()
    report = run_maintenance(workspace, _opts(FakeCom(fail="Could not use file; file already in use"),
                                              steps=("compact",)))
    step = report.sites[0].steps[0]
    assert step.status == "failed" and "already in use" in step.message
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.compact-tmp*"))


def test_damaged_original_is_restored_from_the_backup(workspace: Workspace, monkeypatch) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=16)
    backend = AccessBackend(com=FakeCom())
    backup = workspace.backups_dir / "WLLS" / "WLLS_20260101-020000.accdb"
    backup.parent.mkdir(parents=True)
    backup.write_bytes(db.read_bytes())
    import engine.store.backends.access as access

    real_replace = access.os.replace
    calls: list[str] = []

    def broken_replace(src: Path, dst: Path) -> None:
        calls.append(str(src))
        if len(calls) == 1:
            Path(dst).write_bytes(b"half-written")  # the swap died midway
            raise OSError("disk vanished")
        real_replace(src, dst)

    monkeypatch.setattr(access.os, "replace", broken_replace)
    with pytest.raises(StoreError, match="was restored"):
        backend.compact(SiteTarget("WLLS", "access", db), backup)
    monkeypatch.undo()
    assert db.read_bytes() == backup.read_bytes()


def test_open_lock_file_means_busy(workspace: Workspace, monkeypatch) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=4)
    lock = db.with_suffix(".laccdb")
    lock.write_bytes(b"x")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == lock:
            raise PermissionError("in use")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StoreBusy):
        AccessBackend(com=FakeCom()).compact(SiteTarget("WLLS", "access", db), None)


def test_orphaned_lock_file_is_cleared(workspace: Workspace) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=4)
    db.with_suffix(".laccdb").write_bytes(b"x")
    AccessBackend(com=FakeCom()).compact(SiteTarget("WLLS", "access", db), None)
    assert not db.with_suffix(".laccdb").exists()


def test_corrupt_access_file_detected(workspace: Workspace) -> None:
    db = accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=4)
    with open(db, "ab") as fh:
        fh.write(b"torn")
    report = run_maintenance(workspace, _opts(FakeCom(), steps=("integrity",)))
    assert report.sites[0].steps[0].status == "corrupt"
    assert "truncated" in report.sites[0].steps[0].message


def test_without_windows_access_compaction_is_skipped(workspace: Workspace, monkeypatch) -> None:
    accdb(workspace.data / "WLLS" / "WLLS.accdb", pages=4)
    monkeypatch.setattr("sys.platform", "linux")
    report = run_maintenance(workspace, MaintenanceOptions(
        backends={"access": AccessBackend()}, telemetry=Telemetry(None),
        settings=MaintenanceSettings(CompactMinBytes=0), steps=("compact",), free_bytes=lambda p: 10**12))
    step = report.sites[0].steps[0]
    assert step.status == "skipped" and "Windows" in step.message
