"""Writing a whole load corpus: sites, capture files, parallel rendering, the size cut-off, the manifest.

The corpus is an endless, deterministic sequence of capture files (each a few hosts of one site,
sites interleaved by byte share); generation renders that sequence in order on a process pool and
stops at the host whose cumulative size is closest to the request. The cut-off uses the sizes of the
*unmutated* hosts, so `--mutate` changes host contents but never which hosts or files exist.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from engine.loadgen.build import (
    ALL_VENDORS,
    VENDORS,
    HostPlan,
    SitePlan,
    build_host,
    estimate_bytes,
    largest_host_bytes,
    mutate_host,
    plan_host,
)
from engine.loadgen.transcript import render_host

MANIFEST = "manifest.json"
MAX_HOSTS_PER_FILE = 8
# Corpus shapes: today's default of big stacks, one site per file; and the access-edge shape of the
# real-output corpus of issue 12 (single 48-port switches, a third each vendor, several sites per file).
PROFILES = ("big-stack", "access-edge")
EDGE_HOSTS_PER_FILE = (2, 12)
CRLF_SHARE = 0.25  # share of capture files written with Windows line ends, as Windows tools do
_SITE_POOL = (
    "WLLS", "BOYO", "KNOX", "MRSH", "CLVD", "HRTF", "PNDL", "STRK", "ELMW", "GRVS",
    "OAKR", "BRKS", "FRMT", "LNDN", "RDGE", "SPRV", "TWNS", "HLLC", "MDWY", "CRST",
)  # fmt: skip
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class CorpusSummary:
    """What `generate_corpus` wrote."""

    out: Path
    files: int
    bytes: int
    hosts: int
    site_hosts: dict[str, int]
    site_bytes: dict[str, int]
    mutated_hosts: int
    seconds: float

    @property
    def sites(self) -> int:
        return len(self.site_hosts)


@dataclass(slots=True)
class _Batch:
    """One capture file of the endless sequence."""

    seq: int
    site: str
    name: str
    plans: list[HostPlan]
    crlf: bool


@dataclass(slots=True)
class _HostRow:
    hostname: str
    site: str
    vendor: str
    model: str
    ports: int
    bytes: int  # as written (mutated when mutated)
    base_bytes: int  # of the unmutated host: what the size cut-off counts
    mutated: bool


@dataclass(slots=True)
class _BatchResult:
    name: str
    hosts: list[_HostRow] = field(default_factory=list)


# --- planning --------------------------------------------------------------------------------------


def plan_sites(seed: int, sites: int, vendors: Sequence[str], profile: str = "big-stack") -> list[SitePlan]:
    """The sites of a corpus: one heavy site with the largest switches, then medium and light ones; or,
    for the access-edge profile, sites of single access switches with every vendor in equal shares."""
    if sites < 1:
        raise ValueError("sites must be at least 1")
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}; got {profile!r}")
    rng = random.Random(f"{seed}:sites")
    codes = list(_SITE_POOL[:2])
    rest = list(_SITE_POOL[2:])
    rng.shuffle(rest)
    codes += rest
    while len(codes) < sites:
        code = "".join(rng.choice(_LETTERS) for _ in range(4))
        if code not in codes:
            codes.append(code)
    codes = codes[:sites]
    if profile == "access-edge":
        return [_edge_site(rng, seed, i, code, sites, vendors) for i, code in enumerate(codes)]
    profiles = ["heavy"] + ["medium" if i % 2 else "light" for i in range(1, sites)]
    units = {"medium": 2.0, "light": 1.0}
    rest_units = sum(units[p] for p in profiles[1:]) or 1.0
    plans = []
    for i, (code, profile) in enumerate(zip(codes, profiles, strict=True)):
        weight = (0.45 if sites > 1 else 1.0) if profile == "heavy" else 0.55 * units[profile] / rest_units
        if i == 0:
            primary = "cisco" if "cisco" in vendors else vendors[0]
        elif i == 1:
            primary = "fastiron" if "fastiron" in vendors else vendors[-1]
        else:
            primary = vendors[(i - 2) % len(vendors)]
        pure = i == 1 or len(vendors) == 1  # the second site is single-vendor, like the legacy BOYO
        mix = tuple((v, 8 if v == primary else (0 if pure else 1)) for v in vendors)
        mix = tuple(vw for vw in mix if vw[1] > 0)
        capture = date(2025, 10, 1) + timedelta(days=(seed * 7 + i) % 60)
        plans.append(
            SitePlan(
                code=code,
                index=i,
                profile=profile,
                weight=weight,
                vendor_weights=mix,
                per_area=rng.randrange(6, 25),
                octet=(i * 37 + 11) % 250 + 1,
                capture_date=capture.strftime("%Y%m%d"),
            )
        )
    return plans


def _edge_site(rng: random.Random, seed: int, i: int, code: str, sites: int, vendors: Sequence[str]) -> SitePlan:
    """An access-edge site: sizes from 2:1 down the list, every vendor weighted the same."""
    units = [2.0 if k % 2 == 0 else 1.0 for k in range(sites)]
    capture = date(2025, 10, 1) + timedelta(days=(seed * 7 + i) % 60)
    return SitePlan(code=code, index=i, profile="edge", weight=units[i] / sum(units),
                    vendor_weights=tuple((v, 1) for v in vendors), per_area=rng.randrange(6, 25),
                    octet=(i * 37 + 11) % 250 + 1, capture_date=capture.strftime("%Y%m%d"))


def max_members_for(size_bytes: int, vendors: Sequence[str]) -> int:
    """Largest stack size that keeps one host under 1/40 of the corpus, so the size cut-off stays fine."""
    best = 1
    for m in range(1, 9):
        if max(largest_host_bytes(v, m) for v in vendors) * 40 <= size_bytes:
            best = m
    return best


def iter_batches(seed: int, sites: list[SitePlan], max_members: int, profile: str = "big-stack") -> Iterator[_Batch]:
    """The endless capture-file sequence: sites take turns by estimated bytes over their weight."""
    rng = random.Random(f"{seed}:batches")
    emitted = [0.0] * len(sites)
    next_host = [0] * len(sites)
    numbers = [0] * len(sites)
    seq = 0
    while profile == "access-edge":
        # A collector's file: hosts of several sites, each host from the site furthest behind its share.
        plans = []
        for _ in range(_ri_batch(rng, *EDGE_HOSTS_PER_FILE)):
            i = min(range(len(sites)), key=lambda k: (emitted[k] / sites[k].weight, k))
            plan = plan_host(seed, sites[i], next_host[i], max_members)
            next_host[i] += 1
            emitted[i] += estimate_bytes(plan)
            plans.append(plan)
        name = f"edge_{sites[0].capture_date}_batch{seq + 1:04d}.log"
        crlf = random.Random(f"{seed}:{name}:eol").random() < CRLF_SHARE
        yield _Batch(seq, plans[0].site, name, plans, crlf)
        seq += 1
    while True:
        i = min(range(len(sites)), key=lambda k: (emitted[k] / sites[k].weight, k))
        site = sites[i]
        count = 1 + int(rng.random() * MAX_HOSTS_PER_FILE)
        plans = [plan_host(seed, site, next_host[i] + j, max_members) for j in range(count)]
        next_host[i] += count
        numbers[i] += 1
        emitted[i] += sum(estimate_bytes(p) for p in plans)
        name = f"{site.code}_{site.capture_date}_batch{numbers[i]:02d}.log"
        crlf = random.Random(f"{seed}:{name}:eol").random() < CRLF_SHARE
        yield _Batch(seq, site.code, name, plans, crlf)
        seq += 1


def _ri_batch(rng: random.Random, lo: int, hi: int) -> int:
    return lo + int(rng.random() * (hi - lo + 1))


def is_mutated(seed: int, hostname: str, mutate_pct: float) -> bool:
    """Whether `--mutate PCT` changes this host: a fixed draw per (seed, host), so 5% is inside 10%."""
    return mutate_pct > 0 and random.Random(f"{seed}:{hostname}:mutate").random() * 100.0 < mutate_pct


# --- rendering (runs in worker processes) ----------------------------------------------------------


def _encode(text: str, crlf: bool) -> bytes:
    return (text.replace("\n", "\r\n") if crlf else text).encode("ascii")


def write_batch(out: Path, batch: _Batch, seed: int, mutate_pct: float) -> _BatchResult:
    """Render one capture file host by host (only one host's text is ever held in memory)."""
    result = _BatchResult(batch.name)
    with open(out / batch.name, "wb") as fh:
        for plan in batch.plans:
            spec = build_host(plan)
            data = _encode(render_host(spec), batch.crlf)
            base = len(data)
            mutated = is_mutated(seed, plan.hostname, mutate_pct)
            if mutated:
                mutate_host(spec, random.Random(f"{plan.key}:mutate"))
                data = _encode(render_host(spec), batch.crlf)
            fh.write(data)
            result.hosts.append(
                _HostRow(
                    plan.hostname,
                    plan.site,
                    spec.vendor,
                    spec.model,
                    spec.port_count,
                    len(data),
                    base,
                    mutated,
                )
            )
    return result


# --- the driver ------------------------------------------------------------------------------------


def generate_corpus(
    out: Path,
    size_bytes: int,
    sites: int,
    seed: int = 1,
    vendors: Sequence[str] = VENDORS,
    mutate_pct: float = 0.0,
    progress: Progress | None = None,
    workers: int | None = None,
    profile: str = "big-stack",
) -> CorpusSummary:
    """Write about `size_bytes` of capture files for `sites` sites into `out`, plus `manifest.json`.

    Same arguments, same bytes. `workers` defaults to the CPU count; 1 renders in this process.
    """
    started = time.perf_counter()
    vendors = tuple(dict.fromkeys(v.lower() for v in vendors))
    unknown = [v for v in vendors if v not in ALL_VENDORS]
    if not vendors or unknown:
        raise ValueError(f"vendors must be among {', '.join(ALL_VENDORS)}; got {', '.join(unknown) or 'none'}")
    if size_bytes <= 0:
        raise ValueError("size must be positive")
    if not 0.0 <= mutate_pct <= 100.0:
        raise ValueError("mutate must be between 0 and 100")
    out.mkdir(parents=True, exist_ok=True)
    _remove_previous(out)
    site_plans = plan_sites(seed, sites, vendors, profile)
    batches = iter_batches(seed, site_plans, max_members_for(size_bytes, vendors), profile)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))

    accepted: list[_BatchResult] = []
    covered: set[str] = set()
    all_sites = {s.code for s in site_plans}
    cum = 0
    done = False

    def consume(batch: _Batch, res: _BatchResult) -> bool:
        """Account one finished file in sequence order; False once the corpus is complete."""
        nonlocal cum, done
        if done:
            if batch.site in covered:
                (out / batch.name).unlink(missing_ok=True)
                return len(covered) < len(all_sites)
            keep = 1  # a site still without hosts gets one, so every requested site exists
        else:
            total = sum(h.base_bytes for h in res.hosts)
            if cum + total < size_bytes:
                keep = len(res.hosts)
            else:
                keep, best = 0, abs(cum - size_bytes)
                run = cum
                for k, h in enumerate(res.hosts, 1):
                    run += h.base_bytes
                    if abs(run - size_bytes) < best:
                        keep, best = k, abs(run - size_bytes)
                if keep == 0 and batch.site not in covered and not accepted:
                    keep = 1
                done = True
        if keep < len(res.hosts):
            _truncate(out / batch.name, sum(h.bytes for h in res.hosts[:keep]))
            res.hosts = res.hosts[:keep]
        if keep == 0:
            (out / batch.name).unlink(missing_ok=True)
        else:
            accepted.append(res)
            covered.update(h.site for h in res.hosts)
            cum += sum(h.base_bytes for h in res.hosts)
        if progress is not None:
            progress(min(cum, size_bytes), size_bytes)
        return not done or len(covered) < len(all_sites)

    if workers == 1:
        for batch in batches:
            if not consume(batch, write_batch(out, batch, seed, mutate_pct)):
                break
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[tuple[_Batch, Future[_BatchResult]]] = deque()
            try:
                while True:
                    while len(pending) < workers * 3:
                        b = next(batches)
                        pending.append((b, pool.submit(write_batch, out, b, seed, mutate_pct)))
                    batch, fut = pending.popleft()
                    if not consume(batch, fut.result()):
                        break
            finally:
                for _, f in pending:
                    f.cancel()
                for b, f in pending:
                    if not f.cancelled():
                        try:
                            f.result()
                        except Exception:  # noqa: BLE001 - a failed leftover file is deleted anyway
                            pass
                    (out / b.name).unlink(missing_ok=True)

    summary = _summarize(out, accepted, time.perf_counter() - started)
    _write_manifest(out, accepted, site_plans, seed, size_bytes, vendors, mutate_pct, summary, profile)
    return summary


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


