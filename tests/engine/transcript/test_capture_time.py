"""Capture time from the device clock, capture-tool headers, the file name, else the file's mtime."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.transcript.capture_time import (
    file_capture,
    from_clock,
    from_file_name,
    from_log_header,
    is_clock_command,
)


@pytest.mark.parametrize("output,expected", [
    ("*10:15:32.123 UTC Thu Oct 9 2025\n", datetime(2025, 10, 9, 10, 15, 32)),  # Cisco, not NTP-synced
    ("14:05:00.001 CET Thu Nov 20 2025", datetime(2025, 11, 20, 14, 5)),  # Cisco
    ("10:15:32.123 GMT+00 Thu Oct 09 2025", datetime(2025, 10, 9, 10, 15, 32)),  # FastIron
    ("Thu Oct  9 10:15:32 2025\nTimezone: UTC\nClock source: NTP server (10.0.0.1)", datetime(2025, 10, 9, 10, 15, 32)),
])
def test_show_clock_of_each_vendor(output: str, expected: datetime) -> None:
    assert from_clock(output) == expected


def test_no_clock_in_unrelated_text() -> None:
    assert from_clock("Invalid input detected at '^' marker.") is None


@pytest.mark.parametrize("head,expected", [
    ("=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2025.10.09 10:15:32 =~=~=~=~=~=~=~=~=~=~=~=\nsw1#", datetime(2025, 10, 9, 10, 15, 32)),
    ("[10/09/2025 10:15:32] sw1#show version\n", datetime(2025, 10, 9, 10, 15, 32)),
    ("Session Start: 2025-11-20 14:05:00\nsw1#", datetime(2025, 11, 20, 14, 5)),
])
def test_capture_tool_headers(head: str, expected: datetime) -> None:
    assert from_log_header(head) == expected


@pytest.mark.parametrize("name,expected", [
    ("WLLS-A01_2025-11-20_14-05-00.log", datetime(2025, 11, 20, 14, 5)),
    ("capture-20251009-101532.txt", datetime(2025, 10, 9, 10, 15, 32)),
    ("boyo 2025-10-09.log", datetime(2025, 10, 9)),
    ("switch.log", None),
    ("ticket-12345678.log", None),
])
def test_file_names(name: str, expected: datetime | None) -> None:
    assert from_file_name(name) == expected


def test_order_of_trust_and_the_source_recorded() -> None:
    putty = "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2025.10.09 10:15:32 =~=~=~=~=~=~=~=~=~=~=~="
    assert file_capture("x_2025-11-20.log", putty, 0.0) == ("2025-10-09 10:15:32", "log-header")
    assert file_capture("x_2025-11-20.log", "sw1#", 0.0) == ("2025-11-20 00:00:00", "file-name")
    assert file_capture("x.log", "sw1#", 1_700_000_000.0)[1] == "mtime"


@pytest.mark.parametrize("command,ok", [("show clock", True), ("sh clock", True), ("sho clo", True),
                                        ("show clock detail", True), ("show version", False), ("sh cl", False)])
def test_clock_command_abbreviations(command: str, ok: bool) -> None:
    assert is_clock_command(command) is ok
