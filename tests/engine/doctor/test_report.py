"""`statetrace-cli doctor`: each part is really loaded, and a missing one is a sentence, not a crash."""

from __future__ import annotations

import json
import sys

import pytest

from engine.cli import main
from engine.doctor.report import build_report


def _parts() -> dict[str, object]:
    return {p.name: p for p in build_report().parts}


def test_reports_the_stores_this_machine_can_use() -> None:
    parts = _parts()
    assert parts["sqlite"].ok and "SQLite 3." in parts["sqlite"].detail  # type: ignore[attr-defined]
    assert parts["tls"].ok and "OpenSSL" in parts["tls"].detail  # type: ignore[attr-defined]
    pg = parts["postgresql"]
    assert pg.ok and "libpq " in pg.detail  # type: ignore[attr-defined]
    odbc = parts["odbc"]
    assert odbc.ok, odbc.detail  # type: ignore[attr-defined]
    # tests/conftest.py registers the Debian drivers in a private odbcinst.ini
    assert "SQLite3" in odbc.detail  # type: ignore[attr-defined]
    assert ("access" in parts) == (sys.platform == "win32")


def test_a_part_that_cannot_load_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyodbc", None)  # import pyodbc now raises ImportError
    odbc = _parts()["odbc"]
    assert not odbc.ok and "pyodbc" in odbc.detail  # type: ignore[attr-defined]


def test_keyring_state_says_where_the_password_goes() -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            pass

        def delete_password(self, service: str, username: str) -> None:
            pass

    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(fail.Keyring())
        missing = _parts()["keyring"]
        assert not missing.ok and "stays in the settings file" in missing.detail  # type: ignore[attr-defined]
        keyring.set_keyring(Memory())
        found = _parts()["keyring"]
        assert found.ok and found.detail.endswith(".Memory")  # type: ignore[attr-defined]
    finally:
        keyring.set_keyring(previous)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Secret Service is the Linux keyring")
def test_secret_service_support_is_checked_on_linux() -> None:
    part = _parts()["secret-service"]
    assert part.ok and "AES-CBC round trip ok" in part.detail  # type: ignore[attr-defined]


def test_cli_prints_a_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("StateTrace Ingest ") and "  sqlite " in text and "log folder: " in text
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["frozen"] is False
    assert {p["name"] for p in report["parts"]} >= {"sqlite", "tls", "postgresql", "odbc", "keyring"}
