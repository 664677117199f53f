"""Deciding hosts: the cheap plan (vendor, model, stack size) and the full `HostSpec` built from it.

Every random choice of a host comes from `random.Random` seeded with the host's own key
(`<seed>:<site>:<index>`), so a host is the same whatever else is generated, in whatever order.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

from engine.loadgen.model import (
    ACCESS,
    CONNECTED,
    DISABLED,
    ERRDISABLED,
    LAG,
    MEMBER,
    NOTCONNECT,
    SPARE,
    TRUNK,
    AuthSession,
    Counters,
    HostSpec,
    MemberSpec,
    Neighbor,
    PortSpec,
    dotted_mac,
)

VENDORS = ("cisco", "arista", "fastiron")  # the default mix (kept, so seeds give the corpora they always gave)
WAVE2_VENDORS = ("aruba", "procurve", "nxos", "junos")  # rendered when asked for (`--vendors cisco,aruba,procurve`)
ALL_VENDORS = VENDORS + WAVE2_VENDORS
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A switch model: how many access ports a unit has and how its uplinks are laid out."""

    vendor: str
    family: str
    model: str
    access_ports: int
    uplinks: int  # uplink ports per unit
    uplink_speed: int  # Mb/s
    poe: bool


MODELS: dict[str, ModelInfo] = {
    m.model: m
    for m in (
        ModelInfo("cisco", "C9300", "C9300-48P", 48, 4, 10000, True),
        ModelInfo("cisco", "C9300", "C9300-48U", 48, 4, 10000, True),
        ModelInfo("cisco", "C9300", "C9300-24P", 24, 4, 10000, True),
        ModelInfo("cisco", "C9200", "C9200L-48P-4X", 48, 4, 10000, True),
        ModelInfo("cisco", "C9200", "C9200L-24P-4G", 24, 4, 1000, True),
        ModelInfo("arista", "720XP", "CCS-720XP-48ZC2-F", 48, 4, 25000, True),
        ModelInfo("arista", "720XP", "CCS-720XP-24ZY4-F", 24, 4, 10000, True),
        ModelInfo("arista", "7050", "DCS-7050TX-48-R", 48, 4, 40000, False),
        ModelInfo("fastiron", "ICX7150", "ICX7150-48P", 48, 4, 10000, True),
        ModelInfo("fastiron", "ICX7150", "ICX7150-24P", 24, 4, 10000, True),
        ModelInfo("fastiron", "ICX7450", "ICX7450-48P", 48, 4, 10000, True),
        ModelInfo("fastiron", "FCX", "FCX648S-HPOE", 48, 2, 10000, True),
        ModelInfo("fastiron", "FCX", "FCX624S-HPOE", 24, 2, 10000, True),
        ModelInfo("aruba", "6200F", "JL728A", 48, 4, 10000, True),
        ModelInfo("aruba", "6200F", "JL727A", 24, 4, 10000, True),
        ModelInfo("aruba", "6300M", "JL661A", 48, 4, 25000, True),
        ModelInfo("procurve", "2930F", "JL256A", 48, 4, 10000, True),
        ModelInfo("procurve", "2930F", "JL261A", 24, 4, 10000, True),
        ModelInfo("procurve", "2540", "JL357A", 48, 4, 10000, True),
        ModelInfo("nxos", "N9K", "N9K-C93180YC-FX", 48, 4, 100000, False),
        ModelInfo("nxos", "N3K", "N3K-C3548P-10GX", 48, 4, 10000, False),
        ModelInfo("junos", "EX2300", "EX2300-48P", 48, 4, 10000, True),
        ModelInfo("junos", "EX4300", "EX4300-48P", 48, 4, 10000, True),
    )
}

