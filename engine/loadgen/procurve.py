"""HP/Aruba AOS-S 16.x command output (2930F / 2540), and the records the `hp_procurve` parsers return for it.

`show system`, `show interfaces brief`, `show mac-address` and `show vlans` records are the ntc-templates
ones; `show version` (the switch layout, which ntc's template does not read) follows the project's parser.
The uplink trunk is `Trk1`: its members print as `49-Trk1`, its MACs on `Trk1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.loadgen.model import (
    ACCESS,
    CONNECTED,
    DISABLED,
    LAG,
    MEMBER,
    SPARE,
    TRUNK,
    HostSpec,
    PortSpec,
)

Record = dict[str, Any]

PAGER = "no page"
COMMANDS = ("show system", "show version", "show interfaces brief", "show mac-address", "show vlans",
            "show running-config")


def render(spec: HostSpec) -> list[tuple[str, str]]:
    return [
        ("show system", show_system(spec)),
        ("show version", show_version(spec)),
        ("show interfaces brief", show_interfaces_brief(spec)),
        ("show mac-address", show_mac_address(spec)),
        ("show vlans", show_vlans(spec)),
        ("show running-config", show_running_config(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    return {
        "show system": [system_record(spec)],
        "show version": [version_record(spec)],
        "show interfaces brief": brief_records(spec),
        "show mac-address": mac_records(spec),
        "show vlans": vlan_records(spec),
    }


def _dashed(mac: int) -> str:
    h = f"{mac:012x}"
    return f"{h[:6]}-{h[6:]}"


def uptime_text(spec: HostSpec) -> str:
    years, weeks, days, hours, minutes = spec.uptime
    total_days = years * 365 + weeks * 7 + days
    if total_days:
        return f"{total_days} days"
    return f"{hours} hours" if hours else f"{minutes} mins"


def _rom(spec: HostSpec) -> str:
    return f"{spec.version.split('.')[0]}.16.01.0008"


def show_system(spec: HostSpec) -> str:
    return (
        "\n Status and Counters - General System Information\n\n"
        f"  System Name        : {spec.hostname}\n"
        "  System Contact     : Network Operations\n"
        f"  System Location    : {spec.location}\n\n"
        "  MAC Age Time (sec) : 300\n\n"
        "  Time Zone          : 0\n"
        "  Daylight Time Rule : None\n\n"
        f"  Software revision  : {spec.version:<20} Base MAC Addr      : {_dashed(spec.base_mac)}\n"
        f"  ROM Version        : {_rom(spec):<20} Serial Number      : {spec.members[0].serial}\n\n"
        f"  Up Time            : {uptime_text(spec):<20} Memory   - Total   : 340,262,400\n"
        "  CPU Util (%)       : 2                               Free    : 221,410,128\n\n"
        "  IP Mgmt  - Pkts Rx : 1,204,553            Packet   - Total   : 6600\n"
        "             Pkts Tx : 1,003,871            Buffers    Free    : 4930\n"
        "                                                       Lowest  : 4602\n"
        "                                                       Missed  : 0\n\n"
    )


def system_record(spec: HostSpec) -> Record:
    return {"name": spec.hostname, "contact": "Network Operations", "location": spec.location, "mac_age": "300",
            "timezone": "0", "daylight_rule": "None", "software_version": spec.version, "member_id": "",
            "rom_version": _rom(spec), "allow_mods": "", "mac_address": _dashed(spec.base_mac),
            "serial": spec.members[0].serial, "uptime": uptime_text(spec), "cpu_util": "2",
            "mem_tot": "340,262,400", "mem_free": "221,410,128", "packets_rx": "1,204,553",
            "packets_tx": "1,003,871", "packets_tot": "6600", "buffers_free": "4930", "buffers_lowest": "4602",
            "buffers_missed": "0"}


def show_version(spec: HostSpec) -> str:
    return (
        "Image stamp:    /ws/swbuildm/rel_yakima_qaoff/code/build/lvm(swbuildm_rel_yakima_qaoff_rel_yakima)\n"
        "                Thu Feb 29 10:12:44 2024\n"
        f"                {spec.version}\n"
        "                512\n"
        "Boot Image:     Primary\n\n"
    )


def version_record(spec: HostSpec) -> Record:
    return {"model": "", "version": spec.version,
            "image_stamp": "/ws/swbuildm/rel_yakima_qaoff/code/build/lvm(swbuildm_rel_yakima_qaoff_rel_yakima)",
            "build_date": "Thu Feb 29 10:12:44 2024", "build": "512", "boot_image": "Primary"}


def _physical(spec: HostSpec) -> list[PortSpec]:
    return [p for p in spec.ports if p.role != LAG]


def _mode(p: PortSpec) -> str:
    speed = p.speed if p.status == CONNECTED and p.speed else p.max_speed
    return f"{speed // 1000}GigFD" if speed >= 10000 else f"{speed}FDx"


def _brief_row(p: PortSpec) -> dict[str, str]:
    port = f"{p.name}-Trk{p.lag_id}" if p.role == MEMBER else p.name
    spare = p.role == SPARE
    return {"port": port, "type": "" if spare else p.media, "intrusion_alert": "No",
            "enabled": "No" if p.status == DISABLED else "Yes", "status": "Up" if p.status == CONNECTED else "Down",
            "mode": "." if spare else _mode(p), "mdi_mode": "" if spare else ("NA" if p.role == MEMBER else "Auto"),
            "flow_ctrl": "off", "bcast_limit": "0"}


def show_interfaces_brief(spec: HostSpec) -> str:
    out = ["\n Status and Counters - Port Status\n\n",
           "                          | Intrusion                           MDI  Flow Bcast\n",
           "  Port         Type       | Alert     Enabled Status Mode       Mode Ctrl Limit\n",
           "  ------------ ---------- + --------- ------- ------ ---------- ---- ---- -----\n"]
    for p in _physical(spec):
        r = _brief_row(p)
        out.append(f"  {r['port']:<12} {r['type']:<10} | {r['intrusion_alert']:<9} {r['enabled']:<7} "
                   f"{r['status']:<6} {r['mode']:<10} {r['mdi_mode']:<4} {r['flow_ctrl']:<4} {r['bcast_limit']}\n")
    return "".join(out) + "\n"


def brief_records(spec: HostSpec) -> list[Record]:
    return [_brief_row(p) for p in _physical(spec)]


def _mac_rows(spec: HostSpec) -> list[tuple[str, str, int]]:
    return [(_dashed(int(mac.replace(".", ""), 16)), p.name, vlan) for p in spec.ports for vlan, mac in p.learned]


def show_mac_address(spec: HostSpec) -> str:
    out = ["\n Status and Counters - Port Address Table\n\n",
           "  MAC Address       Port                            VLAN\n",
           "  ----------------- ------------------------------- ----\n"]
    out.extend(f"  {mac:<17} {port:<31} {vlan}\n" for mac, port, vlan in _mac_rows(spec))
    return "".join(out) + "\n"


def mac_records(spec: HostSpec) -> list[Record]:
    return [{"mac_address": mac, "port": port, "vlan_id": str(vlan)} for mac, port, vlan in _mac_rows(spec)]


def _vlan_name(vid: int, name: str) -> str:
    return "DEFAULT_VLAN" if vid == 1 else name


def show_vlans(spec: HostSpec) -> str:
    out = ["\n Status and Counters - VLAN Information\n\n", "  Maximum VLANs to support : 256\n",
           "  Primary VLAN : DEFAULT_VLAN\n", f"  Management VLAN : {spec.mgmt_vlan}\n\n",
           "  VLAN ID Name                             | Status     Voice Jumbo\n",
           "  ------- -------------------------------- + ---------- ----- -----\n"]
    voice = _voice_vlans(spec)
    for vid, name in spec.vlans:
        out.append(f"  {vid:<7} {_vlan_name(vid, name):<32} | {'Port-based':<10} {'Yes' if vid in voice else 'No':<5} "
                   "No\n")
    return "".join(out) + "\n"


def _voice_vlans(spec: HostSpec) -> set[int]:
    return {p.voice_vlan for p in spec.ports if p.voice_vlan}


def vlan_records(spec: HostSpec) -> list[Record]:
    voice = _voice_vlans(spec)
    return [{"vlan_id": str(vid), "vlan_name": _vlan_name(vid, name), "status": "Port-based",
             "voice": "Yes" if vid in voice else "No", "jumbo": "No"} for vid, name in spec.vlans]


def _ranges(names: Sequence[int | str]) -> str:
    """`1-4,7,Trk1`: consecutive port numbers as ranges, in order."""
    numbers = sorted(n for n in names if isinstance(n, int))
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) + (f"-{numbers[j]}" if j > i else ""))
        i = j + 1
    return ",".join(parts + [str(n) for n in names if isinstance(n, str)])


def show_running_config(spec: HostSpec) -> str:
    physical = _physical(spec)
    members = [p.index for p in physical if p.role == MEMBER]
    out = ["\nRunning configuration:\n\n", f"; {spec.model} Configuration Editor; Created on release #{spec.version}\n",
           "; Ver #14:01.44.00.04.19.02.13.98.82.34.61.18.28.f3.84.9c.63.ff.37.27:05\n\n",
           f'hostname "{spec.hostname}"\n', f"module 1 type {spec.model.lower()}\n",
           f'snmp-server location "{spec.location}"\n', 'snmp-server contact "Network Operations"\n',
           f"trunk {_ranges(members)} trk1 lacp\n"]
    for p in physical:
        if p.role == MEMBER:
            continue
        if p.description or p.status == DISABLED:
            out.append(f"interface {p.name}\n")
            if p.status == DISABLED:
                out.append("   disable\n")
            if p.description:
                out.append(f'   name "{p.description}"\n')
            out.append("   exit\n")
    user = [vid for vid, _ in spec.vlans if vid != 1]
    for vid, name in spec.vlans:
        untagged: list[int | str] = [p.index for p in physical if p.role in (ACCESS, TRUNK, SPARE) and p.vlan == vid]
        tagged: list[int | str] = [p.index for p in physical if (p.role == ACCESS and p.voice_vlan == vid)
                                   or (p.role == TRUNK and vid in user and vid != p.vlan)]
        if vid == 1:
            untagged.append("Trk1")
        else:
            tagged.append("Trk1")
        out.append(f"vlan {vid}\n" + f'   name "{_vlan_name(vid, name)}"\n')
        if untagged:
            out.append(f"   untagged {_ranges(untagged)}\n")
        if tagged:
            out.append(f"   tagged {_ranges(tagged)}\n")
        if vid == spec.mgmt_vlan:
            out.append(f"   ip address {spec.mgmt_ip} 255.255.255.0\n")
        out.append("   exit\n")
    dot1x = [p.index for p in physical if p.auth_mode in ("dot1x", "flexible")]
    mab = [p.index for p in physical if p.auth_mode in ("mab", "flexible")]
    if dot1x:
        out.append(f"aaa port-access authenticator {_ranges(dot1x)}\naaa port-access authenticator active\n")
    if mab:
        out.append(f"aaa port-access mac-based {_ranges(mab)}\n")
    out.append(f"ip default-gateway {spec.gateway}\nspanning-tree\n")
    return "".join(out) + "\n"
