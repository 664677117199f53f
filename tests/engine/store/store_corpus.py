"""Deterministic DeviceFacts runs for store tests: the same facts go into every backend."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from engine.model import DeviceFacts, PortFacts, SpanFacts
from engine.store.schema import TABLES

RUN0 = datetime(2026, 1, 6, 13, 28, 32)


def sqlite3_odbc_available() -> bool:
    try:
        import pyodbc
    except ImportError:
        return False
    return "SQLite3" in pyodbc.drivers()


def host_facts(site: str, n: int, run: int, ports: int = 48, seed: int = 7) -> DeviceFacts:
    """Host `n` of `site` in run `run`: later runs change, add and drop some ports."""
    rnd = random.Random(f"{seed}-{site}-{n}-{run}")
    host = f"{site}-A{n // 10:02d}-AS-{n:02d}"
    facts = DeviceFacts(hostname=host, vendor="Cisco" if n % 2 else "Brocade", model="C9300-48P",
                        version="17.09.04a", serial=f"FOC{n:05d}", uptime=f"{run + 1} weeks, 2 days",
                        location="BLDG_5_ROOM_204", building="5", room="204", auth_default_vlan="20",
                        auth_block=["auth-default-vlan 20", "dot1x enable", "mac-authentication enable"])
    count = ports + (run if n % 3 == 0 else 0) - (run if n % 3 == 1 else 0)
    for i in range(1, count + 1):
        changed = run > 0 and rnd.random() < 0.2
        name = f"User{i}" + ("-moved" if changed else "")
        port = f"Gi1/0/{i}" if not (run == 2 and i == 3) else f"gi1/0/{i}"  # case-only rename: same port
        facts.ports.append(PortFacts(
            port=port, name=name, status="connected" if (i + run * changed) % 3 else "notconnect",
            vlan=10 if i % 5 else 0, duplex="a-full", speed="a-1000", type="10/100/1000BaseTX",
            learned_macs=[f"00aa.bb{i:02x}.{n:04x}"] if i % 2 else [],
            auth_state="Authorized" if i % 4 == 0 else "Open", auth_mode="dot1x" if i % 4 == 0 else "open",
            auth_client_mac=f"00aa.bbcc.{i:04x}" if i % 4 == 0 else "",
            auth_template="flexible" if i % 7 == 0 else "open",
            config=f" description {name}\n switchport access vlan 10\n" + ("x" * 300 if i == 1 else "")
            + ("it's \"quoted\" ü" if i == 2 else ""),
        ))
    if n % 2 == 0:
        facts.ports.append(PortFacts(port=f"Gi1/0/{1}", name="duplicate row is ignored"))
    facts.spans = [SpanFacts("VLAN0010", "5254.001b.1c58", "Gi1/0/1", "Root", "Gi1/0/1")]
    if run == 1:
        facts.spans.append(SpanFacts("VLAN0030", "5254.001b.1c58", "Gi1/0/30", "Desg", "Gi1/0/30"))
    return facts


def runs(sites: tuple[str, ...] = ("WLLS", "BOYO"), hosts: int = 4, count: int = 3, ports: int = 48
         ) -> list[tuple[datetime, list[tuple[str, DeviceFacts]]]]:
    out = []
    for run in range(count):
        batch = [(site, host_facts(site, n, run, ports)) for site in sites for n in range(1, hosts + 1)]
        out.append((RUN0 + timedelta(hours=run), batch))
    return out


def normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def dump(conn: Any, quote: Any = lambda n: f'"{n}"') -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without surrogate IDs (and SchemaVersion's AppliedAt), sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    cur = conn.cursor()
    for table in TABLES:
        cols = [c.name for c in table.columns if c.kind != "counter" and c.name != "AppliedAt"]
        cur.execute(f"SELECT {', '.join(quote(c) for c in cols)} FROM {quote(table.name)}")
        rows = [tuple(normalise(v) for v in row) for row in cur.fetchall()]
        out[table.name] = sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))
    return out


def arista_transcript(host: str, ports: int = 24, variant: int = 0) -> str:
    """A small Arista EOS capture the ingest pipeline parses (show version / running-config / status / MACs)."""
    lines = [f"{host}#show version", "Arista DCS-7050TX-64-R", "Hardware version:    01.11",
             f"Serial number:       JPE12345{variant:02d}", "System MAC address:  001c.7312.3456", "",
             "Software image version: 4.20.1F", "Architecture:           i386", "",
             "Uptime:                 6 weeks, 2 days, 1 hour and 4 minutes", "Total memory:           3818208 kB",
             "Free memory:            2493384 kB", "", f"{host}#show running-config", f"hostname {host}",
             "snmp-server location BLDG_5_ROOM_204"]
    for i in range(1, ports + 1):
        lines += [f"interface Ethernet{i}", f"   description User{i}-v{variant}", "   switchport access vlan 10", "!"]
    lines += ["end", f"{host}#show interfaces status",
              "Port       Name           Status       Vlan     Duplex Speed  Type         Flags"]
    for i in range(1, ports + 1):
        state = "connected" if (i + variant) % 3 else "notconnect"
        lines.append(f"Et{i:<8} User{i}-v{variant:<6} {state:<12} 10       full   1G     10GBASE-T")
    lines += [f"{host}#show mac address-table", "          Mac Address Table",
              "------------------------------------------------------------------", "",
              "Vlan    Mac Address       Type        Ports      Moves   Last Move",
              "----    -----------       ----        -----      -----   ---------"]
    for i in range(1, ports + 1, 2):
        lines.append(f"  10    00aa.bb{i:02x}.{variant:04x}    DYNAMIC     Et{i}       1       0:00:10 ago")
    lines += ["Total Mac Addresses for this criterion: 1", f"{host}#exit"]
    return "\n".join(lines) + "\n"


def write_drop_folder(folder: Any, sites: tuple[str, ...] = ("WLLS", "BOYO", "SITE1"), per_site: int = 8,
                      hosts_per_file: int = 1, variant: int = 0) -> list[str]:
    """Transcripts in `folder`; returns every hostname written."""
    folder.mkdir(parents=True, exist_ok=True)
    hosts: list[str] = []
    for site in sites:
        for n in range(1, per_site + 1, hosts_per_file):
            names = [f"{site}-A01-AS-{m:02d}" for m in range(n, min(n + hosts_per_file, per_site + 1))]
            hosts += names
            (folder / f"{names[0]}.log").write_text("".join(arista_transcript(h, variant=variant) for h in names))
    return hosts


def parsers_available(tmp: Any) -> bool:
    """The worker tests need a transcript the pipeline can parse (the Arista parsers)."""
    from engine.ingest.pipeline import IngestOptions
    from engine.runtime.qt_runtime import ingest
    from engine.workspace import Workspace

    drop = tmp / "probe"
    drop.mkdir(parents=True, exist_ok=True)
    (drop / "PROBE-A01-AS-01.log").write_text(arista_transcript("PROBE-A01-AS-01", ports=4))
    summary = ingest([drop], Workspace(tmp / "probe-home"), IngestOptions(processes=1))
    return summary.parsed == 1
