"""Build DeviceFacts from one host's command blocks: detect the vendor, parse what the schema needs."""

from __future__ import annotations

from collections.abc import Sequence

from engine.facts import arista, aruba, cisco, fastiron, junos, nxos, procurve
from engine.facts.links import addresses, neighbors
from engine.facts.vendor import detect_vendor
from engine.model import DeviceFacts
from engine.parsing.commands import canonical_command

# Every command any vendor builder reads; others (show interfaces counters, power ...) are skipped.
WANTED = (
    "show version",
    "show running-config",
    "show interfaces status",
    "show interfaces brief",
    "show mac address-table",
    "show mac-address",
    "show authentication sessions",
    "show spanning-tree",
    "show dot1x sessions all",
    "show mac-authentication sessions all",
    "show system",  # Aruba AOS-CX and ProCurve: name, model, serial, version, uptime, location
    "show interfaces",  # AOS-CX `show interface`: ports when there is no brief table
    "show interfaces terse",  # Junos: ports when there is no `show interfaces`
    "show ethernet-switching table",  # Junos MAC table
    "show system uptime",  # Junos uptime
    "show chassis hardware",  # Junos chassis serial
    "show spanning-tree bridge",  # Junos spanning-tree roots
    "show aaa authentication port-access interface all client-status",  # AOS-CX 802.1X/MAC-auth clients
    "show port-access clients",  # ProCurve/AOS-S 802.1X/MAC-auth clients
    "show dot1x interface",  # Junos 802.1X supplicants (brief table)
    "show dot1x all summary",  # NX-OS 802.1X clients
    "show cdp neighbors detail",  # neighbours (engine.facts.links)
    "show lldp neighbors detail",
    "show lldp neighbors",
    "show lldp neighbor-info detail",  # AOS-CX
    "show ip interface brief",  # interface addresses beside the running-config's
)
_BUILDERS = {"cisco_ios": cisco.build, "arista_eos": arista.build, "ruckus_fastiron": fastiron.build,
             "aruba_aoscx": aruba.build, "hp_procurve": procurve.build, "juniper_junos": junos.build,
             "cisco_nxos": nxos.build}


class FactsError(ValueError):
    """This host cannot be ingested; the message is the reason shown to the user."""


def wanted_command(command: str) -> str | None:
    """The canonical name of a command a builder reads, or None for commands ingestion ignores."""
    return canonical_command(command, WANTED)


def build_facts(hostname: str, prompt_prefix: str, blocks: Sequence[tuple[str, str]],
                all_commands: Sequence[str] = ()) -> DeviceFacts:
    """`blocks` are (canonical command, output) in session order; a later block of a command wins."""
    latest: dict[str, str] = {}
    for command, text in blocks:
        latest[command] = text
    if not latest:
        raise FactsError("no recognisable show commands for this host")
    sample = "\n".join(text[:4000] for text in latest.values())
    detection = detect_vendor(latest.get("show version", ""), sample, prompt_prefix,
                              list(all_commands) or list(latest))
    if detection.platform is None:
        raise FactsError(detection.reason)
    facts = _BUILDERS[detection.platform](hostname, latest)
    if not facts.ports and "show version" not in latest and "show system" not in latest:
        raise FactsError("no recognisable show commands for this host (no version or interface output)")
    facts.neighbors = neighbors(detection.platform, latest)
    facts.addresses = addresses(latest)
    return facts