# Models a site profile picks from, per vendor: (model, weight).
_PROFILE_MODELS: dict[str, dict[str, list[tuple[str, int]]]] = {
    "heavy": {
        "cisco": [("C9300-48P", 6), ("C9300-48U", 2), ("C9200L-48P-4X", 2)],
        "arista": [("CCS-720XP-48ZC2-F", 3), ("DCS-7050TX-48-R", 1)],
        "fastiron": [("ICX7450-48P", 5), ("ICX7150-48P", 3), ("FCX648S-HPOE", 2)],
        "aruba": [("JL728A", 3), ("JL661A", 2)],
        "procurve": [("JL256A", 3), ("JL357A", 1)],
        "nxos": [("N9K-C93180YC-FX", 3), ("N3K-C3548P-10GX", 1)],
        "junos": [("EX4300-48P", 3), ("EX2300-48P", 1)],
    },
    "medium": {
        "cisco": [("C9300-48P", 3), ("C9300-24P", 2), ("C9200L-48P-4X", 3), ("C9200L-24P-4G", 2)],
        "arista": [("CCS-720XP-48ZC2-F", 2), ("CCS-720XP-24ZY4-F", 2), ("DCS-7050TX-48-R", 1)],
        "fastiron": [("ICX7150-48P", 3), ("ICX7150-24P", 2), ("ICX7450-48P", 2), ("FCX648S-HPOE", 2)],
        "aruba": [("JL728A", 2), ("JL727A", 2), ("JL661A", 1)],
        "procurve": [("JL256A", 2), ("JL261A", 2), ("JL357A", 1)],
        "nxos": [("N9K-C93180YC-FX", 1), ("N3K-C3548P-10GX", 1)],
        "junos": [("EX2300-48P", 2), ("EX4300-48P", 1)],
    },
    # The access-edge profile: single 48-port access switches (a few 24-port), as most campus closets hold.
    "edge": {
        "cisco": [("C9300-48P", 4), ("C9200L-48P-4X", 4), ("C9300-24P", 1)],
        "arista": [("CCS-720XP-48ZC2-F", 4), ("CCS-720XP-24ZY4-F", 1)],
        "fastiron": [("ICX7150-48P", 4), ("ICX7450-48P", 2), ("ICX7150-24P", 1)],
        "aruba": [("JL728A", 4), ("JL727A", 1)],
        "procurve": [("JL256A", 4), ("JL261A", 1)],
        "nxos": [("N3K-C3548P-10GX", 1)],
        "junos": [("EX2300-48P", 1)],
    },
    "light": {
        "cisco": [("C9200L-24P-4G", 4), ("C9200L-48P-4X", 2), ("C9300-24P", 1)],
        "arista": [("CCS-720XP-24ZY4-F", 3), ("CCS-720XP-48ZC2-F", 1)],
        "fastiron": [("ICX7150-24P", 3), ("FCX624S-HPOE", 2), ("FCX648S-HPOE", 2)],
        "aruba": [("JL727A", 3), ("JL728A", 1)],
        "procurve": [("JL261A", 3), ("JL256A", 1)],
        "nxos": [("N3K-C3548P-10GX", 1)],
        "junos": [("EX2300-48P", 1)],
    },
}
# MACs an access-edge switch learns on its uplink: with its access ports' own, MAC tables are about half
# of its transcript's bytes, as in the real-output corpus of issue 12 (48 KB and 56 ports a host).
EDGE_UPLINK_MACS = (150, 500)
EDGE_SKIPPED = frozenset({"show interfaces"})
# Stack sizes per profile: (members, weight).
_PROFILE_MEMBERS: dict[str, list[tuple[int, int]]] = {
    "heavy": [(3, 1), (4, 3), (5, 2), (6, 2), (7, 1), (8, 2)],
    "medium": [(1, 3), (2, 4), (3, 2), (4, 1)],
    "light": [(1, 6), (2, 2)],
    "edge": [(1, 1)],
}


@dataclass(frozen=True, slots=True)
class SitePlan:
    """One site of the corpus: its code, size profile and vendor mix."""

    code: str
    index: int
    profile: str  # "heavy" | "medium" | "light" | "edge"
    weight: float  # share of the corpus bytes
    vendor_weights: tuple[tuple[str, int], ...]
    per_area: int  # switches per `A<nn>` area
    octet: int  # second octet of the site's 10.x.0.0/16
    capture_date: str  # YYYYMMDD of the capture files


@dataclass(frozen=True, slots=True)
class HostPlan:
    """The few decisions needed before a host is built: enough to name it and estimate its size."""

    key: str
    seed: int
    site: str
    site_octet: int
    profile: str
    index: int
    hostname: str
    vendor: str
    model: str
    members: int


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """A random int in [lo, hi): `randrange` without its slow argument checks (hot path)."""
    return lo + int(rng.random() * (hi - lo))


def _pick(rng: random.Random, seq: Sequence[_T]) -> _T:
    """`rng.choice` without its overhead (hot path)."""
    return seq[int(rng.random() * len(seq))]


def _weighted(rng: random.Random, items: list[tuple[_T, int]]) -> _T:
    total = sum(w for _, w in items)
    r = rng.random() * total
    for item, w in items:
        r -= w
        if r < 0:
            return item
    return items[-1][0]


_SINGLE_CHASSIS = frozenset({"720XP", "7050", "2930F", "2540", "N9K", "N3K"})


def plan_host(seed: int, site: SitePlan, index: int, max_members: int) -> HostPlan:
    """The plan of host number `index` (0-based) of a site."""
    key = f"{seed}:{site.code}:{index}"
    rng = random.Random(key + ":plan")
    vendor = _weighted(rng, list(site.vendor_weights))
    model = _weighted(rng, _PROFILE_MODELS[site.profile][vendor])
    members = (
        1
        if MODELS[model].family in _SINGLE_CHASSIS
        else min(max_members, _weighted(rng, _PROFILE_MEMBERS[site.profile]))
    )
    area, num = divmod(index, site.per_area)
    hostname = f"{site.code}-A{area + 1:02d}-AS-{num + 1:02d}"
    return HostPlan(
        key, seed, site.code, site.octet, site.profile, index, hostname, vendor, model, max(1, members)
    )


# Approximate bytes per port and per host, per vendor: used to interleave sites and cap stack sizes.
_BYTES_PER_PORT = {"cisco": 2000, "arista": 1500, "fastiron": 420, "aruba": 330, "procurve": 260, "nxos": 420,
                   "junos": 450}
_BYTES_PER_HOST = {"cisco": 14000, "arista": 6000, "fastiron": 5000, "aruba": 5000, "procurve": 5000, "nxos": 5000,
                   "junos": 5000}


