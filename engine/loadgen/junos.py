"""Juniper EX (2300/4300) command output, and the records the `juniper_junos` parsers return for it.

Sessions use `user@host>` prompts, and each output ends with the `{master:0}` line of a virtual chassis.
MAC tables name VLANs as the configuration does (`STAFF`), so the facts map them through `vlans`.
"""

from __future__ import annotations

from typing import Any

from engine.loadgen.model import CONNECTED, DISABLED, LAG, MEMBER, TRUNK, HostSpec, PortSpec

Record = dict[str, Any]

PAGER = "set cli screen-length 0"
PAGER_OUT = "Screen length set to 0\n\n{master:0}\n"
PROMPT_SYMBOL = ">"
USER = "netops"
COMMANDS = ("show version", "show interfaces terse", "show ethernet-switching table", "show configuration")
_MASTER = "\n{master:0}\n"


def render(spec: HostSpec) -> list[tuple[str, str]]:
    return [
        ("show version", show_version(spec)),
        ("show interfaces terse", show_interfaces_terse(spec)),
        ("show ethernet-switching table", show_ethernet_switching_table(spec)),
        ("show configuration | no-more", show_configuration(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    return {
        "show version": [{"hostname": spec.hostname, "model": spec.model.lower(), "junos_version": spec.version,
                          "serial_number": ""}],
        "show interfaces terse": terse_records(spec),
        "show ethernet-switching table": mac_records(spec),
    }


def show_version(spec: HostSpec) -> str:
    out = []
    for m in spec.members:
        out += [f"fpc{m.number - 1}:", "-" * 74, f"Hostname: {spec.hostname}", f"Model: {spec.model.lower()}",
                f"Junos: {spec.version}", "JUNOS OS Kernel 32-bit  [20230601.2a4f9a1_builder_stable_12]",
                "JUNOS OS libs [20230601.2a4f9a1_builder_stable_12]",
                f"JUNOS EX  Software Suite [{spec.version}]",
                f"JUNOS Web Management Platform Package [{spec.version}]", ""]
    return "\n".join(out) + _MASTER


def _admin_link(p: PortSpec) -> tuple[str, str]:
    return ("down" if p.status == DISABLED else "up"), ("up" if p.status == CONNECTED else "down")


def terse_records(spec: HostSpec) -> list[Record]:
    out: list[Record] = []
    for p in spec.ports:
        admin, link = _admin_link(p)
        out.append({"interface": p.name, "admin_state": admin, "link_status": link, "proto": "", "local": "",
                    "remote": ""})
        if p.role != MEMBER:
            out.append({"interface": f"{p.name}.0", "admin_state": "up", "link_status": link, "proto": "eth-switch",
                        "local": "", "remote": ""})
    return out


def show_interfaces_terse(spec: HostSpec) -> str:
    lines = ["Interface               Admin Link Proto    Local                 Remote"]
    for r in terse_records(spec):
        lines.append(f"{r['interface']:<23} {r['admin_state']:<5} {r['link_status']:<4} {r['proto']}".rstrip())
    return "\n".join(lines) + "\n" + _MASTER


def _vlan_names(spec: HostSpec) -> dict[int, str]:
    return {vid: ("default" if vid == 1 else name) for vid, name in spec.vlans}


def _colon(mac: str) -> str:
    digits = mac.replace(".", "")
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def _mac_rows(spec: HostSpec) -> list[tuple[str, str, str]]:
    names = _vlan_names(spec)
    return [(names.get(vlan, f"unnamed-{vlan}"), _colon(mac), f"{p.name}.0") for p in spec.ports for vlan, mac in p.learned]


def mac_records(spec: HostSpec) -> list[Record]:
    return [{"vlan_id": name, "vlan_name": name, "bridge_domain_id": "", "mac_address": mac, "mac_flag": "D",
             "age": "-", "logical_interface": iface} for name, mac, iface in _mac_rows(spec)]


def show_ethernet_switching_table(spec: HostSpec) -> str:
    rows = _mac_rows(spec)
    lines = ["", "MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, P - Persistent static",
             "           SE - statistics enabled, NM - non configured MAC, R - remote PE MAC, O - ovsdb MAC)", "", "",
             f"Ethernet switching table : {len(rows)} entries, {len(rows)} learned",
             "Routing instance : default-switch",
             "    Vlan                MAC                 MAC         Age    Logical                NH        RTR",
             "    name                address             flags              interface              Index     ID"]
    for name, mac, iface in rows:
        lines.append(f"    {name:<19} {mac:<19} D             -   {iface:<22} 0         0")
    return "\n".join(lines) + "\n" + _MASTER


def show_configuration(spec: HostSpec) -> str:
    names = _vlan_names(spec)
    out = [f"## Last commit: {spec.config_changed} by {USER}", f"version {spec.version};", "system {",
           f"    host-name {spec.hostname};", "}", "interfaces {"]
    for p in spec.ports:
        out.append(f"    {p.name} {{")
        if p.status == DISABLED:
            out.append("        disable;")
        if p.description:
            out.append(f'        description "{p.description}";')
        if p.role == MEMBER:
            out += ["        ether-options {", f"            802.3ad ae{p.lag_id - 1};", "        }"]
        else:
            trunk = p.role in (TRUNK, LAG)
            members = ("[ " + " ".join(names[v] for v, _ in spec.vlans if v != 1) + " ]") if trunk else names.get(
                p.vlan, f"unnamed-{p.vlan}")
            out += ["        unit 0 {", "            family ethernet-switching {",
                    f"                interface-mode {'trunk' if trunk else 'access'};", "                vlan {",
                    f"                    members {members};", "                }", "            }", "        }"]
        out.append("    }")
    out += ["}", "snmp {", f'    location "{spec.location}";', "}"]
    secured = [p for p in spec.ports if p.auth_mode != "open" and p.role not in (MEMBER, LAG)]
    if secured:
        out += ["protocols {", "    dot1x {", "        authenticator {", "            interface {"]
        for p in secured:
            extra = ["                    mac-radius;"] if p.auth_mode in ("mab", "flexible") else []
            out += [f"                {p.name}.0 {{", "                    supplicant multiple;", *extra,
                    "                }"]
        out += ["            }", "        }", "    }", "}"]
    out.append("vlans {")
    for vid, _name in spec.vlans:
        out += [f"    {names[vid]} {{", f"        vlan-id {vid};", "    }"]
    out.append("}")
    return "\n".join(out) + "\n" + _MASTER
