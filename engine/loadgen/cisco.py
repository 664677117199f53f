"""Cisco IOS-XE (Catalyst 9300/9200) command output, and the ntc-templates records it parses to.

Layouts follow real IOS-XE 16.12/17.x output (column widths, wrapping, trailing blanks) so that the
ntc-templates TextFSM templates and the project's parsers see what they would see from a device.
"""

from __future__ import annotations

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
    colon_mac,
    dotted_mac,
)

Record = dict[str, Any]

PAGER = "terminal length 0"
COMMANDS = (
    "show version",
    "show running-config",
    "show interfaces status",
    "show mac address-table",
    "show spanning-tree",
    "show vlan brief",
    "show cdp neighbors detail",
    "show power inline",
    "show ip interface brief",
    "show authentication sessions",
    "show interfaces",
)

_RELEASES = {
    "17.09.04a": ("17.9.4a", "Cupertino", "fc3", "Fri 20-Oct-23 10:44"),
    "17.06.05": ("17.6.5", "Bengaluru", "fc2", "Wed 25-Jan-23 16:15"),
    "17.12.03": ("17.12.3", "Dublin", "fc7", "Wed 20-Mar-24 23:34"),
    "16.12.10a": ("16.12.10a", "Gibraltar", "fc4", "Thu 06-Oct-22 14:02"),
}
_RELOAD = ("Reload Command", "PowerOn", "Image Install")
_CPU_MACS = (
    ["0100.0ccc.cccc", "0100.0ccc.cccd"]
    + [f"0180.c200.{i:04x}" for i in range(16)]
    + ["0180.c200.0021", "ffff.ffff.ffff"]
)
_CRYPTO = """This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.
"""
_GPL = """Cisco IOS-XE software, Copyright (c) 2005-2024 by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.  The
software code licensed under GPL Version 2.0 is free software that comes
with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such
GPL code under the terms of GPL Version 2.0.  For more details, see the
documentation or "License Notice" file accompanying the IOS-XE software,
or the applicable URL provided on the flyer accompanying the IOS-XE
software.
"""


