#!/usr/bin/env python3
"""Build a churned site database and measure what maintenance compaction gives back, and how fast.

Writes many hosts through the production SqliteSiteStore, round after round, each round mutating
port names, states, VLANs, config text and the port set (ports come and go), the way re-ingesting a
changing corpus does: history rows pile up, rows and index entries move, pages empty out. Then runs
`engine.maintenance` compaction (backup first, then VACUUM + ANALYZE + checkpoint) on the file and
prints size before/after, the share saved and the seconds per GB.

    .venv/bin/python scripts/bench_compaction.py --target-mb 550 --home /tmp/st-bench
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.maintenance.compaction import pays  # noqa: E402
from engine.maintenance.runner import MaintenanceOptions, run_maintenance  # noqa: E402
from engine.model import DeviceFacts, PortFacts, SpanFacts  # noqa: E402
from engine.settings import MaintenanceSettings  # noqa: E402
from engine.store.backends import SiteTarget  # noqa: E402
from engine.store.backends.sqlite import SqliteBackend  # noqa: E402
from engine.store.sqlite import SqliteSiteStore  # noqa: E402
from engine.telemetry import Telemetry  # noqa: E402
from engine.workspace import Workspace  # noqa: E402

STATES = ("Up", "Down", "Disable")
AUTH = (("Authorized", "dot1x"), ("Open", "open"), ("Unknown", "macauth"), ("Authenticating", "dot1x"))


def host_facts(rng: random.Random, site: str, host: int, round_no: int, profile: str = "reingest") -> DeviceFacts:
    if profile == "stack-churn":  # a stack member drops out every other run: 40 ports deleted, re-added later
        count = 48 if round_no % 2 == 0 else 8
    else:  # re-ingesting a mutated corpus: port counts vary a little, most ports change a little
        count = rng.choice((24, 36, 48, 52))
    ports = []
    for i in range(1, count + 1):
        state, mode = AUTH[rng.randrange(len(AUTH))]
        changed = rng.random() < 0.6  # most ports change a little every run
        ports.append(PortFacts(
            f"Gi{1 + i // 48}/0/{i % 48 + 1}",
            name=f"user-{host}-{i}-r{round_no if changed else 0}",
            status=rng.choice(STATES) if changed else "Up", vlan=rng.choice((10, 20, 30, 99)) if changed else 10,
            duplex="Full", speed=rng.choice(("1G", "100M")), type="Access",
            learned_macs=[f"00aa.bbcc.{rng.randrange(65536):04x}" for _ in range(rng.randrange(3))],
            auth_state=state, auth_mode=mode, auth_client_mac=f"00aa.bbcc.{i:04x}" if state == "Authorized" else "",
            auth_template=mode,
            config=(f"interface GigabitEthernet1/0/{i}\n description {'x' * rng.randrange(10, 120)}\n"
                    f" switchport access vlan {rng.choice((10, 20, 30))}\n authentication port-control auto\n"
                    " mab\n dot1x pae authenticator\n spanning-tree portfast\n"),
        ))
    return DeviceFacts(f"{site}-A{host:04d}-AS-01", "Cisco", model="C9300-48P", version="17.9.4",
                       uptime=f"{round_no} weeks", building=str(host % 9), room=str(100 + host % 50),
                       ports=ports, spans=[SpanFacts("VLAN0010", f"5254.001b.{round_no:04x}", "Gi1/0/1", "Root")])


def build(db: Path, site: str, hosts: int, target_bytes: int, seed: int, profile: str) -> dict[str, float]:
    rng = random.Random(seed)
    store = SqliteSiteStore(db)
    t0 = time.perf_counter()
    rounds = 0
    written = 0
    start = datetime(2026, 1, 1, 2, 0, 0)
    try:
        while True:
            run_date = start + timedelta(days=rounds)
            for h in range(hosts):
                store.write_host(host_facts(rng, site, h, rounds, profile), site, run_date)
                written += 1
            rounds += 1
            size = db.stat().st_size + (db.with_name(db.name + "-wal").stat().st_size
                                        if db.with_name(db.name + "-wal").exists() else 0)
            print(f"  round {rounds}: {size / 1e6:.0f} MB, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            if size >= target_bytes and (profile != "stack-churn" or rounds % 2 == 0):
                break
    finally:
        store.close()
    return {"rounds": rounds, "hosts_written": written, "build_seconds": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, default=Path("/tmp/statetrace-bench-compaction"))
    ap.add_argument("--site", default="BENCH")
    ap.add_argument("--hosts", type=int, default=2000)
    ap.add_argument("--target-mb", type=int, default=550)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", choices=("reingest", "stack-churn"), default="reingest",
                    help="reingest: a mutated corpus re-ingested; stack-churn: 40 of 48 ports vanish every other run")
    ap.add_argument("--keep", action="store_true", help="keep the workspace afterwards")
    args = ap.parse_args()
    if args.home.exists():
        shutil.rmtree(args.home)
    ws = Workspace(args.home)
    ws.ensure()
    db = ws.db_path(args.site)
    info = build(db, args.site, args.hosts, args.target_mb * 1_000_000, args.seed, args.profile)
    settings = MaintenanceSettings(BackupRetentionCount=1)
    # What the nightly run would decide with the default thresholds (the bench compacts regardless).
    estimate = SqliteBackend().space(SiteTarget(args.site, "sqlite", db), thorough=True)
    nightly_would_compact, why = pays(estimate, MaintenanceSettings())
    t0 = time.perf_counter()
    report = run_maintenance(ws, MaintenanceOptions(steps=("compact",), settings=settings, force_compact=True,
                                                    telemetry=Telemetry(None)))
    total = time.perf_counter() - t0
    step = next(s for s in report.sites[0].steps if s.step == "compact")
    if step.status != "ok":
        print(json.dumps(step.to_json(), indent=2))
        return 1
    d = step.details
    before, after = d["bytes_before"], d["bytes_after"]
    result = {
        **info, "hosts": args.hosts, "bytes_before": before, "bytes_after": after,
        "saved_pct": round(100 * (before - after) / before, 1),
        "compact_seconds": d["compact_seconds"], "seconds_per_gb": d["seconds_per_gb"],
        "step_seconds_with_backup": round(step.seconds, 1), "run_seconds": round(total, 1),
        "profile": args.profile, "nightly_would_compact": nightly_would_compact, "estimate": why,
    }
    print(json.dumps(result, indent=2))
    if not args.keep:
        shutil.rmtree(args.home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
