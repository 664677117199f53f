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
