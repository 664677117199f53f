"""Seeded generators of realistic Arista EOS and FastIron show-command output, and a speed benchmark.

The differential tests feed these outputs to both `parse_show` and ntc-templates; the benchmark
(`python tests/engine/parsing/gen_arista_fastiron.py [MB]`) times the hot commands on a few MB.
Every generator keeps to what the TextFSM templates accept without raising, so the comparison is
about values, not about which side tolerates garbage.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

# ------------------------------------------------------------------------------------------ helpers


def mac(rng: random.Random) -> str:
    return ".".join(f"{rng.randrange(65536):04x}" for _ in range(3))


def _words(rng: random.Random, pool: list[str], lo: int, hi: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))


_NAME_WORDS = ["uplink", "to", "core-sw01", "AP", "printer", "Floor-2", "connected", "disabled", "in",
               "routed", "trunk", "Po1", "-", "(spare)", "VoIP", "WAP", "cam#3", "full", "10G", "x"]

# ------------------------------------------------------------------------------------------- Arista


def arista_interfaces_status(rng: random.Random, rows: int, modular: bool | None = None) -> str:
    if modular is None:
        modular = rng.random() < 0.5
    encap = rng.random() < 0.3
    head = "Port       Name                   Status       Vlan        Duplex  Speed Type            Flags"
    lines = [head + (" Encapsulation" if encap else "")]
    for i in range(1, rows + 1):
        kind = rng.random()
        if kind < 0.08:
            port = f"Po{rng.randint(1, 999)}"
        elif kind < 0.1:
            port = "Ma1"
        elif modular:
            port = f"Et{rng.randint(1, 8)}/{i}" + (f"/{rng.randint(1, 4)}" if rng.random() < 0.3 else "")
        else:
            port = f"Et{i}"
        name = _words(rng, _NAME_WORDS, 1, 4) if rng.random() < 0.6 else ""
        status = rng.choice(["connected", "notconnect", "disabled", "errdisabled", "inactive"])
        vlan = rng.choice(["1", "10", "trunk", "routed", "4094", f"in Po{rng.randint(1, 99)}"])
        duplex = rng.choice(["full", "a-full", "auto", "half", "a-half", "unconf"])
        speed = rng.choice(["1G", "10G", "a-1G", "a-10G", "auto", "100G", "a-100M", "unconf", "25G"])
        typ = rng.choice(["10GBASE-T", "1000BASE-T", "10GBASE-SR", "Not Present", "40GBASE-CR4", "N/A",
                          "10/100/1000", "EbraTestPhyPort"])
        flags = rng.choice(["", "", "x"])
        enc = rng.choice(["", "dot1q"]) if encap and flags else ""
        row = f"{port:<10} {name:<22} {status:<12} {vlan:<11} {duplex:<7} {speed:<5} {typ:<15} {flags} {enc}"
        lines.append(row.rstrip() if rng.random() < 0.7 else row)
    return "\n".join(lines) + "\n"


def arista_mac_address_table(rng: random.Random, rows: int, multicast: int = 4) -> str:
    lines = ["          Mac Address Table", "-" * 66, "",
             "Vlan    Mac Address       Type        Ports      Moves   Last Move",
             "----    -----------       ----        -----      -----   ---------"]
    for _ in range(rows):
        vlan = rng.randint(1, 4094)
        port = rng.choice([f"Et{rng.randint(1, 52)}", f"Po{rng.randint(1, 200)}", f"Et{rng.randint(1, 8)}/1",
                           "Vx1", "Router"])
        typ = rng.choice(["DYNAMIC", "STATIC"])
        if typ == "DYNAMIC":
            ago = rng.choice([f"0:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                              f"{rng.randint(1, 30)} days, {rng.randint(0, 23)}:{rng.randint(0, 59):02d}:05"])
            lines.append(f"{vlan:>4}    {mac(rng)}    {typ:<11} {port:<10} {rng.randint(1, 9):<7} {ago} ago")
        else:
            lines.append(f"{vlan:>4}    {mac(rng)}    {typ:<11} {port}")
    lines.append(f"Total Mac Addresses for this criterion: {rows}")
    if multicast:
        lines += ["", "          Multicast Mac Address Table", "-" * 66, "",
                  "Vlan    Mac Address       Type        Ports", "----    -----------       ----        -----"]
        for _ in range(multicast):
            ports = " ".join(rng.choice(["Cpu", "Et1", "Po12", "Et3/1", "Po135", "po5", "Et48"])
                             for _ in range(rng.randint(1, 5)))
            lines.append(f"{rng.randint(1, 4094):>4}    01{mac(rng)[2:]}    STATIC      {ports}")
        lines.append(f"Total Mac Addresses for this criterion: {multicast}")
    return "\n".join(lines) + "\n"


def arista_vlan(rng: random.Random, vlans: int) -> str:
    lines = ["VLAN  Name                             Status    Ports",
             "----- -------------------------------- --------- -------------------------------"]
    for vid in sorted(rng.sample(range(1, 4095), vlans)):
        name = rng.choice(["default", "USERS", "VOICE", f"VLAN{vid:04d}", "mgmt_net", "Servers-A"])
        status = rng.choice(["active", "active", "suspended"])
        members = [rng.choice([f"Et{rng.randint(1, 52)}", f"Po{rng.randint(1, 20)}", "Cpu", "PEt1", "Vx1",
                               f"Et{rng.randint(1, 8)}/{rng.randint(1, 4)}"]) for _ in range(rng.randint(0, 20))]
        chunks: list[str] = []
        cur = ""
        for i, m in enumerate(members):
            piece = f"{m}, " if i < len(members) - 1 else m
            if len(cur) + len(piece) > 31 and cur:
                chunks.append(cur.rstrip())
                cur = ""
            cur += piece
        if cur:
            chunks.append(cur.rstrip())
        first = chunks[0] if chunks else ""
        lines.append(f"{vid:<5} {name:<32} {status:<9} {first}".rstrip())
        lines += [" " * 49 + c for c in chunks[1:]]
    return "\n".join(lines) + "\n"


def arista_version(rng: random.Random) -> str:
    model = rng.choice(["DCS-7050SX3-48YC8", "CCS-720XP-48ZC2", "DCS-7280SR-48C6", "vEOS", "cEOSLab"])
    serial = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(11))
    base = mac(rng)
    image = rng.choice(["4.27.6M", "4.30.2F", "4.31.6M-39953990.4316M (engineering build)", "4.28.9M"])
    up = rng.choice(["1 hour and 5 minutes", "134 weeks, 5 days, 23 hours and 44 minutes",
                     "2 days, 15 hours and 56 minutes"])
    return (f"Arista {model}\nHardware version: {rng.choice(['11.00', '12.03', ''])}\nSerial number: {serial}\n"
            f"Hardware MAC address: {base}\nSystem MAC address: {base}\n\nSoftware image version: {image}\n"
            f"Architecture: {rng.choice(['i686', 'x86_64'])}\nInternal build version: 4.27.6M-28481162.4276M\n"
            f"Internal build ID: f62c8154-2e05-4650-be1e-c30774deec7e\nImage format version: 2.0\n"
            f"Image optimization: DEFAULT\n\nUptime: {up}\nTotal memory: {rng.randint(10**6, 10**8)} kB\n"
            f"Free memory: {rng.randint(10**5, 10**6)} kB\n")


# ----------------------------------------------------------------------------------------- FastIron

_BRIEF_NAMES = ["", "", "", "UserPC3", "to core", "WW-Floor-8", "Uplink-Distro", "AP 2F east", "Printer",
                "1G Ring", "cam#4 lobby", "ISE-MAB"]


def fastiron_interfaces_brief(rng: random.Random, units: int, ports: int) -> str:
    lines = ["", "Port       Link    State   Dupl Speed Trunk Tag Pvid Pri MAC             Name"]
    base = rng.randrange(1 << 32)
    names = [f"{u}/1/{p}" for u in range(1, units + 1) for p in range(1, ports + 1)]
    names += [f"{u}/2/{p}" for u in range(1, units + 1) for p in range(1, 5)]
    names += [f"lg{rng.randint(1, 64)}" for _ in range(2)] + ["mgmt1"]
    for i, port in enumerate(names):
        link = rng.choice(["Up", "Up", "Down", "Disable", "ERR-DIS"])
        up = link == "Up"
        state = rng.choice(["Forward", "Blocking"]) if up else "None"
        dupl = rng.choice(["Full", "Half"]) if up else "None"
        speed = rng.choice(["1G", "100M", "10G", "40G", "10M"]) if up else "None"
        trunk = rng.choice(["None", "None", str(rng.randint(1, 8))])
        tag = rng.choice(["No", "Yes"])
        pvid = "N/A" if tag == "Yes" and rng.random() < 0.5 else str(rng.choice([1, 10, 20, 666, 2008]))
        pvid = "None" if port == "mgmt1" else pvid
        hw = f"{(base + i) & 0xFFFFFFFF:08x}"
        mac_addr = f"609c.{hw[:4]}.{hw[4:]}"
        name = rng.choice(_BRIEF_NAMES)
        row = (f"{port:<10} {link:<7} {state:<7} {dupl:<4} {speed:<5} {trunk:<5} {tag:<3} {pvid:<4} "
               f"{rng.randint(0, 7):<3} {mac_addr:<15} {name}")
        lines.append(row + " " * rng.choice([0, 3, 40]) if rng.random() < 0.5 else row.rstrip())
    return "\n".join(lines) + "\n"


def fastiron_mac_address(rng: random.Random, rows: int, brocade: bool = False) -> str:
    if brocade:
        lines = [f"Total active entries from all ports = {rows}", "MAC Address     Port      Age      VLAN    Type", ""]
        for _ in range(rows):
            typ = rng.choice(["", "Dynamic", "Static"])
            lines.append(f"{mac(rng)}   {rng.randint(1, 4)}/{rng.randint(1, 48):<6} {rng.randint(0, 300):<8} "
                         f"{rng.randint(1, 4094):<7} {typ}".rstrip())
        return "\r\n".join(lines) + "\r\n"
    lines = ["", f"Total active entries from all ports = {rows}"]
    for i in range(rows):
        if i % 20 == 0:
            lines.append("MAC-Address     Port                 Type         VLAN ")
        port = rng.choice([f"{rng.randint(1, 4)}/1/{rng.randint(1, 48)}", f"lg{rng.randint(1, 64)}", "1/2/1"])
        typ = rng.choice(["Dynamic", "Dynamic", "Static"])
        lines.append(f"{mac(rng)}  {port:<20} {typ:<12} {rng.randint(1, 4094):<5}")
    return "\n".join(lines) + "\n"


def fastiron_version_ruckus(rng: random.Random, units: int) -> str:
    ver = rng.choice(["08.0.90T211", "08.0.95dT213", "09.0.10cT213"])
    boot = f"10.1.{rng.randint(10, 22)}T225 (mnz10115)"
    out = ["  Copyright (c) Ruckus Networks, Inc. All rights reserved."]
    for u in range(1, units + 1):
        out += [f"    UNIT {u}: compiled on Feb 19 2019 at 13:48:49 labeled as SPS08090",
                "      (28575972 bytes) from Primary SPS08090.bin (UFI)", f"        SW: Version {ver}",
                f"      Compressed Primary Boot Code size = 786944, Version:{boot}",
                "       Compiled on Thu Jan 31 01:08:55 2019"]
    out += ["", "  HW: Stackable ICX7150-48-POEF", "=" * 74]
    serials = []
    for u in range(1, units + 1):
        serial = f"FEE{rng.randint(1000, 9999)}Q{rng.randint(100, 999)}"
        serials.append(serial)
        out += [f"UNIT {u}: SL 1: ICX7150-48PF-2X10G_2X1G POE 48-port Management Module",
                f"      Serial  #:{serial}", "      Software Package: BASE_SOFT_PACKAGE",
                "      Current License: 2X10G", "=" * 74, f"UNIT {u}: SL 2: ICX7150-2X1GC 2-port 2G Module",
                "=" * 74]
    out += [" 1000 MHz ARM processor ARMv7 88 MHz bus", " 8192 KB boot flash memory", " 2048 MB code flash memory",
            " 1024 MB DRAM"]
    for u in range(1, units + 1):
        out.append(f"STACKID {u}  system uptime is {rng.randint(0, 900)} day(s) {rng.randint(0, 23)} hour(s) "
                   f"{rng.randint(0, 59)} minute(s) {rng.randint(0, 59)} second(s)")
    out += ["The system started at 18:28:15 Central Fri Dec 31 1999", "", "The system : started=cold start",
            "My stack unit ID = 1, bootup role = active", ""]
    return "\r\n".join(out)


def fastiron_version_brocade(rng: random.Random, units: int) -> str:
    out = ["show version", "", "  Copyright (c) 1996-2016 Brocade Communications Systems, Inc. All rights reserved."]
    for u in range(1, units + 1):
        out += [f"    UNIT {u}: compiled on May 19 2016 at 01:15:45 labeled as ICX64S08030h",
                "\t\t(8500344 bytes) from Primary ICX64S08030h.bin", "        SW: Version 08.0.30hT311"]
    out += ["  Boot-Monitor Image size = 786944, Version:10.1.05T310 (kxz10105)", "  HW: Stackable ICX6450-48-HPOE",
            "=" * 74]
    for u in range(1, units + 1):
        out += [f"UNIT {u}: SL 1: ICX6450-48P POE 48-port Management Module",
                f" \t Serial  #: BZT{rng.randint(1000, 9999)}M0{rng.randint(10, 99)}",
                " \t License: BASE_SOFT_PACKAGE   (LID: dbvIHGMoFHK)", " \t P-ENGINE  0: type DEF0, rev 01",
                "=" * 74, f"UNIT {u}: SL 2: ICX6450-SFP-Plus 4port 40G Module", "=" * 74]
    out += ["", "  800 MHz ARM processor ARMv5TE, 400 MHz bus", "65536 KB flash memory", "  512 MB DRAM"]
    for u in range(1, units + 1):
        minutes = f"{rng.randint(1, 59)} minute(s) " if rng.random() < 0.7 else ""
        out.append(f"STACKID {u}  system uptime is {rng.randint(1, 900)} day(s) {rng.randint(1, 23)} hour(s) "
                   f"{minutes}{rng.randint(1, 59)} second(s)")
    out += ["The system started at 15:56:16 Pacific Fri Jul 08 2016", "", " The system : started=cold start",
            "My stack unit ID = 1, bootup role = active"]
    return "\n".join(out) + "\n"


def fastiron_vlan(rng: random.Random, vlans: int) -> str:
    out = [f"Total PORT-VLAN entries: {vlans}", "Maximum PORT-VLAN entries: 1024", "",
           "Legend: [Stk=Stack-Id, S=Slot]", ""]
    for vid in sorted(rng.sample(range(1, 4095), vlans)):
        out.append(f"PORT-VLAN {vid}, Name {rng.choice(['[None]', 'USERS', 'VOICE', 'DEFAULT-VLAN'])}, "
                   "Priority level0, Off")
        for status in ("Untagged", "Tagged"):
            pad = " " if status == "Untagged" else "   "
            groups = [f"(U{rng.randint(1, 3)}/M{rng.randint(1, 3)})" for _ in range(rng.randint(0, 2))]
            if status == "Tagged" and rng.random() < 0.4:
                groups.append("(LAG)    ")
            if not groups:
                out.append(f"{pad}{status} Ports: None")
            for group in groups:
                ports = sorted(rng.sample(range(1, 49), rng.randint(1, 12)))
                out.append(f"{pad}{status} Ports: {group} " + "".join(f"{p:>4}" for p in ports))
        out += [" Mac-Vlan Ports: None", "     Monitoring: Disabled"]
    return "\n".join(out) + "\n"


def fastiron_span(rng: random.Random, vlans: int) -> str:
    out = []
    for vid in sorted(rng.sample(range(1, 999), vlans)):
        root = rng.choice(["Root", str(rng.randint(1, 48))])
        out += ["", f"STP instance owned by VLAN {vid}", "", "Global STP (IEEE 802.1D) Parameters:", "",
                "VLAN Root             Root Root Prio Max He- Ho- Fwd Last     Chg  Bridge      ",
                " ID   ID              Cost Port rity Age llo ld  dly Chang    cnt  Address     ",
                "                                Hex  sec sec sec sec sec                       ",
                f"{vid:>4} {rng.randrange(1 << 63):016x} {rng.randint(0, 40):<4} {root:<4} 8000 20  2   1   15  "
                f"{rng.randint(0, 99999999):<8} {rng.randint(0, 9999):<4} {rng.randrange(1 << 47):012x}",
                "", "Port STP Parameters:", "",
                "Port  Prio Path  State       Fwd    Design   Designated       Designated       ",
                "Num   rity Cost              Trans  Cost     Root             Bridge           "]
        for p in sorted(rng.sample(range(1, 49), rng.randint(1, 5))):
            out.append(f"1/1/{p:<3} 80   4     {rng.choice(['FORWARDING', 'DISABLED', 'BLOCKING']):<11} 6      4        "
                       f"{rng.randrange(1 << 63):016x} {rng.randrange(1 << 63):016x} ")
        out += ["", f"Spanning-tree is not configured on port-vlan {rng.randint(1000, 4000)}"]
    return "\n".join(out) + "\n"


def fastiron_sessions(rng: random.Random, rows: int) -> str:
    """`show authentication sessions all` as ICX 08.0.95 prints it (IP blank for some hosts)."""
    out = ["Port    MAC             IP(v4/v6)           User   VLAN Auth    Auth   ACL   Session  Age  PAE",
           "        Addr            Addr                Name        Method  State        Time          State",
           "-" * 96]
    for _ in range(rows):
        method = rng.choice(["MAUTH", "8021.X"])
        ip = rng.choice(["", "N/A", f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])
        user = rng.choice(["jdoe", "MVDI_1", mac(rng).replace(".", "")])
        pae = "AUTHENTICATED" if method == "8021.X" else "N/A"
        out.append(f"{rng.randint(1, 4)}/1/{rng.randint(1, 48):<3} {mac(rng)}  {ip:<19} {user:<6} "
                   f"{rng.randint(1, 4094):<4} {method:<7} {rng.choice(['permit', 'deny']):<6} None  "
                   f"{rng.randint(0, 9999):<7} Ena   {pae}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------- benchmark

HOT: dict[str, tuple[str, str, Callable[[random.Random, int], str]]] = {
    "arista show interfaces status": ("arista_eos", "show interfaces status",
                                      lambda r, n: arista_interfaces_status(r, n)),
    "arista show mac address-table": ("arista_eos", "show mac address-table",
                                      lambda r, n: arista_mac_address_table(r, n)),
    "arista show vlan": ("arista_eos", "show vlan", lambda r, n: arista_vlan(r, min(n // 10, 4000))),
    "fastiron show interfaces brief": ("ruckus_fastiron", "show interfaces brief",
                                       lambda r, n: fastiron_interfaces_brief(r, max(n // 52, 1), 48)),
    "fastiron show mac-address": ("ruckus_fastiron", "show mac-address", lambda r, n: fastiron_mac_address(r, n)),
    "brocade show mac-address": ("brocade_fastiron", "show mac-address",
                                 lambda r, n: fastiron_mac_address(r, n, brocade=True)),
    "fastiron show authentication sessions": ("ruckus_fastiron", "show authentication sessions all",
                                              lambda r, n: fastiron_sessions(r, n)),
}


def main(megabytes: float = 4.0, reps: int = 5) -> None:
    from engine.parsing import parse_show

    try:
        from ntc_templates.parse import parse_output
    except ImportError:  # pragma: no cover - the benchmark still times our side
        parse_output = None
    # Machine speed right now: the per-line `re.match` + `groupdict` loop that docs/platform notes
    # measured at 44-74 MB/s on an idle 2-core VM; scale the figures below by its drift.
    table = arista_mac_address_table(random.Random(3), int(20000 * megabytes))
    row = re.compile(r"^\s*(?P<vlan>\d+)\s+(?P<mac>\S+)\s+(?P<type>\S+)\s+(?P<port>\S+)")
    calibration = _best(partial(_per_line, row, table), reps)
    print(f"{'calibration: per-line re.match + groupdict':40s} {len(table) / 1e6:5.1f} MB  "
          f"{len(table) / calibration / 1e6:6.1f} MB/s")
    for label, (platform, command, gen) in HOT.items():
        sample = gen(random.Random(7), 200)
        rows = max(int(200 * megabytes * 1e6 / len(sample)), 200)
        text = gen(random.Random(11), rows)
        best = _best(partial(parse_show, platform, command, text), reps)
        line = f"{label:40s} {len(text) / 1e6:5.1f} MB  {len(text) / best / 1e6:6.1f} MB/s"
        if parse_output is not None and command != "show authentication sessions all":
            small = gen(random.Random(5), 300)
            ntc = _best(partial(parse_output, platform=platform, command=command, data=small), 2)
            ours = _best(partial(parse_show, platform, command, small), reps)
            line += f"   ntc {len(small) / ntc / 1e6:5.2f} MB/s   ratio {ntc / ours:5.1f}x"
        print(line)


def _per_line(row: re.Pattern[str], text: str) -> list[dict[str, str | Any]]:
    out = []
    for line in text.splitlines():
        m = row.match(line)
        if m:
            out.append(m.groupdict())
    return out


def _best(fn: Callable[[], object], reps: int) -> float:
    """Fastest of `reps` runs in CPU seconds (the machine may be busy with other work)."""
    times = []
    for _ in range(reps):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


if __name__ == "__main__":
    sys.path.insert(0, ".")
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0)