def estimate_bytes(plan: HostPlan) -> int:
    """A rough size of the host's transcript (within ~30%), good enough for planning."""
    info = MODELS[plan.model]
    ports = plan.members * (info.access_ports + info.uplinks)
    extra = 150 * ports if plan.profile == "heavy" else 0  # busier uplinks carry more MACs
    return _BYTES_PER_HOST[plan.vendor] + ports * _BYTES_PER_PORT[plan.vendor] + extra


def largest_host_bytes(vendor: str, members: int) -> int:
    """The estimate for the biggest model of `vendor` with `members` units."""
    return _BYTES_PER_HOST[vendor] + members * 52 * (_BYTES_PER_PORT[vendor] + 150)


# ---------------------------------------------------------------------------------------------------
# Building a HostSpec.

_VLAN_NAMES = {
    "data": ["DATA", "USERS", "STAFF", "CORP_DATA", "WIRED_USERS"],
    "voice": ["VOICE", "VOIP", "PHONES"],
    "wireless": ["WIRELESS", "AP_MGMT", "WLAN_APS"],
    "printers": ["PRINTERS", "PRINT", "MFP"],
    "security": ["SECURITY", "CAMERAS", "PHYS_SEC"],
    "mgmt": ["MGMT", "NET_MGMT", "INFRA_MGMT"],
    "parking": ["PARKING", "UNUSED", "BLACKHOLE"],
}
_AREAS = ["Lobby", "East Wing", "West Wing", "Cafeteria", "Library", "Gym", "Hallway", "Atrium", "Lab"]
_DEPTS = ["HR", "Finance", "Reception", "IT", "Legal", "Sales", "Nurse Stn", "Admin", "Payroll", "Registrar"]
_CAM_PLACES = ["Dock", "Entrance", "Parking", "Lobby", "Stairwell", "Gate"]
_PC_OUIS = [0xB8CA3A, 0xA0D3C1, 0x54EE75, 0x3C18A0, 0x000C29, 0xD89EF3, 0x6C2B59, 0x8C8CAA]
_PHONE_OUIS = [0x848A8D, 0x347A60, 0x00EBD5, 0x5C5015]
_AP_OUIS = [0x70695A, 0x00A2EE, 0xB4DE31]
_DEV_OUIS = [0x0010E0, 0x001A4B, 0x00408C, 0xAC1F6B, 0x9C8E99]
_CISCO_OUIS = [0x7018A7, 0x00A38E, 0xD4AD71, 0xF87B20, 0x6C416A, 0x2C3124]
_ARISTA_OUIS = [0x985D82, 0xFCBD67, 0x444CA8, 0x001C73]
_FI_OUIS = [0x609C9F, 0xD4C19E, 0xCC4E24, 0x748EF8, 0x001BED]
_ARUBA_OUIS = [0x883A30, 0x5CA47D, 0xB8D4E7, 0x10F920]
_HP_OUIS = [0x9C8E99, 0x7446A0, 0x3464A9, 0x94F128]
_JUNIPER_OUIS = [0x4C16FC, 0x3C8C93, 0x88E0F3, 0xF4B52F]
_SERIAL_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def _serial(rng: random.Random, vendor: str, family: str) -> str:
    def alnum(n: int) -> str:
        return "".join(_pick(rng, _SERIAL_ALNUM) for _ in range(n))

    digits = f"{_ri(rng, 17, 27)}{_ri(rng, 1, 53):02d}"
    if vendor == "cisco":
        return f"{_pick(rng, ['FOC', 'FCW', 'JAE'])}{digits}{alnum(4)}"
    if vendor == "arista":
        return f"{_pick(rng, ['JPE', 'SSJ', 'HBG'])}{digits}{_ri(rng, 1000, 9999)}"
    if vendor in WAVE2_VENDORS:
        return f"{_pick(rng, ['SG', 'CN', 'TW'])}{digits}{alnum(4)}"
    if family == "FCX":
        return f"{_pick(rng, ['BCW', 'BCV'])}{digits}{_pick(rng, 'HJKLM')}{alnum(3)}"
    return f"{_pick(rng, ['FEK', 'FEE', 'CYV', 'CYT'])}{digits}{_pick(rng, 'LMQR')}{_ri(rng, 100, 999)}"


def _mac(rng: random.Random, ouis: list[int]) -> int:
    return (_pick(rng, ouis) << 24) | rng.getrandbits(24)


def _session_id(rng: random.Random, ip_hex: str) -> str:
    return f"{ip_hex}{rng.getrandbits(32):08X}{rng.getrandbits(16):04X}01FF"


