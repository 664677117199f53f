"""Small realistic CLI captures written by the GUI tests (Cisco IOS-XE switches, as the tools capture them)."""

from __future__ import annotations

from pathlib import Path

SHOW_VERSION = """\
Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
Compiled Fri 20-Oct-23 10:44 by mcpre


ROM: IOS-XE ROMMON
BOOTLDR: System Bootstrap, Version 17.9.1r, RELEASE SOFTWARE (P)

{host} uptime is 12 weeks, 3 days, 4 hours, 12 minutes
Uptime for this control processor is 12 weeks, 3 days, 4 hours, 15 minutes
System returned to ROM by Reload Command at 09:12:44 UTC Mon Aug 5 2024
System image file is "flash:packages.conf"
Last reload reason: Reload Command

cisco C9300-48P (X86) processor with 1419044K/6147K bytes of memory.
Processor board ID FOC2418L0{serial}
2048K bytes of non-volatile configuration memory.
8388608K bytes of physical memory.

Base Ethernet MAC Address          : 70:b3:17:aa:bb:{serial_hex}
Model Number                       : C9300-48P
System Serial Number               : FOC2418L0{serial}


Switch Ports Model              SW Version        SW Image              Mode
------ ----- -----              ----------        ----------            ----
*    1 62    C9300-48P          17.09.04a         CAT9K_IOSXE           INSTALL


Configuration register is 0x102
"""


def cisco_host(host: str, index: int = 0, ports: int = 6) -> str:
    """One switch: show version, running-config, interfaces status and the MAC table."""
    serial = f"{index:02d}"
    lines = [f"{host}>terminal length 0", f"{host}>enable", f"{host}#show version",
             SHOW_VERSION.format(host=host, serial=serial, serial_hex=f"{index % 256:02x}")]
    lines += [f"{host}#show running-config", "Building configuration...", "", "Current configuration : 2208 bytes",
              "!", "version 17.9", f"hostname {host}", "!", f"snmp-server location Building {index % 7} Room 1{index}",
              "!"]
    status_rows = []
    mac_rows = []
    for p in range(1, ports + 1):
        desc = f"Desk-{index}-{p}" if p % 3 else ""
        vlan = 20 + p % 2 * 10
        connected = p % 4 != 0
        lines += [f"interface GigabitEthernet1/0/{p}", *([f" description {desc}"] if desc else []),
                  " switchport mode access", f" switchport access vlan {vlan}", "!"]
        status = "connected" if connected else "notconnect"
        speed = ("a-full", "a-1000") if connected else ("auto", "auto")
        status_rows.append(f"Gi1/0/{p:<8}{desc:<19}{status:<13}{vlan:<11}{speed[0]:>6} {speed[1]:>6} "
                           "10/100/1000BaseTX")
        if connected:
            mac_rows.append(f"  {vlan:<4}  00aa.bb{index:02x}.{p:04x}    DYNAMIC     Gi1/0/{p}")
    lines += ["interface TenGigabitEthernet1/1/1", " description Uplink-CORE", " switchport mode trunk", "!",
              "end", "", f"{host}#show interfaces status", "",
              "Port         Name               Status       Vlan       Duplex  Speed Type",
              *status_rows,
              "Te1/1/1      Uplink-CORE        connected    trunk        full    10G SFP-10GBase-SR", "",
              f"{host}#show mac address-table",
              "          Mac Address Table", "-------------------------------------------", "",
              "Vlan    Mac Address       Type        Ports", "----    -----------       --------    -----",
              " All    0100.0ccc.cccc    STATIC      CPU", *mac_rows,
              f"Total Mac Addresses for this criterion: {len(mac_rows) + 1}", f"{host}#exit", ""]
    return "\n".join(lines)


def write_corpus(folder: Path, sites: dict[str, int], ports: int = 6) -> list[Path]:
    """One capture file per host, `<SITE>-A01-AS-<nn>`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for site, count in sites.items():
        for i in range(1, count + 1):
            host = f"{site}-A01-AS-{i:02d}"
            path = folder / f"{host}_20260105-101500.log"
            path.write_text(cisco_host(host, i, ports), encoding="utf-8")
            files.append(path)
    return files


def write_bad_capture(path: Path) -> Path:
    """Text without any device prompt: the runtime fails the file with a reason."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Meeting notes\nNothing to see here, just some text that is not a CLI capture.\n",
                    encoding="utf-8")
    return path
