"""Ruckus ICX / Brocade FCX FastIron 08.0.x command output, and the ntc-templates records it parses to.

Records follow the `ruckus_fastiron` templates for every FastIron host, Brocade FCX included: the
project routes both platforms to one parser module, which cannot tell them apart from the text.
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
    dotted_mac,
)

Record = dict[str, Any]

PAGER = "skip-page-display"
COMMANDS = (
    "show version",
    "show running-config",
    "show interfaces brief",
    "show mac-address",
    "show spanning-tree",
    "show vlan",
    "show dot1x sessions all",
    "show mac-authentication sessions all",
)
_SEP = "==========================================================================\n"


def render(spec: HostSpec) -> list[tuple[str, str]]:
    """(command, output) pairs in capture order."""
    return [
        ("show version", show_version(spec)),
        ("show running-config", show_running_config(spec)),
        ("show interfaces brief", show_interfaces_brief(spec)),
        ("show mac-address", show_mac_address(spec)),
        ("show spanning-tree", show_spanning_tree(spec)),
        ("show vlan", show_vlan(spec)),
        ("show dot1x sessions all", show_dot1x_sessions(spec)),
        ("show mac-authentication sessions all", show_mac_auth_sessions(spec)),
    ]


def expected(spec: HostSpec) -> dict[str, list[Record]]:
    """Canonical command -> the `ruckus_fastiron` ntc-templates records of its output.

    Two deliberate departures from the raw templates, shared with the project's parsers: `show vlan`
    lists each (VLAN, port) once (the template repeats every `(U1/M1)` row as a LAG named `U1/M1`),
    and Brocade FCX `show version` (a layout the ruckus template rejects) reads with the same line
    rules: no `Compressed Primary Boot Code` line, so `bootcode` is empty. The session tables have no
    template; their records use the project's session fields (`engine.parsing._fastiron_sessions`).
    """
    return {
        "show version": version_records(spec),
        "show interfaces brief": brief_records(spec),
        "show mac-address": mac_records(spec),
        "show vlan": vlan_records(spec),
        "show dot1x sessions all": dot1x_records(spec),
        "show mac-authentication sessions all": mac_auth_records(spec),
    }


def _physical(spec: HostSpec) -> list[PortSpec]:
    return [p for p in spec.ports if p.role != LAG]


# --- show version ----------------------------------------------------------------------------------


def _uptime(spec: HostSpec) -> str:
    years, weeks, days, hours, minutes = spec.uptime
    total = years * 365 + weeks * 7 + days
    return f"{total} day(s) {hours} hour(s) {minutes} minute(s) {(minutes * 7 + hours) % 60} second(s)"


def _label(spec: HostSpec) -> str:
    prefix = {"ICX7150": "SPS", "ICX7450": "SPR", "FCX": "FCXS"}[spec.family]
    return prefix + spec.version.split("T")[0].replace(".", "")


def _boot(spec: HostSpec) -> str:
    return "10.1.15T225 (mnz10115)" if spec.family == "ICX7150" else "10.1.18T205 (kxz10118)"


def _modules(spec: HostSpec, n: int) -> list[str]:
    ports = spec.members[0].ports
    if spec.family == "ICX7150":
        return [
            f"UNIT {n}: SL 1: {spec.model}-4X1G POE {ports}-port Management Module\n",
            f"UNIT {n}: SL 2: ICX7150-2X1GC 2-port 2G Module\n",
            f"UNIT {n}: SL 3: ICX7150-4X10GF 4-port 40G Module\n",
        ]
    if spec.family == "ICX7450":
        return [
            f"UNIT {n}: SL 1: {spec.model} POE {ports}-port Management Module\n",
            f"UNIT {n}: SL 2: ICX7400-4X10GF 4-port 40G Module\n",
        ]
    return [
        f"UNIT {n}: SL 1: FCX-{ports}GS POE {ports}-port Management Module\n",
        f"UNIT {n}: SL 2: FCX-2XG 2-port 10G Module\n",
    ]


def show_version(spec: HostSpec) -> str:
    if spec.family == "FCX":
        return _fcx_version(spec)
    label = _label(spec)
    out = ["  Copyright (c) Ruckus Networks, Inc. All rights reserved.\n"]
    for m in spec.members:
        out.append(
            f"    UNIT {m.number}: compiled on Feb 19 2024 at 13:48:49 labeled as {label}\n"
            f"      (28575972 bytes) from Primary {label}.bin (UFI)\n"
            f"        SW: Version {spec.version}\n"
            f"      Compressed Primary Boot Code size = 786944, Version:{_boot(spec)}\n"
        )
        if m.number == 1:
            out.append("       Compiled on Thu Jan 31 01:08:55 2024\n")
    out.append(f"\n  HW: Stackable {spec.model}\n{_SEP}")
    asic = "B160, rev 11  Chip BCM56160_B0" if spec.family == "ICX7150" else "B548, rev 01  Chip BCM56548_A0"
    for m in spec.members:
        mods = _modules(spec, m.number)
        out.append(
            f"{mods[0]}      Serial  #:{m.serial}\n"
            "      Software Package: BASE_SOFT_PACKAGE\n"
            "      Current License: 4X10GR\n"
            f"      P-ASIC  0: type {asic}\n{_SEP}"
        )
        out.extend(f"{mod}{_SEP}" for mod in mods[1:])
    out.append(
        " 1000 MHz ARM processor ARMv7 88 MHz bus\n 8192 KB boot flash memory\n"
        " 2048 MB code flash memory\n 1024 MB DRAM\n"
    )
    up = _uptime(spec)
    out.extend(f"STACKID {m.number}  system uptime is {up}\n" for m in spec.members)
    out.append(
        f"The system started at {spec.restarted.replace('UTC', 'GMT+00')}\n\n"
        'The system : started=warm start   reloaded=by "reload"\n'
        "My stack unit ID = 1, bootup role = active\n\n"
    )
    return "".join(out)


def _fcx_version(spec: HostSpec) -> str:
    label = _label(spec)
    out = ["  Copyright (c) 1996-2016 Brocade Communications Systems, Inc. All rights reserved.\n"]
    for m in spec.members:
        out.append(
            f"    UNIT {m.number}: compiled on Jun 21 2016 at 20:50:14 labeled as {label}\n"
            f"\t\t(7954944 bytes) from Primary {label}.bin\n"
            f"        SW: Version {spec.version}\n"
        )
    out.append(
        f"  Boot-Monitor Image size = 370733, Version:07.4.00T7f5 (grz07400)\n  HW: Stackable {spec.model}\n{_SEP}"
    )
    for m in spec.members:
        mods = _modules(spec, m.number)
        out.append(
            f"{mods[0]} \t Serial  #: {m.serial}\n"
            " \t License: FCX_ADV_ROUTER_SOFT_PACKAGE   (LID: mgnIHGJmFHK)\n"
            f" \t P-ENGINE  0: type DB90, rev 01\n{_SEP}"
        )
        out.extend(f"{mod}{_SEP}" for mod in mods[1:])
    up = _uptime(spec)
    out.append(
        "\n  800 MHz Power PC processor (version 8023/0022) 400 MHz bus\n65536 KB flash memory\n  256 MB DRAM\n"
    )
    out.extend(f"STACKID {m.number}  system uptime is {up}\n" for m in spec.members)
    out.append(
        f"The system started at {spec.restarted.replace('UTC', 'GMT+00')}\n\n"
        " The system : started=warm start\n"
        "My stack unit ID = 1, bootup role = active\n\n"
    )
    return "".join(out)


def version_records(spec: HostSpec) -> list[Record]:
    n = len(spec.members)
    return [
        {
            "version": [spec.version] * n,
            "bootcode": [] if spec.family == "FCX" else [_boot(spec)] * n,
            "hardware": f"Stackable {spec.model}",
            "serial": [m.serial for m in spec.members],
            "uptime": [_uptime(spec)] * n,
        }
    ]


# --- show running-config ---------------------------------------------------------------------------


def _ranges(ports: list[PortSpec]) -> str:
    """`ethe 1/1/1 to 1/1/4 ethe 1/1/7` for a list of ports in port order."""
    parts: list[str] = []
    i = 0
    while i < len(ports):
        j = i
        while (
            j + 1 < len(ports)
            and ports[j + 1].member == ports[i].member
            and ports[j + 1].slot == ports[i].slot
            and ports[j + 1].index == ports[j].index + 1
        ):
            j += 1
        parts.append(f"ethe {ports[i].short}" + (f" to {ports[j].short}" if j > i else ""))
        i = j + 1
    return " ".join(parts)


def _vlan_sets(spec: HostSpec) -> dict[int, tuple[list[PortSpec], list[PortSpec]]]:
    """VLAN -> (untagged ports, tagged ports)."""
    sets: dict[int, tuple[list[PortSpec], list[PortSpec]]] = {vid: ([], []) for vid, _ in spec.vlans}
    user_vlans = [vid for vid, _ in spec.vlans if vid != 1]
    for p in _physical(spec):
        if p.role in (ACCESS, TRUNK):
            sets[p.vlan][0].append(p)
            if p.voice_vlan:
                sets[p.voice_vlan][1].append(p)
            if p.role == TRUNK:
                for vid in user_vlans:
                    if vid not in (p.vlan, p.voice_vlan):
                        sets[vid][1].append(p)
        elif p.role == SPARE:
            sets[1][0].append(p)
        elif p.role == MEMBER:
            for vid in user_vlans:
                sets[vid][1].append(p)
    order = {id(p): i for i, p in enumerate(spec.ports)}
    for untagged, tagged in sets.values():
        tagged.sort(key=lambda q: order[id(q)])
        untagged.sort(key=lambda q: order[id(q)])
    return sets


def show_running_config(spec: HostSpec) -> str:
    phys = _physical(spec)
    members = [p for p in phys if p.role == MEMBER]
    out = ["Current configuration:\n!\n", f"ver {spec.version}\n!\n"]
    for m in spec.members:
        out.append(f"stack unit {m.number}\n  module 1 {spec.model.lower()}-poe-port-management-module\n")
        if len(spec.members) > 1:
            out.append(f"  stack-port {m.number}/2/1\n")
        out.append("!\n")
    out.append(
        "!\nglobal-stp\n!\n"
        f'lag "CORE-UPLINK" dynamic id 1\n ports {_ranges(members)} \n primary-port {members[0].short}\n deploy\n!\n'
    )
    names = dict(spec.vlans)
    for vid, (untagged, tagged) in _vlan_sets(spec).items():
        name = "DEFAULT-VLAN" if vid == 1 else names[vid]
        out.append(f"vlan {vid} name {name} by port\n")
        if tagged:
            out.append(f" tagged {_ranges(tagged)} \n")
        if untagged and vid != 1:
            out.append(f" untagged {_ranges(untagged)} \n")
        if vid == spec.mgmt_vlan:
            out.append(" router-interface ve 1\n")
        out.append(" spanning-tree 802-1w\n!\n")
    dot1x = [p for p in phys if p.auth_mode in ("dot1x", "flexible")]
    mab = [p for p in phys if p.auth_mode in ("mab", "flexible")]
    out.append(
        "!\naaa authentication dot1x default radius\naaa authentication login default local\n"
        f"hostname {spec.hostname}\nip dns domain-list corp.example.net\n"
        f"ip route 0.0.0.0/0 {spec.gateway}\n!\n"
        "radius-server host 10.0.10.21 auth-port 1812 acct-port 1813 default key 2 $Zl5ucm9vdA== dot1x mac-auth\n!\n"
        f"snmp-server community 2 $U2kyXj1k ro\nsnmp-server location {spec.location}\n!\n"
    )
    if dot1x or mab:
        out.append(f"authentication\n auth-default-vlan {spec.vlans[1][0]}\n re-authentication\n")
        if dot1x:
            out.append(
                f" dot1x enable\n dot1x enable {_ranges(dot1x)} \n dot1x port-control auto {_ranges(dot1x)} \n"
            )
        if mab:
            out.append(f" mac-authentication enable\n mac-authentication enable {_ranges(mab)} \n")
        out.append("!\n")
    for p in phys:
        lines = []
        if p.description:
            lines.append(f" port-name {p.description}\n")
        if p.pd_device or (p.poe and p.role in (ACCESS, TRUNK) and p.status == CONNECTED):
            lines.append(" inline power\n")
        if p.role == TRUNK:
            lines.append(f" dual-mode {p.vlan}\n")
        if p.status == DISABLED:
            lines.append(" disable\n")
        if lines:
            out.append(f"interface ethernet {p.short}\n{''.join(lines)}!\n")
    out.append(f"interface ve 1\n ip address {spec.mgmt_ip} 255.255.255.0\n!\n!\nend\n\n")
    return "".join(out)


# --- show interfaces brief -------------------------------------------------------------------------

_SPEED = {100: "100M", 1000: "1G", 2500: "2.5G", 10000: "10G"}


def _brief_rows(spec: HostSpec) -> list[tuple[str, str, str, str, str, str, str, str, str, str, str]]:
    rows = []
    for p in _physical(spec):
        up = p.status == CONNECTED
        link = {CONNECTED: "Up", DISABLED: "Disable", ERRDISABLED: "ERR-DIS"}.get(p.status, "Down")
        state = "Forward" if up else "None"
        duplex = "Full" if up else "None"
        speed = _SPEED.get(p.speed, "1G") if up else "None"
        trunk = str(p.lag_id) if p.role == MEMBER else "None"
        tag = "Yes" if p.role == MEMBER else "No"
        pvid = "N/A" if p.role == MEMBER else str(p.vlan)
        rows.append(
            (p.short, link, state, duplex, speed, trunk, tag, pvid, "0", dotted_mac(p.mac), p.description)
        )
    mgmt = dotted_mac(spec.base_mac)
    rows.append(("mgmt1", "Up", "None", "Full", "1G", "None", "No", "None", "0", mgmt, ""))
    return rows


def show_interfaces_brief(spec: HostSpec) -> str:
    out = ["\nPort       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name\n"]
    out.extend(
        f"{a:<10} {b:<7} {c:<7} {d:<4} {e:<5} {f:<5} {g:<3} {h:<4} {i:<3} {j:<15} {k}\n"
        for a, b, c, d, e, f, g, h, i, j, k in _brief_rows(spec)
    )
    out.append("\n")
    return "".join(out)


def brief_records(spec: HostSpec) -> list[Record]:
    return [
        {
            "port": a,
            "link": b,
            "state": c,
            "duplex": d,
            "speed": e,
            "trunk": f,
            "tag": g,
            "vlan_id": h,
            "priority": i,
            "mac_address": j,
            "name": k.split()[0] if k.split() else "",
        }
        for a, b, c, d, e, f, g, h, i, j, k in _brief_rows(spec)
    ]


# --- show mac-address ------------------------------------------------------------------------------


def _mac_rows(spec: HostSpec) -> list[tuple[str, str, int]]:
    rows = [(mac, p.short, vlan) for p in _physical(spec) for vlan, mac in p.learned]
    rows.sort(key=lambda r: (r[0][10:], r[0], r[2]))  # the hash-table order of the real output
    return rows


def show_mac_address(spec: HostSpec) -> str:
    rows = _mac_rows(spec)
    header = "MAC-Address     Port                 Type         VLAN \n"
    out = [f"\nTotal active entries from all ports = {len(rows)}\n", header]
    for n, (mac, port, vlan) in enumerate(rows):
        if n and n % 22 == 21:
            out.append(header)
        out.append(f"{mac:<15} {port:<20} {'Dynamic':<12} {vlan:<5}\n")
    out.append("\n")
    return "".join(out)


def mac_records(spec: HostSpec) -> list[Record]:
    return [
        {"mac_address": mac, "port": port, "type": "Dynamic", "vlan_id": str(vlan)}
        for mac, port, vlan in _mac_rows(spec)
    ]


# --- show spanning-tree ----------------------------------------------------------------------------


def show_spanning_tree(spec: HostSpec) -> str:
    root = f"6000{spec.root_mac:012x}"
    me = f"8000{spec.base_mac:012x}"
    out = []
    sets = _vlan_sets(spec)
    uplink = next(p for p in spec.ports if p.role == MEMBER)
    for vid, _ in spec.vlans:
        untagged, tagged = sets[vid]
        out.append(
            f"STP instance owned by VLAN {vid}\n\n Global STP (IEEE 802.1D) Parameters:\n\n"
            "VLAN Root             Root Root Prio Old Max Hel Max Hol Fwd Hel Fwd Last     Chg Bridge\n"
            " ID  ID               Cost Port rity Age Age lo  Age d   dly Tim Dly Chang    cnt Address\n"
            "                                Hex  sec sec sec sec sec sec sec sec sec\n"
            f"{vid:>4} {root} 2    {uplink.short:<5} 8000 20  20  2   0   1   15  20  15  3612     1   {spec.base_mac:012x}\n\n"
            " Port STP Parameters:\n\n"
            "Port     Prio Path     State      Fwd    Design   Designated       Designated\n"
            "Num      rity Cost                Trans  Cost     Root             Bridge\n"
            "         Hex\n"
        )
        for p in [*untagged, *tagged]:
            if p.status == CONNECTED:
                bridge = root if p.role == MEMBER else me
                out.append(
                    f"{p.short:<8} 80   {20000 if p.role != MEMBER else 2000:<8} FORWARDING 1      {2:<8} {root} {bridge}\n"
                )
        out.append("\n")
    return "".join(out)


# --- show vlan -------------------------------------------------------------------------------------


def _vlan_lines(spec: HostSpec) -> list[tuple[int, str, list[tuple[str, int, int, list[int]]]]]:
    """Per VLAN: (id, name, [(Untagged|Tagged, unit, module, ports <= 12)])."""
    names = dict(spec.vlans)
    out = []
    for vid, (untagged, tagged) in _vlan_sets(spec).items():
        lines: list[tuple[str, int, int, list[int]]] = []
        for status, ports in (("Untagged", untagged), ("Tagged", tagged)):
            groups: dict[tuple[int, int], list[int]] = {}
            for p in ports:
                groups.setdefault((p.member, p.slot), []).append(p.index)
            for (unit, slot), idx in groups.items():
                lines.extend((status, unit, slot, idx[i : i + 12]) for i in range(0, len(idx), 12))
        out.append((vid, "DEFAULT-VLAN" if vid == 1 else names[vid], lines))
    return out


def show_vlan(spec: HostSpec) -> str:
    data = _vlan_lines(spec)
    out = [
        f"Total PORT-VLAN entries: {len(data)}\nMaximum PORT-VLAN entries: 1024\n\nLegend: [Stk=Stack-Id, S=Slot]\n\n"
    ]
    for vid, name, lines in data:
        out.append(f"PORT-VLAN {vid}, Name {name}, Priority level0, Off\n")
        for status in ("Untagged", "Tagged"):
            label = f"{status:>8} Ports:"
            mine = [ln for ln in lines if ln[0] == status]
            if not mine:
                out.append(f" {label} None\n")
            out.extend(
                f" {label} (U{u}/M{m}){''.join(f'{n:>4}' for n in ports)}\n" for _, u, m, ports in mine
            )
        out.append(" Mac-Vlan Ports: None\n     Monitoring: Disabled\n\n")
    return "".join(out)


def vlan_records(spec: HostSpec) -> list[Record]:
    recs: list[Record] = []
    for vid, name, lines in _vlan_lines(spec):
        for status, unit, slot, ports in lines:
            base = {"vlan_id": str(vid), "vlan_name": name, "status": status}
            recs.extend(
                {**base, "stack_id": str(unit), "slot": str(slot), "port": str(n), "lag": ""} for n in ports
            )
    return recs


# --- authentication sessions -----------------------------------------------------------------------


def _dot1x_rows(spec: HostSpec) -> list[tuple[str, str, str, int, str, str, int, str]]:
    """(port, mac, user, vlan, auth state, PAE state, age, dot1x flag) of 802.1X or MAB sessions."""
    rows = []
    for p in _physical(spec):
        for s in p.sessions:
            age = (int(s.session_id[8:12], 16) % 9000) + 30
            state = "permit" if s.authorized else "deny"
            pae = "AUTHENTICATED" if s.authorized else "HELD"
            rows.append((p.short, s.mac, s.user or "N/A", s.vlan, state, pae, age, s.method))
    return rows


def show_dot1x_sessions(spec: HostSpec) -> str:
    out = [
        "\nPort       MAC            IP(v4/v6)       User          VLAN  Auth         ACL    Session  Age     PAE\n"
        "                                                              State               Time             State\n"
        "-----------------------------------------------------------------------------------------------------------\n"
    ]
    for port, mac, user, vlan, state, pae, age, method in _dot1x_rows(spec):
        if method == "dot1x":
            out.append(
                f"{port:<10} {mac} N/A             {user:<13} {vlan:<5} {state:<12} none   {age:<8} Ena     {pae}\n"
            )
    out.append("\n")
    return "".join(out)


def _session_record(port: str, mac: str, vlan: int, state: str, age: int) -> Record:
    return {
        "interface": port,
        "mac_address": mac,
        "ip_address": "N/A",
        "username": "",
        "vlan_id": str(vlan),
        "method": "",
        "status": state,
        "acl": "none",
        "session_time": str(age),
        "age": "Ena",
        "pae_state": "",
        "dot1x": "",
    }


def dot1x_records(spec: HostSpec) -> list[Record]:
    recs = []
    for port, mac, user, vlan, state, pae, age, method in _dot1x_rows(spec):
        if method == "dot1x":
            rec = _session_record(port, mac, vlan, state, age)
            rec.update(username=user, pae_state=pae)
            recs.append(rec)
    return recs


def _mab_flag(spec: HostSpec) -> dict[str, str]:
    return {p.short: "Yes" if p.auth_mode == "flexible" else "No" for p in _physical(spec)}


def show_mac_auth_sessions(spec: HostSpec) -> str:
    out = [
        "\nPort       MAC Address      IP(v4/v6)        VLAN     Auth   ACL   Session  Age     Dot1x\n"
        "                                                      State        Time\n"
        "-------------------------------------------------------------------------------------------\n"
    ]
    flags = _mab_flag(spec)
    for port, mac, _, vlan, state, _, age, method in _dot1x_rows(spec):
        if method == "mab":
            out.append(
                f"{port:<10} {mac}   N/A              {vlan:<8} {state:<6} none  {age:<8} Ena     {flags[port]}\n"
            )
    out.append("\n")
    return "".join(out)


def mac_auth_records(spec: HostSpec) -> list[Record]:
    flags = _mab_flag(spec)
    recs = []
    for port, mac, _, vlan, state, _, age, method in _dot1x_rows(spec):
        if method == "mab":
            rec = _session_record(port, mac, vlan, state, age)
            rec["dot1x"] = flags[port]
            recs.append(rec)
    return recs
