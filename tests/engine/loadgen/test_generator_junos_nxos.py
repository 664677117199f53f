"""Load generator, Juniper EX and Cisco Nexus hosts: they read back exactly through the project's parsers,
agree with ntc-templates where a template exists, and ingest as the hosts they were generated as."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.cli import main
from engine.facts.build import build_facts, wanted_command
from engine.loadgen import (
    SitePlan,
    build_host,
    expected_records,
    generate_corpus,
    plan_host,
    prompt_of,
    render_host,
)
from engine.parsing import parse_show
from engine.parsing.commands import canonical_command
from tests.engine.parsing.ntc_oracle import ntc, ntc_parse

FAMILIES = {"nxos": ("N9K", "N3K"), "junos": ("EX2300", "EX4300")}
NO_TEMPLATE = {"show interfaces terse"}


def carve(text: str, prompt: str) -> dict[str, str]:
    echo = re.compile(rf"^{re.escape(prompt)}[#>] ?(.*)$", re.MULTILINE)
    marks = list(echo.finditer(text))
    return {m.group(1): text[m.end() + 1 : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            for i, m in enumerate(marks)}


def _hosts() -> list[Any]:
    found = []
    for vendor, families in FAMILIES.items():
        for profile in ("light", "medium", "heavy"):
            site = SitePlan("TEST", 0, profile, 1.0, ((vendor, 1),), 10, 20, "20251024")
            specs = [build_host(plan_host(11, site, i, 2)) for i in range(12)]
            for family in families:
                found.extend([s for s in specs if s.family == family][:1])
    return found


HOSTS = _hosts()


def test_every_family_is_sampled() -> None:
    assert {s.family for s in HOSTS} == {f for fams in FAMILIES.values() for f in fams}
    assert any(len(s.members) > 1 for s in HOSTS if s.vendor == "junos")  # virtual chassis: ge-1/0/N ports


@pytest.mark.parametrize("spec", HOSTS, ids=lambda s: f"{s.vendor}-{s.family}-{s.hostname}")
def test_round_trip_through_project_parsers(spec: Any) -> None:
    expected = expected_records(spec)
    seen = set()
    for command, output in carve(render_host(spec), prompt_of(spec)).items():
        key = canonical_command(command, tuple(expected))
        if key is None:
            continue
        seen.add(key)
        got = parse_show(spec.platform, command, output)
        want = expected[key]
        assert len(got) == len(want), command
        for g, w in zip(got, want, strict=True):
            assert {k: g.get(k) for k in w} == w, command
    assert seen == set(expected)


@pytest.mark.skipif(ntc_parse is None, reason="ntc-templates is not installed")
@pytest.mark.parametrize("spec", [s for s in HOSTS if s.vendor == "nxos"], ids=lambda s: f"{s.vendor}-{s.family}")
def test_nxos_expected_records_agree_with_ntc_templates(spec: Any) -> None:
    expected = expected_records(spec)
    for command, output in carve(render_host(spec), prompt_of(spec)).items():
        key = canonical_command(command, tuple(expected))
        if key is None or key in NO_TEMPLATE:
            continue
        theirs = ntc(spec.platform, command, output)
        mine = expected[key]
        assert len(theirs) == len(mine), command
        for t, m in zip(theirs, mine, strict=True):
            common = set(t) & set(m)
            assert {k: t[k] for k in common} == {k: m[k] for k in common}, command


@pytest.mark.parametrize("spec", HOSTS, ids=lambda s: f"{s.vendor}-{s.family}-{s.hostname}")
def test_facts_are_the_generated_host(spec: Any) -> None:
    blocks = []
    for command, output in carve(render_host(spec), prompt_of(spec)).items():
        wanted = wanted_command(command)
        if wanted:
            blocks.append((wanted, output))
    prefix = "netops@" if spec.vendor == "junos" else ""
    facts = build_facts(spec.hostname, prefix, blocks)
    assert (facts.version, facts.location) == (spec.version, spec.location)
    if spec.vendor == "nxos":
        assert facts.serial == spec.members[0].serial
    ports = {p.port: p for p in facts.ports}
    for p in spec.ports:
        if p.role in ("access", "trunk"):
            got = ports[p.short]
            status = "notconnect" if p.status == "err-disabled" else p.status
            assert got.status == status, p.name
            assert got.name == (p.description or p.short), p.name
            assert got.learned_macs == [mac for _, mac in p.learned], p.name
            if p.role == "access":
                assert got.vlan == p.vlan, p.name
            if spec.vendor == "junos":
                assert (got.auth_mode == "open") == (p.auth_mode == "open"), p.name


def test_cli_renders_and_ingests_both_vendors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 300_000, 2, seed=3, vendors=["nxos", "junos"], workers=1)
    manifest = json.loads((corpus / "manifest.json").read_text())
    hosts = [h for s in manifest["site_list"] for h in s["host_list"]]
    assert {h[1] for h in hosts} == {"nxos", "junos"}
    home = tmp_path / "home"
    code = main(["ingest", "--json", "--processes", "1", str(corpus), "--home", str(home)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["failures"]
    assert summary["parsed"] == len(hosts)
    makes = set()
    for db in (home / "data").rglob("*.sqlite"):
        conn = sqlite3.connect(db)
        makes |= {row[0] for row in conn.execute("SELECT Make FROM DeviceSummary")}
        conn.close()
    assert makes == {"Juniper", "Cisco"}
