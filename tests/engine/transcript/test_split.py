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


def test_a_rejected_prompt_ends_the_previous_hosts_slice_and_is_reported() -> None:
    good = "SW1#show interfaces status\nGi1/0/1 connected\nGi1/0/2 connected\n"
    for bad in ("BAD HOST NAME#show interfaces status\n", "X" * 90 + "#show interfaces status\n"):
        text = good + bad + "Gi9/0/1 connected\nGi9/0/2 connected\n" + "SW2#show interfaces status\nGi2/0/1 connected\n"
        state = SplitState()
        segs = split_piece(text, state)
        assert [s.host for s in segs] == ["SW1", "SW2"]
        sw1 = segs[0]
        assert text[sw1.blocks[0].start:sw1.blocks[0].end] == "Gi1/0/1 connected\nGi1/0/2 connected\n"
        assert "Gi9" not in text[sw1.start:sw1.end] and "Gi9" not in text[segs[1].start:segs[1].end]
        assert [(text.count("\n", 0, at) + 1, line) for at, line in state.rejected] == [(4, bad.rstrip("\n"))]


def test_ios_xr_node_prefix_is_not_part_of_the_host() -> None:
    text = "RP/0/RP0/CPU0:XR-CORE-01#show version\nCisco IOS XR Software\nRP/0/RP0/CPU0:XR-CORE-01#show clock\n"
    assert hosts_and_commands(text) == [("XR-CORE-01", ["show version", "show clock"])]


def test_config_mode_and_user_at_host_prompts() -> None:
    text = "SW1(config)#interface Gi1/0/1\nSW1(config-if)#description x\nadmin@SW2> show version\nJunos\n"
    assert hosts_and_commands(text) == [("SW1", ["interface Gi1/0/1", "description x"]), ("SW2", ["show version"])]


def test_procurve_prompt_after_a_menu_banner() -> None:
    text = ("HP J9729A 2920-48G-POE+ Switch\nSoftware revision WB.16.02\n\nPress any key to continue\n\n"
            "PC-SW1# show system\n Status and Counters - General System Information\nPC-SW1# show interfaces brief\n")
    segs = split_piece(text, SplitState())
    assert [(s.host, [b.command for b in s.blocks]) for s in segs] == [
        ("PC-SW1", ["show system", "show interfaces brief"])]
    assert segs[0].start == 0


def test_a_hostname_line_in_a_prompt_less_piece_stays_with_the_current_host() -> None:
    # One command's output over the carry limit is cut into prompt-less pieces: a `hostname` line in
    # one of them is configuration text, not a new host (whole-file splitting agrees).
    text = ("SW1#show running-config\n" + "interface Gi1/0/1\n description x\n" * 150_000 + "hostname OTHER\n"
            + "line vty 0 4\n" * 400_000 + "SW1#show version\nCisco IOS\n")
    whole = [(s.host, [b.command for b in s.blocks]) for s in split_piece(text, SplitState())]
    chunks = [text[i:i + 500_000] for i in range(0, len(text), 500_000)]
    hosts, state = set(), SplitState()
    for _piece, segs in iter_pieces(iter(chunks), state):
        hosts.update(s.host for s in segs)
    assert whole == [("SW1", ["show running-config", "show version"])] and hosts == {"SW1"}
    assert any("was cut at a line end" in note for note in state.notes)


def test_a_prompt_line_followed_by_a_million_spaces_is_split_in_linear_time() -> None:
    text = "SW1#show version" + " " * 1_000_000 + "\nCisco IOS\n" + "SW2#show version\nArista\n"
    assert [s.host for s in split_piece(text, SplitState())] == ["SW1", "SW2"]


def test_a_large_file_without_prompts_is_refused_after_its_first_chunks() -> None:
    chunks = iter(["no prompt here, just text\n" * 10_000] * 50)
    import pytest

    from engine.transcript.split import NoPrompt
    with pytest.raises(NoPrompt):
        for _ in iter_pieces(chunks, SplitState()):
            pass
    assert len(list(chunks)) > 30  # refused after about 4 MB, not after reading everything
