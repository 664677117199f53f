"""`statetrace-cli loadgen`: write a realistic, reproducible load corpus of switch transcripts."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from engine.console import ProgressBar
from engine.loadgen.build import ALL_VENDORS, VENDORS
from engine.loadgen.corpus import PROFILES, generate_corpus

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def parse_size(text: str) -> int:
    """`200MB`, `1GB`, `500KB`, `1.5G`, `12345` -> bytes (decimal units; `MiB` style is binary)."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 500KB, 200MB, 1GB or plain bytes)")
    number, unit = float(m.group(1)), (m.group(2) or "").upper()
    binary = "I" in unit
    letter = unit[:1] if unit[:1] in "KMGT" else ""
    factor = 1024 ** "KMGT".index(letter) * 1024 if binary and letter else _UNITS[letter]
    value = int(number * factor)
    if value <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return value


def _size_arg(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _vendors_arg(text: str) -> list[str]:
    vendors = [v.strip().lower() for v in text.split(",") if v.strip()]
    bad = [v for v in vendors if v not in ALL_VENDORS]
    if not vendors or bad:
        raise argparse.ArgumentTypeError(f"vendors must be a comma list of {','.join(ALL_VENDORS)}")
    return vendors


def _pct_arg(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from exc
    if not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError("mutate must be between 0 and 100")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `loadgen` subcommand (the project CLI calls this)."""
    p = subparsers.add_parser(
        "loadgen",
        help="write a realistic load corpus of switch transcripts",
        description="Write capture files (Cisco IOS-XE, Arista EOS, Ruckus/Brocade FastIron) totalling about "
        "SIZE bytes for SITES sites, plus manifest.json. Same arguments, same bytes.",
    )
    p.add_argument("--out", required=True, type=Path, help="output directory (created if missing)")
    p.add_argument("--size", required=True, type=_size_arg, help="total size: 500KB, 200MB, 1GB or bytes")
    p.add_argument("--sites", required=True, type=int, help="number of sites (databases)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--vendors", type=_vendors_arg, default=list(VENDORS), help=f"comma list of {','.join(ALL_VENDORS)} (default: {','.join(VENDORS)})")
    p.add_argument("--mutate", type=_pct_arg, default=0.0, metavar="PCT", help="change PCT%% of the hosts")
    p.add_argument("--profile", choices=PROFILES, default="big-stack",
                   help="corpus shape: big stacks, one site per file (default); or access-edge: single 48-port "
                        "switches, a third each vendor, hosts of several sites per file, MAC tables half the bytes")
    p.add_argument("--workers", type=int, default=None, help="processes (default: CPU count)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate the corpus; exit 0 on success, 2 on a usage error."""
    if args.sites < 1:
        print("loadgen: --sites must be at least 1", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("loadgen: --workers must be at least 1", file=sys.stderr)
        return 2
    tty = sys.stderr.isatty()
    bar = ProgressBar("loadgen") if tty else None

    def progress(done: int, total: int) -> None:
        assert bar is not None
        bar.update(done, total)

    try:
        summary = generate_corpus(
            args.out,
            args.size,
            args.sites,
            seed=args.seed,
            vendors=args.vendors,
            mutate_pct=args.mutate,
            progress=progress if tty else None,
            workers=args.workers,
            profile=args.profile,
        )
    except ValueError as exc:
        print(f"loadgen: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    per_site = ", ".join(f"{code} {n}" for code, n in summary.site_hosts.items())
    print(
        f"loadgen: {summary.bytes:,} bytes in {summary.files} files, {summary.hosts} hosts ({per_site}), "
        f"{summary.mutated_hosts} mutated, {summary.seconds:.1f} s -> {summary.out}"
    )
    return 0
