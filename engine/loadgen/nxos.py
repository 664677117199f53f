"""Cisco NX-OS (Nexus 9000/3000) command output, and the records the `cisco_nxos` parsers return for it.

The status table cuts names to its 18-character Name column and the status words to 9 characters
(`notconnec`), as NX-OS does; every record is the ntc-templates one.
"""

from __future__ import annotations

from typing import Any

from engine.loadgen.model import CONNECTED, DISABLED, LAG, MEMBER, TRUNK, HostSpec, PortSpec

Record = dict[str, Any]

PAGER = "terminal length 0"
COMMANDS = ("show version", "show interface status", "show mac address-table", "show running-config")
_STATUS = {CONNECTED: "connected", DISABLED: "disabled"}  # others: notconnec (err-disabled prints down)


def render(spec: HostSpec) -> list[tuple[str, str]]:
    return [
        ("show version", show_version(spec)),
        ("show interface status", show_interface_status(spec)),
        ("show mac address-table", show_mac_address_table(spec)),
        ("show running-config", show_running_config(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    return {
        "show version": [version_record(spec)],
        "show interface status": [status_record(p) for p in spec.ports],
        "show mac address-table": mac_records(spec),
    }


def _uptime(spec: HostSpec) -> str:
    years, weeks, days, hours, minutes = spec.uptime
    return f"{years * 365 + weeks * 7 + days} day(s), {hours} hour(s), {minutes} minute(s), 7 second(s)"


def _image(spec: HostSpec) -> str:
    return "bootflash:///nxos." + spec.version.replace("(", ".").replace(")", "") + ".bin"


def show_version(spec: HostSpec) -> str:
    chassis = spec.model.replace("N9K-", "").replace("N3K-", "")
    family = "Nexus9000" if spec.family == "N9K" else "Nexus3000"
    return (
        "Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n"
        "Copyright (C) 2002-2024, Cisco and/or its affiliates.\nAll rights reserved.\n\n"
        f"Software\n  BIOS: version 05.47\n  NXOS: version {spec.version}\n"
        f"  BIOS compile time:  04/28/2022\n  NXOS image file is: {_image(spec)}\n"
        "  NXOS compile time:  3/21/2024 10:00:00 [03/21/2024 19:14:22]\n\n\n"
        f"Hardware\n  cisco {family} {chassis} Chassis\n"
        "  Intel(R) Xeon(R) CPU  D-1528 @ 1.90GHz with 24569356 kB of memory.\n"
        f"  Processor Board ID {spec.members[0].serial}\n\n  Device name: {spec.hostname}\n"
        f"  bootflash: 115805708 kB\nKernel uptime is {_uptime(spec)}\n\n"
        f"Last reset at 188211 usecs after {spec.restarted}\n  Reason: Reset Requested by CLI command reload\n"
        f"  System version: {spec.version}\n  Service:\n\nplugin\n  Core Plugin, Ethernet Plugin\n\n"
    )


def version_record(spec: HostSpec) -> Record:
    chassis = spec.model.replace("N9K-", "").replace("N3K-", "")
    return {"hostname": spec.hostname, "os": spec.version, "platform": chassis, "serial": spec.members[0].serial,
            "uptime": _uptime(spec), "boot_image": _image(spec),
            "last_reboot_reason": "Reset Requested by CLI command reload"}


def _speed(p: PortSpec) -> str:
    if p.status != CONNECTED:
        return "auto"
    return f"{p.speed // 1000}G" if p.speed >= 10000 else str(p.speed)


def _vlan(p: PortSpec) -> str:
    return "trunk" if p.role in (TRUNK, MEMBER, LAG) else str(p.vlan)


def _type(p: PortSpec) -> str:
    if p.role == LAG:
        return "--"
    return "1000base-T" if p.role not in (MEMBER,) and p.max_speed <= 1000 else "10Gbase-SR"


def status_record(p: PortSpec) -> Record:
    return {"port": p.short, "name": p.description[:18].rstrip() or "--", "status": _STATUS.get(p.status, "notconnec"),
            "vlan_id": _vlan(p), "duplex": "full" if p.status == CONNECTED else "auto", "speed": _speed(p),
            "type": _type(p)}


def show_interface_status(spec: HostSpec) -> str:
    rule = "-" * 80
    lines = ["", rule, "Port          Name               Status    Vlan      Duplex  Speed   Type", rule]
    for p in spec.ports:
        r = status_record(p)
        lines.append(f"{r['port']:<13} {r['name']:<18} {r['status']:<9} {r['vlan_id']:<9} {r['duplex']:<7} "
                     f"{r['speed']:<7} {r['type']}")
    return "\n".join(lines) + "\n\n"


def _mac_rows(spec: HostSpec) -> list[tuple[str, str, str]]:
    return [(str(vlan), mac, p.short) for p in spec.ports for vlan, mac in p.learned]


def mac_records(spec: HostSpec) -> list[Record]:
    return [{"vlan_id": vlan, "mac_address": mac, "type": "dynamic", "age": "0", "secure": "F", "ntfy": "F",
             "ports": port} for vlan, mac, port in _mac_rows(spec)]


def show_mac_address_table(spec: HostSpec) -> str:
    lines = ["Legend:", "        * - primary entry, G - Gateway MAC, (R) - Routed MAC, O - Overlay MAC",
             "        age - seconds since last seen,+ - primary entry using vPC Peer-Link,",
             "        (T) - True, (F) - False, C - ControlPlane MAC, ~ - vsan",
             "   VLAN     MAC Address      Type      age     Secure NTFY Ports",
             "---------+-----------------+--------+---------+------+----+------------------"]
    for vlan, mac, port in _mac_rows(spec):
        lines.append(f"*  {vlan:>4}     {mac}   dynamic  0         F      F    {port}")
    return "\n".join(lines) + "\n\n"


def show_running_config(spec: HostSpec) -> str:
    out = ["", "!Command: show running-config", f"!Running configuration last done at: {spec.config_changed}", "",
           f"version {spec.version} Bios:version 05.47", f"hostname {spec.hostname}", "", "feature lacp",
           f"snmp-server location {spec.location}"]
    for vid, name in spec.vlans:
        out += [f"vlan {vid}", f"  name {name}"]
    out.append("")
    for p in spec.ports:
        out.append(f"interface {p.name}")
        if p.description:
            out.append(f"  description {p.description}")
        if p.role in (TRUNK, MEMBER, LAG):
            out.append("  switchport mode trunk")
        else:
            out.append(f"  switchport access vlan {p.vlan}")
        if p.role == MEMBER:
            out.append(f"  channel-group {p.lag_id} mode active")
        if p.status == DISABLED:
            out.append("  shutdown")
        out.append("")
    return "\n".join(out) + "\n"
