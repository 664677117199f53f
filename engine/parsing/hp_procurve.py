"""hp_procurve (HP ProCurve / Aruba AOS-S) show-command parsers producing ntc-templates records.

`show system`, `show interfaces brief` and `show vlans` follow the ntc-templates templates rule for rule
(`Template` tables, ``~`` where a template matches a blank), `show mac-address` is the template's row
rules as one whole-text regex; `show version` reads both layouts:

* the switch's own (``Image stamp:`` then the build date, the version and the build number on the
  indented lines below): ``version`` (``WC.16.10.0009``), ``image_stamp build_date build boot_image``;
  ``model`` stays empty, as the switch prints it neither here nor in `show system` (the facts read it
  from the configuration's ``; J9727A Configuration Editor`` line);
* the ArubaOS access-point layout that ntc's ``hp_procurve_show_version`` template reads: ``model
  version compilation fips_mode uptime reboot_cause``, as that template returns them.

The tables reproduce the templates' records exactly (lines a template would reject with an error are
skipped instead, so no parser raises).

`show port-access clients` (no ntc template): ``port client_name mac_address status method``.

`show running-config` (no ntc template): one record per port with ``interface name disabled
untagged_vlan tagged_vlans config``, the VLAN membership read from the ``vlan N`` blocks (ProCurve
configures membership per VLAN, ``untagged 1-20,A1``), and one record ``hostname location contact``
with an empty ``interface``.
"""

from __future__ import annotations

import re
from typing import Any

from engine.parsing._text import MAX_LINE as _TEMPLATE_MAX_LINE
from engine.parsing._text import Rule, Rx, Template, Value, gc_paused, prepare
from engine.parsing.registry import Parser

Record = dict[str, Any]
MAX_LINE = 512

# ------------------------------------------------------------------------------------------ show system

_SYSTEM_VALUES = (
    Value("name", filldown=True), Value("contact", filldown=True), Value("location", filldown=True),
    Value("mac_age", filldown=True), Value("timezone", filldown=True), Value("daylight_rule", filldown=True),
    Value("software_version", filldown=True), Value("member_id"), Value("rom_version", required=True),
    Value("allow_mods"), Value("mac_address"), Value("serial"), Value("uptime"), Value("cpu_util"),
    Value("mem_tot"), Value("mem_free"), Value("packets_rx"), Value("packets_tx"), Value("packets_tot"),
    Value("buffers_free"), Value("buffers_lowest"), Value("buffers_missed"),
)
SYSTEM = Template(
    _SYSTEM_VALUES,
    {
        "Start": (
            Rule(r".*Status~+and~+Counters()"),
            Rule(r"~*System~+Name~+:~+(?P<name>\S+)"),
            Rule(r"~*System~+Contact~+:~+(?P<contact>.+)"),
            Rule(r"~*System~+Location~+:~+(?P<location>.+)"),
            Rule(r"~*MAC~+Age~+Time[^:\n]*:~+(?P<mac_age>\d+)"),
            Rule(r"~*Time~+Zone~+:~+(?P<timezone>\S+)"),
            Rule(r"~*Daylight~+Time~+Rule~+:~+(?P<daylight_rule>\S+)"),
            Rule(r"~*Software~+revision~+:~+(?P<software_version>\S+)~+Base~+MAC~+Addr~+:~+(?P<mac_address>\S+)"),
            Rule(r"~*Software~+revision~+:~+(?P<software_version>\S+)"),
            Rule(r"~*Base~+MAC~+Addr~+:~+(?P<mac_address>\S+)"),
            Rule(r"~*ROM~+Version~+:~+(?P<rom_version>\S+)~+Serial~+Number~+:~+(?P<serial>\S+)"),
            Rule(r"~*Allow~+V1~+Modules~+:~+(?P<allow_mods>[Yy]es|[Nn]o)"),
            Rule(r"~*Up~+Time~+:~+(?P<uptime>\d+ \w+)~+Memory~+-~+Total~+:~+(?P<mem_tot>[\d,]+)"),
            Rule(r"~*CPU~+Util[^:\n]*:~+(?P<cpu_util>\d+)~+Free~+:~+(?P<mem_free>[\d,]+)"),
            Rule(r"~*IP~+Mgmt~+-~+Pkts~+Rx~+:~+(?P<packets_rx>[\d,]+)~+Packet~+-~+Total~+:~+(?P<packets_tot>\d+)"),
            Rule(r"~*Pkts~+Tx~+:~+(?P<packets_tx>[\d,]+)~+Buffers~+Free~+:~+(?P<buffers_free>\d+)"),
            Rule(r"~*Lowest~+:~+(?P<buffers_lowest>\d+)"),
            Rule(r"~*Missed~+:~+(?P<buffers_missed>\d+)", record=True),
            Rule(r"~*VSF-Member~*:()", record=True, cont=True),
            Rule(r"~*VSF-Member~*:~*(?P<member_id>\d+)", to="VSF"),
        ),
        "VSF": (
            Rule(r"~*ROM~+Version~+:~+(?P<rom_version>\S+)"),
            Rule(r"~*Up~+Time~+:~+(?P<uptime>\d+ \w+)"),
            Rule(r"~*CPU~+Util[^:\n]*:~+(?P<cpu_util>\d+)"),
            Rule(r"~*MAC~+Addr~+:~+(?P<mac_address>\S+)"),
            Rule(r"~*Serial~+Number~+:~+(?P<serial>\S+)"),
            Rule(r"~*Memory~+-~+Total~+:~+(?P<mem_tot>[\d,]+)"),
            Rule(r"~*Free~+:~+(?P<mem_free>[\d,]+)"),
            Rule(r"~*VSF-Member~*:()", record=True, cont=True),
            Rule(r"~*VSF-Member~*:~*(?P<member_id>\d+)"),
        ),
    },
)