def _remove_previous(out: Path) -> None:
    """Delete the files a previous run listed in its manifest (and nothing else) so runs never mix."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return
    try:
        files = json.loads(manifest.read_text())["files"]
    except (ValueError, KeyError, TypeError):
        return
    for entry in files:
        name = entry[0] if isinstance(entry, list) and entry else None
        if isinstance(name, str) and "/" not in name and "\\" not in name and name.endswith(".log"):
            (out / name).unlink(missing_ok=True)
    manifest.unlink()


def _summarize(out: Path, accepted: list[_BatchResult], seconds: float) -> CorpusSummary:
    site_hosts: dict[str, int] = {}
    site_bytes: dict[str, int] = {}
    mutated = 0
    for res in accepted:
        for h in res.hosts:
            site_hosts[h.site] = site_hosts.get(h.site, 0) + 1
            site_bytes[h.site] = site_bytes.get(h.site, 0) + h.bytes
            mutated += h.mutated
    return CorpusSummary(
        out=out,
        files=len(accepted),
        bytes=sum(site_bytes.values()),
        hosts=sum(site_hosts.values()),
        site_hosts=site_hosts,
        site_bytes=site_bytes,
        mutated_hosts=mutated,
        seconds=seconds,
    )


def _write_manifest(
    out: Path,
    accepted: list[_BatchResult],
    site_plans: list[SitePlan],
    seed: int,
    size_bytes: int,
    vendors: Sequence[str],
    mutate_pct: float,
    summary: CorpusSummary,
    profile: str = "big-stack",
) -> None:
    """A compact description of the corpus: a few dozen bytes per host, so small even for 1 GB."""
    per_site: dict[str, list[list[object]]] = {s.code: [] for s in site_plans}
    files = []
    for res in accepted:
        files.append([res.name, sum(h.bytes for h in res.hosts), len(res.hosts)])
        for h in res.hosts:
            per_site[h.site].append([h.hostname, h.vendor, h.model, h.ports, h.bytes, int(h.mutated)])
    manifest = {
        "generator": "statetrace-loadgen",
        "format": 1,
        "seed": seed,
        "profile": profile,
        "size": size_bytes,
        "bytes": summary.bytes,
        "sites": len(site_plans),
        "vendors": list(vendors),
        "mutate": mutate_pct,
        "hosts": summary.hosts,
        "mutated_hosts": summary.mutated_hosts,
        "crlf_share": CRLF_SHARE,
        "host_fields": ["hostname", "vendor", "model", "ports", "bytes", "mutated"],
        "site_list": [
            {
                "code": s.code,
                "profile": s.profile,
                "hosts": summary.site_hosts.get(s.code, 0),
                "bytes": summary.site_bytes.get(s.code, 0),
                "host_list": per_site[s.code],
            }
            for s in site_plans
        ],
        "file_fields": ["name", "bytes", "hosts"],
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")) + "\n")
