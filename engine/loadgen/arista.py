"""Arista EOS (720XP, 7050) command output, and the ntc-templates records it parses to."""

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
    "show ip interface brief",
    "show authentication sessions",
    "show interfaces",
)
_BUILDS = {
    "4.28.9M": "33818481.4289M",
    "4.30.4M": "35392216.4304M",
    "4.31.2F": "36281412.4312F",
    "4.27.6M": "28481162.4276M",
}


def render(spec: HostSpec) -> list[tuple[str, str]]:
    """(command, output) pairs in capture order."""
    return [
        ("show version", show_version(spec)),
        ("show running-config", show_running_config(spec)),
        ("show interfaces status", show_interfaces_status(spec)),
        ("show mac address-table", show_mac_address_table(spec)),
        ("show spanning-tree", show_spanning_tree(spec)),
        ("show vlan brief", show_vlan_brief(spec)),
        ("show ip interface brief", show_ip_interface_brief(spec)),
        ("show authentication sessions", show_authentication_sessions(spec)),
        ("show interfaces", show_interfaces(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    """Canonical command -> the ntc-templates records of its output.

    `show authentication sessions` has no template; its records use the project's session fields
    (interface, mac_address, method, status, vlan_id; see `engine.parsing.arista_eos`).
    """
    return {
        "show version": version_records(spec),
        "show interfaces status": status_records(spec),
        "show mac address-table": mac_records(spec),
        "show vlan": vlan_records(spec),
        "show ip interface brief": ip_brief_records(spec),
        "show authentication sessions": auth_records(spec),
        "show interfaces": interfaces_records(spec),
    }


def _physical(spec: HostSpec) -> list[PortSpec]:
    return [p for p in spec.ports if p.role != LAG]


def _lag(spec: HostSpec) -> PortSpec:
    return next(p for p in spec.ports if p.role == LAG)


def _speed(mbps: int) -> str:
    return (
        f"{mbps // 1000}G"
        if mbps >= 1000 and mbps % 1000 == 0
        else (f"{mbps / 1000:g}G" if mbps > 1000 else f"{mbps}M")
    )


def _status(p: PortSpec) -> str:
    return "errdisabled" if p.status == ERRDISABLED else p.status


# --- show version ----------------------------------------------------------------------------------


def _uptime(spec: HostSpec) -> str:
    years, weeks, days, hours, minutes = spec.uptime
    weeks += years * 52

    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    tail = f"{unit(hours, 'hour')} and {unit(minutes, 'minute')}"
    if weeks:
        return f"{unit(weeks, 'week')}, {unit(days, 'day')}, {tail}"
    if days:
        return f"{unit(days, 'day')}, {tail}"
    return tail


def _hw_version(spec: HostSpec) -> str:
    return "11.02" if spec.family == "720XP" else "12.03"


def show_version(spec: HostSpec) -> str:
    mac = dotted_mac(spec.base_mac)
    m = spec.members[0]
    build = _BUILDS[spec.version]
    return (
        f"Arista {spec.model}\n"
        f"Hardware version: {_hw_version(spec)}\n"
        f"Serial number: {m.serial}\n"
        f"Hardware MAC address: {mac}\n"
        f"System MAC address: {mac}\n\n"
        f"Software image version: {spec.version}\n"
        "Architecture: i686\n"
        f"Internal build version: {spec.version}-{build}\n"
        f"Internal build ID: {m.base_mac:012x}-6249-4e05-84e6-60b46a08f83e\n"
        "Image format version: 3.0\n"
        "Image optimization: Strata-4GB\n\n"
        f"Uptime: {_uptime(spec)}\n"
        "Total memory: 3982456 kB\n"
        f"Free memory: {1500000 + (m.base_mac >> 8) % 900000} kB\n\n"
    )


def version_records(spec: HostSpec) -> list[Record]:
    m = spec.members[0]
    return [
        {
            "model": spec.model,
            "hw_version": _hw_version(spec),
            "serial_number": m.serial,
            "sys_mac": dotted_mac(spec.base_mac),
            "image": spec.version,
            "total_memory": "3982456",
            "free_memory": str(1500000 + (m.base_mac >> 8) % 900000),
            "uptime": _uptime(spec),
        }
    ]


# --- show running-config ---------------------------------------------------------------------------


def show_running_config(spec: HostSpec) -> str:
    out = [
        "! Command: show running-config\n",
        f"! device: {spec.hostname} ({spec.model}, EOS-{spec.version})\n!\n",
        f"! boot system flash:/EOS-{spec.version}.swi\n!\n",
        "no aaa root\n!\nusername admin privilege 15 role network-admin secret sha512 $6$Xk2l0Qm8$abc\n!\n",
        "switchport default mode access\n!\nvlan internal order ascending range 1006 1199\n!\n",
        "transceiver qsfp default-mode 4x10G\n!\nservice routing protocols model multi-agent\n!\n",
        f"hostname {spec.hostname}\nip name-server vrf default 10.0.0.53\ndns domain corp.example.net\n!\n",
        "ntp server 10.0.0.123\n!\nradius-server host 10.0.10.21 key 7 0822455D0A16\n!\n",
        "aaa group server radius ISE\n   server 10.0.10.21\n!\naaa authentication login default local\n!\n",
        f"snmp-server location {spec.location}\nsnmp-server contact netops@corp.example.net\n!\n",
        "spanning-tree mode mstp\n!\n",
    ]
    for vid, name in spec.vlans:
        if vid != 1:
            out.append(f"vlan {vid}\n   name {name}\n!\n")
    lag = _lag(spec)
    out.append(f"interface Port-Channel1\n   description {lag.description}\n   switchport mode trunk\n!\n")
    for p in _physical(spec):
        out.append(f"interface {p.name}\n")
        if p.description:
            out.append(f"   description {p.description}\n")
        if p.role == ACCESS:
            if p.vlan != 1:
                out.append(f"   switchport access vlan {p.vlan}\n")
            if p.voice_vlan:
                out.append(f"   switchport phone vlan {p.voice_vlan}\n   switchport phone trunk untagged\n")
            if p.auth_mode != "open":
                out.append(
                    "   dot1x pae authenticator\n   dot1x authentication failure action traffic allow vlan 999\n"
                )
                if p.auth_mode in ("mab", "flexible"):
                    out.append("   dot1x mac based authentication\n")
            out.append("   spanning-tree portfast\n")
        elif p.role == TRUNK:
            out.append(
                f"   switchport trunk native vlan {p.vlan}\n   switchport mode trunk\n   spanning-tree portfast\n"
            )
        elif p.role == MEMBER:
            out.append("   channel-group 1 mode active\n")
        if p.status == DISABLED or p.role == SPARE:
            out.append("   shutdown\n")
        out.append("!\n")
    out.append(
        "interface Management1\n   shutdown\n!\n"
        f"interface Vlan{spec.mgmt_vlan}\n   description MGMT\n   ip address {spec.mgmt_ip}/24\n!\n"
        f"ip route 0.0.0.0/0 {spec.gateway}\n!\nip routing\n!\nmanagement api http-commands\n   no shutdown\n!\nend\n"
    )
    return "".join(out)


# --- show interfaces status ------------------------------------------------------------------------


def _status_rows(spec: HostSpec) -> list[tuple[str, str, str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    for p in _physical(spec):
        up = p.status == CONNECTED
        if p.role == MEMBER:
            vlan, duplex, speed = "Po1", "full", _speed(p.speed)
        elif p.role == SPARE:
            vlan, duplex, speed = "1", "full", _speed(p.max_speed)
        else:
            vlan = "trunk" if p.role == TRUNK else str(p.vlan)
            duplex, speed = ("a-full", f"a-{_speed(p.speed)}") if up else ("auto", "auto")
        rows.append((p.short, p.description[:26], _status(p), vlan, duplex, speed, p.media))
    rows.append(("Ma1", "", "disabled", "routed", "auto", "auto", "10/100/1000"))
    lag = _lag(spec)
    rows.append(("Po1", lag.description[:26], "connected", "trunk", "full", _speed(lag.speed), "N/A"))
    return rows


def show_interfaces_status(spec: HostSpec) -> str:
    out = [
        "Port       Name                       Status       Vlan     Duplex Speed  Type            Flags Encapsulation\n"
    ]
    for port, name, status, vlan, duplex, speed, typ in _status_rows(spec):
        shown = f"in {vlan}" if vlan.startswith("Po") else vlan
        out.append(
            f"{port:<10} {name:<26} {status:<12} {shown:<8} {duplex:<6} {speed:<6} {typ}".rstrip() + "\n"
        )
    out.append("\n")
    return "".join(out)


def status_records(spec: HostSpec) -> list[Record]:
    return [
        {
            "port": port,
            "name": name.rstrip(),
            "status": status,
            "vlan_id": vlan,
            "duplex": duplex,
            "speed": speed,
            "type": typ,
            "flags": "",
        }
        for port, name, status, vlan, duplex, speed, typ in _status_rows(spec)
    ]


# --- show mac address-table ------------------------------------------------------------------------


def _last_move(mac: str) -> str:
    h = int(mac.replace(".", ""), 16)
    days, rest = divmod(h % 2_000_000, 86400)
    hh, rest = divmod(rest, 3600)
    mm, ss = divmod(rest, 60)
    clock = f"{hh}:{mm:02d}:{ss:02d}"
    if not days:
        return clock
    return f"{days} {'day' if days == 1 else 'days'}, {clock}"


def _mac_rows(spec: HostSpec) -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    for p in spec.ports:
        port = "Po1" if p.role in (LAG, MEMBER) else p.short
        rows.extend((vlan, mac, port) for vlan, mac in p.learned)
    rows.sort()
    return rows


def show_mac_address_table(spec: HostSpec) -> str:
    rows = _mac_rows(spec)
    out = [
        "          Mac Address Table\n------------------------------------------------------------------\n\n"
        "Vlan    Mac Address       Type        Ports      Moves   Last Move\n"
        "----    -----------       ----        -----      -----   ---------\n"
    ]
    out.extend(
        f"{vlan:>4}    {mac}    DYNAMIC     {port:<10} 1       {_last_move(mac)} ago\n"
        for vlan, mac, port in rows
    )
    out.append(
        f"Total Mac Addresses for this criterion: {len(rows)}\n\n"
        "          Multicast Mac Address Table\n------------------------------------------------------------------\n\n"
        "Vlan    Mac Address       Type        Ports\n----    -----------       ----        -----\n"
        "Total Mac Addresses for this criterion: 0\n"
    )
    return "".join(out)


def mac_records(spec: HostSpec) -> list[Record]:
    return [
        {
            "vlan_id": str(vlan),
            "mac_address": mac,
            "type": "DYNAMIC",
            "destination_port": [port],
            "moves": "1",
            "last_move": _last_move(mac),
        }
        for vlan, mac, port in _mac_rows(spec)
    ]


# --- show spanning-tree ----------------------------------------------------------------------------


def show_spanning_tree(spec: HostSpec) -> str:
    lag = _lag(spec)
    out = [
        "MST0\n  Spanning tree enabled protocol mstp\n"
        "  Root ID    Priority    24576\n"
        f"             Address     {dotted_mac(spec.root_mac)}\n"
        "             Cost        1999 (Ext) 0 (Int)\n"
        "             Port        1000 (Port-Channel1)\n"
        "             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec\n\n"
        f"  Bridge ID  Priority    {spec.bridge_priority}  (priority {spec.bridge_priority} sys-id-ext 0)\n"
        f"             Address     {dotted_mac(spec.base_mac)}\n"
        "             Hello Time  2.000 sec  Max Age 20 sec  Forward Delay 15 sec\n\n"
        "Interface        Role       State      Cost      Prio.Nbr Type\n"
        "---------------- ---------- ---------- --------- -------- --------------------\n"
    ]
    for i, p in enumerate(_physical(spec), 1):
        if p.status == CONNECTED and p.role in (ACCESS, TRUNK):
            cost = 20000 if p.speed >= 1000 else 200000
            out.append(f"{p.short:<16} designated forwarding {cost:<9} 128.{i:<4} P2p Edge\n")
    out.append(f"{'Po1':<16} root       forwarding {1999 if lag.speed else 2000:<9} 128.1000 P2p\n\n")
    return "".join(out)


# --- show vlan brief -------------------------------------------------------------------------------


def _vlan_members(spec: HostSpec) -> list[tuple[int, str, list[str]]]:
    members: dict[int, list[str]] = {vid: [] for vid, _ in spec.vlans}
    members[spec.mgmt_vlan].append("Cpu")
    all_vlans = [vid for vid, _ in spec.vlans]
    for p in _physical(spec):
        if p.role == ACCESS:
            members[p.vlan].append(p.short)
            if p.voice_vlan:
                members[p.voice_vlan].append(p.short)
        elif p.role == TRUNK:
            for vid in all_vlans:
                members[vid].append(p.short)
    for vid in all_vlans:
        members[vid].append("Po1")
    return [(vid, name, members[vid]) for vid, name in spec.vlans]


def _wrap(ports: list[str], width: int = 31) -> list[str]:
    lines: list[str] = []
    cur = ""
    for port in ports:
        cand = f"{cur}, {port}" if cur else port
        if cur and len(cand) > width:
            lines.append(cur + ",")
            cur = port
        else:
            cur = cand
    lines.append(cur)
    return lines


def show_vlan_brief(spec: HostSpec) -> str:
    out = [
        "VLAN  Name                             Status    Ports\n"
        "----- -------------------------------- --------- -------------------------------\n"
    ]
    for vid, name, ports in _vlan_members(spec):
        lines = _wrap(ports)
        out.append(f"{vid:<5} {name:<32} active    {lines[0]}".rstrip() + "\n")
        out.extend(f"{'':49}{line}\n" for line in lines[1:])
    out.append("\n")
    return "".join(out)


def vlan_records(spec: HostSpec) -> list[Record]:
    return [
        {"vlan_id": str(vid), "vlan_name": name, "status": "active", "interfaces": list(ports)}
        for vid, name, ports in _vlan_members(spec)
    ]


# --- show ip interface brief -----------------------------------------------------------------------


def _ip_rows(spec: HostSpec) -> list[tuple[str, str, str, str, str]]:
    return [
        ("Management1", "unassigned", "adminDown", "down", "1500"),
        (f"Vlan{spec.mgmt_vlan}", f"{spec.mgmt_ip}/24", "up", "up", "1500"),
    ]


def show_ip_interface_brief(spec: HostSpec) -> str:
    out = [
        f"{'':77}Address\n"
        "Interface         IP Address           Status       Protocol          MTU    Owner  \n"
        "----------------- -------------------- ------------ -------------- ---------- -------\n"
    ]
    out.extend(
        f"{n:<17} {ip:<20} {s:<12} {pr:<14} {mtu:>10} {'':7}\n" for n, ip, s, pr, mtu in _ip_rows(spec)
    )
    out.append("\n")
    return "".join(out)


def ip_brief_records(spec: HostSpec) -> list[Record]:
    return [
        {"interface": n, "ip_address": ip, "status": s, "protocol": pr, "mtu": mtu}
        for n, ip, s, pr, mtu in _ip_rows(spec)
    ]


# --- show authentication sessions ------------------------------------------------------------------


def _auth_rows(spec: HostSpec) -> list[tuple[str, str, str, str, int]]:
    return [
        (p.short, "yes" if s.authorized else "no", s.method, s.mac, s.vlan)
        for p in _physical(spec)
        for s in p.sessions
    ]


def show_authentication_sessions(spec: HostSpec) -> str:
    out = [
        "Port       Authorized  Mode      MAC Address       Vlan\n---------- ----------- --------- ----------------- ----\n"
    ]
    out.extend(
        f"{port:<10} {ok:<11} {mode:<9} {mac:<17} {vlan}\n" for port, ok, mode, mac, vlan in _auth_rows(spec)
    )
    out.append("\n")
    return "".join(out)


def auth_records(spec: HostSpec) -> list[Record]:
    return [
        {
            "interface": port,
            "mac_address": mac,
            "method": mode,
            "status": "Authorized" if ok == "yes" else "Unauthorized",
            "vlan_id": str(vlan),
        }
        for port, ok, mode, mac, vlan in _auth_rows(spec)
    ]


# --- show interfaces -------------------------------------------------------------------------------


def _line_state(p: PortSpec) -> tuple[str, str]:
    if p.status == CONNECTED:
        return "up", "up (connected)"
    if p.status == DISABLED:
        return "administratively down", "notpresent (disabled)"
    if p.status == ERRDISABLED:
        return "down", "down (errdisabled)"
    return "down", "notpresent (notconnect)"


def _changes(p: PortSpec) -> int:
    return p.counters.resets * 2 + (1 if p.status == CONNECTED else 0)


def _eth_block(spec: HostSpec, p: PortSpec) -> str:
    c = p.counters
    link, proto = _line_state(p)
    mac = dotted_mac(p.mac)
    desc = f"  Description: {p.description}\n" if p.description else ""
    up = p.status == CONNECTED
    if p.role == LAG:
        names = [m.name for m in spec.ports if m.role == MEMBER]
        duplex = (
            f"  Full-duplex, {_speed(p.speed)}b/s\n  Active members in this channel: {len(names)}\n"
            + "".join(f"  ... {n} , Full-duplex, {_speed(p.speed // len(names))}b/s\n" for n in names)
            + "  Fallback mode is: off\n"
        )
        hw = "Port-Channel"
    else:
        hw = "Ethernet"
        if up:
            duplex = f"  Full-duplex, {_speed(p.speed)}b/s, auto negotiation: on, uni-link: n/a\n"
        else:
            duplex = "  Unconfigured-duplex, Unconfigured-speed, auto negotiation: on, uni-link: n/a\n"
    flap = ""
    if p.flap:
        flap = f"  {'Up' if up else 'Down'} {p.flap}\n"
    mtu = "9214"
    bw = (p.speed or p.max_speed) * 1000
    loop = "" if p.role == LAG else "  Loopback Mode : None\n"
    return (
        f"{p.name} is {link}, line protocol is {proto}\n"
        f"  Hardware is {hw}, address is {mac} (bia {mac})\n"
        f"{desc}"
        f"  Ethernet MTU {mtu} bytes, BW {bw} kbit\n"
        f"{duplex}{flap}{loop}"
        f"  {_changes(p)} link status changes since last clear\n"
        '  Last clearing of "show interface" counters never\n'
        f"  5 minutes input rate {c.in_rate / 1000:.2f} kbps (0.0% with framing overhead), {c.in_pps} packets/sec\n"
        f"  5 minutes output rate {c.out_rate / 1000:.2f} kbps (0.0% with framing overhead), {c.out_pps} packets/sec\n"
        f"     {c.in_packets} packets input, {c.in_bytes} bytes\n"
        f"     Received {c.broadcasts} broadcasts, {c.multicasts} multicast\n"
        "     0 runts, 0 giants\n"
        f"     {c.in_errors} input errors, {c.crc} CRC, 0 alignment, 0 symbol, 0 input discards\n"
        "     0 PAUSE input\n"
        f"     {c.out_packets} packets output, {c.out_bytes} bytes\n"
        f"     Sent {c.broadcasts // 3} broadcasts, {c.multicasts // 2} multicast\n"
        f"     {c.out_errors} output errors, 0 collisions\n"
        f"     0 late collision, 0 deferred, {c.out_drops} output discards\n"
        "     0 PAUSE output\n"
    )


def _eth_record(spec: HostSpec, p: PortSpec) -> Record:
    link, proto = _line_state(p)
    mac = dotted_mac(p.mac)
    return {
        "interface": p.name,
        "link_status": link,
        "protocol_status": proto,
        "hardware_type": "Port-Channel" if p.role == LAG else "Ethernet",
        "mac_address": mac,
        "bia": mac,
        "description": p.description,
        "ip_address": "",
        "mtu": "9214",
        "bandwidth": f"{(p.speed or p.max_speed) * 1000} kbit",
        "last_link_flapped": p.flap,
        "link_status_change": str(_changes(p)),
    }


def _mgmt_block(spec: HostSpec) -> str:
    mac = dotted_mac(spec.base_mac + 0xF0)
    return (
        "Management1 is administratively down, line protocol is notpresent (disabled)\n"
        f"  Hardware is Ethernet, address is {mac} (bia {mac})\n"
        "  No Internet protocol address assigned\n"
        "  IP MTU 1500 bytes , BW 1000000 kbit\n"
        "  Unconfigured-duplex, Unconfigured-speed, auto negotiation: on, uni-link: n/a\n"
        "  0 link status changes since last clear\n"
        '  Last clearing of "show interface" counters never\n'
        "  5 minutes input rate 0 bps (0.0% with framing overhead), 0 packets/sec\n"
        "  5 minutes output rate 0 bps (0.0% with framing overhead), 0 packets/sec\n"
        "     0 packets input, 0 bytes\n"
        "     Received 0 broadcasts, 0 multicast\n"
        "     0 runts, 0 giants\n"
        "     0 input errors, 0 CRC, 0 alignment, 0 symbol, 0 input discards\n"
        "     0 PAUSE input\n"
        "     0 packets output, 0 bytes\n"
        "     Sent 0 broadcasts, 0 multicast\n"
        "     0 output errors, 0 collisions\n"
        "     0 late collision, 0 deferred, 0 output discards\n"
        "     0 PAUSE output\n"
    )


def _svi_block(spec: HostSpec) -> str:
    mac = dotted_mac(spec.base_mac)
    return (
        f"Vlan{spec.mgmt_vlan} is up, line protocol is up (connected)\n"
        f"  Hardware is Vlan, address is {mac} (bia {mac})\n"
        "  Description: MGMT\n"
        f"  Internet address is {spec.mgmt_ip}/24\n"
        "  Broadcast address is 255.255.255.255\n"
        "  Address determined by manual configuration\n"
        "  IP MTU 1500 bytes\n"
    )


def show_interfaces(spec: HostSpec) -> str:
    out = [_eth_block(spec, p) for p in _physical(spec)]
    out.append(_mgmt_block(spec))
    out.append(_eth_block(spec, _lag(spec)))
    out.append(_svi_block(spec))
    return "".join(out)


def interfaces_records(spec: HostSpec) -> list[Record]:
    recs = [_eth_record(spec, p) for p in _physical(spec)]
    mgmt_mac = dotted_mac(spec.base_mac + 0xF0)
    recs.append(
        {
            "interface": "Management1",
            "link_status": "administratively down",
            "protocol_status": "notpresent (disabled)",
            "hardware_type": "Ethernet",
            "mac_address": mgmt_mac,
            "bia": mgmt_mac,
            "description": "",
            "ip_address": "",
            "mtu": "1500",
            "bandwidth": "1000000 kbit",
            "last_link_flapped": "",
            "link_status_change": "0",
        }
    )
    recs.append(_eth_record(spec, _lag(spec)))
    mac = dotted_mac(spec.base_mac)
    recs.append(
        {
            "interface": f"Vlan{spec.mgmt_vlan}",
            "link_status": "up",
            "protocol_status": "up (connected)",
            "hardware_type": "Vlan",
            "mac_address": mac,
            "bia": mac,
            "description": "MGMT",
            "ip_address": f"{spec.mgmt_ip}/24",
            "mtu": "1500",
            "bandwidth": "",
            "last_link_flapped": "",
            "link_status_change": "",
        }
    )
    return recs
