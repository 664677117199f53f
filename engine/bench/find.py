"""`statetrace-cli bench-find`: find latency over a workspace of a million interface rows, and what the
search index costs the writer.

The workspace is written through the real SQLite store (the same write path as ingestion, so the
MacSighting rows and the FTS5 index are what users get), spread over `--sites` site files. Each query
kind runs `--repeat` times after one warm-up; the figures are the median and worst wall time and the
CPU time per query. The write cost is measured in the same run: the same hosts written into one site
with the search index and one without, as a ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

WORDS = ("Desk", "Printer", "AP", "Lobby", "Camera", "Phone", "Uplink", "Core", "Lab", "Badge", "Kiosk", "TV",
         "Conference", "HR", "Finance", "Server", "Spare", "Door", "Floor", "Room")
QUERIES = (("mac exact", "{mac}"), ("mac prefix", "{mac_prefix}"), ("host", "{host}"), ("port", "Gi1/0/17"),
           ("port number", "1/0/33"), ("description word", "conference"), ("vlan", "vlan 150"),
           ("model", "C9300-24U"), ("serial", "{serial}"), ("ip exact", "{ip}"), ("ip prefix", "{ip_prefix}"),
           ("neighbor", "{neighbor}"), ("nothing", "zz-no-such-thing"))


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench-find", help="find latency over a generated workspace (default 1,000,000 interface rows)")
    p.add_argument("--rows", type=int, default=1_000_000, help="interface rows in all (default 1,000,000)")
    p.add_argument("--sites", type=int, default=20)
    p.add_argument("--ports", type=int, default=48, help="ports per host")
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--keep", type=Path, help="build (or reuse) the workspace here instead of a temporary folder")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=run)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def host_facts(site: str, n: int, ports: int, rnd: random.Random) -> Any:
    from engine.model import AddressFacts, DeviceFacts, NeighborFacts, PortFacts

    host = f"{site}-A{n // 20:02d}-AS-{n % 20:02d}"
    model = rnd.choice(("C9300-48P", "C9300-24U", "DCS-7050TX-64", "ICX7450-48P"))
    facts = DeviceFacts(hostname=host, vendor="Cisco", model=model, version="17.09.04a",
                        serial=f"FOC{rnd.randrange(16**7):07X}", uptime="3 weeks", location=f"Bldg {n % 9} Room 2")
    for i in range(ports):
        member, index = divmod(i, 48)
        words = " ".join(rnd.sample(WORDS, 2)) + f" {rnd.randrange(1, 400)}"
        macs = [f"{rnd.randrange(16**4):04x}.{rnd.randrange(16**4):04x}.{rnd.randrange(16**4):04x}"
                for _ in range(rnd.choice((0, 1, 1, 2)))]
        facts.ports.append(PortFacts(
            port=f"Gi{member + 1}/0/{index + 1}", name=words, status=rnd.choice(("connected", "notconnect")),
            vlan=rnd.randrange(10, 400), duplex="a-full", speed="a-1000", type="10/100/1000BaseTX",
            learned_macs=macs, auth_state="Authorized", auth_mode="dot1x",
            config=" switchport access vlan 20\n switchport mode access\n authentication port-control auto\n"))
    # Two uplinks to the site's distribution pair, a phone on every eighth port, one SVI address.
    site_no = int(site[1:]) if site[1:].isdigit() else 0
    facts.neighbors = [NeighborFacts(f"Te1/1/{u}", "CDP", f"{site}-DS-0{u}.example.net", f"Te1/0/{n % 48 + 1}",
                                     "cisco C9500-48Y4C", f"10.{site_no}.0.{u}") for u in (1, 2)]
    facts.neighbors += [NeighborFacts(f"Gi1/0/{i + 1}", "CDP", f"SEP{rnd.randrange(16**12):012X}", "Port 1",
                                      "Cisco IP Phone 8845", f"10.{site_no}.{64 + n % 64}.{i + 1}")
                        for i in range(0, min(ports, 48), 8)]
    facts.addresses = [AddressFacts("Vl900", f"10.{site_no}.{n // 250 + 1}.{n % 250 + 1}", 24)]
    return facts


def build(home: Path, rows: int, sites: int, ports: int, seed: int) -> dict[str, str]:
    """Write the workspace; returns sample values for the queries (a MAC, a host, a serial)."""
    from engine.store.sqlite import SqliteSiteStore
    from engine.workspace import Workspace

    ws = Workspace(home)
    rnd = random.Random(seed)
    hosts_per_site = max(1, rows // (ports * sites))
    sample: dict[str, str] = {}
    when = datetime(2025, 11, 20, 14, 5)
    started, cpu0 = time.perf_counter(), _cpu()
    for s in range(sites):
        site = f"S{s:03d}"
        path = ws.db_path(site)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = SqliteSiteStore(path)
        try:
            for n in range(hosts_per_site):
                facts = host_facts(site, n, ports, rnd)
                store.write_host(facts, site, when + timedelta(minutes=n))
                if s == sites // 2 and n == hosts_per_site // 2:
                    mac = next(m for p in facts.ports for m in p.learned_macs)
                    ip = facts.addresses[0].address
                    sample = {"mac": mac, "mac_prefix": mac[:7], "host": facts.hostname.lower(), "serial": facts.serial,
                              "ip": ip, "ip_prefix": ip.rsplit(".", 1)[0] + ".", "neighbor": f"{site}-DS-01"}
        finally:
            store.close()
    total = hosts_per_site * sites * ports
    seconds = time.perf_counter() - started
    print(f"built {total:,} interface rows ({sites} sites x {hosts_per_site} hosts x {ports} ports) in {seconds:.1f} s, "
          f"{_cpu() - cpu0:.1f} CPU-s ({total / seconds:,.0f} rows/s)")
    (home / "bench-sample.txt").write_text("\n".join(f"{k}={v}" for k, v in sample.items()))
    return sample


def write_cost(tmp: Path, hosts: int, ports: int, seed: int) -> None:
    """The same hosts written with and without the search index (its triggers and flushes off), as CPU ratios."""
    import sqlite3

    from engine.store.sqlite import SEARCH_TABLE, SqliteSiteStore

    cpu: dict[str, float] = {}
    for label in ("with index", "without index", "with index again"):
        path = tmp / f"cost-{label.replace(' ', '-')}.sqlite"
        store = SqliteSiteStore(path)
        if label == "without index":  # no triggers (inserts have none since schema 7) and no flushes
            for suffix in ("ai", "ad", "au"):
                store.conn.execute(f'DROP TRIGGER IF EXISTS "{SEARCH_TABLE}_{suffix}"')
            setattr(store, "flush_search", lambda: None)  # noqa: B010 - an instance's own no-op
        cpu0 = _cpu()
        for generation in range(2):  # a cold write, then every host again at a later capture
            for n in range(hosts):
                facts = host_facts("C", n, ports, random.Random(f"{seed}-{n}-{generation}"))
                store.write_host(facts, "C", datetime(2025, 11, 20) + timedelta(days=generation, minutes=n))
        store.close()  # the search index is brought up to date here: part of the cost
        cpu[label] = _cpu() - cpu0
        with sqlite3.connect(path) as conn:
            size = conn.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
                                ).fetchone()[0]
        print(f"write cost {label}: {cpu[label]:.2f} CPU-s for {2 * hosts} host writes, file {size / 1e6:.1f} MB")
    base = cpu["without index"]
    print(f"write cost ratio, with/without search index: {cpu['with index'] / base:.2f}x and "
          f"{cpu['with index again'] / base:.2f}x")


def run(args: argparse.Namespace) -> int:
    from engine.store.base import StoreConfig
    from engine.store.read import open_store_reader
    from engine.views.find import find
    from engine.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="statetrace-bench-find-"))
    home = args.keep or tmp / "home"
    try:
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at start")
        sample_file = home / "bench-sample.txt"
        if sample_file.is_file():
            sample = dict(line.split("=", 1) for line in sample_file.read_text().splitlines())
            print(f"reusing the workspace in {home}")
        else:
            sample = build(home, args.rows, args.sites, args.ports, args.seed)
        store = open_store_reader(StoreConfig(), Workspace(home))
        print(f"{'query':<18} {'text':<18} {'hits':>6} {'median ms':>10} {'max ms':>8} {'CPU ms':>8}")
        for kind, template in QUERIES:
            text = template.format(**sample)
            result = find(store, text)  # warm-up: the page cache holds the indexes as in daily use
            walls: list[float] = []
            cpu0 = _cpu()
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = find(store, text)
                walls.append((time.perf_counter() - t0) * 1000)
            cpu_ms = (_cpu() - cpu0) * 1000 / args.repeat
            print(f"{kind:<18} {text:<18} {len(result.hits):>6} {statistics.median(walls):>10.1f} "
                  f"{max(walls):>8.1f} {cpu_ms:>8.1f}")
        store.close()
        write_cost(tmp, hosts=200, ports=args.ports, seed=args.seed)
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at end")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
