"""The facts one device slice yields: what the store persists, independent of vendor and database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any


@dataclass(slots=True)
class PortFacts:
    """One interface row; field order of the signature follows the legacy 15-value diff signature."""

    port: str
    name: str = ""
    status: str = ""
    vlan: int = 0
    duplex: str = ""
    speed: str = ""
    type: str = ""
    learned_macs: list[str] = field(default_factory=list)
    auth_state: str = "Unknown"
    auth_mode: str = "unknown"
    auth_client_mac: str = ""
    auth_template: str = "open"
    config: str = ""
    port_color: str = ""
    config_status: str = ""
    tooltip: str = ""

    def signature_values(self) -> tuple[str, ...]:
        """The 15 values whose change makes a port 'changed' (legacy section 3.2 order)."""
        return (
            self.name,
            self.status,
            str(self.vlan),
            self.duplex,
            self.speed,
            self.type,
            ",".join(self.learned_macs),
            self.auth_state,
            self.auth_mode,
            self.auth_client_mac,
            self.auth_template,
            self.config,
            self.port_color,
            self.config_status,
            self.tooltip,
        )

    def __reduce__(self) -> tuple[Callable[..., PortFacts], tuple[Any, ...]]:
        """Pickle as constructor arguments: every port crosses from a parse process to the writers, and
        the slots-state default is twice the time and 1.5x the bytes (see docs/performance.md)."""
        return PortFacts, _port_values(self)


@dataclass(slots=True)
class SpanFacts:
    """Spanning-tree root facts for one VLAN or MST instance."""

    vlan: str
    root_switch: str = ""
    root_port: str = ""
    role: str = ""
    upstream: str = ""


@dataclass(slots=True)
class NeighborFacts:
    """One CDP/LLDP adjacency: the local port and what the neighbour advertised on it."""

    port: str
    protocol: str  # "CDP" | "LLDP"
    name: str = ""  # device ID / system name (the chassis ID when no name was advertised)
    neighbor_port: str = ""  # the neighbour's port ID (its port description when no ID was printed)
    platform: str = ""  # CDP platform, or the LLDP system description
    address: str = ""  # management address


@dataclass(slots=True)
class AddressFacts:
    """One IPv4 address configured on an interface (an SVI, a routed port, the management port)."""

    interface: str
    address: str
    prefix_length: int = 0  # 0 when the capture did not say


@dataclass(slots=True)
class DeviceFacts:
    """Everything ingestion stores for one host."""

    hostname: str
    vendor: str  # "Cisco", "Arista", "Brocade"
    model: str = ""
    version: str = ""
    serial: str = ""
    uptime: str = ""
    location: str = "Unspecified"
    building: str = ""
    room: str = ""
    auth_default_vlan: str = ""
    auth_block: list[str] = field(default_factory=list)
    ports: list[PortFacts] = field(default_factory=list)
    spans: list[SpanFacts] = field(default_factory=list)
    # None: the capture holds no neighbour / address command, so what the store has stays as it is;
    # an empty list: captured, and there are none.
    neighbors: list[NeighborFacts] | None = None
    addresses: list[AddressFacts] | None = None

    @property
    def make(self) -> str:
        return self.vendor

    def __reduce__(self) -> tuple[Callable[..., DeviceFacts], tuple[Any, ...]]:
        """Pickle with the ports packed into one string (`pack_ports`): a host's ports are most of what a
        parse process sends the writers, and one string pickles at memory speed where tens of thousands
        of small strings each take a memo entry (docs/performance.md, issue 12, session 25)."""
        values = list(_device_values(self))
        packed = pack_ports(self.ports)
        if packed is not None:
            values[_PORTS_AT] = packed
        return _device_from_wire, tuple(values)


_port_values: Any = attrgetter(*(f.name for f in fields(PortFacts)))
_device_values: Any = attrgetter(*(f.name for f in fields(DeviceFacts)))
_PORTS_AT = [f.name for f in fields(DeviceFacts)].index("ports")
_VLAN_AT = [f.name for f in fields(PortFacts)].index("vlan")
_MACS_AT = [f.name for f in fields(PortFacts)].index("learned_macs")
_FIELD_SEP, _PORT_SEP, _MAC_SEP = "\x1f", "\x1e", "\x1d"  # ASCII unit, record and group separators


def pack_ports(ports: list[PortFacts]) -> str | None:
    """The ports as one string (fields, ports and MACs joined by ASCII separators), or None when that
    would not come back equal: no ports, a value that is not of its declared type, an empty MAC, or a
    separator inside a value (the counts of separators then differ from the counts the rows imply)."""
    if not ports:
        return None
    records: list[str] = []
    mac_seps = 0
    try:
        for port in ports:
            values = list(_port_values(port))
            vlan, macs = values[_VLAN_AT], values[_MACS_AT]
            if type(vlan) is not int or type(macs) is not list or (macs and not all(macs)):
                return None
            values[_VLAN_AT] = str(vlan)
            values[_MACS_AT] = _MAC_SEP.join(macs)
            mac_seps += len(macs) - 1 if macs else 0
            records.append(_FIELD_SEP.join(values))
    except TypeError:  # a field that is not a string
        return None
    packed = _PORT_SEP.join(records)
    if (packed.count(_FIELD_SEP) != len(records) * (len(values) - 1) or packed.count(_PORT_SEP) != len(records) - 1
            or packed.count(_MAC_SEP) != mac_seps):
        return None
    return packed


def unpack_ports(packed: str) -> list[PortFacts]:
    ports: list[PortFacts] = []
    for record in packed.split(_PORT_SEP):
        values: list[Any] = record.split(_FIELD_SEP)
        values[_VLAN_AT] = int(values[_VLAN_AT])
        macs = values[_MACS_AT]
        values[_MACS_AT] = macs.split(_MAC_SEP) if macs else []
        ports.append(PortFacts(*values))
    return ports


def _device_from_wire(*values: Any) -> DeviceFacts:
    if type(values[_PORTS_AT]) is str:
        values = (*values[:_PORTS_AT], unpack_ports(values[_PORTS_AT]), *values[_PORTS_AT + 1:])
    return DeviceFacts(*values)
