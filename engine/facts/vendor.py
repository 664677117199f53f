"""Vendor detection by scores over banners, prompts and command output.

Each rule adds points to a vendor; the best vendor wins at 60 points or more (capped at 100), so
one weak hint (a prompt style) never decides alone against real banner text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vendors the ingestion parses, by ntc-templates platform; the others are recognised to fail clearly.
SUPPORTED = {"cisco_ios": "Cisco", "arista_eos": "Arista", "ruckus_fastiron": "Brocade", "aruba_aoscx": "Aruba",
             "hp_procurve": "HP", "juniper_junos": "Juniper", "cisco_nxos": "Cisco"}
RECOGNISED = {"aruba_os": "Aruba controller/AP (ArubaOS)", "paloalto_panos": "Palo Alto",
              "cisco_xr": "Cisco IOS XR"}

_RULES: list[tuple[str, re.Pattern[str], int]] = [
    ("cisco_nxos", re.compile(r"Cisco Nexus Operating System|NX-OS", re.I), 120),
    # NX-OS without `show version`: its MAC table header, `show interface` lines, status rows of Eth ports
    # and the status words its table cuts (IOS prints `notconnect`, Arista names ports Et1).
    ("cisco_nxos", re.compile(r"^[ \t]*VLAN[ \t]+MAC Address[ \t]+Type[ \t]+age[ \t]+Secure[ \t]+NTFY[ \t]+Ports"
                              r"|^admin state is (?:up|down)", re.M), 100),
    ("cisco_nxos", re.compile(r"^Eth\d+/\d+(?:/\d+)?[ \t].*[ \t](?:connected|notconnec|disabled|sfpAbsent|xcvrAbsen"
                              r"|down|noOperMem|channelDo)[ \t]+(?:\d+|routed|trunk|f-path|--)[ \t]", re.M), 80),
    ("cisco_xr", re.compile(r"Cisco IOS XR Software|\bIOS-XR\b|^RP/\d+/(?:RS?P)?\d+/CPU\d+:", re.M), 120),
    ("cisco_ios", re.compile(r"Cisco IOS[ -]XE Software|Cisco IOS Software|Cisco Internetwork Operating System"
                             r"|IOS \(tm\)", re.I), 100),
    ("cisco_ios", re.compile(r"\bcisco \S+ \([^)\n]*\) processor|Catalyst L3 Switch|\bWS-C\d|\bC9[23]\d\d", re.I), 50),
    # Cisco IOS tables without `show version`: the status/MAC table headers (Arista's carry more columns,
    # NX-OS names its ports Eth1/1) and IOS port names starting or ending a table row.
    ("cisco_ios", re.compile(r"^Port[ \t]+Name[ \t]+Status[ \t]+Vlan[ \t]+Duplex[ \t]+Speed[ \t]+Type[ \t]*$"
                             r"|^Vlan[ \t]+Mac Address[ \t]+Type[ \t]+Ports[ \t]*$", re.M), 30),
    ("cisco_ios", re.compile(r"^[ \t]*(?:Gi|Fa|Te|Twe|Tw|Fo|Hu)\d+/\d+(?:/\d+)?[ \t]"
                             r"|[ \t](?:Gi|Fa|Te|Twe|Tw|Fo|Hu)\d+/\d+(?:/\d+)?[ \t]*$", re.M), 50),
    # `show interfaces` headers with IOS's long port names (Arista says Ethernet1, NX-OS Ethernet1/1, IOS-XR
    # has four numbers): enough alone.
    ("cisco_ios", re.compile(r"^(?:Gigabit|FastEthernet|TenGigabit|TwoGigabit|FiveGigabit|TwentyFiveGig|FortyGigabit"
                             r"|HundredGig)\w*\d+/\d+(?:/\d+)?(?:\.\d+)? is (?:administratively )?(?:up|down), line "
                             r"protocol is", re.M), 75),
    ("arista_eos", re.compile(r"\bArista\b|Software image version:|Architecture:\s+(?:i386|x86_64)", re.I), 100),
    ("ruckus_fastiron", re.compile(r"\bStackable\b|FastIron|IronWare|\bICX\d{4}|\bFCX\d|Brocade|Ruckus", re.I),
     100),
    ("juniper_junos", re.compile(r"^Junos:|JUNOS Software Release|^Model: (?:ex|qfx|mx|srx)", re.I | re.M), 100),
    ("aruba_aoscx", re.compile(r"ArubaOS-CX|\bAOS-CX\b|^System Description\s*:\s*[A-Z]{2}\.10\.\d", re.I | re.M), 100),
    ("aruba_aoscx", re.compile(r"^MAC age-time\s+:|^Chassis Serial Nbr\s+:", re.M), 60),
    ("aruba_aoscx", re.compile(r"^[0-9a-f]{2}(?::[0-9a-f]{2}){5}[ \t]+\d+[ \t]+\S+[ \t]+(?:\d+/\d+/\d+|lag\d+)", re.M), 40),
    ("aruba_os", re.compile(r"ArubaOS \(MODEL:|Aruba Operating System Software"), 100),
    ("hp_procurve", re.compile(r"ProCurve|^Image stamp:|Status and Counters - |^\s*Software revision\s+:", re.I | re.M),
     100),
    ("hp_procurve", re.compile(r"^\s+[0-9a-f]{6}-[0-9a-f]{6}\s", re.M), 60),
    ("paloalto_panos", re.compile(r"PAN-OS|sw-version:", re.I), 100),
]


@dataclass(frozen=True, slots=True)
class Detection:
    platform: str | None
    score: int
    reason: str

    @property
    def make(self) -> str:
        return SUPPORTED.get(self.platform or "", "")


# Banner words that decide alone (checked with `in`, far cheaper than the scoring regexes).
_DECISIVE = (
    ("cisco_nxos", ("Cisco Nexus Operating System", "NX-OS")),
    ("cisco_xr", ("Cisco IOS XR Software",)),
    ("cisco_ios", ("Cisco IOS XE Software", "Cisco IOS-XE Software", "Cisco IOS Software",
                   "Cisco Internetwork Operating System")),
    ("arista_eos", ("Arista", "Software image version:")),
    ("ruckus_fastiron", ("HW: Stackable", "FastIron", "IronWare", "Ruckus", "Brocade")),
    ("juniper_junos", ("Junos:", "JUNOS Software Release")),
    ("aruba_aoscx", ("ArubaOS-CX", "AOS-CX")),
    ("aruba_os", ("ArubaOS (MODEL:",)),
    ("hp_procurve", ("ProCurve", "Image stamp:")),
    ("paloalto_panos", ("PAN-OS",)),
)


def _decisive(version_text: str) -> str | None:
    head = version_text[:16384]
    found = [platform for platform, words in _DECISIVE if any(w in head for w in words)]
    if found[:1] == ["cisco_nxos"]:
        return "cisco_nxos"
    return found[0] if len(found) == 1 else None


def detect_vendor(version_text: str, sample: str, prompt_prefix: str, commands: list[str]) -> Detection:
    """Score vendors from the `show version` output first, then a sample of the whole session."""
    platform_hit = _decisive(version_text) if version_text else None
    if platform_hit is not None:
        if platform_hit in RECOGNISED:
            return Detection(None, 100, f"unsupported vendor {RECOGNISED[platform_hit]} ({platform_hit})")
        return Detection(platform_hit, 100, f"{SUPPORTED[platform_hit]} (banner)")
    scores: dict[str, int] = {}

    def add(text: str, weight: float) -> None:
        for platform, rule, points in _RULES:
            if rule.search(text):
                scores[platform] = scores.get(platform, 0) + int(points * weight)

    if version_text:
        add(version_text[:16384], 1.0)
    if not scores or max(scores.values()) < 60:
        add(sample, 0.8)
    prefix = prompt_prefix.lower()
    if prefix in ("ssh@", "telnet@"):
        scores["ruckus_fastiron"] = scores.get("ruckus_fastiron", 0) + 40
    elif prefix and "@" in prefix:  # user@host> (Junos); other prefixes are other vendors' node names
        scores["juniper_junos"] = scores.get("juniper_junos", 0) + 60
    lowered = {c.lower() for c in commands}
    if any(c.startswith(("skip-page", "show interfaces brief", "show int br", "show mac-address ")) or c ==
           "show mac-address" for c in lowered):
        scores["ruckus_fastiron"] = scores.get("ruckus_fastiron", 0) + 30
    if not scores:
        return Detection(None, 0, "unknown vendor: no Cisco, Arista, FastIron, Junos, NX-OS, Aruba or ProCurve banner, prompt or "
                                  "output found")
    platform, score = max(scores.items(), key=lambda kv: kv[1])
    score = min(score, 100)
    if score < 60:
        return Detection(None, score, f"unknown vendor: best guess {platform} scored only {score}")
    if platform in RECOGNISED:
        return Detection(None, score, f"unsupported vendor {RECOGNISED[platform]} ({platform})")
    return Detection(platform, score, f"{SUPPORTED[platform]} (score {score})")
