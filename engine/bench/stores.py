"""`statetrace-cli bench-stores`: rows/s of each store for the same generated corpus.

The corpus is DeviceFacts (no parsing), so the figure is the store's write path alone: per host the
summary upsert, a DeviceHistory row, the interface diff and its history, span rows. Run 1 inserts
every port; later runs change about a fifth of them (the usual re-ingest). Rows counted: every row
inserted, updated or deleted in any table.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine.model import DeviceFacts, PortFacts, SpanFacts
from engine.store.base import SiteStore, StoreConfig, StoreError, WriteResult


def corpus_host(site: str, n: int, run: int, ports: int) -> DeviceFacts:
    rnd = random.Random(f"{site}-{n}-{run}")
    facts = DeviceFacts(hostname=f"{site}-A01-AS-{n:03d}", vendor="Cisco", model="C9300-48P", version="17.9.4a",
                        uptime=f"{run} weeks", location="BLDG_5_ROOM_204", building="5", room="204",
                        auth_block=["dot1x system-auth-control"])
    for i in range(1, ports + 1):
        moved = run > 0 and rnd.random() < 0.2
        facts.ports.append(PortFacts(
            port=f"Gi1/0/{i}", name=f"User{i}{'-moved' if moved else ''}", status="connected" if i % 3 else "notconnect",
            vlan=10, duplex="a-full", speed="a-1000", type="10/100/1000BaseTX",
            learned_macs=[f"00aa.bb{i:02x}.{n:04x}"], auth_state="Authorized", auth_mode="dot1x",
            config=f"interface GigabitEthernet1/0/{i}\n description User{i}\n switchport access vlan 10\n"))
    facts.spans = [SpanFacts("VLAN0010", "5254.001b.1c58", "Gi1/0/1", "Root", "Gi1/0/1")]
    return facts


def rows_of(r: WriteResult) -> int:
    return 2 + r.inserted + r.updated + r.deleted + (r.inserted + r.updated) + 2 * r.span_rows


@dataclass(slots=True)
class BenchResult:
    backend: str
    hosts: int = 0
    rows: int = 0
    seconds: float = 0.0
    first_run_rows_s: float = 0.0
    rerun_rows_s: float = 0.0
    error: str = ""

    @property
    def rows_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"backend": self.backend, "hosts": self.hosts, "rows": self.rows, "seconds": round(self.seconds, 3),
                "rows_per_s": round(self.rows_s), "first_run_rows_per_s": round(self.first_run_rows_s),
                "rerun_rows_per_s": round(self.rerun_rows_s), "error": self.error}


def opener(backend: str, folder: Path, dsn: str) -> Callable[[str], SiteStore]:
    from engine.store import open_site_store

    if backend == "sqlite":
        return lambda site: open_site_store(StoreConfig(), site, folder / f"{site}.sqlite")
    if backend in ("odbc", "odbc-staged"):
        from engine.store.odbc import OdbcSiteStore

        staged = 1 if backend == "odbc-staged" else 0
        return lambda site: OdbcSiteStore(f"Driver=SQLite3;Database={folder / (site + '.odbc.sqlite')}", site,
                                          bulk_threshold=staged)
    if backend == "postgresql":
        if not dsn:
            raise StoreError("postgresql needs --dsn (scripts/bench_stores.py starts a throwaway server)")
        return lambda site: open_site_store(StoreConfig(backend="postgresql", dsn=dsn), f"bench_{site}", None)
    if backend == "access":
        return lambda site: open_site_store(StoreConfig(backend="access"), site, folder / f"{site}.accdb")
    raise StoreError(f"unknown backend {backend!r}")


def bench_backend(backend: str, hosts: int, ports: int, runs: int, dsn: str = "") -> BenchResult:
    result = BenchResult(backend)
    sites = ("WLLS", "BOYO")
    with tempfile.TemporaryDirectory(prefix="st-bench-") as tmp:
        try:
            open_store = opener(backend, Path(tmp), dsn)
            stores = {site: open_store(site) for site in sites}
        except StoreError as exc:
            result.error = str(exc)
            return result
        try:
            start = datetime(2026, 1, 1, 8, 0, 0)
            corpus = [[(site, corpus_host(site, n, run, ports)) for n in range(hosts) for site in sites[n % 2:n % 2 + 1]]
                      for run in range(runs)]
            for run, batch in enumerate(corpus):
                rows = 0
                t0 = time.perf_counter()
                for site, facts in batch:
                    rows += rows_of(stores[site].write_host(facts, site, start + timedelta(hours=run)))
                dt = time.perf_counter() - t0
                result.rows += rows
                result.seconds += dt
                result.hosts += len(batch)
                if run == 0:
                    result.first_run_rows_s = rows / dt
                else:
                    result.rerun_rows_s = (result.rerun_rows_s * (run - 1) + rows / dt) / run
        finally:
            for store in stores.values():
                store.close()
            if backend == "postgresql":
                _drop_bench_schemas(dsn, sites)
    return result


def _drop_bench_schemas(dsn: str, sites: tuple[str, ...]) -> None:
    from engine.store.postgres import connect, site_schema

    conn = connect(dsn, autocommit=True)
    try:
        for site in sites:
            conn.execute(f'DROP SCHEMA IF EXISTS "{site_schema("bench_" + site)}" CASCADE')
    finally:
        conn.close()


def run_bench_command(args: argparse.Namespace) -> int:
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    results = [bench_backend(b, args.hosts, args.ports, args.runs, args.dsn) for b in backends]
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2))
        return 0
    print(f"{args.hosts} hosts x {args.ports} ports, {args.runs} runs (run 1 inserts, later runs change ~20%)")
    print(f"{'backend':<14} {'rows/s':>10} {'run 1 rows/s':>13} {'re-run rows/s':>14} {'hosts/s':>8}")
    for r in results:
        if r.error:
            print(f"{r.backend:<14} skipped: {r.error}")
        else:
            print(f"{r.backend:<14} {r.rows_s:>10,.0f} {r.first_run_rows_s:>13,.0f} {r.rerun_rows_s:>14,.0f} "
                  f"{r.hosts / r.seconds:>8,.0f}")
    return 0