def _counters(rng: random.Random, status: str, speed: int) -> Counters:
    """Plausible counters for a port in `status`; draws are inlined because every port needs a dozen."""
    rnd = rng.random
    if status != CONNECTED:
        if rnd() < 0.6:
            return Counters(resets=int(rnd() * 3))
        pkts = 1000 + int(rnd() * 4_999_000)
        size = 80 + int(rnd() * 820)
        return Counters(
            in_packets=pkts,
            in_bytes=pkts * size,
            out_packets=pkts * 3,
            out_bytes=pkts * 3 * (size + 40),
            broadcasts=pkts // 20,
            multicasts=pkts // 50,
            resets=1 + int(rnd() * 8),
            last_input=f"{1 + int(rnd() * 8)}w{int(rnd() * 7)}d",
            last_output=f"{1 + int(rnd() * 8)}w{int(rnd() * 7)}d",
        )
    scale = max(1, speed // 100)
    in_pkts = (50_000 + int(rnd() * 39_950_000)) * scale
    out_pkts = int(in_pkts * (0.6 + rnd() * 3.4))
    in_rate = int(rnd() * 2_000) * 100 * scale
    out_rate = int(rnd() * 3_000) * 100 * scale
    crc = 1 + int(rnd() * 39) if rnd() < 0.04 else 0
    return Counters(
        in_packets=in_pkts,
        in_bytes=in_pkts * (90 + int(rnd() * 1010)),
        out_packets=out_pkts,
        out_bytes=out_pkts * (90 + int(rnd() * 1010)),
        in_rate=in_rate,
        in_pps=in_rate // 4000,
        out_rate=out_rate,
        out_pps=out_rate // 5000,
        broadcasts=in_pkts // (30 + int(rnd() * 270)),
        multicasts=in_pkts // (10 + int(rnd() * 90)),
        in_errors=crc,
        crc=crc,
        out_errors=0,
        resets=int(rnd() * 4),
        out_drops=int(rnd() * 5000) if rnd() < 0.2 else 0,
        last_input=f"00:00:{int(rnd() * 60):02d}",
        last_output=f"00:00:{int(rnd() * 10):02d}",
    )


def _flap(rng: random.Random) -> str:
    return (
        f"{_ri(rng, 1, 300)} days, {_ri(rng, 0, 24)} hours, {_ri(rng, 0, 60)} minutes, "
        f"{_ri(rng, 0, 60)} seconds"
    )


def _bulk_macs(rng: random.Random, vlans: list[int], ouis: list[int], n: int) -> list[tuple[int, str]]:
    """`n` (vlan, mac) pairs; inlined because heavy uplinks carry thousands of them."""
    rnd, bits = rng.random, rng.getrandbits
    nv, no = len(vlans), len(ouis)
    out = []
    for _ in range(n):
        h = f"{ouis[int(rnd() * no)]:06x}{bits(24):06x}"
        out.append((vlans[int(rnd() * nv)], f"{h[:4]}.{h[4:8]}.{h[8:]}"))
    return out


def build_host(plan: HostPlan) -> HostSpec:
    """Every decision about the host of `plan`; pure function of the plan."""
    rng = random.Random(plan.key + ":build")
    info = MODELS[plan.model]
    vendor, family = info.vendor, info.family
    site_rng = random.Random(f"{plan.seed}:{plan.site}:site")
    ouis = {"cisco": _CISCO_OUIS, "arista": _ARISTA_OUIS, "fastiron": _FI_OUIS, "aruba": _ARUBA_OUIS,
            "procurve": _HP_OUIS, "nxos": _CISCO_OUIS, "junos": _JUNIPER_OUIS}[vendor]

    # Site-wide VLAN plan (same for every host of the site).
    base = _pick(site_rng, [10, 20, 100, 200])
    vid = {
        "data": base,
        "voice": base + _pick(site_rng, [1, 10, 20]),
        "wireless": base + 30,
        "printers": base + 40,
        "security": base + 50,
        "mgmt": _pick(site_rng, [99, 100, 250, 900]),
        "parking": 999,
    }
    if vid["mgmt"] in (vid["data"], vid["security"]):
        vid["mgmt"] = 900  # never a user VLAN (those stay below 300)
    vname = {k: _pick(site_rng, v) for k, v in _VLAN_NAMES.items()}
    use_parking = site_rng.random() < 0.6
    dashed_names = vendor == "fastiron" and site_rng.random() < 0.5
    core = f"{plan.site}-CORE-01"

    host_area = int(plan.hostname.split("-")[1][1:])
    host_num = int(plan.hostname.split("-")[3])
    mgmt_ip = f"10.{plan.site_octet}.{100 + host_area % 150}.{10 + host_num % 240}"
    ip_hex = "".join(f"{int(o):02X}" for o in mgmt_ip.split("."))

    members = []
    mac_base = _mac(rng, ouis) & ~0xFF
    for m in range(1, plan.members + 1):
        members.append(
            MemberSpec(
                m, plan.model, _serial(rng, vendor, family), mac_base + (m - 1) * 0x100, info.access_ports
            )
        )

    ports: list[PortSpec] = []
    dot1x_policy = rng.random() < 0.75  # most access ports carry 802.1X/MAB config
    for mem in members:
        for n in range(1, info.access_ports + 1):
            if vendor == "cisco":
                name, short = f"GigabitEthernet{mem.number}/0/{n}", f"Gi{mem.number}/0/{n}"
            elif vendor == "arista":
                name, short = f"Ethernet{n}", f"Et{n}"
            elif vendor == "procurve":
                name = short = str(n)
            elif vendor == "nxos":
                name, short = f"Ethernet{mem.number}/{n}", f"Eth{mem.number}/{n}"
            elif vendor == "junos":
                name = short = f"ge-{mem.number - 1}/0/{n - 1}"
            else:
                name = short = f"{mem.number}/1/{n}"
            port = PortSpec(name, short, mem.number, 1 if vendor in ("fastiron", "aruba") else 0, n, ACCESS)
            port.mac = mem.base_mac + n
            port.poe = info.poe
            if vendor == "arista":
                port.max_speed = 10000 if family == "7050" else 2500
                port.media = "10GBASE-T" if family == "7050" else "2.5GBASE-T"
            elif vendor == "aruba":
                port.media = "1GbT"
            elif vendor == "procurve":
                port.media = "100/1000T"
            else:
                port.media = "10/100/1000BaseTX"
            _decide_access(rng, port, vid, vname, use_parking, dot1x_policy, ip_hex, vendor, dashed_names)
            ports.append(port)
        # Uplinks of this unit.
        for u in range(1, info.uplinks + 1):
            if vendor == "cisco":
                if family == "C9200" and info.uplink_speed == 1000:
                    name, short = f"GigabitEthernet{mem.number}/1/{u}", f"Gi{mem.number}/1/{u}"
                else:
                    name, short = f"TenGigabitEthernet{mem.number}/1/{u}", f"Te{mem.number}/1/{u}"
                slot = 1
            elif vendor == "arista":
                n = info.access_ports + u
                name, short = (
                    (f"Ethernet{n}/1", f"Et{n}/1") if family == "7050" else (f"Ethernet{n}", f"Et{n}")
                )
                slot = 0
            elif vendor == "aruba":
                slot, n = 1, info.access_ports + u
                name = short = f"{mem.number}/1/{n}"
            elif vendor == "procurve":
                slot, n = 0, info.access_ports + u
                name = short = str(n)
            elif vendor == "nxos":
                slot, n = 1, info.access_ports + u
                name, short = f"Ethernet{mem.number}/{n}", f"Eth{mem.number}/{n}"
            elif vendor == "junos":
                slot, n = 1, u
                name = short = f"xe-{mem.number - 1}/1/{u - 1}"
            else:
                slot = 3 if family == "ICX7150" else 2
                name = short = f"{mem.number}/{slot}/{u}"
            port = PortSpec(name, short, mem.number, slot, n if vendor in WAVE2_VENDORS else u, SPARE)
            port.mac = mem.base_mac + info.access_ports + u + 1
            port.max_speed = info.uplink_speed
            ports.append(port)

    # The port-channel: first uplink of the first unit and of the last unit (or the second uplink).
    spares = [p for p in ports if p.role == SPARE]
    first = spares[0]
    second = next((p for p in spares if p.member == plan.members and p.index == 1), None)
    if second is None or second is first:
        second = spares[1]
    lag_members = [first, second]
    lag_speed = info.uplink_speed
    for i, p in enumerate(lag_members):
        p.role = MEMBER
        p.lag_id = 1
        p.status = CONNECTED
        p.speed = lag_speed
        p.description = f"Uplink to CORE-0{i + 1}" if not dashed_names else f"Uplink-to-CORE-0{i + 1}"
        p.media = _uplink_media(vendor, lag_speed)
        p.counters = _counters(rng, CONNECTED, lag_speed)
        p.flap = _flap(rng)
        p.neighbor = Neighbor(
            f"{core.replace('-01', f'-0{i + 1}')}.corp.example.net",
            f"10.{plan.site_octet}.0.{i + 2}",
            "cisco C9500-48Y4C",
            "Router Switch IGMP",
            f"TenGigabitEthernet1/0/{10 + host_num % 38}",
            "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, "
            "RELEASE SOFTWARE (fc3)",
        )
    for p in spares:
        if p.role == SPARE:
            p.media = "Not Present"
            p.status = NOTCONNECT
            p.counters = _counters(rng, NOTCONNECT, 0)
    lag_name = {"cisco": ("Port-channel1", "Po1"), "arista": ("Port-Channel1", "Po1"), "aruba": ("lag1", "lag1"),
                "procurve": ("Trk1", "Trk1"), "nxos": ("port-channel1", "Po1"), "junos": ("ae0", "ae0")}.get(
        vendor, ("lg1", "lg1")
    )
    lag = PortSpec(lag_name[0], lag_name[1], 0, 0, 1, LAG, status=CONNECTED, vlan=1)
    lag.description = "Uplink to CORE-01" if not dashed_names else "Uplink-to-CORE"
    lag.speed = lag_speed * 2
    lag.max_speed = lag_speed * 2
    lag.mac = lag_members[0].mac
    lag.counters = _counters(rng, CONNECTED, lag_speed * 2)
    lag.flap = lag_members[0].flap
    lag.lag_id = 1
    # Everything the site beyond this switch talks to is learned on the uplink.
    n_uplink = _ri(rng, *{"heavy": (300, 2400), "medium": (60, 600), "light": (10, 150),
                              "edge": EDGE_UPLINK_MACS}[plan.profile])
    user_vlans = [vid["data"], vid["voice"], vid["wireless"], vid["printers"], vid["security"], vid["mgmt"]]
    uplink_learned = _bulk_macs(rng, user_vlans, _PC_OUIS + _DEV_OUIS, n_uplink)
    uplink_learned.append((vid["mgmt"], dotted_mac(_mac(rng, _CISCO_OUIS))))  # the gateway
    if vendor == "fastiron":
        lag_members[0].learned = uplink_learned
    else:
        lag.learned = uplink_learned
    ports.append(lag)  # FastIron lists no lag row in its tables; its renderers skip it

    vlans = [(1, "default")]
    for key in ("data", "voice", "wireless", "printers", "security", "mgmt"):
        vlans.append((vid[key], vname[key]))
    if use_parking:
        vlans.append((vid["parking"], vname["parking"]))
    vlans.sort()

    location = (
        f"Bldg_{host_area}_Floor_{_ri(rng, 1, 6)}_Room_{_ri(rng, 1, 6)}{_ri(rng, 0, 40):02d}"
        if rng.random() < 0.9
        else f"Bldg_{host_area}_Floor_{_ri(rng, 1, 6)}_Room_IDF{_ri(rng, 1, 9)}_Rack_{_ri(rng, 1, 4)}"
    )
    if vendor == "cisco":
        version = (
            _pick(rng, ["17.09.04a", "17.06.05", "17.12.03", "16.12.10a"])
            if family == "C9300"
            else _pick(rng, ["17.09.04a", "17.06.05", "17.12.03"])
        )
    elif vendor == "arista":
        version = _pick(rng, ["4.28.9M", "4.30.4M", "4.31.2F", "4.27.6M"])
    elif vendor == "aruba":
        train = {"6200F": "ML", "6300M": "FL"}[family]
        version = f"{train}.{_pick(rng, ['10.11.1030', '10.12.1010', '10.13.1040'])}"
    elif vendor == "procurve":
        train = {"2930F": "WC", "2540": "YC"}[family]
        version = f"{train}.{_pick(rng, ['16.10.0025', '16.11.0012', '16.11.0016'])}"
    elif vendor == "nxos":
        version = _pick(rng, ["9.3(11)", "9.3(13)", "10.2(6)", "10.3(4a)"])
    elif vendor == "junos":
        version = _pick(rng, ["21.4R3-S5.4", "22.4R3-S2.11", "23.4R2-S1.6"])
    else:
        version = {
            "ICX7150": _pick(rng, ["08.0.90T211", "08.0.95kT211", "09.0.10cT211"]),
            "ICX7450": _pick(rng, ["08.0.90T213", "08.0.95kT213", "09.0.10cT213"]),
            "FCX": _pick(rng, ["08.0.30hT7f1", "08.0.30tT7f3"]),
        }[family]
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    stamp = (
        f"{_ri(rng, 0, 24):02d}:{_ri(rng, 0, 60):02d}:{_ri(rng, 0, 60):02d} UTC "
        f"{_pick(rng, days)} {_pick(rng, months)} {_ri(rng, 1, 29)} 2025"
    )
    restarted = (
        f"{_ri(rng, 0, 24):02d}:{_ri(rng, 0, 60):02d}:{_ri(rng, 0, 60):02d} UTC "
        f"{_pick(rng, days)} {_pick(rng, months)} {_ri(rng, 1, 29)} {_pick(rng, [2022, 2023, 2024])}"
    )
    uptime = (
        _pick(rng, [0, 0, 1, 2, 3]),
        _ri(rng, 0, 52),
        _ri(rng, 0, 7),
        _ri(rng, 0, 24),
        _ri(rng, 0, 60),
    )
    platform = {"cisco": "cisco_ios", "arista": "arista_eos", "aruba": "aruba_aoscx", "procurve": "hp_procurve",
                "nxos": "cisco_nxos", "junos": "juniper_junos"}.get(
        vendor, "brocade_fastiron" if family == "FCX" else "ruckus_fastiron"
    )
    return HostSpec(
        hostname=plan.hostname,
        site=plan.site,
        vendor=vendor,
        platform=platform,
        model=plan.model,
        family=family,
        members=members,
        version=version,
        uptime=uptime,
        location=location,
        mgmt_vlan=vid["mgmt"],
        mgmt_ip=mgmt_ip,
        gateway=mgmt_ip.rsplit(".", 1)[0] + ".1",
        vlans=vlans,
        ports=ports,
        root_mac=_mac(random.Random(f"{plan.seed}:{plan.site}:root"), _CISCO_OUIS),
        root_priority=24576,
        bridge_priority=32768,
        user_mode_first=rng.random() < 0.3,
        config_changed=stamp,
        restarted=restarted,
        skipped=EDGE_SKIPPED if plan.profile == "edge" else frozenset(),
    )


def _uplink_media(vendor: str, speed: int) -> str:
    if vendor == "cisco":
        return {1000: "1000BaseSX SFP", 10000: "SFP-10GBase-SR"}.get(speed, "SFP-10GBase-SR")
    if vendor == "arista":
        return {10000: "10GBASE-SR", 25000: "25GBASE-SR", 40000: "40GBASE-SR4"}.get(speed, "10GBASE-SR")
    if vendor in WAVE2_VENDORS:
        return {25000: "SFP28-SR"}.get(speed, "SFP+SR")
    return "10GBASE-SR"


_CATEGORIES: list[tuple[str, int]] = [
    ("desk", 30),
    ("ap", 8),
    ("phone", 6),
    ("printer", 5),
    ("camera", 5),
    ("badge", 2),
    ("conf", 3),
    ("unused", 41),
]


_CATEGORY_NAMES = [name for name, _ in _CATEGORIES]
_CATEGORY_CUM = list(accumulate(w for _, w in _CATEGORIES))


def _description(rng: random.Random, category: str, dashed: bool) -> str:
    floor = _ri(rng, 1, 6)
    if category == "desk":
        text = _pick(
            rng,
            [
                f"Desk {floor}F-{_ri(rng, 100, 160)}",
                f"Office {floor}{_ri(rng, 0, 40):02d}",
                f"Cube {floor}{_pick(rng, 'ABCD')}-{_ri(rng, 1, 30)}",
                f"Workstation {_ri(rng, 1, 90)}",
            ],
        )
    elif category == "ap":
        text = f"AP {_pick(rng, _AREAS)} {floor}F"
    elif category == "phone":
        text = f"Phone Rm {floor}{_ri(rng, 0, 40):02d}"
    elif category == "printer":
        text = f"Printer {_pick(rng, _DEPTS)}"
    elif category == "camera":
        text = f"Camera {_pick(rng, _CAM_PLACES)} {_ri(rng, 1, 9)}"
    elif category == "badge":
        text = f"Badge Rdr Door {_ri(rng, 1, 30)}"
    elif category == "conf":
        text = f"Conf Rm {floor}{_pick(rng, 'ABC')} Display"
    else:
        text = _pick(rng, ["", "", "", "Spare", "unused"])
    return text.replace(" ", "-") if dashed else text


def _decide_access(
    rng: random.Random,
    port: PortSpec,
    vid: dict[str, int],
    vname: dict[str, str],
    use_parking: bool,
    dot1x_policy: bool,
    ip_hex: str,
    vendor: str,
    dashed: bool,
) -> None:
    """Fill an access port: what is plugged in, its link state, MACs, auth sessions, PoE, CDP."""
    del vname
    category = _CATEGORY_NAMES[bisect_right(_CATEGORY_CUM, rng.random() * _CATEGORY_CUM[-1])]
    port.description = _description(rng, category, dashed)
    port.counters = Counters()
    if category == "unused":
        port.vlan = vid["parking"] if use_parking and rng.random() < 0.7 else 1
        port.status = DISABLED if rng.random() < 0.3 else NOTCONNECT
        port.auth_mode = "flexible" if dot1x_policy and port.vlan != vid["parking"] else "open"
        port.counters = _counters(rng, port.status, 0)
        return
    r = rng.random()
    port.status = CONNECTED if r < 0.86 else (NOTCONNECT if r < 0.96 else ERRDISABLED)
    up = port.status == CONNECTED
    speed = 1000 if rng.random() < 0.8 else 100
    if vendor == "arista" and rng.random() < 0.2 and port.max_speed >= 2500:
        speed = 2500
    dev_mac = ""
    if category in ("desk", "conf"):
        port.vlan = vid["data"]
        port.auth_mode = "flexible" if dot1x_policy else "open"
        if category == "desk" and rng.random() < 0.55:
            port.voice_vlan = vid["voice"]
        if up:
            for _ in range(1 if category == "desk" else _ri(rng, 1, 4)):
                pc = dotted_mac(_mac(rng, _PC_OUIS))
                port.learned.append((vid["data"], pc))
                if port.auth_mode != "open":
                    ok = rng.random() < 0.93
                    port.sessions.append(
                        AuthSession(
                            pc,
                            "dot1x" if ok or rng.random() < 0.5 else "mab",
                            "DATA" if ok else "UNKNOWN",
                            ok,
                            _session_id(rng, ip_hex),
                            vid["data"],
                            f"user{_ri(rng, 1000, 9999)}" if ok else "",
                        )
                    )
            if port.voice_vlan:
                dev_mac = dotted_mac(_mac(rng, _PHONE_OUIS))
                port.learned.append((vid["voice"], dev_mac))
                if port.auth_mode != "open":
                    port.sessions.append(
                        AuthSession(dev_mac, "mab", "VOICE", True, _session_id(rng, ip_hex), vid["voice"])
                    )
                _phone(rng, port, dev_mac, vid)
    elif category == "phone":
        port.vlan = vid["data"]
        port.voice_vlan = vid["voice"]
        port.auth_mode = "mab" if dot1x_policy else "open"
        if up:
            dev_mac = dotted_mac(_mac(rng, _PHONE_OUIS))
            port.learned.append((vid["voice"], dev_mac))
            if port.auth_mode != "open":
                port.sessions.append(
                    AuthSession(dev_mac, "mab", "VOICE", True, _session_id(rng, ip_hex), vid["voice"])
                )
            _phone(rng, port, dev_mac, vid)
    elif category == "ap":
        port.vlan = vid["wireless"]
        speed = 1000
        if rng.random() < 0.3:
            port.role = TRUNK
        if up:
            ap_mac = _mac(rng, _AP_OUIS)
            port.learned.append((vid["wireless"], dotted_mac(ap_mac)))
            if port.role == TRUNK:
                for _ in range(_ri(rng, 0, 6)):
                    port.learned.append(
                        (_pick(rng, [vid["data"], vid["voice"]]), dotted_mac(_mac(rng, _PC_OUIS)))
                    )
            cisco_ap = rng.random() < 0.7
            port.pd_device = "AIR-AP2802I-B-K9" if cisco_ap else "Ieee PD"
            port.pd_class = "4"
            port.pd_watts = round(rng.uniform(12.0, 25.5), 1)
            if cisco_ap:
                port.neighbor = Neighbor(
                    f"AP{dotted_mac(ap_mac).upper()}",
                    f"10.{vid['wireless'] % 256}.{_ri(rng, 0, 255)}.{_ri(rng, 2, 254)}",
                    "cisco AIR-AP2802I-B-K9",
                    "Trans-Bridge Source-Route-Bridge IGMP",
                    "GigabitEthernet0",
                    "Cisco AP Software, ap3g3-k9w8 Version: 17.9.4.27",
                )
    else:  # printer, camera, badge: MAB devices
        port.vlan = vid["printers"] if category == "printer" else vid["security"]
        port.auth_mode = "mab" if dot1x_policy else "open"
        if category == "printer" and rng.random() < 0.5:
            speed = 100
        if up:
            dev_mac = dotted_mac(_mac(rng, _DEV_OUIS))
            port.learned.append((port.vlan, dev_mac))
            if port.auth_mode != "open":
                ok = rng.random() < 0.95
                port.sessions.append(
                    AuthSession(
                        dev_mac, "mab", "DATA" if ok else "UNKNOWN", ok, _session_id(rng, ip_hex), port.vlan
                    )
                )
            if category != "printer":
                port.pd_device = "Ieee PD"
                port.pd_class = _pick(rng, ["0", "2", "3"])
                port.pd_watts = round(rng.uniform(3.0, 12.9), 1)
    if port.status == ERRDISABLED:
        port.learned.clear()
        port.sessions.clear()
        port.pd_device = ""
        port.neighbor = None
    port.speed = speed if up else 0
    port.counters = _counters(rng, port.status, port.speed)
    port.flap = _flap(rng)


def _phone(rng: random.Random, port: PortSpec, mac: str, vid: dict[str, int]) -> None:
    model = _pick(rng, ["8845", "8865", "7841", "8851"])
    port.pd_device = f"IP Phone {model}"
    port.pd_class = _pick(rng, ["2", "3"])
    port.pd_watts = round(rng.uniform(4.0, 9.9), 1)
    port.neighbor = Neighbor(
        "SEP" + mac.replace(".", "").upper(),
        f"10.{vid['voice'] % 256}.{_ri(rng, 0, 255)}.{_ri(rng, 2, 254)}",
        f"Cisco IP Phone {model}",
        "Host Phone Two-port Mac Relay",
        "Port 1",
        f"sip{model[:2]}xx.14-1-1SR2-1",
    )


# ---------------------------------------------------------------------------------------------------
# Mutation: the same host a little later.


def mutate_host(spec: HostSpec, rng: random.Random) -> None:
    """Change `spec` in place like a day of real life: links up/down, moved MACs, removed ports, renames."""
    access = [p for p in spec.ports if p.role in (ACCESS, TRUNK)]
    if not access:
        return
    changes = max(1, len(access) // 12)
    for _ in range(changes):
        op = rng.random()
        port = _pick(rng, access)
        if op < 0.35:
            _toggle(rng, port)
        elif op < 0.6:
            donors = [p for p in access if p.learned and p.status == CONNECTED]
            targets = [p for p in access if p.status == CONNECTED]
            if donors and targets:
                src, dst = _pick(rng, donors), _pick(rng, targets)
                vlan_mac = src.learned.pop(_ri(rng, 0, len(src.learned)))
                src.sessions = [s for s in src.sessions if s.mac != vlan_mac[1]]
                dst.learned.append((dst.vlan, vlan_mac[1]))
            else:
                _toggle(rng, port)
        elif op < 0.8:
            port.description = _description(
                rng, _pick(rng, ["desk", "printer", "camera", "ap", "conf"]), False
            )
            if not port.description:
                port.description = "Moved"
        elif len(access) > 4:
            spec.ports.remove(port)
            access.remove(port)
        else:
            _toggle(rng, port)
    spec.mutated = True


def _toggle(rng: random.Random, port: PortSpec) -> None:
    if port.status == CONNECTED:
        port.status = NOTCONNECT
        port.speed = 0
        port.learned.clear()
        port.sessions.clear()
        port.pd_device = ""
        port.neighbor = None
        port.counters = _counters(rng, NOTCONNECT, 0)
    else:
        port.status = CONNECTED
        port.speed = 1000
        mac = dotted_mac(_mac(rng, _PC_OUIS))
        port.learned = [(port.vlan, mac)]
        port.counters = _counters(rng, CONNECTED, 1000)
        if not port.flap:
            port.flap = _flap(rng)
