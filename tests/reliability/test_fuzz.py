"""Hypothesis fuzzing of the decoder, the splitter, vendor detection and every parser: no input raises
anything but the documented refusal, and the splitter's slices always tile the text. CPU time per KB
is reported in the terminal summary. Examples: STATETRACE_FUZZ_EXAMPLES (make soak raises it)."""

from __future__ import annotations

import os
import time

import pytest
from fuzz_figures import FIGURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.facts.links import NEIGHBOR_COMMANDS, addresses, neighbors
from engine.facts.vendor import detect_vendor
from engine.parsing.registry import PLATFORM_MODULES, platform_parsers
from engine.transcript.decode import BinaryInput, clean_text, decode_bytes
from engine.transcript.split import SplitState, iter_pieces, split_piece

EXAMPLES = int(os.environ.get("STATETRACE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# Pieces real transcripts are made of, so random text reaches deep into the parsers, not only their guards.
ATOMS = ["SW1#", "SW1>", "SSH@BR-1#", "admin@EX-2> ", "RP/0/RP0/CPU0:XR-1#", "SW1(config-if)#", "show version",
         "show interfaces status", " show mac address-table", "terminal length 0", "hostname X\n", "\n", "\r",
         "\r\r\n", "\u00a0", "\x00", "\x08", "\x1b[1;32m", " --More-- ", "-- MORE --", "Gi1/0/1", "Te1/1/1",
         "connected", "notconnect", "a-full", "a-1000", "10/100/1000BaseTX", "0011.2233.4455", "DYNAMIC", "VLAN",
         "   ", "\t", "#", ">", "'", '"', ";", "DROP TABLE", "²", "Büro", "Cisco IOS Software, Version 17.9",
         "Arista DCS-7050", "ICX7450-48P", "Hardware", "Port    Name   Status  Vlan  Duplex Speed Type\n",
         "-" * 20, "1", "20", "1000", "x" * 300]
TEXT = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=40)), max_size=120).map("".join)
PARSERS = sorted({(platform, command) for platform in PLATFORM_MODULES
                  for command in platform_parsers(platform)})


def _measure(target: str, size: int, started: float) -> None:
    cpu = time.process_time() - started
    fig = FIGURES[target]
    fig[0] += size
    fig[1] += cpu
    fig[2] = max(fig[2], cpu * 1000 / max(size / 1024, 0.001)) if size >= 256 else fig[2]


@FUZZ
@given(st.one_of(st.binary(max_size=4096), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_decoder_never_raises_but_binary_input(data: bytes) -> None:
    started = time.process_time()
    try:
        text = decode_bytes(data).text
    except BinaryInput:
        return
    finally:
        _measure("decode_bytes", len(data), started)
    assert "\r" not in text and "\x00" not in text and "\x08" not in text


@FUZZ
@given(TEXT, st.integers(min_value=1, max_value=400))
def test_splitter_slices_tile_the_text_whole_and_streamed(raw: str, chunk: int) -> None:
    text = clean_text(raw)
    started = time.process_time()
    segments = split_piece(text, SplitState())
    end = 0
    for seg in segments:
        assert end <= seg.start <= seg.end <= len(text)
        for block in seg.blocks:
            assert seg.start <= block.start <= block.end <= seg.end
        end = seg.end
    pieces = [text[i:i + chunk] for i in range(0, len(text), chunk)]
    rebuilt = "".join(piece for piece, _segs in iter_pieces(iter(pieces), SplitState()))
    _measure("split_piece + iter_pieces", 2 * len(text), started)
    assert rebuilt == text  # streaming never drops or repeats text


@FUZZ
@given(TEXT, st.sampled_from(["", "SSH@", "admin@"]))
def test_vendor_detection_never_raises(text: str, prefix: str) -> None:
    started = time.process_time()
    detection = detect_vendor(text, text, prefix, ["show version"])
    _measure("detect_vendor", len(text), started)
    assert 0 <= detection.score <= 100


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(["interface Vlan1\n", " ip address 10.0.0.1 255.255.255.0\n",
                                           " ip address 10.1.1.1/24\n", "vlan 20\n", "Device ID: x\n",
                                           "Interface: Gi1/0/1,  Port ID (outgoing port): Gi0/1\n",
                                           "Platform: cisco,  Capabilities: Switch\n", "IP address: 10.9.9.9\n"]),
                          TEXT), max_size=60).map("".join),
       st.sampled_from(["cisco_ios", "arista_eos", "juniper_junos", "aruba_aoscx", "ruckus_fastiron"]))
def test_neighbours_and_addresses_take_any_text(text: str, platform: str) -> None:
    started = time.process_time()
    found = addresses({"show running-config": text, "show ip interface brief": text})
    adjacencies = neighbors(platform, {command: text for command, _protocol in NEIGHBOR_COMMANDS})
    _measure("facts links (addresses + neighbours)", 2 * len(text), started)
    assert found is not None and adjacencies is not None
    assert all(0 <= a.prefix_length <= 32 for a in found)


@pytest.mark.parametrize(("platform", "command"), PARSERS)
def test_every_parser_takes_any_text(platform: str, command: str) -> None:
    parser = platform_parsers(platform)[command]

    @FUZZ
    @given(TEXT)
    def run(text: str) -> None:
        started = time.process_time()
        records = parser(text)
        _measure(f"parser {platform}: {command}", len(text), started)
        assert isinstance(records, list)

    run()
