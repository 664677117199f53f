"""Normalisation shared by the vendor fact builders (port names, locations, VLANs, MACs)."""

from __future__ import annotations

import re
from functools import lru_cache

_LONG_TO_SHORT = (
    ("hundredgigabitethernet", "Hu"),
    ("hundredgige", "Hu"),
    ("fortygigabitethernet", "Fo"),
    ("twentyfivegige", "Twe"),
    ("twogigabitethernet", "Tw"),
    ("tengigabitethernet", "Te"),
    ("gigabitethernet", "Gi"),
    ("fastethernet", "Fa"),
    ("ethernet", "Et"),
    ("port-channel", "Po"),
    ("management", "Ma"),
    ("vlan", "Vl"),
    ("appgigabitethernet", "Ap"),
)
_PORT_SPLIT = re.compile(r"^([A-Za-z-]+)\s*(\S*)$")
_LOCATION_SPLIT = re.compile(r"[_\s,;]+")
_LOCATION_KEYS = {"bldg": "building", "building": "building", "floor": "floor", "room": "room",
                  "rm": "room", "row": "row", "rack": "rack"}


@lru_cache(maxsize=65536)
def short_port(name: str) -> str:
    """`GigabitEthernet1/0/1` -> `Gi1/0/1`; short names pass through unchanged (cached: ports repeat)."""
    name = name.strip().replace(" ", "")
    m = _PORT_SPLIT.match(name)
    if not m:
        return name
    word, rest = m.group(1), m.group(2)
    lower = word.lower()
    for long, short in _LONG_TO_SHORT:
        if lower == long:
            return short + rest
    return name


def vlan_number(text: str) -> int:
    """Legacy rule: the interface VLAN is an integer; `trunk`, `routed`, `auto` become 0."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdecimal() and len(text) < 10 else 0  # not '²'


def location_details(location: str) -> dict[str, str]:
    """`Bldg_5_Floor_2_Room_204` -> {'building': '5', 'floor': '2', 'room': '204'}."""
    tokens = [t for t in _LOCATION_SPLIT.split(location) if t]
    out: dict[str, str] = {}
    for i, token in enumerate(tokens[:-1]):
        key = _LOCATION_KEYS.get(token.lower())
        if key and key not in out:
            out[key] = tokens[i + 1]
    return out


def auth_state_of(status: str) -> str:
    """Session status text -> Authorized / Unauthorized / Unknown (legacy rule)."""
    s = status.lower()
    if "unauth" in s or "fail" in s or s == "deny" or s == "denied":
        return "Unauthorized"
    if "auth" in s or s == "permit" or s == "permitted":
        return "Authorized"
    return "Unknown"


def auth_mode_of(method: str) -> str:
    m = method.lower()
    if "dot1x" in m or "802" in m:
        return "dot1x"
    if "mab" in m or "mac" in m or "mauth" in m:
        return "macauth"
    return "unknown"
