"""Two captures of one switch, taken six weeks apart, written from the test transcript: the views' corpus.

Capture A (2025-10-09 10:15:32, the device clock) is the transcript as it is. Capture B (2025-11-20
14:05:00) differs as an analyst would find it: Gi1/0/2 came up as "Desk 12" in VLAN 40, the MAC
0011.2233.4466 moved from Gi1/0/1 to Gi1/0/2, and Gi1/0/3 recovered from err-disabled; it also lists a
CDP neighbour on the uplink (WLLS-A02-AS-07, in the workspace too) and has an address on VLAN 20.
"""

from __future__ import annotations

import json
from pathlib import Path

from engine.cli import main

SOURCE = Path(__file__).resolve().parents[2] / "data" / "transcripts" / "wlls_batch01.log"
HOST = "WLLS-A01-AS-01"
A_TIME, B_TIME = "2025-10-09 10:15:32", "2025-11-20 14:05:00"
NEIGHBOR, NEIGHBOR_IP, SVI_IP = "WLLS-A02-AS-07", "10.20.0.7", "10.20.5.10"
CDP = f"""{HOST}#show cdp neighbors detail
-------------------------
Device ID: {NEIGHBOR}.example.net
Entry address(es):
  IP address: {NEIGHBOR_IP}
Platform: Arista DCS-7050SX-64,  Capabilities: Router Switch
Interface: TenGigabitEthernet1/1/1,  Port ID (outgoing port): Ethernet49/1
Holdtime : 150 sec

Version :
Arista EOS 4.28.3M

"""


def _with_clock(text: str, clock: str) -> str:
    return text.replace(f"{HOST}>enable\n", f"{HOST}>enable\n{HOST}#show clock\n{clock}\n", 1)


def write_captures(folder: Path) -> tuple[Path, Path]:
    text = SOURCE.read_text()
    a = _with_clock(text, "*10:15:32.123 UTC Thu Oct 9 2025")
    b = _with_clock(text, "*14:05:00.000 UTC Thu Nov 20 2025")
    swaps = [
        ("Gi1/0/2                         notconnect   20           auto   auto 10/100/1000BaseTX",
         "Gi1/0/2      Desk 12            connected    40         a-full a-1000 10/100/1000BaseTX"),
        ("  20    0011.2233.4466    DYNAMIC     Gi1/0/1", "  40    0011.2233.4466    DYNAMIC     Gi1/0/2"),
        ("Gi1/0/3      AP Lobby 2F        err-disabled 30", "Gi1/0/3      AP Lobby 2F        connected    30"),
    ]
    swaps += [
        (f"{HOST}#show interfaces status\n", CDP + f"{HOST}#show interfaces status\n"),
        ("interface TenGigabitEthernet1/1/1\n",
         f"interface Vlan20\n ip address {SVI_IP} 255.255.255.0\n!\ninterface TenGigabitEthernet1/1/1\n"),
    ]
    for old, new in swaps:
        assert old in b, old
        b = b.replace(old, new, 1)
    folder.mkdir(parents=True, exist_ok=True)
    pa, pb = folder / "capture_a.log", folder / "capture_b.log"
    pa.write_text(a)
    pb.write_text(b)
    return pa, pb


def ingest(home: Path, *paths: Path, store: dict[str, str] | None = None) -> dict:
    """Ingest with the CLI as a user would (into the store the workspace's settings name)."""
    if store is not None:
        (home / "data").mkdir(parents=True, exist_ok=True)
        (home / "data" / "StateTraceSettings.json").write_text(json.dumps({"Store": store}))
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", "--json", "--processes", "1", *map(str, paths), "--home", str(home)])
    summary = json.loads(out.getvalue())
    assert code == 0, summary["failures"]
    return summary
