"""When a capture was taken: the axis a host's state and history follow (not the ingest time).

In order of trust: the device's own clock (`show clock` on Cisco, Arista, FastIron), the timestamp a
capture tool writes (PuTTY's log header, SecureCRT's per-line or session timestamps), a date-time in the
file name, else the file's modification time. Times are kept as the device or tool printed them (no
zone conversion: a site's devices share one zone, and RunDate has no zone column).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

FORMAT = "%Y-%m-%d %H:%M:%S"
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MON = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
# Cisco/FastIron: `*10:15:32.123 UTC Thu Oct 9 2025`, `10:15:32.123 GMT+00 Thu Oct 09 2025`
_CLOCK_TIME_FIRST = re.compile(
    r"^[*.]?(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:\.\d+)?\s+\S+\s+(?:[A-Z][a-z]{2}\s+)?" + _MON
    + r"\s+(?P<d>\d{1,2})\s+(?P<y>\d{4})\b", re.I | re.M)
# Arista: `Thu Oct  9 10:15:32 2025`
_CLOCK_DATE_FIRST = re.compile(
    r"^(?:[A-Z][a-z]{2}\s+)?" + _MON + r"\s+(?P<d>\d{1,2})\s+(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})"
    r"(?:\.\d+)?\s+(?:\S+\s+)?(?P<y>\d{4})\b", re.I | re.M)
# PuTTY: `=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2025.10.09 10:15:32 =~=~=~=~=~=~=~=~=~=~=~=`
_PUTTY = re.compile(r"PuTTY log (?P<y>\d{4})\.(?P<mo>\d{2})\.(?P<d>\d{2}) (?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})")
# SecureCRT: `[10/09/2025 10:15:32] ` (per-line timestamps) or `[2025-10-09 10:15:32]`, and the
# custom session header `Session Start: 2025-10-09 10:15:32` many sites configure.
_CRT_US = re.compile(r"^\[(?P<mo>\d{2})/(?P<d>\d{2})/(?P<y>\d{4}) (?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})\]", re.M)
_CRT_ISO = re.compile(r"^(?:\[|Session Start:\s*)(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[ T](?P<h>\d{2}):(?P<mi>\d{2})"
                      r":(?P<s>\d{2})", re.M)
# File names: `2025-11-20_14-05-00`, `20251120-140500`, `2025-11-20T14:05`, `2025-11-20` (midnight).
_NAME = re.compile(r"(?<!\d)(?P<y>20\d{2})[-_.]?(?P<mo>[01]\d)[-_.]?(?P<d>[0-3]\d)"
                   r"(?:[T_\- ]?(?P<h>[0-2]\d)[-_.:h]?(?P<mi>[0-5]\d)(?:[-_.:m]?(?P<s>[0-5]\d))?)?(?!\d)")


def _build(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    month = int(g["mo"]) if g.get("mo") else _MONTHS.get(str(g.get("mon", ""))[:3].lower(), 0)
    try:
        return datetime(int(g["y"]), month, int(g["d"]), int(g.get("h") or 0), int(g.get("mi") or 0),
                        int(g.get("s") or 0))
    except (TypeError, ValueError):
        return None


def from_clock(output: str) -> datetime | None:
    """The output of `show clock` (any of the three vendors' spellings)."""
    for pattern in (_CLOCK_TIME_FIRST, _CLOCK_DATE_FIRST):
        m = pattern.search(output)
        if m and (moment := _build(m)) is not None:
            return moment
    return None


def from_log_header(head: str) -> datetime | None:
    """The first timestamp a capture tool wrote at the top of the file (PuTTY, SecureCRT)."""
    for pattern in (_PUTTY, _CRT_US, _CRT_ISO):
        m = pattern.search(head)
        if m and (moment := _build(m)) is not None:
            return moment
    return None


def from_file_name(name: str) -> datetime | None:
    for m in _NAME.finditer(Path(name).name):
        if (moment := _build(m)) is not None:
            return moment
    return None


def is_clock_command(command: str) -> bool:
    """`show clock`, `sh clock`, `sho clo` (abbreviations as IOS accepts them)."""
    words = command.lower().split()
    return len(words) >= 2 and "show".startswith(words[0]) and len(words[0]) >= 2 \
        and "clock".startswith(words[1]) and len(words[1]) >= 3 and len(words) <= 3


def file_capture(name: str, head: str, mtime: float | None) -> tuple[str, str]:
    """(capture time as RunDate text, its source) for a file whose hosts print no clock."""
    if (moment := from_log_header(head)) is not None:
        return moment.strftime(FORMAT), "log-header"
    if (moment := from_file_name(name)) is not None:
        return moment.strftime(FORMAT), "file-name"
    if mtime is not None:
        return datetime.fromtimestamp(mtime).replace(microsecond=0).strftime(FORMAT), "mtime"
    return "", ""
