"""The facts one device slice yields: what the store persists, independent of vendor and database."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(slots=True)
class SpanFacts:
    """Spanning-tree root facts for one VLAN or MST instance."""

    vlan: str
    root_switch: str = ""
    root_port: str = ""
    role: str = ""
    upstream: str = ""


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

    @property
    def make(self) -> str:
        return self.vendor
