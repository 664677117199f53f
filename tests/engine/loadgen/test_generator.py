"""Load generator: determinism, mutation, corpus size, and that its transcripts read back exactly.

The round trip holds the project's parsers to `expected_records` for every command the generator
emits and a parser exists for (and always for the wave-1 commands, so a missing parser fails); the
TextFSM agreement holds `expected_records` to ntc-templates itself, so the corpus is as real as the
templates say devices are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from ntc_templates.parse import parse_output

from engine.loadgen import (
    HostSpec,
    SitePlan,
    build_host,
    expected_records,
    generate_corpus,
    is_mutated,
    mutate_host,
    plan_host,
    plan_sites,
    prompt_of,
    render_host,
)
from engine.loadgen.command import parse_size, register
from engine.parsing import UnsupportedCommand, find_parser, parse_show
from engine.parsing.commands import canonical_command

Record = dict[str, Any]
FAMILIES = ("C9300", "C9200", "720XP", "7050", "ICX7150", "ICX7450", "FCX")
VENDOR_OF = {"C9300": "cisco", "C9200": "cisco", "720XP": "arista", "7050": "arista"}
# Wave-1 parser commands (../shared/tools/ntc_conformance.py) among those the generator emits, as echoed.
REQUIRED = {
    "cisco_ios": (
        "show version",
        "show interfaces status",
        "show mac address-table",
        "show authentication sessions",
        "show vlan brief",
        "show interfaces",
        "show spanning-tree",
        "show cdp neighbors detail",
    ),
    "arista_eos": ("show version", "show interfaces status", "show mac address-table", "show vlan brief"),
    "ruckus_fastiron": ("show version", "show interfaces brief", "show mac-address"),
    "brocade_fastiron": ("show version", "show interfaces brief", "show mac-address"),
}
FILE_NAME = re.compile(r"^([A-Z]{4})_\d{8}_batch\d{2,}\.log$")
HOSTNAME = re.compile(r"^[A-Z]{4}-A\d{2,}-AS-\d{2,}$")


def carve(text: str, prompt: str) -> dict[str, str]:
    """Command -> its output: the text between its echo line and the next prompt line of this host."""
    echo = re.compile(rf"^{re.escape(prompt)}[#>](.*)$", re.MULTILINE)
    marks = list(echo.finditer(text))
    blocks = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        blocks[m.group(1)] = text[m.end() + 1 : end]
    return blocks


def _sample_hosts() -> dict[str, list[HostSpec]]:
    """Two hosts of every model family (stacks of at most two), plus a mutated one for four families."""
    found: dict[str, list[HostSpec]] = {f: [] for f in FAMILIES}
    for vendor, families in (("cisco", FAMILIES[:2]), ("arista", FAMILIES[2:4]), ("fastiron", FAMILIES[4:])):
        for profile in ("light", "medium", "heavy"):
            site = SitePlan("TEST", 0, profile, 1.0, ((vendor, 1),), 10, 20, "20251024")
            for index in range(40):
                if all(len(found[f]) >= 2 for f in families):
                    break
                spec = build_host(plan_host(7, site, index, 2))
                if len(found[spec.family]) < 2:
                    found[spec.family].append(spec)
    for family in ("C9300", "720XP", "ICX7450", "FCX"):
        site = SitePlan(
            "MUTE", 1, "medium", 1.0, ((VENDOR_OF.get(family, "fastiron"), 1),), 10, 30, "20251024"
        )
        spec = next(
            s for s in (build_host(plan_host(7, site, i, 2)) for i in range(80)) if s.family == family
        )
        mutate_host(spec, random.Random(family))
        found[family].append(spec)
    assert all(len(v) >= 2 for v in found.values()), {k: len(v) for k, v in found.items()}
    return found


HOSTS = _sample_hosts()


def _check(got: list[Record], want: list[Record], what: str) -> None:
    """Every expected field of every record, in order; parsers may add fields of their own."""
    assert len(got) == len(want), f"{what}: {len(got)} records, want {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        projected = {k: g.get(k) for k in w}
        assert projected == w, f"{what}: record {i} differs"


# --- the transcript itself -------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_transcript_shape(family: str) -> None:
    for spec in HOSTS[family]:
        text = render_host(spec)
        assert HOSTNAME.match(spec.hostname)
        first = text.split("\n", 1)[0]
        assert first.startswith(prompt_of(spec)) and first[len(prompt_of(spec))] in "#>"
        assert text.startswith("SSH@") == (spec.vendor == "fastiron")
        blocks = carve(text, prompt_of(spec))
        assert set(REQUIRED[spec.platform]) <= set(blocks)
        assert text.endswith(f"{prompt_of(spec)}#exit\n")
        assert text.isascii()


def test_render_is_a_pure_function_of_the_plan() -> None:
    site = SitePlan(
        "WLLS", 0, "heavy", 1.0, (("cisco", 4), ("arista", 1), ("fastiron", 1)), 12, 20, "20251024"
    )
    plans = [plan_host(5, site, i, 2) for i in range(4)]
    first = [render_host(build_host(p)) for p in plans]
    again = [render_host(build_host(p)) for p in reversed(plans)][::-1]
    assert first == again
    assert render_host(build_host(plan_host(6, site, 0, 2))) != first[0]


def test_host_invariants_over_many_seeds() -> None:
    for seed in range(1, 16):
        for site in plan_sites(seed, 6, ("cisco", "arista", "fastiron")):
            spec = build_host(plan_host(seed, site, seed % 7, 1))
            vlan_ids = [vid for vid, _ in spec.vlans]
            assert len(vlan_ids) == len(set(vlan_ids)), (seed, site.code, vlan_ids)
            names = [p.name for p in spec.ports]
            assert len(names) == len(set(names))
            assert {vlan for p in spec.ports for vlan, _ in p.learned} <= set(vlan_ids)
            assert re.fullmatch(r"[A-Z]{4}", site.code)


# --- round trip through the project's parsers ------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_round_trip_through_project_parsers(family: str) -> None:
    for spec in HOSTS[family]:
        expected = expected_records(spec)
        blocks = carve(render_host(spec), prompt_of(spec))
        for command, output in blocks.items():
            key = canonical_command(command, tuple(expected))
            if key is None:
                continue
            if command not in REQUIRED[spec.platform]:
                try:
                    find_parser(spec.platform, command)
                except UnsupportedCommand:
                    continue
            got = parse_show(spec.platform, command, output)
            _check(got, expected[key], f"{spec.hostname} ({spec.model}) {command!r}")


# --- agreement with ntc-templates ------------------------------------------------------------------

_QUIRK_LAG = re.compile(r"^U\d+/M\d+$")
# Commands with expected records but no ntc-templates template (their records follow the project's parsers).
NO_TEMPLATE = {
    ("arista", "show authentication sessions"),
    ("fastiron", "show dot1x sessions all"),
    ("fastiron", "show mac-authentication sessions all"),
}


def _ntc(spec: HostSpec, command: str, output: str) -> list[Record]:
    if spec.family == "FCX" and command == "show version":
        # Brocade-era layout: only the brocade template reads it; map its names onto the ruckus ones.
        rec = parse_output(platform="brocade_fastiron", command=command, data=output)[0]
        return [{"hardware": rec["hw"], "version": rec["sw_version"], "serial": rec["serial"]}]
    platform = "ruckus_fastiron" if spec.vendor == "fastiron" else spec.platform
    records: list[Record] = parse_output(platform=platform, command=command, data=output)
    if platform == "ruckus_fastiron" and command == "show vlan":
        # The template reports every `(U1/M1)` row a second time as a LAG named `U1/M1`.
        records = [r for r in records if not _QUIRK_LAG.match(r["lag"])]
    return records


_SVI_ERRORS = re.compile(r"^\s+\d+ output errors, \d+ interface resets\s*$", re.M)


@pytest.mark.parametrize("family", FAMILIES)
def test_expected_records_agree_with_ntc_templates(family: str) -> None:
    compared = 0
    hosts = HOSTS[family]
    for spec in (hosts[0], hosts[-1]):  # TextFSM is slow: one plain host and the mutated (or second) one
        expected = expected_records(spec)
        for command, output in carve(render_host(spec), prompt_of(spec)).items():
            key = canonical_command(command, tuple(expected))
            if key is None or (spec.vendor, key) in NO_TEMPLATE:
                continue
            theirs = _ntc(spec, command, output)
            mine = expected[key]
            assert len(theirs) == len(mine), f"{spec.hostname} {command!r}: ntc {len(theirs)} vs {len(mine)}"
            for i, (t, m) in enumerate(zip(theirs, mine, strict=True)):
                if key == "show interfaces" and t.get("output_errors") == "" and _SVI_ERRORS.search(output):
                    t = {**t, "output_errors": m["output_errors"]}  # a deliberate difference (docs/parsing.md)
                common = set(t) & set(m)
                assert common, f"{spec.hostname} {command!r}: no common fields"
                assert {k: t[k] for k in common} == {k: m[k] for k in common}, (
                    f"{spec.hostname} {command!r} #{i}"
                )
            compared += 1
    assert compared >= 2 * 3


# --- corpora ---------------------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _hosts_by_file(folder: Path) -> dict[str, bytes]:
    """Hostname -> its bytes, cut out of the capture files with the manifest's per-host sizes."""
    manifest = json.loads((folder / "manifest.json").read_text())
    queues = {s["code"]: list(s["host_list"]) for s in manifest["site_list"]}
    out = {}
    for name, size, count in manifest["files"]:
        data = (folder / name).read_bytes()
        assert len(data) == size
        pos = 0
        for _ in range(count):
            host = queues[name[:4]].pop(0)
            out[host[0]] = data[pos : pos + host[4]]
            pos += host[4]
        assert pos == size
    return out


