"""Settings: the legacy file is read as-is, bad values are named, unknown keys survive a save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.settings import Settings, SettingsError

LEGACY = {"DebugOnNextLaunch": True,
          "ParserSettings": {"AutoScaleConcurrency": True, "MaxRunspaceCeiling": 0, "MaxWorkersPerSite": 0,
                             "MaxActiveSites": 0, "MinRunspaceCount": 1, "JobsPerThread": 0,
                             "EnableAdaptiveThreads": True, "SkipSiteCacheUpdate": False}}


def test_legacy_file_with_bom_loads_and_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "StateTraceSettings.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(LEGACY).encode())
    s = Settings.load(path)
    assert s.parser.MaxConsecutiveSiteLaunches == 8 and s.parser.ConnectionCacheTtlMinutes == 5
    s.update_parser(MaxInterfacesPerBatch=96)
    s.save()
    saved = json.loads(path.read_text(encoding="utf-8-sig"))
    assert saved["DebugOnNextLaunch"] is True
    assert saved["ParserSettings"]["SkipSiteCacheUpdate"] is False
    assert saved["ParserSettings"]["MaxInterfacesPerBatch"] == 96


def test_parser_section_name_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"Parser": {"MaxActiveSites": 3}}))
    assert Settings.load(path).parser.MaxActiveSites == 3


@pytest.mark.parametrize("key,value,fragment", [
    ("MaxWorkersPerSite", -1, ">= 0"),
    ("ConnectionCacheTtlMinutes", 99999, "<= 1440"),
    ("MinRunspaceCount", 0, ">= 1"),
])
def test_bad_values_name_the_key_and_range(tmp_path: Path, key: str, value: int, fragment: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"ParserSettings": {key: value}}))
    with pytest.raises(SettingsError) as err:
        Settings.load(path)
    assert key in str(err.value) and fragment in str(err.value)


def test_broken_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{ not json")
    with pytest.raises(SettingsError, match="not valid JSON"):
        Settings.load(path)


# -- the workspace's Store section -------------------------------------------------------------------
def test_store_section_round_trips_and_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"Store": {"Backend": "odbc", "OdbcTemplate": "Driver=SQLite3;Database={site_path}",
                                          "Comment": "kept"}, "Other": 1}))
    s = Settings.load(path)
    assert (s.store.Backend, s.store.OdbcTemplate) == ("odbc", "Driver=SQLite3;Database={site_path}")
    s.update_store(Backend="sqlite")
    s.save()
    saved = json.loads(path.read_text(encoding="utf-8-sig"))
    assert saved["Store"]["Backend"] == "sqlite" and saved["Store"]["Comment"] == "kept" and saved["Other"] == 1


def test_default_store_is_sqlite_and_not_written_until_chosen(tmp_path: Path) -> None:
    s = Settings.load(tmp_path / "missing.json")
    assert s.store.Backend == "sqlite"
    assert "Store" not in s.to_json()


@pytest.mark.parametrize("values,fragment", [
    ({"Backend": "postgresql"}, "PostgreSQL connection (Store.Dsn) is needed"),
    ({"Backend": "odbc"}, "ODBC connection string (Store.OdbcTemplate) is needed"),
    ({"Backend": "odbc", "OdbcTemplate": "Driver=SQLite3;Database=x.db"}, "must contain {site_path}"),
    ({"Backend": "mysql"}, "Backend (Store)"),
])
def test_store_errors_name_the_dialog_label(tmp_path: Path, values: dict, fragment: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"Store": values}))
    with pytest.raises(SettingsError) as err:
        Settings.load(path)
    assert fragment in str(err.value)
    with pytest.raises(SettingsError) as err:
        Settings.defaults().update_store(**values)
    assert fragment in str(err.value)


class _MemoryKeyring:
    """A real keyring backend class (keyring's own API) that keeps secrets in a dict."""

    def __new__(cls):  # type: ignore[no-untyped-def]
        from keyring.backend import KeyringBackend

        class Memory(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.secrets: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.secrets.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.secrets[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                self.secrets.pop((service, username), None)

        return Memory()


def test_dsn_password_goes_to_the_keyring_not_the_file(tmp_path: Path) -> None:
    keyring = pytest.importorskip("keyring")
    previous = keyring.get_keyring()
    ring = _MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        path = tmp_path / "s.json"
        s = Settings.load(path)
        s.update_store(Backend="postgresql", Dsn="postgresql://bob:hunter2@db.example:5432/st")
        s.save()
        text = path.read_text(encoding="utf-8-sig")
        assert "hunter2" not in text and '"DsnPassword": "keyring"' in text
        assert "hunter2" in ring.secrets.values()
        again = Settings.load(path)
        assert "hunter2" in again.store.Dsn and "db.example" in again.store.Dsn
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_dsn_stays_as_typed_but_is_masked_when_shown(tmp_path: Path) -> None:
    from engine.store import config_from_settings
    from engine.store.secrets import mask_dsn

    s = Settings.defaults()
    s.update_store(Backend="postgresql", Dsn="postgresql://bob:hunter2@db/st")
    described = config_from_settings(s.store).describe()
    assert "hunter2" not in described and "bob:***@db" in described
    assert "hunter2" not in mask_dsn("host=db password=hunter2 user=bob")
