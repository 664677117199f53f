"""Helpers shared by the maintenance tests: real SQLite site databases written through the production store."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from engine.model import DeviceFacts, PortFacts, SpanFacts
from engine.store.sqlite import SqliteSiteStore


def facts(host: str, round_no: int, ports: int = 48) -> DeviceFacts:
    """A host whose ports change every round (names, VLANs, and a shrinking/growing port set), so
    re-writing it leaves history rows and deleted pages behind."""
    count = ports - (round_no % 3) * 8
    return DeviceFacts(
        host, "Cisco", model="C9300-48P", uptime=f"{round_no} days",
        ports=[PortFacts(f"Gi1/0/{i}", name=f"user-{round_no}-{i}", status="Up" if (i + round_no) % 2 else "Down",
                         vlan=10 + (round_no + i) % 5, config=f"interface Gi1/0/{i}\n description r{round_no} " * 3)
               for i in range(1, count + 1)],
        spans=[SpanFacts("VLAN0010", f"5254.001b.{round_no:04d}", "Gi1/0/1", "Root")])


def write_site(path: Path, site: str, hosts: int = 20, rounds: int = 3, ports: int = 48) -> Path:
    store = SqliteSiteStore(path)
    try:
        start = datetime(2026, 1, 6, 13, 0, 0)
        for r in range(rounds):
            for h in range(hosts):
                store.write_host(facts(f"{site}-A{h:02d}-AS-01", r, ports), site, start + timedelta(minutes=r))
    finally:
        store.close()
    return path
