"""Every platform's parsers survive garbage and mangled real output: a list of records, never an exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parsing import platform_parsers

DATA = Path(__file__).parent / "data"
PLATFORMS = ("cisco_ios", "arista_eos", "ruckus_fastiron", "aruba_aoscx", "hp_procurve", "cisco_nxos",
             "juniper_junos")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_garbage_never_raises(text: str) -> None:
    for platform in PLATFORMS:
        for parser in platform_parsers(platform).values():
            result = parser(text)
            assert isinstance(result, list) and all(isinstance(r, dict) for r in result)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("seed", range(5))
def test_shuffled_real_lines_never_raise(platform: str, seed: int) -> None:
    fragments = [p.read_text() for p in sorted((DATA / platform).iterdir())]
    rng = random.Random(seed)
    lines = "\n".join(fragments).splitlines()
    rng.shuffle(lines)
    text = "\r\n".join(line[: rng.randint(0, len(line))] for line in lines)
    for parser in platform_parsers(platform).values():
        assert isinstance(parser(text), list)
