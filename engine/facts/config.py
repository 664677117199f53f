"""Running-configuration facts: interface blocks, SNMP location, authentication settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.facts.common import short_port

_INTERFACE = re.compile(r"^interface[ \t]+(?P<name>\S.*?)[ \t]*$", re.MULTILINE)
_LOCATION = re.compile(r"^[ \t]*(?:snmp-server location|snmp location|SNMP location:|Location:)[ \t]+(?P<loc>.+?)[ \t]*$",
                       re.MULTILINE | re.IGNORECASE)
_AUTH_DEFAULT_VLAN = re.compile(r"(?:auth-default-vlan|guest-vlan)[ \t]+(\d+)")
_AUTH_PREFIXES = ("authentication", "dot1x", "mab", "reauthentication", "access-session", "mac-authentication")


@dataclass(slots=True)
class InterfaceConfig:
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def value(self, keyword: str) -> str:
        prefix = keyword + " "
        for line in self.lines:
            s = line.strip()
            if s.startswith(prefix):
                return s[len(prefix):].strip()
        return ""

    def has(self, keyword: str) -> bool:
        return any(line.strip() == keyword or line.strip().startswith(keyword + " ") for line in self.lines)

    def auth_lines(self) -> list[str]:
        return [line.strip() for line in self.lines if line.strip().startswith(_AUTH_PREFIXES)]


@dataclass(slots=True)
class RunningConfig:
    location: str = "Unspecified"
    interfaces: dict[str, InterfaceConfig] = field(default_factory=dict)  # keyed by short name
    auth_default_vlan: str = ""
    global_lines: list[str] = field(default_factory=list)


def parse_running_config(text: str, port_key: re.Pattern[str] | None = None) -> RunningConfig:
    """Split a configuration into its interface blocks (`interface X` up to `!`/`exit`/next block)."""
    cfg = RunningConfig()
    if not text:
        return cfg
    loc = _LOCATION.search(text)
    if loc:
        cfg.location = loc.group("loc").strip().strip('"')
    vlan = _AUTH_DEFAULT_VLAN.search(text)
    if vlan:
        cfg.auth_default_vlan = vlan.group(1)
    starts = list(_INTERFACE.finditer(text))
    cursor = 0
    for i, m in enumerate(starts):
        cfg.global_lines.extend(_lines(text[cursor:m.start()]))
        body_end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[m.end() + 1 : body_end]
        lines: list[str] = []
        rest_at = len(body)
        offset = 0
        for line in body.split("\n"):
            stripped = line.strip()
            if stripped in ("!", "exit") or (line and not line[0].isspace() and stripped):
                rest_at = offset + (len(line) + 1 if stripped == "exit" else 0)
                if stripped == "exit":
                    lines.append(line.rstrip())
                break
            if stripped:
                lines.append(line.rstrip())
            offset += len(line) + 1
        name = m.group("name")
        key = short_port(name) if port_key is None else _fastiron_key(name, port_key)
        cfg.interfaces[key] = InterfaceConfig(name, lines)
        cursor = m.end() + 1 + rest_at
    cfg.global_lines.extend(_lines(text[cursor:]))
    return cfg


def _fastiron_key(name: str, port_key: re.Pattern[str]) -> str:
    m = port_key.match(name)
    return "Et" + m.group(1) if m else short_port(name)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip() and line.strip() != "!"]
