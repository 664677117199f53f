"""Aruba AOS-CX 10.x command output (6200F / 6300M), and the records the `aruba_aoscx` parsers return for it.

`show system`, `show mac-address-table` and `show vlan` records are the ntc-templates ones (VLAN member
lines are wrapped at six items, where the template still reads them all); `show version` and `show
interface brief` have no template and follow the project's parsers (docs/parsing.md).
"""

from __future__ import annotations

from typing import Any

from engine.loadgen.model import (
    ACCESS,
    CONNECTED,
    DISABLED,
    ERRDISABLED,
    LAG,
    MEMBER,
    SPARE,
    TRUNK,
    HostSpec,
    PortSpec,
    colon_mac,
)

Record = dict[str, Any]

PAGER = "no page"
COMMANDS = ("show system", "show version", "show interface brief", "show mac-address-table", "show vlan",
            "show running-config")
PRODUCTS = {"JL728A": "JL728A 6200F 48G CL4 4SFP+ 740W Swch", "JL727A": "JL727A 6200F 24G CL4 4SFP+ 370W Swch",
            "JL661A": "JL661A 6300M 48G CL4 PoE 4SFP56 Swch"}
_LINE = "-" * 110 + "\n"


def render(spec: HostSpec) -> list[tuple[str, str]]:
    """(command, output) pairs in capture order."""
    return [
        ("show system", show_system(spec)),
        ("show version", show_version(spec)),
        ("show interface brief", show_interface_brief(spec)),
        ("show mac-address-table", show_mac_address_table(spec)),
        ("show vlan", show_vlan(spec)),
        ("show running-config", show_running_config(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    return {
        "show system": [system_record(spec)],
        "show version": [version_record(spec)],
        "show interface brief": brief_records(spec),
        "show mac-address-table": mac_records(spec),
        "show vlan": vlan_records(spec),
    }


def _dashed(mac: int) -> str:
    h = f"{mac:012x}"
    return f"{h[:6]}-{h[6:]}"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def uptime_parts(spec: HostSpec) -> tuple[int, int, int, int]:
    years, weeks, days, hours, minutes = spec.uptime
    return weeks + 52 * years, days, hours, minutes


def uptime_text(spec: HostSpec) -> str:
    weeks, days, hours, minutes = uptime_parts(spec)
    parts = [_plural(n, u) for n, u in ((weeks, "week"), (days, "day"), (hours, "hour")) if n]
    parts.append(_plural(minutes, "minute") if minutes else "under a minute")
    return ", ".join(parts)


def show_system(spec: HostSpec) -> str:
    return (
        f"Hostname           : {spec.hostname}\n"
        f"System Description : {spec.version}\n"
        "System Contact     : Network Operations\n"
        f"System Location    : {spec.location}\n\n"
        "Vendor             : Aruba\n"
        f"Product Name       : {PRODUCTS[spec.model]}\n"
        f"Chassis Serial Nbr : {spec.members[0].serial}\n"
        f"Base MAC Address   : {_dashed(spec.base_mac)}\n"
        f"ArubaOS-CX Version : {spec.version}\n\n"
        "Time Zone          : UTC\n\n"
        f"Up Time            : {uptime_text(spec)}\n"
        "CPU Util (%)       : 7\n"
        "Memory Usage (%)   : 29\n\n"
    )


def system_record(spec: HostSpec) -> Record:
    weeks, days, hours, minutes = uptime_parts(spec)
    return {"hostname": spec.hostname, "contact": "Network Operations", "location": spec.location,
            "vendor": "Aruba", "product": PRODUCTS[spec.model], "serial": spec.members[0].serial,
            "base_mac": _dashed(spec.base_mac), "version": spec.version, "time_zone": "UTC",
            "uptime_weeks": str(weeks) if weeks else "", "uptime_days": str(days) if days else "",
            "uptime_hours": str(hours) if hours else "", "uptime_minutes": str(minutes) if minutes else "",
            "uptime": uptime_text(spec)}


def show_version(spec: HostSpec) -> str:
    sha = f"{spec.base_mac:012x}{spec.members[0].serial.lower()}"[:12]
    return (
        "-----------------------------------------------------------------------------\n"
        "ArubaOS-CX\n"
        "(c) Copyright 2017-2024 Hewlett Packard Enterprise Development LP\n"
        "-----------------------------------------------------------------------------\n"
        f"Version      : {spec.version}\n"
        "Build Date   : 2024-03-12 17:44:02 UTC\n"
        f"Build ID     : ArubaOS-CX:{spec.version}:{sha}:202403121740\n"
        f"Build SHA    : {sha}\n"
        "Hot Patches  :\n"
        "Active Image : primary\n\n"
        f"Service OS Version : {spec.version[:2]}.01.13.0002\n"
        f"BIOS Version       : {spec.version[:2]}-01-0015\n\n"
    )


def version_record(spec: HostSpec) -> Record:
    sha = f"{spec.base_mac:012x}{spec.members[0].serial.lower()}"[:12]
    return {"version": spec.version, "build_date": "2024-03-12 17:44:02 UTC",
            "build_id": f"ArubaOS-CX:{spec.version}:{sha}:202403121740", "build_sha": sha, "active_image": "primary",
            "service_os_version": f"{spec.version[:2]}.01.13.0002", "bios_version": f"{spec.version[:2]}-01-0015"}


def _ports(spec: HostSpec) -> list[PortSpec]:
    return [p for p in spec.ports if p.role != LAG] + [p for p in spec.ports if p.role == LAG]


def _brief_row(p: PortSpec) -> tuple[str, ...]:
    up = p.status == CONNECTED
    if p.role == SPARE:
        reason = "No XCVR installed"
    elif p.status == DISABLED:
        reason = "Administratively down"
    elif p.status == ERRDISABLED:
        reason = "Disabled by bpdu-guard"
    elif not up:
        reason = "Waiting for link"
    else:
        reason = ""
    mode = "access" if p.role == ACCESS or p.role == SPARE else "trunk"
    return (p.name, str(p.vlan if p.role in (ACCESS, TRUNK, SPARE) else 1), mode,
            "--" if p.role in (SPARE, LAG) else p.media, "no" if p.status == DISABLED else "yes",
            "up" if up else "down", reason, str(p.speed) if up and p.speed else "--", p.description or "--")


def show_interface_brief(spec: HostSpec) -> str:
    out = [_LINE, "Port       Native  Mode   Type           Enabled Status  Reason                  Speed   "
                  "Description\n",
           "           VLAN                                                                  (Mb/s)\n", _LINE]
    for row in (_brief_row(p) for p in _ports(spec)):
        out.append(f"{row[0]:<10} {row[1]:<7} {row[2]:<6} {row[3]:<14} {row[4]:<7} {row[5]:<7} {row[6]:<23} "
                   f"{row[7]:<7} {row[8]}\n")
    return "".join(out) + "\n"


def brief_records(spec: HostSpec) -> list[Record]:
    keys = ("port", "vlan_id", "mode", "type", "enabled", "status", "reason", "speed", "description")
    return [dict(zip(keys, _brief_row(p), strict=True)) for p in _ports(spec)]


def _mac_rows(spec: HostSpec) -> list[tuple[str, int, str]]:
    rows = []
    for p in _ports(spec):
        for vlan, mac in p.learned:
            rows.append((colon_mac(int(mac.replace(".", ""), 16)), vlan, p.name))
    return rows


def show_mac_address_table(spec: HostSpec) -> str:
    rows = _mac_rows(spec)
    out = ["MAC age-time            : 300 seconds\n", f"Number of MAC addresses : {len(rows)}\n\n",
           "MAC Address          VLAN     Type                      Port\n", "-" * 62 + "\n"]
    out.extend(f"{mac}    {vlan:<8} {'dynamic':<25} {port}\n" for mac, vlan, port in rows)
    return "".join(out) + "\n"


def mac_records(spec: HostSpec) -> list[Record]:
    return [{"mac_address": mac, "vlan_id": str(vlan), "type": "dynamic", "port": port}
            for mac, vlan, port in _mac_rows(spec)]


def _ranges(ports: list[PortSpec]) -> list[str]:
    """`1/1/1-1/1/4` items for consecutive ports of one member, in port order."""
    items: list[str] = []
    i = 0
    while i < len(ports):
        j = i
        while (j + 1 < len(ports) and ports[j + 1].member == ports[i].member and ports[j + 1].role != LAG
               and ports[i].role != LAG and ports[j + 1].index == ports[j].index + 1):
            j += 1
        items.append(ports[i].name + (f"-{ports[j].name}" if j > i else ""))
        i = j + 1
    return items


def _members(spec: HostSpec) -> dict[int, list[str]]:
    """VLAN -> member items (access ports untagged, voice/trunk tagged, the LAG in every VLAN)."""
    sets: dict[int, list[PortSpec]] = {vid: [] for vid, _ in spec.vlans}
    user = [vid for vid, _ in spec.vlans if vid != 1]
    for p in _ports(spec):
        wanted: set[int] = set()
        if p.role in (ACCESS, SPARE):
            wanted = {p.vlan, p.voice_vlan} - {0}
        elif p.role == TRUNK:
            wanted = {p.vlan, *user}
        elif p.role == LAG:
            wanted = {1, *user}
        for vid in wanted:
            if vid in sets:
                sets[vid].append(p)
    return {vid: _ranges(ports) for vid, ports in sets.items()}


def show_vlan(spec: HostSpec) -> str:
    out = ["\n", _LINE, f"{'VLAN':<5} {'Name':<33} {'Status':<7} {'Reason':<23} {'Type':<11} Interfaces\n", _LINE]
    members = _members(spec)
    for vid, name in spec.vlans:
        items = members[vid]
        lines = [items[i:i + 6] for i in range(0, len(items), 6)] or [[]]
        head = f"{vid:<5} {name:<33} {'up':<7} {'ok':<23} {'default' if vid == 1 else 'static':<11} "
        for k, chunk in enumerate(lines):
            text = ",".join(chunk) + ("," if k + 1 < len(lines) else "")
            out.append((head if k == 0 else " " * len(head)) + text + "\n")
    return "".join(out) + "\n"


def vlan_records(spec: HostSpec) -> list[Record]:
    members = _members(spec)
    return [{"vlan_id": str(vid), "vlan_name": name, "status": "up", "reason": "ok",
             "type": "default" if vid == 1 else "static", "interfaces": members[vid]} for vid, name in spec.vlans]


def show_running_config(spec: HostSpec) -> str:
    user = [vid for vid, _ in spec.vlans if vid != 1]
    out = ["Current configuration:\n!\n", f"!Version ArubaOS-CX {spec.version}\n", "!export-password: default\n",
           f"hostname {spec.hostname}\n", f"snmp-server system-location {spec.location}\n",
           "snmp-server system-contact Network Operations\n", "!\n",
           "vlan " + ",".join(str(vid) for vid, _ in spec.vlans) + "\n"]
    for vid, name in spec.vlans:
        if vid != 1:
            out.append(f"vlan {vid}\n    name {name}\n")
    allowed = ",".join(str(v) for v in user)
    for p in _ports(spec):
        out.append(f"interface {p.name}\n")
        out.append("    shutdown\n" if p.status == DISABLED else "    no shutdown\n")
        if p.description:
            out.append(f"    description {p.description}\n")
        if p.role == MEMBER:
            out.append(f"    lag {p.lag_id}\n")
            continue
        if p.role in (ACCESS, SPARE):
            out.append(f"    vlan access {p.vlan}\n")
        else:
            out.append(f"    vlan trunk native {p.vlan if p.role == TRUNK else 1}\n"
                       f"    vlan trunk allowed {allowed}\n")
        if p.role == LAG:
            out.append("    lacp mode active\n")
        if p.auth_mode in ("dot1x", "flexible"):
            out.append("    aaa authentication port-access dot1x authenticator\n        enable\n")
        if p.auth_mode in ("mab", "flexible"):
            out.append("    aaa authentication port-access mac-auth\n        enable\n")
    out.append(f"interface vlan {spec.mgmt_vlan}\n    ip address {spec.mgmt_ip}/24\n")
    out.append(f"ip route 0.0.0.0/0 {spec.gateway}\n")
    return "".join(out) + "\n"