# ------------------------------------------------------------------------------------ show interfaces brief

_BRIEF_ROW = (r"~+(?P<port>[a-zA-Z0-9\-/]+)\*?~+(?P<type>\S*)~+\|~+(?P<intrusion_alert>Yes|No)~+(?P<enabled>Yes|No)"
              r"~+(?P<status>Up|Down)~+(?P<mode>[a-zA-Z0-9\.]+)?\*?~+(?:(?P<mdi_mode>MDI\S*|Auto|NA)~+)?"
              r"(?P<flow_ctrl>on|off)")
INTERFACES_BRIEF = Template(
    (Value("port"), Value("type"), Value("intrusion_alert"), Value("enabled"), Value("status"), Value("mode"),
     Value("mdi_mode"), Value("flow_ctrl"), Value("bcast_limit")),
    {
        "Start": (
            Rule(r"~+Port~+Type~+\|~+Alert~+Enabled~+Status~+Mode~+Mode~+Ctrl~*$()", to="showintbrief1"),
            Rule(r"~+Port~+Type~+\|~+Alert~+Enabled~+Status~+Mode~+Mode~+Ctrl~+Limit~*$()", to="showintbrief2"),
        ),
        "showintbrief1": (Rule(_BRIEF_ROW + r"~*$", record=True),),
        "showintbrief2": (Rule(_BRIEF_ROW + r"~+(?P<bcast_limit>\d+)~*$", record=True),),
    },
)

# ----------------------------------------------------------------------------------------- show mac-address

# The template's rows after its first `---` line, as one whole-text regex (MAC tables are large).
_MAC_START = Rx(r"\n~*---")
_MAC_ROW = Rx(rf"\n(?=.{{0,{_TEMPLATE_MAX_LINE}}}$)~++([0-9a-fA-F]{{6}}-[0-9a-fA-F]{{6}})~++(\S++)(?:~++(\d+))?")


@gc_paused
def parse_show_mac_address(text: str) -> list[Record]:
    """`show mac-address`: the template's records, from one `findall`."""
    prep = prepare(text)
    start = _MAC_START.get(prep).search(prep.text)
    if start is None:
        return []
    return [{"mac_address": mac, "port": port, "vlan_id": vlan}
            for mac, port, vlan in _MAC_ROW.get(prep).findall(prep.text, start.end())]


# ---------------------------------------------------------------------------------------------- show vlans

