"""Running-configuration facts: interface blocks, SNMP location, authentication settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.facts.common import short_port
from engine.model import DeviceFacts

_INTERFACE = re.compile(r"^interface[ \t]+(?P<name>\S.*?)[ \t]*$", re.MULTILINE)
_LOCATION = re.compile(r"^[ \t]*(?:snmp-server location|snmp location|SNMP location:|Location:)[ \t]+(?P<loc>.+?)[ \t]*$",
                       re.MULTILINE | re.IGNORECASE)
_AUTH_DEFAULT_VLAN = re.compile(r"(?:auth-default-vlan|guest-vlan)[ \t]+(\d+)")


@dataclass(slots=True)
class InterfaceConfig:
    """One interface block, kept as its body text: most ports only need the text and a value or two."""

    name: str
    text: str = ""  # the indented body lines, newline-separated

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    def value(self, keyword: str) -> str:
        """The rest of the first `keyword ...` line (`description Printer HR` -> `Printer HR`)."""
        at = self.text.find(keyword + " ")
        while at >= 0:
            line_start = self.text.rfind("\n", 0, at) + 1
            if self.text[line_start:at].isspace() or line_start == at:
                end = self.text.find("\n", at)
                return self.text[at + len(keyword) + 1 : end if end >= 0 else len(self.text)].strip()
            at = self.text.find(keyword + " ", at + 1)
        return ""

    def stripped(self) -> set[str]:
        return {line.strip() for line in self.lines}


@dataclass(slots=True)
class RunningConfig:
    location: str = "Unspecified"
    interfaces: dict[str, InterfaceConfig] = field(default_factory=dict)  # keyed by short name
    auth_default_vlan: str = ""
    global_lines: list[str] = field(default_factory=list)


# An interface block: its header line, then every indented line (Cisco 1 space, EOS 3, FastIron 1),
# optionally closed by an indented `exit` (FastIron); the first unindented line ends it.
_BLOCK = re.compile(r"^interface[ \t]+(?P<name>\S[^\n]*?)[ \t]*\n(?P<body>(?:[ \t]+[^\n]*\n?)*)", re.MULTILINE)


def parse_running_config(text: str, port_key: re.Pattern[str] | None = None) -> RunningConfig:
    """Split a configuration into its interface blocks and the global lines around them.

    One regex pass finds the blocks (running configurations are long, and most of their lines
    belong to interfaces), so no Python loop walks the interface bodies line by line.
    """
    cfg = RunningConfig()
    if not text:
        return cfg
    loc = _LOCATION.search(text)
    if loc:
        cfg.location = loc.group("loc").strip().strip('"')
    vlan = _AUTH_DEFAULT_VLAN.search(text)
    if vlan:
        cfg.auth_default_vlan = vlan.group(1)
    cursor = 0
    global_parts: list[str] = []
    for m in _BLOCK.finditer(text):
        global_parts.append(text[cursor:m.start()])
        cursor = m.end()
        body = m.group("body").rstrip()
        if "\n\n" in body or " \n" in body:
            body = "\n".join(line.rstrip() for line in body.split("\n") if line.strip())
        name = m.group("name")
        key = short_port(name) if port_key is None else _fastiron_key(name, port_key)
        cfg.interfaces[key] = InterfaceConfig(name, body)
    global_parts.append(text[cursor:])
    cfg.global_lines = _lines("".join(global_parts))
    return cfg


def _fastiron_key(name: str, port_key: re.Pattern[str]) -> str:
    m = port_key.match(name)
    return "Et" + m.group(1) if m else short_port(name)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip() and line.strip() != "!"]


# Secrets in configuration text, masked before storing as config-backup tools do (Oxidized, RANCID):
# the keyword and the encryption type stay (`key 7 <removed>`), so a reader still sees what is set.
MASKED = "<removed>"
_SECRET_VALUE = re.compile(
    r"(?P<head>\b(?:key|password|secret|key-string|pre-shared-key|auth-key|authentication-key|md5|"
    r"snmp-server community|snmp community|community)[ \t]+"
    r"(?:(?:\d{1,2}|sha512|sha256|md5|encrypted|cleartext)[ \t]+){0,2})"
    r"(?!chain\b|config-key\b|<removed>)(?P<value>\S+)",
    re.IGNORECASE)
_SECRET_HINTS = ("key", "password", "secret", "community", "md5")


def mask_secrets(text: str) -> str:
    """RADIUS/TACACS keys, SNMP communities, enable/user secrets, type-7 and MD5 keys replaced by <removed>."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _SECRET_HINTS):
        return text
    return _SECRET_VALUE.sub(lambda m: m.group("head") + MASKED, text)


def mask_device_secrets(facts: DeviceFacts) -> None:
    """Mask every stored configuration text of one device in place."""
    facts.auth_block = [mask_secrets(line) for line in facts.auth_block]
    for port in facts.ports:
        if port.config:
            port.config = mask_secrets(port.config)
        if port.tooltip:
            port.tooltip = mask_secrets(port.tooltip)
