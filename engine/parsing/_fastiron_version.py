"""FastIron `show version`: one record carrying both ntc-templates field sets.

`ruckus_fastiron` and `brocade_fastiron` share one parser table, and their two templates name the
same facts differently (``version`` vs ``sw_version``, ``hardware`` vs ``hw``) and each raises on the
other's firmware layout.  So every record holds the fields of both templates, each filled by that
template's own line rules, made tolerant of the other layout where they differ only in spacing
(``Serial  #:X`` vs ``Serial  #: X``).  List fields keep TextFSM's convention of the string
``"None"`` for an optional group that did not match.
"""

from __future__ import annotations

import re
from typing import Any

Record = dict[str, Any]

_SCALARS = ("hardware", "hw", "boot_monitor_version", "flash", "flash_measurement", "ram",
            "ram_measurement", "start_time", "start_timezone", "start_day", "start_month", "start_date",
            "start_year", "reload_reason")
_LISTS = ("version", "bootcode", "serial", "uptime", "switch_id", "sw_bin", "sw_version", "slot", "model",
          "poe", "ports", "module_type", "license", "uptime_days", "uptime_hours", "uptime_minutes",
          "uptime_seconds")

_UNIT = re.compile(r"\s+UNIT\s+(\d+)")
_SW_BIN = re.compile(r"\s+\(.+?\)\s+from\s+\S+\s+(\S+)")
_SW_VERSION = re.compile(r"\s*SW:\s+Version\s+(\S+)")
_BOOT_MONITOR = re.compile(r"\s*Boot-Monitor.*,\s+Version:(.*)")
_BOOTCODE = re.compile(r"\s+Compressed\s+Primary\s+Boot\s+Code\s+size\s+=\s+\d*,\s+Version:(\S+\s+\S+)")
_HW = re.compile(r"\s*HW:\s+(.*)")
_MODULE = re.compile(r"UNIT\s+\d+:\s+SL\s+(\d+):\s+(\S+)\s+(?:(POE)\s+|)(\d+)(?:-|)port\s+(\S+)\s+Module\s*$")
_SERIAL = re.compile(r"\s+Serial\s+#:\s*(\S+)")
_LICENSE = re.compile(r"\s+License:\s+(\S+)")
_STACK_UPTIME = re.compile(r"(?:STACKID\s+\d*\s+system|The\s+system)\s+uptime\s+is\s+(.*?)\s*$")
_UPTIME_PARTS = re.compile(
    r".+uptime\s+is\s+(?:(\d+)\s+day\(s\)\s+|)(?:(\d+)\s+hour\(s\)\s+|)(?:(\d+)\s+minute\(s\)\s+|)"
    r"(?:(\d+)\s+second\(s\)|)"
)
_FLASH = re.compile(r"(\d+)\s+(\S+)\s+flash")
_RAM = re.compile(r"\s+(\d+)\s+(\S+).+RAM")
_STARTED = re.compile(r".+started\s+at\s+(\d+:\d+:\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)")
_RELOAD = re.compile(r"\s*The\s+system\s+:\s+started=(.+?)\s*$")
_END = re.compile(r"My\s+stack\s+unit\s+ID\s+=\s+\d*,\s+bootup\s+role\s+=\s+\S+")


def _empty() -> Record:
    rec: Record = dict.fromkeys(_SCALARS, "")
    for name in _LISTS:
        rec[name] = []
    return rec


def _nonempty(rec: Record) -> bool:
    return any(rec.values())


def _line(rec: Record, line: str) -> None:
    """Applies the first rule that matches, in the templates' order."""
    if m := _UNIT.match(line):
        rec["switch_id"].append(m[1])
    elif m := _SW_BIN.match(line):
        rec["sw_bin"].append(m[1])
    elif m := _SW_VERSION.match(line):
        rec["sw_version"].append(m[1])
        rec["version"].append(m[1])
    elif m := _BOOT_MONITOR.match(line):
        rec["boot_monitor_version"] = m[1].strip()
    elif m := _BOOTCODE.match(line):
        rec["bootcode"].append(m[1])
    elif m := _HW.match(line):
        rec["hw"] = rec["hardware"] = m[1].strip()
    elif m := _MODULE.match(line):
        for name, value in zip(("slot", "model", "poe", "ports", "module_type"), m.groups(), strict=True):
            rec[name].append("None" if value is None else value)
    elif m := _SERIAL.match(line):
        rec["serial"].append(m[1])
    elif m := _LICENSE.match(line):
        rec["license"].append(m[1])
    elif m := _STACK_UPTIME.match(line):
        rec["uptime"].append(m[1])
        parts = _UPTIME_PARTS.match(line)
        if parts is not None:
            for name, value in zip(("uptime_days", "uptime_hours", "uptime_minutes", "uptime_seconds"),
                                   parts.groups(), strict=True):
                rec[name].append("None" if value is None else value)
    elif m := _FLASH.match(line):
        rec["flash"], rec["flash_measurement"] = m[1], m[2]
    elif m := _RAM.match(line):
        rec["ram"], rec["ram_measurement"] = m[1], m[2]
    elif m := _STARTED.match(line):
        for name, value in zip(("start_time", "start_timezone", "start_day", "start_month", "start_date",
                                "start_year"), m.groups(), strict=True):
            rec[name] = value
    elif m := _RELOAD.match(line):
        rec["reload_reason"] = m[1]


def parse_show_version(text: str) -> list[Record]:
    """One record per `show version`; `My stack unit ID = ...` closes it, as in the Ruckus template."""
    out: list[Record] = []
    rec = _empty()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if _END.match(line):
            if _nonempty(rec):
                out.append(rec)
            rec = _empty()
        else:
            _line(rec, line)
    if _nonempty(rec):
        out.append(rec)
    return out
