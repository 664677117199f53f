"""What the load generator decides for one host, independent of how a vendor prints it.

Renderers (`cisco`, `arista`, `fastiron`) turn a `HostSpec` into CLI text and into the records the
parsers must return, so both always come from the same decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Port roles.
ACCESS = "access"  # an access port towards an end device (or nothing)
TRUNK = "trunk"  # an 802.1Q trunk towards an end device (an AP in FlexConnect mode)
MEMBER = "member"  # a physical uplink bundled into the port-channel
LAG = "lag"  # the port-channel itself
SPARE = "spare"  # an unused uplink slot

# Canonical link states (Cisco spelling; other vendors map them).
CONNECTED = "connected"
NOTCONNECT = "notconnect"
DISABLED = "disabled"
ERRDISABLED = "err-disabled"


def dotted_mac(value: int) -> str:
    """`0x7018a7f40e81` -> `7018.a7f4.0e81` (Cisco/Arista/FastIron notation)."""
    h = f"{value:012x}"
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


def colon_mac(value: int) -> str:
    """`0x7018a7f40e80` -> `70:18:a7:f4:0e:80` (IOS-XE `show version` notation)."""
    h = f"{value:012x}"
    return ":".join(h[i : i + 2] for i in range(0, 12, 2))


@dataclass(slots=True)
class Neighbor:
    """A CDP neighbour seen on a port."""

    device_id: str
    mgmt_ip: str
    platform: str
    capabilities: str
    remote_port: str
    version: str  # the first line of the neighbour's version text


@dataclass(slots=True)
class AuthSession:
    """One 802.1X or MAB session on a port."""

    mac: str
    method: str  # "dot1x" | "mab"
    domain: str  # "DATA" | "VOICE" | "UNKNOWN"
    authorized: bool
    session_id: str
    vlan: int
    user: str = ""


@dataclass(slots=True)
class Counters:
    """Interface counters, kept apart so that mutation and rendering can treat them as one value."""

    in_packets: int = 0
    in_bytes: int = 0
    out_packets: int = 0
    out_bytes: int = 0
    in_rate: int = 0
    in_pps: int = 0
    out_rate: int = 0
    out_pps: int = 0
    broadcasts: int = 0
    multicasts: int = 0
    in_errors: int = 0
    crc: int = 0
    out_errors: int = 0
    resets: int = 0
    out_drops: int = 0
    last_input: str = "never"
    last_output: str = "never"


@dataclass(slots=True)
class PortSpec:
    """One interface as the device knows it."""

    name: str  # full name: GigabitEthernet1/0/1, Ethernet1, 1/1/1, Port-channel1
    short: str  # Gi1/0/1, Et1, 1/1/1, Po1
    member: int  # stack unit (1-based); 0 for logical ports
    slot: int  # module within the unit (FastIron M<n>), 0 on the front panel of Cisco/Arista
    index: int  # port number within the module
    role: str
    description: str = ""
    status: str = NOTCONNECT
    vlan: int = 1  # access VLAN (native VLAN for trunks)
    voice_vlan: int = 0
    speed: int = 0  # negotiated Mb/s, 0 when the link is down
    max_speed: int = 1000
    media: str = ""
    mac: int = 0
    learned: list[tuple[int, str]] = field(default_factory=list)  # (vlan, mac) in the MAC table
    auth_mode: str = "open"  # "open" | "dot1x" | "mab" | "flexible" (dot1x + mab)
    sessions: list[AuthSession] = field(default_factory=list)
    poe: bool = False  # PoE capable
    pd_device: str = ""  # powered device name, "" when no device draws power
    pd_class: str = ""
    pd_watts: float = 0.0
    neighbor: Neighbor | None = None
    lag_id: int = 0  # port-channel number for members
    counters: Counters = field(default_factory=Counters)
    flap: str = ""  # time since the last link change ("3 days, 2 hours, ..."), Arista style


@dataclass(slots=True)
class MemberSpec:
    """One stack unit (or the only chassis)."""

    number: int
    model: str
    serial: str
    base_mac: int
    ports: int  # front-panel access ports


@dataclass(slots=True)
class HostSpec:
    """Everything the generator decided for one host; `render_host` and `expected_records` read only this."""

    hostname: str
    site: str
    vendor: str  # "cisco" | "arista" | "fastiron"
    platform: str  # ntc-templates platform: cisco_ios, arista_eos, ruckus_fastiron, brocade_fastiron
    model: str
    family: str  # "C9300", "C9200", "720XP", "7050", "ICX7150", "ICX7450", "FCX"
    members: list[MemberSpec]
    version: str
    uptime: tuple[int, int, int, int, int]  # years, weeks, days, hours, minutes
    location: str
    mgmt_vlan: int
    mgmt_ip: str
    gateway: str
    vlans: list[tuple[int, str]]
    ports: list[PortSpec]
    root_mac: int
    root_priority: int
    bridge_priority: int
    user_mode_first: bool
    config_changed: str  # "10:15:32 UTC Mon Oct 20 2025"
    restarted: str  # "22:16:13 UTC Wed May 1 2024"
    mutated: bool = False
    # Commands this host's transcript leaves out (the access-edge profile has no full `show interfaces`:
    # collectors of access closets capture the status table, not every counter).
    skipped: frozenset[str] = frozenset()

    @property
    def base_mac(self) -> int:
        return self.members[0].base_mac

    @property
    def port_count(self) -> int:
        """Front-panel and uplink ports (no port-channels): the manifest's and summary's `ports`."""
        return sum(1 for p in self.ports if p.role != LAG)
