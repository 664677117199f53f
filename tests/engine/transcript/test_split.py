"""Host splitting: real prompt styles split hosts; output lines that end in # or > never do."""

from __future__ import annotations

from engine.transcript.split import SplitState, iter_pieces, split_piece


def hosts_and_commands(text: str) -> list[tuple[str, list[str]]]:
    return [(s.host, [b.command for b in s.blocks]) for s in split_piece(text, SplitState())]


def test_prompt_styles_of_every_vendor() -> None:
    text = (
        "WLLS-A01-AS-01>terminal length 0\n"
        "WLLS-A01-AS-01#show version\nCisco IOS XE Software\n"
        "WLLS-A01-AS-01(config-if)#description x\n"
        "SSH@BOYO-A05-AS-02#show version\n  HW: Stackable ICX7450-48P\n"
        "user@EX4300-CORE> show version\nJunos: 21.4\n"
        "WLLS-A02-AS-07(s1)#show version\nArista\n"
    )
    assert hosts_and_commands(text) == [
        ("WLLS-A01-AS-01", ["terminal length 0", "show version", "description x"]),
        ("BOYO-A05-AS-02", ["show version"]),
        ("EX4300-CORE", ["show version"]),
        ("WLLS-A02-AS-07", ["show version"]),
    ]


def test_output_lines_ending_in_prompt_characters_are_not_prompts() -> None:
    text = (
        "SW1#show running-config\n"
        "banner motd #\n"
        "Total>\n"
        "WARNING#\n"
        "interface Gi1/0/1#\n"
        "SW1#show version\n"
    )
    segs = split_piece(text, SplitState())
    assert [(s.host, [b.command for b in s.blocks]) for s in segs] == [("SW1", ["show running-config", "show version"])]
    first = segs[0].blocks[0]
    assert text[first.start:first.end] == "banner motd #\nTotal>\nWARNING#\ninterface Gi1/0/1#\n"


def test_banner_before_first_prompt_belongs_to_first_host() -> None:
    text = "Authorized access only\n\nSW1#show version\nCisco IOS Software\n"
    segs = split_piece(text, SplitState())
    assert segs[0].host == "SW1" and segs[0].start == 0


def test_saved_configurations_split_on_hostname_lines() -> None:
    text = "version 17.9\nhostname SW-A\n!\ninterface Gi1/0/1\nend\nversion 17.9\nhostname SW-B\n!\nend\n"
    segs = split_piece(text, SplitState())
    assert [(s.host, [b.command for b in s.blocks]) for s in segs] == [
        ("SW-A", ["show running-config"]), ("SW-B", ["show running-config"])]
    assert "hostname SW-B" not in text[segs[0].blocks[0].start:segs[0].blocks[0].end]


def test_streamed_pieces_give_the_same_hosts_and_blocks_as_one_piece() -> None:
    host_text = "".join(f"SW{i}#show version\nCisco IOS Software line {i}\n" + "x" * 50 + "\n" for i in range(40))
    whole = [(s.host, [host_text[b.start:b.end] for b in s.blocks]) for s in split_piece(host_text, SplitState())]
    chunks = [host_text[i:i + 97] for i in range(0, len(host_text), 97)]
    streamed: list[tuple[str, list[str]]] = []
    for piece, segs in iter_pieces(iter(chunks), SplitState()):
        for s in segs:
            streamed.append((s.host, [piece[b.start:b.end] for b in s.blocks]))
    assert streamed == whole
