"""The fast MAC-table path must give exactly what the parsers give, or step aside."""

from __future__ import annotations

import random

import pytest

from engine.facts.common import short_port
from engine.facts.macs import fast_rows, mac_table
from engine.parsing import parse_show


def cisco_table(rng: random.Random, rows: int) -> str:
    lines = ["          Mac Address Table", "-------------------------------------------", "",
             "Vlan    Mac Address       Type        Ports", "----    -----------       --------    -----",
             " All    0100.0ccc.cccc    STATIC      CPU"]
    for _ in range(rows):
        mac = ".".join(f"{rng.randrange(65536):04x}" for _ in range(3))
        lines.append(f" {rng.choice([1, 20, 300, 4000]):>4}    {mac}    {rng.choice(['DYNAMIC', 'STATIC'])}"
                     f"     {rng.choice(['Gi1/0/1', 'Gi2/0/48', 'Te1/1/1', 'Po1'])}")
    lines.append(f"Total Mac Addresses for this criterion: {rows + 1}")
    return "\n".join(lines) + "\n"


def arista_table(rng: random.Random, rows: int) -> str:
    lines = ["          Mac Address Table", "-" * 66, "", "Vlan    Mac Address       Type        Ports      Moves   Last Move",
             "----    -----------       ----        -----      -----   ---------"]
    for _ in range(rows):
        mac = ".".join(f"{rng.randrange(65536):04x}" for _ in range(3))
        lines.append(f"  {rng.randrange(1, 4094):>4}    {mac}    DYNAMIC     {rng.choice(['Et1', 'Et49/1', 'Po7'])}"
                     f"        1       0:0{rng.randrange(10)}:11 ago")
    lines.append(f"Total Mac Addresses for this criterion: {rows}")
    return "\n".join(lines) + "\n"


def fastiron_table(rng: random.Random, rows: int) -> str:
    lines = [f"Total active entries from all ports = {rows}", "MAC-Address     Port                 Type         VLAN"]
    for _ in range(rows):
        mac = ".".join(f"{rng.randrange(65536):04x}" for _ in range(3))
        lines.append(f"{mac}  {rng.choice(['1/1/1', '1/2/4', '2/1/48']):<20} Dynamic      {rng.randrange(1, 400)}")
    return "\n".join(lines) + "\n"


def via_parser(platform: str, command: str, text: str) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for row in parse_show(platform, command, text):
        mac = row.get("destination_address") or row.get("mac_address")
        if not str(row.get("vlan_id", "")).isdigit() or int(mac[:2], 16) & 1:  # group addresses are not learned
            continue
        ports = row.get("destination_port") or row.get("port")
        for p in ports if isinstance(ports, list) else [ports]:
            out.setdefault(short_port(p), []).append((mac, int(row["vlan_id"])))
    return out


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("platform,command,make", [
    ("cisco_ios", "show mac address-table", cisco_table),
    ("arista_eos", "show mac address-table", arista_table),
    ("ruckus_fastiron", "show mac-address", fastiron_table),
])
def test_fast_path_equals_the_parser(platform: str, command: str, make, seed: int) -> None:
    text = make(random.Random(seed), 200)
    assert fast_rows(platform, text) is not None
    assert mac_table(platform, text, command) == via_parser(platform, command, text)


def test_unknown_layout_falls_back_to_the_parser() -> None:
    # An older IOS layout with learn/age columns: the fast path must not guess.
    text = ("vlan   mac address     type    learn     age              ports\n"
            "------+----------------+--------+-----+----------+--------------------------\n"
            "  20    0011.2233.4455   dynamic  Yes          0   Gi1/0/1\n")
    assert fast_rows("cisco_ios", text) is None
    assert mac_table("cisco_ios", text, "show mac address-table") == via_parser(
        "cisco_ios", "show mac address-table", text)


def test_multicast_entries_are_not_learned_macs() -> None:
    """The 4500's multicast section lists group addresses on every member port: not learned MACs."""
    text = ("Unicast Entries\n vlan     mac address     type        protocols               port\n"
            "---------+---------------+--------+---------------------+-------------------------\n"
            "  30      0011.2f8c.0e01   dynamic ip                    GigabitEthernet2/7\n\n"
            "Multicast Entries\n vlan     mac address     type    ports\n"
            "---------+---------------+-------+--------------------------------------------\n"
            "  30      0100.5e00.00fb   igmp   Gi2/7,Gi2/9\n"
            "  30      ffff.ffff.ffff   system Gi2/1,Gi2/7\n")
    assert len(parse_show("cisco_ios", "show mac address-table", text)) == 3
    assert mac_table("cisco_ios", text, "show mac address-table") == {"Gi2/7": [("0011.2f8c.0e01", 30)]}
