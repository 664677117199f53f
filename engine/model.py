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


_port_values: Any = attrgetter(*(f.name for f in fields(PortFacts)))