VLANS = Template(
    (Value("vlan_id"), Value("vlan_name"), Value("status"), Value("voice"), Value("jumbo")),
    {
        "Start": (Rule(r".*VLAN ID()", to="VLAN"),),
        "VLAN": (
            Rule(r"~+(?P<vlan_id>\d+)~+(?P<vlan_name>.*?)~+(?:\|~+|)(?P<status>\S+)~+(?P<voice>Yes|No)"
                 r"(?:~+(?P<jumbo>Yes|No)|)~*$", record=True),
        ),
    },
)

# -------------------------------------------------------------------------------------------- show version

_AP_VERSION = Template(
    (Value("model"), Value("version"), Value("compilation"), Value("fips_mode"), Value("uptime"),
     Value("reboot_cause")),
    {"Start": (
        Rule(r"~*ArubaOS~*\(MODEL:~*(?P<model>\S+)\),~*Version~*(?P<version>\d+.\d+.\d+.\d+~*\S+)"),
        Rule(r"~*Compiled~*on~*(?P<compilation>.+)"),
        Rule(r"~*FIPS~*Mode~*:~*(?P<fips_mode>\S+)"),
        Rule(r"~*AP~*uptime~*is~*(?P<uptime>.+)"),
        Rule(r"~*Reboot~*Time~*and~*Cause~*:~*(?P<reboot_cause>.+)"),
    )},
)
_IMAGE_STAMP = re.compile(r"[ \t]*Image[ \t]+stamp:[ \t]*(\S.*?)[ \t]*$")
_BOOT_IMAGE = re.compile(r"[ \t]*Boot[ \t]+Image:[ \t]*(\S.*?)[ \t]*$")
_SWITCH_VERSION = re.compile(r"[A-Z]{1,3}\.\d{2}\.\d{2}\.\d{4}\w*$")


def parse_show_version(text: str) -> list[Record]:
    """`show version`: one record (the switch layout, else the access-point one), or none."""
    if "ArubaOS" in text and "(MODEL:" in text:
        return _AP_VERSION.parse(text)
    rec: Record = {"model": "", "version": "", "image_stamp": "", "build_date": "", "build": "", "boot_image": "",
                   "compilation": "", "fips_mode": "", "uptime": "", "reboot_cause": ""}
    lines = [line for line in text.splitlines() if len(line) <= MAX_LINE]
    for i, line in enumerate(lines):
        m = _IMAGE_STAMP.match(line)
        if m:
            rec["image_stamp"] = m[1]
            # The indented lines under the stamp: build date, version, build number.
            for follow in lines[i + 1 : i + 5]:
                if not follow[:1].isspace() or not follow.strip():
                    break
                value = follow.strip()
                if _SWITCH_VERSION.match(value):
                    rec["version"] = value
                elif value.isdigit():
                    rec["build"] = value
                elif not rec["build_date"]:
                    rec["build_date"] = value
            continue
        m = _BOOT_IMAGE.match(line)
        if m:
            rec["boot_image"] = m[1]
    return [rec] if rec["version"] or rec["image_stamp"] else []


# -------------------------------------------------------------------------------------- running-config

# A port or a range of ports: optional member ("1/"), optional letter(s) ("A", "Trk"), a number.
_PORT_RANGE = re.compile(r"((?:\d+/)?)([A-Za-z]*)(\d+)(?:-\1\2(\d+))?$")


