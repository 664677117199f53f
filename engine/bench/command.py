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


def _split_cpu() -> tuple[float, float]:
    """(this process, its ended children) CPU-seconds."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def parse_size(text: str) -> int:
    units = {"KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000, "B": 1}
    t = text.strip().upper()
    for unit in ("KB", "MB", "GB", "B"):
        if t.endswith(unit):
            return int(float(t[: -len(unit)]) * units[unit])
    return int(t)


def register(sub: Any) -> None:
    from engine.loadgen.corpus import PROFILES

    p: argparse.ArgumentParser = sub.add_parser(
        "bench-throughput", help="measure ingestion CPU-seconds per 100 MB and MB/s on a corpus (prints figures)")
    p.add_argument("--size", default="100MB")
    p.add_argument("--sites", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--profile", choices=PROFILES, default="big-stack", help="loadgen corpus shape to generate")
    p.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    p.add_argument("--processes", default="2", help="comma list of parse-process counts to measure, e.g. 1,2")
    p.add_argument("--textfsm", action="store_true",
                   help="also run a cached-TextFSM script on the corpus (needs textfsm and ntc-templates) "
                        "and print the CPU ratio")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)
    register_writes(sub)
    from engine.bench.find import register as register_find

    register_find(sub)


def _per_100mb(cpu: float, nbytes: int) -> float:
    return round(cpu * 100.0 / (nbytes / 1e6), 2) if nbytes else 0.0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(args: argparse.Namespace) -> int:
    from engine.runtime.writers import WRITER_CPU

    tmp = Path(tempfile.mkdtemp(prefix="statetrace-bench-"))
    try:
        corpus = args.corpus
        if corpus is None:
            from engine.loadgen import generate_corpus

            corpus = tmp / "corpus"
            t0 = time.perf_counter()
            summary = generate_corpus(corpus, parse_size(args.size), args.sites, seed=args.seed,
                                      profile=args.profile)
            print(f"generated {summary.bytes / 1e6:.1f} MB ({args.profile}), {summary.hosts} hosts "
                  f"in {time.perf_counter() - t0:.1f} s")
        results: list[dict[str, Any]] = []
        print(f"load average {_load()} at start")
        for n in [int(x) for x in str(args.processes).split(",")]:
            home = tmp / f"home-{n}"
            ws = Workspace(home)
            tel = Telemetry(ws.metrics_dir)
            own0, kids0 = _split_cpu()
            writer0 = WRITER_CPU.seconds
            s = ingest([corpus], ws, IngestOptions(processes=n), tel)
            tel.close()
            own1, kids1 = _split_cpu()
            main_cpu, parse_cpu = own1 - own0, kids1 - kids0
            write_cpu = WRITER_CPU.seconds - writer0
            cold = main_cpu + parse_cpu
            lat = sorted(s.latencies_ms)
            p95 = lat[int(0.95 * (len(lat) - 1))] if lat else 0.0
            row: dict[str, Any] = {
                "processes": n, "mb": round(s.bytes / 1e6, 1), "seconds": round(s.seconds, 2),
                "mb_per_s": round(s.bytes / 1e6 / s.seconds, 1) if s.seconds else 0.0, "hosts": s.hosts,
                "parsed": s.parsed, "failed": s.failed, "rows_written": s.rows_written,
                "write_p95_ms": round(p95, 2), "cpu_s_per_100mb": _per_100mb(cold, s.bytes),
                # With one process the parsing runs in the main process: its share is in the rest of main.
                "shares": {"parse processes": round(parse_cpu / cold, 3) if cold else 0.0,
                           "writer threads": round(write_cpu / cold, 3) if cold else 0.0,
                           ("rest of main (runtime)" if n > 1 else "rest of main (parsing and runtime)"):
                               round((main_cpu - write_cpu) / cold, 3) if cold else 0.0},
                # ru_maxrss: this process's peak so far (over the runs before too), and the largest ended
                # child's (one parse process).
                "peak_rss_mb": {"main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                                "largest parse process":
                                    round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)},
                "load_average": _load()}
            results.append(row)
            t0 = time.perf_counter()
            cpu0 = _cpu_seconds()
            warm = ingest([corpus], ws, IngestOptions(processes=n), Telemetry(None))
            row["warm_seconds"] = round(time.perf_counter() - t0, 2)
            row["warm_skipped"] = warm.skipped
            row["warm_cpu_s_per_100mb"] = _per_100mb(_cpu_seconds() - cpu0, s.bytes)
            shares = ", ".join(f"{k} {v:.0%}" for k, v in row["shares"].items())
            rss = row["peak_rss_mb"]
            print(f"processes={n}: {row['mb']} MB in {row['seconds']} s = {row['mb_per_s']} MB/s; "
                  f"{row['cpu_s_per_100mb']} CPU-s per 100 MB cold (self + children; {shares}); "
                  f"warm re-run {row['warm_cpu_s_per_100mb']} CPU-s per 100 MB ({row['warm_seconds']} s, "
                  f"{row['warm_skipped']} skipped); {row['parsed']} hosts written, {row['failed']} failed, "
                  f"{row['rows_written']} rows; write p95 {row['write_p95_ms']} ms; peak RSS main {rss['main']} MB, "
                  f"largest parse process {rss['largest parse process']} MB; load average {row['load_average']}")
        if len(results) > 1:
            base = results[0]["seconds"]
            for r in results[1:]:
                print(f"speed-up {results[0]['processes']} -> {r['processes']} processes: {base / r['seconds']:.2f}x")
        if args.textfsm:
            _textfsm_ratio(corpus, tmp, results)
        if args.json:
            print(json.dumps(results))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _textfsm_ratio(corpus: Path, tmp: Path, results: list[dict[str, Any]]) -> None:
    """The cached-TextFSM script on the same corpus, now, and each run's CPU as a ratio of its CPU."""
    try:
        from engine.bench.textfsm_pipeline import run_pipeline
        files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "manifest.json")
        own0, _ = _split_cpu()
        t0 = time.perf_counter()
        done = run_pipeline(files, tmp / "textfsm.sqlite")
    except ImportError as exc:
        print(f"cached-TextFSM script skipped: {exc} (pip install textfsm ntc-templates)")
        return
    cpu = _split_cpu()[0] - own0
    wall = time.perf_counter() - t0
    per = _per_100mb(cpu, done.bytes)
    print(f"cached-TextFSM script (one process): {done.bytes / 1e6:.1f} MB, {done.hosts} hosts, {done.records} "
          f"records in {wall:.1f} s = {done.bytes / 1e6 / wall:.1f} MB/s; {per} CPU-s per 100 MB; "
          f"load average {_load()}")
    for r in results:
        r["textfsm_cpu_s_per_100mb"] = per
        print(f"processes={r['processes']}: {r['cpu_s_per_100mb'] / per:.2f}x the script's CPU per MB "
              f"({per / r['cpu_s_per_100mb']:.1f}x as efficient)" if per and r["cpu_s_per_100mb"] else "")


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
