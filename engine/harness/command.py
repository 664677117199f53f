"""`statetrace-cli harness CORPUS`: cold, warm and incremental runs of the real CLI, with figures.

Each phase runs `statetrace-cli ingest --json` in its own process (the path users run, and a clean
peak-RSS reading), with its telemetry in its own folder; the report comes from the summaries and
that telemetry. Optional: the same bytes over twice the sites, and a TextFSM parse-only baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.harness.report import PhaseReport, phase_report, read_events, to_json, to_markdown
from engine.transcript.source import discover


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("harness", help="measure cold/warm/incremental ingestion of a corpus")
    p.add_argument("corpus", type=Path)
    p.add_argument("--home", type=Path, help="workspace for the runs (default: a temporary folder)")
    p.add_argument("--mutated", type=Path, help="a follow-up corpus (loadgen --mutate) for the incremental run")
    p.add_argument("--sites-double", action="store_true", help="re-run the same bytes spread over twice the sites")
    p.add_argument("--textfsm-baseline-mb", type=float, default=0.0,
                   help="also parse this many MB of the corpus with ntc-templates (parse-only baseline)")
    p.add_argument("--processes", type=int, default=0)
    p.add_argument("--report", type=Path, help="write the JSON report here (and FILE.md beside it)")
    p.set_defaults(func=run)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "engine.cli", *args]


def run_phase(name: str, corpus: Path, home: Path, processes: int, extra: tuple[str, ...] = ()) -> PhaseReport:
    metrics = home / "logs" / f"harness-{name}"
    metrics.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "STATETRACE_TELEMETRY_DIR": str(metrics)}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    proc = subprocess.run(_cli("ingest", str(corpus), "--home", str(home), "--json", "--processes", str(processes),
                               *extra), capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = max(before, usage.ru_maxrss)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    try:
        summary = json.loads(proc.stdout)
    except json.JSONDecodeError:
        summary = {"failures": [{"reason": (proc.stderr or proc.stdout)[-2000:]}]}
    report = phase_report(name, summary, read_events(metrics), seconds, peak_kb / 1024, site_bytes(corpus),
                          proc.returncode)
    report.cpu_seconds = round(cpu, 1)
    print(f"{name:<12} {report.mb:>8} MB {report.seconds:>8} s {report.mb_per_s:>7} MB/s  written {report.parsed}"
          f"  skipped {report.skipped}  failed {report.failed}  write p95 {report.write_p95_ms} ms"
          f"  queue max {report.queue_max}  RSS {report.peak_rss_mb} MB  CPU {report.cpu_seconds} s", flush=True)
    return report


def site_bytes(corpus: Path) -> dict[str, int]:
    """Bytes per site from the loadgen manifest when there is one (else empty)."""
    manifest = corpus / "manifest.json"
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text())
        return {s["code"]: int(s.get("bytes", 0)) for s in data.get("site_list", []) if "code" in s}
    except (ValueError, KeyError, TypeError):
        return {}


def double_sites(corpus: Path, out: Path) -> int:
    """Copy the corpus moving every other host to a new site (`WLLS-...` -> `WLL2-...`): same bytes."""
    from engine.transcript.split import SplitState, split_piece

    out.mkdir(parents=True, exist_ok=True)
    total = 0
    sources, _ = discover([corpus])
    for src in sources:
        text = src.path.read_text(encoding="utf-8", errors="surrogateescape")
        hosts = sorted({seg.host for seg in split_piece(text.replace("\r\n", "\n"), SplitState())})
        for i, host in enumerate(hosts):
            dash = host.find("-")
            if i % 2 == 1 and dash >= 2:
                text = text.replace(host + "#", host[: dash - 1] + "2" + host[dash:] + "#")
                text = text.replace(host + ">", host[: dash - 1] + "2" + host[dash:] + ">")
                text = text.replace("hostname " + host, "hostname " + host[: dash - 1] + "2" + host[dash:])
        target = out / src.path.relative_to(corpus) if src.path.is_relative_to(corpus) else out / src.path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", errors="surrogateescape")
        total += len(text)
    return total


def textfsm_baseline(corpus: Path, limit_mb: float) -> float:
    """MB/s of ntc-templates `parse_output` over the same command outputs (a sample of the corpus)."""
    from ntc_templates.parse import parse_output

    from engine.facts.vendor import detect_vendor
    from engine.parsing.commands import canonical_command
    from engine.transcript.split import SplitState, split_piece

    known = ("show version", "show interfaces status", "show mac address-table", "show interfaces",
             "show spanning-tree", "show vlan", "show running-config", "show interfaces brief", "show mac-address",
             "show authentication sessions", "show cdp neighbors detail", "show ip interface brief")
    used = 0
    spent = 0.0
    sources, _ = discover([corpus])
    for src in sources:
        if used >= limit_mb * 1e6:
            break
        text = src.path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        used += len(text)
        for seg in split_piece(text, SplitState()):
            blocks = [(canonical_command(b.command, known), text[b.start:b.end]) for b in seg.blocks]
            version = next((t for c, t in blocks if c == "show version"), "")
            platform = detect_vendor(version, version, seg.prefix, []).platform
            if platform is None:
                continue
            for command, output in blocks:
                if command is None:
                    continue
                t0 = time.perf_counter()
                try:
                    parse_output(platform=platform, command=command, data=output)
                except Exception:  # noqa: BLE001 - no template for this command: not counted
                    continue
                spent += time.perf_counter() - t0
    return round(used / 1e6 / spent, 2) if spent else 0.0


def run(args: argparse.Namespace) -> int:
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"statetrace-cli harness: {corpus} is not a folder", file=sys.stderr)
        return 2
    temp = Path(tempfile.mkdtemp(prefix="statetrace-harness-"))
    home = args.home or temp / "home"
    phases: list[PhaseReport] = []
    extra: dict[str, Any] = {"command": "statetrace-cli " + " ".join(sys.argv[1:])}
    try:
        phases.append(run_phase("cold", corpus, home, args.processes))
        phases.append(run_phase("warm", corpus, home, args.processes))
        if args.mutated:
            phases.append(run_phase("incremental", args.mutated, home, args.processes))
        if args.sites_double:
            doubled = temp / "doubled"
            double_sites(corpus, doubled)
            double = run_phase("sites-x2", doubled, temp / "home-doubled", args.processes)
            phases.append(double)
            extra["sites_double_ratio"] = round(double.seconds / phases[0].seconds, 3) if phases[0].seconds else 0
        if args.textfsm_baseline_mb > 0:
            mbps = textfsm_baseline(corpus, args.textfsm_baseline_mb)
            extra["textfsm_mb_per_s"] = mbps
            extra["textfsm_sample_mb"] = args.textfsm_baseline_mb
            if mbps:
                extra["ratio_to_textfsm"] = f"{phases[0].mb_per_s / mbps:.1f}x"
            print(f"textfsm baseline: {mbps} MB/s (parse only, {args.textfsm_baseline_mb} MB sample)")
    finally:
        report = to_json(phases, extra)
        markdown = to_markdown(report)
        print(markdown)
        if args.report:
            try:
                args.report.parent.mkdir(parents=True, exist_ok=True)
                args.report.write_text(json.dumps(report, indent=2))
                args.report.with_suffix(".md").write_text(markdown)
                print(f"report written to {args.report}")
            except OSError as exc:
                print(f"statetrace-cli harness: cannot write the report to {args.report}: {exc} "
                      "(the figures are printed above)", file=sys.stderr)
        shutil.rmtree(temp, ignore_errors=True)
    return 0 if all(p.exit_code == 0 for p in phases) else 1
