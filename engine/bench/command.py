"""`statetrace-cli bench-throughput`: single-process and multi-process ingestion MB/s on a generated corpus."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.ingest.pipeline import IngestOptions
from engine.runtime.qt_runtime import ingest
from engine.telemetry import Telemetry
from engine.workspace import Workspace


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have ended (the parse processes)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def parse_size(text: str) -> int:
    units = {"KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000, "B": 1}
    t = text.strip().upper()
    for unit in ("KB", "MB", "GB", "B"):
        if t.endswith(unit):
            return int(float(t[: -len(unit)]) * units[unit])
    return int(t)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench-throughput", help="measure ingestion MB/s on a generated corpus (prints figures)")
    p.add_argument("--size", default="100MB")
    p.add_argument("--sites", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    p.add_argument("--processes", default="1", help="comma list of parse-process counts to measure, e.g. 1,2")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)
    register_writes(sub)
    from engine.bench.find import register as register_find

    register_find(sub)


def run(args: argparse.Namespace) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="statetrace-bench-"))
    try:
        corpus = args.corpus
        if corpus is None:
            from engine.loadgen import generate_corpus

            corpus = tmp / "corpus"
            t0 = time.perf_counter()
            summary = generate_corpus(corpus, parse_size(args.size), args.sites, seed=args.seed)
            print(f"generated {summary.bytes / 1e6:.1f} MB, {summary.hosts} hosts in {time.perf_counter() - t0:.1f} s")
        results = []
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} at start")
        for n in [int(x) for x in str(args.processes).split(",")]:
            home = tmp / f"home-{n}"
            ws = Workspace(home)
            tel = Telemetry(ws.metrics_dir)
            cpu0 = _cpu_seconds()
            s = ingest([corpus], ws, IngestOptions(processes=n), tel)
            tel.close()
            cpu_cold = _cpu_seconds() - cpu0
            lat = sorted(s.latencies_ms)
            p95 = lat[int(0.95 * (len(lat) - 1))] if lat else 0.0
            row = {"processes": n, "mb": round(s.bytes / 1e6, 1), "seconds": round(s.seconds, 2),
                   "mb_per_s": round(s.bytes / 1e6 / s.seconds, 1), "hosts": s.hosts, "parsed": s.parsed,
                   "failed": s.failed, "rows_written": s.rows_written, "write_p95_ms": round(p95, 2),
                   "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
            results.append(row)
            t0 = time.perf_counter()
            cpu0 = _cpu_seconds()
            warm = ingest([corpus], ws, IngestOptions(processes=n), Telemetry(None))
            cpu_warm = _cpu_seconds() - cpu0
            row["warm_seconds"] = round(time.perf_counter() - t0, 2)
            row["warm_skipped"] = warm.skipped
            per_100mb = 100.0 / (s.bytes / 1e6) if s.bytes else 0.0
            row["cpu_s_per_100mb"] = round(cpu_cold * per_100mb, 2)
            row["warm_cpu_s_per_100mb"] = round(cpu_warm * per_100mb, 2)
            row["load_average"] = round(os.getloadavg()[0], 2)
            print(f"processes={n}: {row['mb']} MB in {row['seconds']} s = {row['mb_per_s']} MB/s; "
                  f"{row['cpu_s_per_100mb']} CPU-s per 100 MB (self + children; warm {row['warm_cpu_s_per_100mb']}); "
                  f"{row['parsed']} hosts written, {row['failed']} failed, {row['rows_written']} rows; "
                  f"write p95 {row['write_p95_ms']} ms; warm re-run {row['warm_seconds']} s "
                  f"({row['warm_skipped']} skipped); load average {row['load_average']}")
        if len(results) > 1:
            base = results[0]["seconds"]
            for r in results[1:]:
                print(f"speed-up {results[0]['processes']} -> {r['processes']} processes: {base / r['seconds']:.2f}x")
        if args.json:
            print(json.dumps(results))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def register_writes(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "bench-writes", help="DatabaseWriteLatency of big stacks on the SQLite store (prints p50/p95/max)")
    p.add_argument("--ports", type=int, default=384)
    p.add_argument("--hosts", type=int, default=100)
    p.add_argument("--batch", type=int, default=0, help="MaxInterfacesPerBatch (0: one transaction per host)")
    p.set_defaults(func=run_writes)


def _stack(host: str, ports: int, generation: int) -> Any:
    from engine.model import DeviceFacts, PortFacts

    facts = DeviceFacts(hostname=host, vendor="Cisco", model="C9300-48P", uptime="3 weeks", building="5", room="2")
    for i in range(ports):
        member, index = divmod(i, 48)
        changed = generation and (i * 7 + generation) % 10 == 0  # a tenth of the ports change per run
        facts.ports.append(PortFacts(
            port=f"Gi{member + 1}/0/{index + 1}", name=f"Desk {member + 1}-{index + 1} Floor 2",
            status="notconnect" if changed else "connected", vlan=20 + index % 4, duplex="a-full", speed="a-1000",
            type="10/100/1000BaseTX", learned_macs=[f"00aa.{member:02x}{index:02x}.{int(bool(changed)):04x}"],
            auth_state="Authorized", auth_mode="dot1x", auth_template="flexible",
            config=" switchport access vlan 20\n switchport mode access\n authentication port-control auto\n mab\n"
                   " dot1x pae authenticator"))
    return facts


def run_writes(args: argparse.Namespace) -> int:
    from datetime import datetime

    from engine.rollup.metrics import percentile
    from engine.store.sqlite import SqliteSiteStore

    tmp = Path(tempfile.mkdtemp(prefix="statetrace-bench-writes-"))
    try:
        store = SqliteSiteStore(tmp / "WLLS.sqlite", args.batch)
        for generation, label in ((0, "cold (all rows new)"), (1, "re-ingest, 10% of ports changed"),
                                  (1, "re-ingest, unchanged")):
            lat = [store.write_host(_stack(f"WLLS-A01-AS-{h:03d}", args.ports, generation), "WLLS",
                                    datetime.now()).latency_ms for h in range(args.hosts)]
            print(f"{args.ports} ports x {args.hosts} hosts, {label}, batch {args.batch or 'off'}: "
                  f"p50 {percentile(lat, 50):.2f} ms, p95 {percentile(lat, 95):.2f} ms, max {max(lat):.2f} ms")
        store.close()
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