def test_same_seed_same_bytes_any_worker_count(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", 900_000, 3, seed=11, workers=1)
    b = generate_corpus(tmp_path / "b", 900_000, 3, seed=11, workers=2)
    c = generate_corpus(tmp_path / "c", 900_000, 3, seed=12, workers=1)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert (a.bytes, a.hosts, a.files) == (b.bytes, b.hosts, b.files)
    assert set(_digests(tmp_path / "c").values()) & set(_digests(tmp_path / "a").values()) == set()
    assert c.bytes != a.bytes


def test_mutate_changes_about_pct_and_leaves_the_rest_identical(tmp_path: Path) -> None:
    names = [f"SITE-A{i // 20:02d}-AS-{i % 20:02d}" for i in range(5000)]
    share = sum(is_mutated(3, n, 20.0) for n in names) / len(names)
    assert 0.18 <= share <= 0.22
    base = generate_corpus(tmp_path / "base", 2_000_000, 3, seed=3, workers=1)
    mut = generate_corpus(tmp_path / "mut", 2_000_000, 3, seed=3, mutate_pct=20.0, workers=1)
    before, after = _hosts_by_file(tmp_path / "base"), _hosts_by_file(tmp_path / "mut")
    assert list(before) == list(after) and sorted(_digests(tmp_path / "base")) == sorted(
        _digests(tmp_path / "mut")
    )
    flagged = {h for h in before if is_mutated(3, h, 20.0)}
    assert mut.mutated_hosts == len(flagged) >= 1 and base.mutated_hosts == 0
    assert {h for h in before if before[h] != after[h]} == flagged


def test_corpus_size_sites_and_layout(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path, 2_000_000, 3, seed=1, workers=1)
    files = [p for p in tmp_path.iterdir() if p.name != "manifest.json"]
    total = sum(p.stat().st_size for p in files)
    assert total == summary.bytes and abs(total - 2_000_000) <= 200_000
    assert summary.sites == 3 and all(n >= 1 for n in summary.site_hosts.values())
    assert len(files) == summary.files and sum(summary.site_hosts.values()) == summary.hosts
    prompt = re.compile(r"^(?:SSH@)?([A-Z]{4}-A\d+-AS-\d+)[#>]", re.MULTILINE)
    for path in files:
        m = FILE_NAME.match(path.name)
        assert m, path.name
        text = path.read_bytes().decode("ascii")
        hosts = set(prompt.findall(text))
        assert hosts and {h[:4] for h in hosts} == {m.group(1)}
        assert prompt.match(text), "a capture file starts at a prompt"
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert (manifest["seed"], manifest["size"], manifest["sites"]) == (1, 2_000_000, 3)
    assert sum(s["hosts"] for s in manifest["site_list"]) == summary.hosts
    assert (tmp_path / "manifest.json").stat().st_size < 0.01 * total
    # One heavy site with the biggest switches, the others lighter.
    sizes = {s["code"]: s["bytes"] / max(s["hosts"], 1) for s in manifest["site_list"]}
    assert max(sizes, key=lambda code: sizes[code]) == manifest["site_list"][0]["code"]


def test_vendor_filter(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 400_000, 2, seed=2, vendors=["arista"], workers=1)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {h[1] for s in manifest["site_list"] for h in s["host_list"]} == {"arista"}


# --- command line ----------------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="statetrace-cli")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def test_cli_writes_a_corpus_and_rejects_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "loadgen",
        "--out",
        str(tmp_path),
        "--size",
        "300KB",
        "--sites",
        "2",
        "--seed",
        "4",
        "--workers",
        "1",
    ]
    assert _cli(argv) == 0
    assert "hosts" in capsys.readouterr().out and (tmp_path / "manifest.json").is_file()
    assert _cli(["loadgen", "--out", str(tmp_path), "--size", "300KB", "--sites", "0"]) == 2
    with pytest.raises(SystemExit) as exc:
        _cli(["loadgen", "--out", str(tmp_path), "--size", "lots", "--sites", "2"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        _cli(["loadgen", "--out", str(tmp_path), "--size", "1MB", "--sites", "2", "--vendors", "juniper"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200MB", 200_000_000),
        ("1GB", 1_000_000_000),
        ("500KB", 500_000),
        ("12345", 12345),
        ("1.5G", 1_500_000_000),
        ("2MiB", 2 * 1024**2),
        ("64k", 64_000),
    ],
)
def test_parse_size(text: str, value: int) -> None:
    assert parse_size(text) == value


def test_access_edge_profile_has_the_real_output_shape(tmp_path: Path) -> None:
    """Issue 12's real-output corpus: single access switches, a third each vendor, hosts of several
    sites in one file, MAC tables a large share of the bytes; and still the same bytes for the same seed."""
    summary = generate_corpus(tmp_path / "a", 3_000_000, 4, seed=5, workers=1, profile="access-edge")
    again = generate_corpus(tmp_path / "b", 3_000_000, 4, seed=5, workers=2, profile="access-edge")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b") and summary.bytes == again.bytes
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["profile"] == "access-edge" and summary.sites == 4
    hosts = [h for s in manifest["site_list"] for h in s["host_list"]]
    vendors = [h[1] for h in hosts]
    assert all(abs(vendors.count(v) / len(hosts) - 1 / 3) < 0.12 for v in ("cisco", "arista", "fastiron"))
    assert max(h[3] for h in hosts) <= 52, "single units: 48 access ports and their uplinks at most"
    assert 25_000 < summary.bytes / summary.hosts < 90_000
    prompt = re.compile(r"^(?:SSH@)?([A-Z]{4})-A\d+-AS-\d+[#>]", re.MULTILINE)
    files = sorted(p for p in (tmp_path / "a").iterdir() if p.suffix == ".log")
    mixed = [p for p in files if len(set(prompt.findall(p.read_text()))) > 1]
    assert len(mixed) >= len(files) // 2, "most files hold hosts of several sites"
    text = "".join(p.read_text() for p in files)
    mac_bytes = sum(len(b) for b in re.split(r"(?m)^\S+[#>] ?", text) if b.startswith("show mac"))
    assert mac_bytes / len(text) > 0.3
    assert "#show interfaces\n" not in text.replace("\r\n", "\n"), "status tables, not every counter"


def test_unknown_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="profile"):
        generate_corpus(tmp_path, 100_000, 1, profile="huge")