def expand_ports(text: str) -> list[str]:
    """ProCurve port lists: ``1-4,A1-A3,Trk1`` -> ``1 2 3 4 A1 A2 A3 Trk1`` (stacked ``1/1-1/4`` too)."""
    out: list[str] = []
    for item in text.replace(" ", "").split(","):
        if not item:
            continue
        m = _PORT_RANGE.match(item)
        if m and m[4] and int(m[3]) <= int(m[4]) and int(m[4]) - int(m[3]) < 1024:
            out.extend(f"{m[1]}{m[2]}{n}" for n in range(int(m[3]), int(m[4]) + 1))
        else:
            out.append(item)
    return out


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def parse_show_running_config(text: str) -> list[Record]:
    """`show running-config`: a record per port named by an ``interface`` or ``vlan`` block, with its
    untagged VLAN and tagged VLANs, and the system names."""
    ports: dict[str, Record] = {}
    system: Record = {"interface": "", "hostname": "", "location": "", "contact": ""}

    def port(name: str) -> Record:
        rec = ports.get(name)
        if rec is None:
            rec = ports[name] = {"interface": name, "name": "", "disabled": "", "untagged_vlan": "",
                                 "tagged_vlans": [], "config": ""}
        return rec

    block: tuple[str, str] | None = None  # ("interface"|"vlan", its argument)
    body: list[str] = []

    def close() -> None:
        if block is not None and block[0] == "interface":
            for name in expand_ports(block[1]):
                port(name)["config"] = "\n".join(body)

    for line in text.splitlines():
        if len(line) > MAX_LINE:
            continue
        stripped = line.strip()
        if line[:1] in (" ", "\t") and block is not None:
            if stripped and stripped != "exit":
                body.append(stripped)
                _block_line(block, stripped, port)
            continue
        close()
        block, body = None, []
        words = stripped.split()
        if len(words) >= 2 and words[0] in ("interface", "vlan"):
            block = (words[0], " ".join(words[1:]))
        elif stripped.startswith("hostname "):
            system["hostname"] = _unquote(stripped[9:])
        elif stripped.startswith("snmp-server location "):
            system["location"] = _unquote(stripped[21:])
        elif stripped.startswith("snmp-server contact "):
            system["contact"] = _unquote(stripped[20:])
    close()
    out = list(ports.values())
    if system["hostname"] or system["location"] or system["contact"]:
        out.append(system)
    return out


def _block_line(block: tuple[str, str], line: str, port: Any) -> None:
    kind, arg = block
    words = line.split(None, 1)
    if kind == "interface":
        for name in expand_ports(arg):
            rec = port(name)
            if words[0] == "name" and len(words) > 1:
                rec["name"] = _unquote(words[1])
            elif line == "disable":
                rec["disabled"] = "yes"
            elif line == "enable":
                rec["disabled"] = "no"
    elif kind == "vlan" and arg.isdigit() and len(words) > 1 and words[0] in ("untagged", "tagged"):
        for name in expand_ports(words[1]):
            rec = port(name)
            if words[0] == "untagged":
                rec["untagged_vlan"] = arg
            elif arg not in rec["tagged_vlans"]:
                rec["tagged_vlans"].append(arg)


# ------------------------------------------------------------------------------ show port-access clients

_CLIENT_MAC = re.compile(r"\b([0-9a-fA-F]{6}-[0-9a-fA-F]{6})\b")
_CLIENT_PORT = re.compile(r"[ \t]*((?:\d+/)?[A-Za-z]?\d+)[ \t]")
_CLIENT_METHOD = re.compile(r"\b(802\.1X|MAC-Based|Web-Based|MAC|Local)\b", re.I)
_CLIENT_STATUS = re.compile(r"\b(Authenticated|Unauthenticated|Authorized|Unauthorized|Rejected|Authenticating|"
                            r"Held|Open)\b", re.I)


def parse_show_port_access_clients(text: str) -> list[Record]:
    """`show port-access clients` (no ntc template): ``port client_name mac_address status method``, one
    record per client row: a row is a port, a client name and a ``xxxxxx-xxxxxx`` MAC, read by tokens
    (column widths differ between releases)."""
    out: list[Record] = []
    for line in text.splitlines():
        if len(line) > MAX_LINE:
            continue
        port = _CLIENT_PORT.match(line)
        mac = _CLIENT_MAC.search(line)
        if port is None or mac is None:
            continue
        between = line[port.end():mac.start()].split()
        status = _CLIENT_STATUS.search(line, mac.end())
        method = _CLIENT_METHOD.search(line, mac.end())
        out.append({"port": port[1], "client_name": " ".join(between), "mac_address": mac[1],
                    "status": status[1] if status else "", "method": method[1] if method else ""})
    return out


PARSERS: dict[str, Parser] = {
    "show system": SYSTEM.parse,
    "show version": parse_show_version,
    "show interfaces brief": INTERFACES_BRIEF.parse,
    "show mac-address": parse_show_mac_address,
    "show vlans": VLANS.parse,
    "show running-config": parse_show_running_config,
    "show port-access clients": parse_show_port_access_clients,
}