def render(spec: HostSpec) -> list[tuple[str, str]]:
    """(command, output) pairs in capture order."""
    return [
        ("show version", show_version(spec)),
        ("show running-config", show_running_config(spec)),
        ("show interfaces status", show_interfaces_status(spec)),
        ("show mac address-table", show_mac_address_table(spec)),
        ("show spanning-tree", show_spanning_tree(spec)),
        ("show vlan brief", show_vlan_brief(spec)),
        ("show cdp neighbors detail", show_cdp_neighbors_detail(spec)),
        ("show power inline", show_power_inline(spec)),
        ("show ip interface brief", show_ip_interface_brief(spec)),
        ("show authentication sessions", show_authentication_sessions(spec)),
        ("show interfaces", show_interfaces(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    """Canonical command -> the ntc-templates records of its output."""
    return {
        "show version": version_records(spec),
        "show interfaces status": status_records(spec),
        "show mac address-table": mac_records(spec),
        "show spanning-tree": stp_records(spec),
        "show vlan": vlan_records(spec),
        "show cdp neighbors detail": cdp_records(spec),
        "show power inline": power_records(spec),
        "show ip interface brief": ip_brief_records(spec),
        "show authentication sessions": auth_records(spec),
        "show interfaces": interfaces_records(spec),
    }


def _physical(spec: HostSpec) -> list[PortSpec]:
    return [p for p in spec.ports if p.role != LAG]


def _lag(spec: HostSpec) -> PortSpec:
    return next(p for p in spec.ports if p.role == LAG)


# --- show version ----------------------------------------------------------------------------------


def _uptime(spec: HostSpec) -> tuple[str, list[str]]:
    parts, values = [], []
    for n, unit in zip(spec.uptime, ("year", "week", "day", "hour", "minute"), strict=True):
        if n or unit == "minute":
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
            values.append(str(n))
        else:
            values.append("")
    return ", ".join(parts), values


def _image(spec: HostSpec) -> str:
    return "CAT9K_IOSXE" if spec.family == "C9300" else "CAT9K_LITE_IOSXE"


def show_version(spec: HostSpec) -> str:
    short, train, fc, compiled = _RELEASES[spec.version]
    uptime, _ = _uptime(spec)
    reason = _RELOAD[spec.uptime[4] % 3]
    m0 = spec.members[0]
    cpu = "X86" if spec.family == "C9300" else "ARM64"
    mem = "1331521K/6147K" if spec.family == "C9300" else "1358174K/3071K"
    nports = m0.ports + 5
    lines = [
        f"Cisco IOS XE Software, Version {spec.version}\n"
        f"Cisco IOS Software [{train}], Catalyst L3 Switch Software ({_image(spec)}), Version {short}, "
        f"RELEASE SOFTWARE ({fc})\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2024 by Cisco Systems, Inc.\n"
        f"Compiled {compiled} by mcpre\n\n\n{_GPL}\n\n"
        "ROM: IOS-XE ROMMON\n"
        f"BOOTLDR: System Bootstrap, Version {short[:4]}1r, RELEASE SOFTWARE (P)\n\n"
        f"{spec.hostname} uptime is {uptime}\n"
        f"Uptime for this control processor is {uptime}\n"
        f"System returned to ROM by {reason} at {spec.restarted}\n"
        f"System restarted at {spec.restarted}\n"
        'System image file is "flash:packages.conf"\n'
        f"Last reload reason: {reason}\n\n\n\n{_CRYPTO}\n\n"
        "Technology Package License Information: \n\n"
        "------------------------------------------------------------------------------\n"
        "Technology-package                                     Technology-package\n"
        "Current                        Type                       Next reboot  \n"
        "------------------------------------------------------------------------------\n"
        "network-advantage       Smart License                    network-advantage   \n"
        "dna-advantage           Subscription Smart License       dna-advantage                 \n"
        "AIR License Level: AIR DNA Advantage\n"
        "Next reload AIR license Level: AIR DNA Advantage\n\n\n"
        "Smart Licensing Status: Registration Not Applicable/Not Applicable\n\n"
        f"cisco {m0.model} ({cpu}) processor with {mem} bytes of memory.\n"
        f"Processor board ID {m0.serial}\n"
        f"{2 if spec.family == 'C9300' else 1} Virtual Ethernet interfaces\n"
        f"{sum(m.ports for m in spec.members)} Gigabit Ethernet interfaces\n"
        f"{4 * len(spec.members)} Ten Gigabit Ethernet interfaces\n"
        "2048K bytes of non-volatile configuration memory.\n"
        "8388608K bytes of physical memory.\n"
        "1638400K bytes of Crash Files at crashinfo:.\n"
        "11264000K bytes of Flash at flash:.\n\n"
    ]
    lines.append(_member_block(m0.base_mac, m0.serial, m0.model, None))
    lines.append(
        "\n\nSwitch Ports Model              SW Version        SW Image              Mode   \n"
        "------ ----- -----              ----------        ----------            ----   \n"
    )
    for m in spec.members:
        star = "*" if m.number == 1 else " "
        lines.append(
            f"{star}    {m.number} {nports:<5} {m.model:<18} {spec.version:<17} {_image(spec):<21} INSTALL\n"
        )
    for m in spec.members[1:]:
        lines.append(f"\n\nSwitch {m.number:02d}\n---------\n")
        lines.append(_member_block(m.base_mac, m.serial, m.model, uptime))
    lines.append("\nConfiguration register is 0x102\n\n")
    return "".join(lines)


def _member_block(mac: int, serial: str, model: str, uptime: str | None) -> str:
    head = f"Switch uptime                      : {uptime} \n" if uptime else ""
    return (
        f"{head}Base Ethernet MAC Address          : {colon_mac(mac)}\n"
        "Motherboard Assembly Number        : 73-18271-03\n"
        f"Motherboard Serial Number          : {serial[:3]}{serial[4:]}X\n"
        "Model Revision Number              : A0\n"
        "Motherboard Revision Number        : A0\n"
        f"Model Number                       : {model}\n"
        f"System Serial Number               : {serial}\n"
        "CLEI Code Number                   : \n"
    )


def version_records(spec: HostSpec) -> list[Record]:
    short, _, fc, _ = _RELEASES[spec.version]
    uptime, parts = _uptime(spec)
    return [
        {
            "software_image": _image(spec),
            "version": short,
            "release": fc,
            "rommon": "IOS-XE",
            "hostname": spec.hostname,
            "uptime": uptime,
            "uptime_years": parts[0],
            "uptime_weeks": parts[1],
            "uptime_days": parts[2],
            "uptime_hours": parts[3],
            "uptime_minutes": parts[4],
            "reload_reason": _RELOAD[spec.uptime[4] % 3],
            "running_image": "packages.conf",
            "hardware": [m.model for m in spec.members],
            "serial": [m.serial for m in spec.members],
            "config_register": "0x102",
            "mac_address": [colon_mac(m.base_mac) for m in spec.members],
            "restarted": spec.restarted,
        }
    ]


# --- show running-config ---------------------------------------------------------------------------

_AUTH_LINES = (
    " authentication event fail action next-method\n"
    " authentication host-mode multi-auth\n"
    " authentication order dot1x mab\n"
    " authentication priority dot1x mab\n"
    " authentication port-control auto\n"
    " authentication periodic\n"
    " authentication timer reauthenticate server\n"
)


def _interface_config(spec: HostSpec, p: PortSpec) -> str:
    out = [f"interface {p.name}\n"]
    if p.description:
        out.append(f" description {p.description}\n")
    if p.role == ACCESS:
        if p.vlan != 1:
            out.append(f" switchport access vlan {p.vlan}\n")
        out.append(" switchport mode access\n")
        if p.voice_vlan:
            out.append(f" switchport voice vlan {p.voice_vlan}\n")
        if p.auth_mode in ("flexible", "mab", "dot1x"):
            out.append(_AUTH_LINES)
            if p.auth_mode in ("flexible", "mab"):
                out.append(" mab\n")
            if p.auth_mode in ("flexible", "dot1x"):
                out.append(" dot1x pae authenticator\n dot1x timeout tx-period 10\n")
        out.append(" spanning-tree portfast\n")
    elif p.role == TRUNK:
        out.append(
            f" switchport trunk native vlan {p.vlan}\n switchport mode trunk\n spanning-tree portfast trunk\n"
        )
    elif p.role == MEMBER:
        out.append(" switchport mode trunk\n channel-group 1 mode active\n")
    elif p.role == LAG:
        out.append(" switchport mode trunk\n")
    if p.status == DISABLED:
        out.append(" shutdown\n")
    out.append("!\n")
    return "".join(out)


def show_running_config(spec: HostSpec) -> str:
    short = _RELEASES[spec.version][0]
    head = [
        "!\n",
        f"! Last configuration change at {spec.config_changed} by netadmin\n",
        f"! NVRAM config last updated at {spec.config_changed} by netadmin\n!\n",
        f"version {short.rsplit('.', 1)[0]}\n",
        "service timestamps debug datetime msec\nservice timestamps log datetime msec\n",
        "service password-encryption\nservice call-home\nplatform punt-keepalive disable-kernel-core\n!\n",
        f"hostname {spec.hostname}\n!\n",
        "!\nvrf definition Mgmt-vrf\n !\n address-family ipv4\n exit-address-family\n !\n"
        " address-family ipv6\n exit-address-family\n!\n",
        "logging buffered 64000\n",
        "enable secret 9 $9$2vKX3mE7q0pQ1E$4p0kCqWb3ZkVxJ0pQ8mE7q0pQ1E2vKX3mE7q0pQ1E2\n!\n",
        "aaa new-model\n!\n!\naaa group server radius ISE\n server name ISE-01\n server name ISE-02\n!\n",
        "aaa authentication login default local\naaa authentication dot1x default group ISE\n",
        "aaa authorization network default group ISE \naaa accounting dot1x default start-stop group ISE\n!\n",
        "aaa session-id common\n",
    ]
    for m in spec.members:
        head.append(f"switch {m.number} provision {m.model.lower()}\n")
    head.append(
        "!\nip domain name corp.example.net\n!\nlogin on-success log\n!\n"
        "crypto pki trustpoint TP-self-signed-3171234567\n enrollment selfsigned\n revocation-check none\n!\n"
        "dot1x system-auth-control\n!\nlicense boot level network-advantage addon dna-advantage\n!\n"
        "diagnostic bootup level minimal\n!\nspanning-tree mode rapid-pvst\nspanning-tree extend system-id\n!\n"
        "redundancy\n mode sso\n!\n"
    )
    for vid, name in spec.vlans:
        if vid != 1:
            head.append(f"vlan {vid}\n name {name}\n!\n")
    head.append("!\n!\n")
    body = [_interface_config(spec, _lag(spec))]
    if spec.family == "C9300":
        body.append(
            "interface GigabitEthernet0/0\n vrf forwarding Mgmt-vrf\n no ip address\n shutdown\n negotiation auto\n!\n"
        )
    body.extend(_interface_config(spec, p) for p in _physical(spec))
    body.append(
        "interface Vlan1\n no ip address\n shutdown\n!\n"
        f"interface Vlan{spec.mgmt_vlan}\n description MGMT\n ip address {spec.mgmt_ip} 255.255.255.0\n!\n"
        f"ip default-gateway {spec.gateway}\nip forward-protocol nd\nno ip http server\nip http authentication local\n"
        "no ip http secure-server\nip ssh version 2\n!\n!\n"
        "radius server ISE-01\n address ipv4 10.0.10.21 auth-port 1812 acct-port 1813\n key 7 0822455D0A16\n!\n"
        "radius server ISE-02\n address ipv4 10.0.10.22 auth-port 1812 acct-port 1813\n key 7 0822455D0A16\n!\n"
        f"snmp-server community 7 0822455D0A16544541 RO\nsnmp-server location {spec.location}\n"
        "snmp-server contact netops@corp.example.net\n!\n"
        "control-plane\n service-policy input system-cpp-policy\n!\n"
        "banner motd ^C\nAuthorized access only. Activity may be monitored.\n^C\n!\n"
        "line con 0\n exec-timeout 15 0\n stopbits 1\nline aux 0\nline vty 0 4\n exec-timeout 15 0\n"
        " transport input ssh\nline vty 5 15\n transport input ssh\n!\n"
        "ntp server 10.0.0.123\n!\n!\nend\n\n"
    )
    text = "".join(head) + "".join(body)
    return f"Building configuration...\n\nCurrent configuration : {len(text)} bytes\n{text}"


# --- show interfaces status ------------------------------------------------------------------------


def _status_cols(p: PortSpec) -> tuple[str, str, str, str]:
    """(vlan, duplex, speed, type) columns of `show interfaces status`."""
    up = p.status == CONNECTED
    if p.role == LAG:
        return "trunk", "a-full", "a-10G" if p.max_speed >= 20000 else "a-1000", ""
    if p.role == SPARE:
        return "1", "auto", "auto", "Not Present"
    if p.role == MEMBER:
        return "trunk", "full", "10G" if p.speed >= 10000 else "1000", p.media
    vlan = "trunk" if p.role == TRUNK else str(p.vlan)
    if not up:
        return vlan, "auto", "auto", p.media
    return vlan, "a-full", f"a-{p.speed}", p.media


def show_interfaces_status(spec: HostSpec) -> str:
    out = ["\nPort         Name               Status       Vlan       Duplex  Speed Type\n"]
    for p in [*_physical(spec), _lag(spec)]:
        vlan, duplex, speed, typ = _status_cols(p)
        out.append(
            f"{p.short:<13}{p.description[:18]:<18} {p.status:<12} {vlan:<10} {duplex:>6} {speed:>6} {typ}".rstrip()
        )
        out.append("\n")
    out.append("\n")
    return "".join(out)


def status_records(spec: HostSpec) -> list[Record]:
    recs = []
    for p in [*_physical(spec), _lag(spec)]:
        vlan, duplex, speed, typ = _status_cols(p)
        recs.append(
            {
                "port": p.short,
                "name": p.description[:18].rstrip(),
                "status": p.status,
                "vlan_id": vlan,
                "duplex": duplex,
                "speed": speed,
                "type": typ,
                "fc_mode": "",
            }
        )
    return recs


# --- show mac address-table ------------------------------------------------------------------------


def _mac_rows(spec: HostSpec) -> list[tuple[int, str, str, str]]:
    rows = [(spec.mgmt_vlan, dotted_mac(spec.base_mac + 0x47), "STATIC", f"Vl{spec.mgmt_vlan}")]
    for p in spec.ports:
        if p.role == LAG or p.role == MEMBER:
            short = "Po1"
        else:
            short = p.short
        rows.extend((vlan, mac, "DYNAMIC", short) for vlan, mac in p.learned)
    rows.sort()
    return rows


def show_mac_address_table(spec: HostSpec) -> str:
    out = [
        "          Mac Address Table\n-------------------------------------------\n\n"
        "Vlan    Mac Address       Type        Ports\n----    -----------       --------    -----\n"
    ]
    out.extend(f" All    {mac}    STATIC      CPU\n" for mac in _CPU_MACS)
    rows = _mac_rows(spec)
    out.extend(f"{vlan:>4}    {mac}    {typ:<8}    {port}\n" for vlan, mac, typ, port in rows)
    out.append(f"Total Mac Addresses for this criterion: {len(rows) + len(_CPU_MACS)} \n")
    return "".join(out)


def mac_records(spec: HostSpec) -> list[Record]:
    recs: list[Record] = [
        {"destination_address": mac, "type": "STATIC", "vlan_id": "All", "destination_port": ["CPU"]}
        for mac in _CPU_MACS
    ]
    recs.extend(
        {"destination_address": mac, "type": typ, "vlan_id": str(vlan), "destination_port": [port]}
        for vlan, mac, typ, port in _mac_rows(spec)
    )
    return recs


# --- show spanning-tree ----------------------------------------------------------------------------


def _stp_cost(speed: int) -> int:
    return {100: 19, 1000: 4, 2000: 3, 10000: 2, 20000: 1}.get(speed, 4)


def _stp_rows(spec: HostSpec) -> list[tuple[int, list[tuple[str, str, str, int, int, str]]]]:
    """Per VLAN: (interface, role, state, cost, port number, type) rows."""
    phys = _physical(spec)
    number = {p.short: i + 1 for i, p in enumerate(phys)}
    lag = _lag(spec)
    out = []
    for vid, _ in spec.vlans:
        rows = []
        for p in phys:
            if p.status != CONNECTED or p.role in (MEMBER, SPARE):
                continue
            if p.role == TRUNK or vid in (p.vlan, p.voice_vlan):
                rows.append((p.short, "Desg", "FWD", _stp_cost(p.speed), number[p.short], "P2p Edge"))
        rows.append(("Po1", "Root", "FWD", _stp_cost(lag.speed), 2089, "P2p"))
        out.append((vid, rows))
    return out


def show_spanning_tree(spec: HostSpec) -> str:
    out = []
    root = dotted_mac(spec.root_mac)
    me = dotted_mac(spec.base_mac)
    lag_cost = _stp_cost(_lag(spec).speed)
    for vid, rows in _stp_rows(spec):
        out.append(
            f"\nVLAN{vid:04d}\n  Spanning tree enabled protocol rstp\n"
            f"  Root ID    Priority    {spec.root_priority + vid}\n"
            f"             Address     {root}\n"
            f"             Cost        {lag_cost}\n"
            "             Port        2089 (Port-channel1)\n"
            "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec\n\n"
            f"  Bridge ID  Priority    {spec.bridge_priority + vid}  (priority {spec.bridge_priority} sys-id-ext {vid})\n"
            f"             Address     {me}\n"
            "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec\n"
            "             Aging Time  300 sec\n\n"
            "Interface           Role Sts Cost      Prio.Nbr Type\n"
            "------------------- ---- --- --------- -------- --------------------------------\n"
        )
        out.extend(
            f"{name:<19} {role} {sts} {cost:<9} {'128.' + str(num):<8} {typ}\n"
            for name, role, sts, cost, num, typ in rows
        )
        out.append("\n\n")
    return "".join(out)


def stp_records(spec: HostSpec) -> list[Record]:
    return [
        {
            "vlan_id": str(vid),
            "interface": name,
            "role": role,
            "status": sts,
            "cost": str(cost),
            "port_priority": "128",
            "port_id": str(num),
            "type": typ,
        }
        for vid, rows in _stp_rows(spec)
        for name, role, sts, cost, num, typ in rows
    ]


# --- show vlan brief -------------------------------------------------------------------------------

_RESERVED = (
    (1002, "fddi-default"),
    (1003, "token-ring-default"),
    (1004, "fddinet-default"),
    (1005, "trnet-default"),
)


def _vlan_members(spec: HostSpec) -> list[tuple[int, str, str, list[str]]]:
    members: dict[int, list[str]] = {vid: [] for vid, _ in spec.vlans}
    for p in spec.ports:
        if p.role == ACCESS:
            members[p.vlan].append(p.short)
            if p.voice_vlan:
                members[p.voice_vlan].append(p.short)
    rows = [(vid, name, "active", members[vid]) for vid, name in spec.vlans]
    rows.extend((vid, name, "act/unsup", []) for vid, name in _RESERVED)
    return rows


def show_vlan_brief(spec: HostSpec) -> str:
    out = [
        "\nVLAN Name                             Status    Ports\n"
        "---- -------------------------------- --------- -------------------------------\n"
    ]
    for vid, name, status, ports in _vlan_members(spec):
        chunks = [", ".join(ports[i : i + 4]) for i in range(0, len(ports), 4)] or [""]
        out.append(f"{vid:<4} {name:<32} {status:<9} {chunks[0]}\n")
        out.extend(f"{'':48}{chunk}\n" for chunk in chunks[1:])
    out.append("\n")
    return "".join(out)


def vlan_records(spec: HostSpec) -> list[Record]:
    return [
        {"vlan_id": str(vid), "vlan_name": name, "status": status, "interfaces": list(ports)}
        for vid, name, status, ports in _vlan_members(spec)
    ]


# --- show cdp neighbors detail ---------------------------------------------------------------------


def _neighbors(spec: HostSpec) -> list[PortSpec]:
    return [p for p in _physical(spec) if p.neighbor is not None and p.status == CONNECTED]


def show_cdp_neighbors_detail(spec: HostSpec) -> str:
    out = []
    for p in _neighbors(spec):
        n = p.neighbor
        assert n is not None
        out.append(
            "-------------------------\n"
            f"Device ID: {n.device_id}\n"
            "Entry address(es): \n"
            f"  IP address: {n.mgmt_ip}\n"
            f"Platform: {n.platform},  Capabilities: {n.capabilities} \n"
            f"Interface: {p.name},  Port ID (outgoing port): {n.remote_port}\n"
            f"Holdtime : {120 + p.index % 59} sec\n\n"
            f"Version :\n{n.version}\n\n"
            "advertisement version: 2\n"
            "Duplex: full\n"
            f"Management address(es): \n  IP address: {n.mgmt_ip}\n\n"
        )
    out.append(f"\nTotal cdp entries displayed : {len(out)}\n")
    return "".join(out)


def cdp_records(spec: HostSpec) -> list[Record]:
    recs = []
    for p in _neighbors(spec):
        n = p.neighbor
        assert n is not None
        recs.append(
            {
                "neighbor_name": n.device_id,
                "mgmt_address": n.mgmt_ip,
                "platform": n.platform,
                "neighbor_interface": n.remote_port,
                "local_interface": p.name,
                "neighbor_description": n.version,
                "capabilities": n.capabilities,
            }
        )
    return recs


# --- show power inline -----------------------------------------------------------------------------


def _poe_max(spec: HostSpec) -> str:
    return "60.0" if spec.model == "C9300-48U" else "30.0"


def _poe_rows(spec: HostSpec, member: int) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for p in spec.ports:
        if p.member != member or p.role not in (ACCESS, TRUNK) or not p.poe:
            continue
        on = bool(p.pd_device) and p.status == CONNECTED
        rows.append(
            (
                p.short,
                "auto",
                "on" if on else "off",
                f"{p.pd_watts:.1f}" if on else "0.0",
                p.pd_device if on else "n/a",
                p.pd_class if on else "n/a",
            )
        )
    return rows


def show_power_inline(spec: HostSpec) -> str:
    out = []
    budget = 1100.0 if spec.model == "C9300-48U" else 740.0
    for m in spec.members:
        rows = _poe_rows(spec, m.number)
        used = sum(float(r[3]) for r in rows)
        out.append(
            "Module   Available     Used     Remaining\n"
            "          (Watts)     (Watts)    (Watts) \n"
            "------   ---------   --------   ---------\n"
            f"{m.number:<10}{budget:>7.1f}{used:>11.1f}{budget - used:>12.1f}\n"
            "Interface Admin  Oper       Power   Device              Class Max\n"
            "                            (Watts)                            \n"
            "--------- ------ ---------- ------- ------------------- ----- ----\n"
        )
        mx = _poe_max(spec)
        out.extend(f"{a:<9} {b:<6} {c:<10} {d:<7} {e:<19} {f:<5} {mx} \n" for a, b, c, d, e, f in rows)
        n_on = sum(1 for r in rows if r[2] == "on")
        out.append(
            "--------- ------ ---------- ---------- ---------- ------ ----- \n"
            f"Totals:          {n_on:<4} on    {used:.1f}     \n\n\n"
        )
    return "".join(out)


def power_records(spec: HostSpec) -> list[Record]:
    mx = _poe_max(spec)
    return [
        {
            "interface": a,
            "admin_status": b,
            "operational_status": c,
            "power": d,
            "device": e,
            "class": f,
            "max": mx,
        }
        for m in spec.members
        for a, b, c, d, e, f in _poe_rows(spec, m.number)
    ]


# --- show ip interface brief -----------------------------------------------------------------------


def _link(p: PortSpec) -> tuple[str, str]:
    if p.status == CONNECTED:
        return "up", "up"
    if p.status == DISABLED:
        return "administratively down", "down"
    return "down", "down"


def _ip_rows(spec: HostSpec) -> list[tuple[str, str, str, str, str]]:
    rows = [
        ("Vlan1", "unassigned", "NVRAM", "administratively down", "down"),
        (f"Vlan{spec.mgmt_vlan}", spec.mgmt_ip, "NVRAM", "up", "up"),
    ]
    if spec.family == "C9300":
        rows.append(("GigabitEthernet0/0", "unassigned", "NVRAM", "administratively down", "down"))
    for p in _physical(spec):
        rows.append((p.name, "unassigned", "unset", *_link(p)))
    rows.append(("Port-channel1", "unassigned", "unset", *_link(_lag(spec))))
    return rows


def show_ip_interface_brief(spec: HostSpec) -> str:
    out = ["Interface              IP-Address      OK? Method Status                Protocol\n"]
    out.extend(f"{n:<22} {ip:<15} YES {m:<6} {s:<21} {pr:<8}\n" for n, ip, m, s, pr in _ip_rows(spec))
    return "".join(out)


def ip_brief_records(spec: HostSpec) -> list[Record]:
    return [
        {"interface": n, "ip_address": ip, "status": s, "proto": pr} for n, ip, _, s, pr in _ip_rows(spec)
    ]


# --- show authentication sessions ------------------------------------------------------------------


def _auth_rows(spec: HostSpec) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for p in spec.ports:
        for s in p.sessions:
            method = s.method if s.authorized else "N/A"
            rows.append(
                (p.short, s.mac, method, s.domain, "Auth" if s.authorized else "Unauth", s.session_id)
            )
    return rows


def show_authentication_sessions(spec: HostSpec) -> str:
    rows = _auth_rows(spec)
    if not rows:
        return "No sessions currently exist\n\n"
    out = ["Interface    MAC Address    Method  Domain  Status Fg Session ID\n"]
    out.extend(f"{i:<12} {m:<14} {me:<7} {d:<7} {s:<6} {'':2} {sid}\n" for i, m, me, d, s, sid in rows)
    out.append(
        f"\nSession count = {len(rows)}\n\n"
        "Key to Session Events Blocked Status Flags:\n\n"
        "  A - Applying Policy (multi-line status for details)\n"
        "  D - Awaiting Deletion\n"
        "  F - Final Removal in progress\n"
        "  I - Awaiting IIF ID allocation\n"
        "  N - Waiting for AAA to come up\n"
        "  P - Pushed Session\n"
        "  R - Removing User Profile (multi-line status for details)\n"
        "  U - Applying User Profile (multi-line status for details)\n"
        "  X - Unknown Blocker\n\n"
    )
    return "".join(out)


def auth_records(spec: HostSpec) -> list[Record]:
    return [
        {"interface": i, "mac_address": m, "method": me, "domain": d, "status": s, "session": sid}
        for i, m, me, d, s, sid in _auth_rows(spec)
    ]


# --- show interfaces -------------------------------------------------------------------------------

_HW = {1000: "Gigabit Ethernet", 10000: "Ten Gigabit Ethernet"}
_EMPTY_TAIL = (
    "     0 runts, 0 giants, 0 throttles \n     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored\n"
)


def _iface_values(spec: HostSpec, p: PortSpec) -> dict[str, str]:
    """The values one `show interfaces` block prints, keyed like the ntc-templates record."""
    c = p.counters
    up = p.status == CONNECTED
    if p.status == CONNECTED:
        link, proto = "up", "up (connected)"
    elif p.status == DISABLED:
        link, proto = "administratively down", f"down ({p.status})"
    else:
        link, proto = "down", f"down ({p.status})"
    if p.role == LAG:
        hw, media = "EtherChannel", "N/A"
        duplex, speed = "Full-duplex", "10Gb/s" if p.max_speed >= 20000 else "1000Mb/s"
        bw = p.max_speed * 1000
    elif p.role in (MEMBER, SPARE):
        hw = _HW[p.max_speed]
        if p.role == MEMBER:
            duplex, speed, media = "Full-duplex", "10Gb/s" if p.speed >= 10000 else "1000Mb/s", p.media
        else:
            duplex, speed, media = "Auto-duplex", "Auto-speed", "unknown"
        bw = p.max_speed * 1000
    else:
        hw = "Gigabit Ethernet"
        media = p.media
        if up:
            duplex, speed = "Full-duplex", f"{p.speed}Mb/s"
        else:
            duplex, speed = "Auto-duplex", "Auto-speed"
        bw = (p.speed or 1000) * 1000
    return {
        "interface": p.name,
        "link_status": link,
        "protocol_status": proto,
        "hardware_type": hw,
        "mac_address": dotted_mac(p.mac),
        "bia": dotted_mac(p.mac),
        "description": p.description,
        "ip_address": "",
        "prefix_length": "",
        "mtu": "1500",
        "duplex": duplex,
        "speed": speed,
        "media_type": media,
        "bandwidth": f"{bw} Kbit",
        "delay": "100 usec" if bw == 100000 else "10 usec",
        "encapsulation": "ARPA",
        "last_input": c.last_input,
        "last_output": c.last_output,
        "last_output_hang": "never",
        "queue_strategy": "fifo",
        "input_rate": str(c.in_rate),
        "output_rate": str(c.out_rate),
        "input_pps": str(c.in_pps),
        "output_pps": str(c.out_pps),
        "input_packets": str(c.in_packets),
        "output_packets": str(c.out_packets),
        "runts": "0",
        "giants": "0",
        "input_errors": str(c.in_errors),
        "crc": str(c.crc),
        "frame": "0",
        "overrun": "0",
        "abort": "",
        "output_errors": str(c.out_errors),
        "vlan_id": "",
        "vlan_id_inner": "",
        "vlan_id_outer": "",
        "queue_size": "0",
        "queue_max": "2000",
        "queue_drops": "0",
        "queue_flushes": "0",
        "queue_output_drops": str(c.out_drops),
    }


def _iface_block(spec: HostSpec, p: PortSpec, v: dict[str, str]) -> str:
    c = p.counters
    desc = f"  Description: {v['description']}\n" if v["description"] else ""
    if p.role in (ACCESS, TRUNK):
        media = f"  {v['duplex']}, {v['speed']}, media type is {v['media_type']}\n"
    else:
        media = f"  {v['duplex']}, {v['speed']}, link type is auto, media type is {v['media_type']}\n"
    members = ""
    if p.role == LAG:
        names = " ".join(m.short for m in spec.ports if m.role == MEMBER)
        members = f"  Members in this channel: {names} \n"
    return (
        f"{v['interface']} is {v['link_status']}, line protocol is {v['protocol_status']} \n"
        f"  Hardware is {v['hardware_type']}, address is {v['mac_address']} (bia {v['bia']})\n"
        f"{desc}"
        f"  MTU 1500 bytes, BW {v['bandwidth']}/sec, DLY {v['delay']}, \n"
        "     reliability 255/255, txload 1/255, rxload 1/255\n"
        "  Encapsulation ARPA, loopback not set\n"
        "  Keepalive set (10 sec)\n"
        f"{media}"
        "  input flow-control is on, output flow-control is unsupported \n"
        f"{members}"
        "  ARP type: ARPA, ARP Timeout 04:00:00\n"
        f"  Last input {c.last_input}, output {c.last_output}, output hang never\n"
        '  Last clearing of "show interface" counters never\n'
        f"  Input queue: 0/2000/0/0 (size/max/drops/flushes); Total output drops: {c.out_drops}\n"
        "  Queueing strategy: fifo\n"
        "  Output queue: 0/40 (size/max)\n"
        f"  5 minute input rate {c.in_rate} bits/sec, {c.in_pps} packets/sec\n"
        f"  5 minute output rate {c.out_rate} bits/sec, {c.out_pps} packets/sec\n"
        f"     {c.in_packets} packets input, {c.in_bytes} bytes, 0 no buffer\n"
        f"     Received {c.broadcasts} broadcasts ({c.multicasts} multicasts)\n"
        "     0 runts, 0 giants, 0 throttles \n"
        f"     {c.in_errors} input errors, {c.crc} CRC, 0 frame, 0 overrun, 0 ignored\n"
        f"     0 watchdog, {c.multicasts} multicast, 0 pause input\n"
        "     0 input packets with dribble condition detected\n"
        f"     {c.out_packets} packets output, {c.out_bytes} bytes, 0 underruns\n"
        f"     Output {c.broadcasts // 3} broadcasts (0 multicasts)\n"
        f"     {c.out_errors} output errors, 0 collisions, {c.resets} interface resets\n"
        "     0 unknown protocol drops\n"
        "     0 babbles, 0 late collision, 0 deferred\n"
        "     0 lost carrier, 0 no carrier, 0 pause output\n"
        "     0 output buffer failures, 0 output buffers swapped out\n"
    )


def _svi_block(spec: HostSpec, vid: int, up: bool) -> str:
    mac = dotted_mac(spec.base_mac + 0x47)
    state = "up, line protocol is up" if up else "administratively down, line protocol is down"
    addr = f"  Description: MGMT\n  Internet address is {spec.mgmt_ip}/24\n" if up else ""
    n = 123456 + vid if up else 0
    return (
        f"Vlan{vid} is {state} \n"
        f"  Hardware is Ethernet SVI, address is {mac} (bia {mac})\n"
        f"{addr}"
        "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, \n"
        "     reliability 255/255, txload 1/255, rxload 1/255\n"
        "  Encapsulation ARPA, loopback not set\n"
        "  Keepalive not supported \n"
        "  ARP type: ARPA, ARP Timeout 04:00:00\n"
        f"  Last input {'00:00:00' if up else 'never'}, output {'00:00:00' if up else 'never'}, output hang never\n"
        '  Last clearing of "show interface" counters never\n'
        "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0\n"
        "  Queueing strategy: fifo\n"
        "  Output queue: 0/40 (size/max)\n"
        f"  5 minute input rate {1000 if up else 0} bits/sec, {2 if up else 0} packets/sec\n"
        f"  5 minute output rate {1000 if up else 0} bits/sec, {1 if up else 0} packets/sec\n"
        f"     {n} packets input, {n * 94} bytes, 0 no buffer\n"
        "     Received 0 broadcasts (0 IP multicasts)\n"
        f"{_EMPTY_TAIL}"
        f"     {n // 2} packets output, {n * 61} bytes, 0 underruns\n"
        "     Output 0 broadcasts (0 IP multicasts)\n"
        "     0 output errors, 0 interface resets\n"
        "     0 unknown protocol drops\n"
        "     0 output buffer failures, 0 output buffers swapped out\n"
    )


def _svi_record(spec: HostSpec, vid: int, up: bool) -> Record:
    mac = dotted_mac(spec.base_mac + 0x47)
    n = 123456 + vid if up else 0
    return {
        "interface": f"Vlan{vid}",
        "link_status": "up" if up else "administratively down",
        "protocol_status": "up" if up else "down",
        "hardware_type": "Ethernet SVI",
        "mac_address": mac,
        "bia": mac,
        "description": "MGMT" if up else "",
        "ip_address": spec.mgmt_ip if up else "",
        "prefix_length": "24" if up else "",
        "mtu": "1500",
        "duplex": "",
        "speed": "",
        "media_type": "",
        "bandwidth": "1000000 Kbit",
        "delay": "10 usec",
        "encapsulation": "ARPA",
        "last_input": "00:00:00" if up else "never",
        "last_output": "00:00:00" if up else "never",
        "last_output_hang": "never",
        "queue_strategy": "fifo",
        "input_rate": "1000" if up else "0",
        "output_rate": "1000" if up else "0",
        "input_pps": "2" if up else "0",
        "output_pps": "1" if up else "0",
        "input_packets": str(n),
        "output_packets": str(n // 2),
        "runts": "0",
        "giants": "0",
        "input_errors": "0",
        "crc": "0",
        "frame": "0",
        "overrun": "0",
        "abort": "",
        "output_errors": "0",  # the SVI prints "0 output errors, 0 interface resets"
        "vlan_id": "",
        "vlan_id_inner": "",
        "vlan_id_outer": "",
        "queue_size": "0",
        "queue_max": "375",
        "queue_drops": "0",
        "queue_flushes": "0",
        "queue_output_drops": "0",
    }


_MGMT_PORT = (
    "GigabitEthernet0/0 is administratively down, line protocol is down \n"
    "  Hardware is RP management port, address is {mac} (bia {mac})\n"
    "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, \n"
    "     reliability 255/255, txload 1/255, rxload 1/255\n"
    "  Encapsulation ARPA, loopback not set\n"
    "  Keepalive set (10 sec)\n"
    "  Auto-duplex, Auto-speed, link type is auto, media type is RJ45\n"
    "  output flow-control is unsupported, input flow-control is unsupported\n"
    "  ARP type: ARPA, ARP Timeout 04:00:00\n"
    "  Last input never, output never, output hang never\n"
    '  Last clearing of "show interface" counters never\n'
    "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: 0\n"
    "  Queueing strategy: fifo\n"
    "  Output queue: 0/40 (size/max)\n"
    "  5 minute input rate 0 bits/sec, 0 packets/sec\n"
    "  5 minute output rate 0 bits/sec, 0 packets/sec\n"
    "     0 packets input, 0 bytes, 0 no buffer\n"
    "     Received 0 broadcasts (0 IP multicasts)\n"
    f"{_EMPTY_TAIL}"
    "     0 watchdog, 0 multicast, 0 pause input\n"
    "     0 packets output, 0 bytes, 0 underruns\n"
    "     Output 0 broadcasts (0 multicasts)\n"
    "     0 output errors, 0 collisions, 0 interface resets\n"
    "     0 unknown protocol drops\n"
    "     0 babbles, 0 late collision, 0 deferred\n"
    "     0 lost carrier, 0 no carrier, 0 pause output\n"
    "     0 output buffer failures, 0 output buffers swapped out\n"
)


def _mgmt_record(spec: HostSpec) -> Record:
    mac = dotted_mac(spec.base_mac + 0x46)
    rec = _svi_record(spec, 0, False)
    rec.update(
        interface="GigabitEthernet0/0",
        hardware_type="RP management port",
        mac_address=mac,
        bia=mac,
        duplex="Auto-duplex",
        speed="Auto-speed",
        media_type="RJ45",
        queue_max="75",
        output_errors="0",
    )
    return rec


def show_interfaces(spec: HostSpec) -> str:
    out = [_svi_block(spec, 1, False), _svi_block(spec, spec.mgmt_vlan, True)]
    if spec.family == "C9300":
        out.append(_MGMT_PORT.format(mac=dotted_mac(spec.base_mac + 0x46)))
    for p in [*_physical(spec), _lag(spec)]:
        out.append(_iface_block(spec, p, _iface_values(spec, p)))
    return "".join(out)


def interfaces_records(spec: HostSpec) -> list[Record]:
    recs = [_svi_record(spec, 1, False), _svi_record(spec, spec.mgmt_vlan, True)]
    if spec.family == "C9300":
        recs.append(_mgmt_record(spec))
    recs.extend(_iface_values(spec, p) for p in [*_physical(spec), _lag(spec)])
    return recs
