"""Arista EOS facts: the same shape as Cisco's (status table, MAC table, running-config)."""

from __future__ import annotations

from engine.facts import cisco
from engine.model import DeviceFacts


def build(hostname: str, blocks: dict[str, str]) -> DeviceFacts:
    return cisco.build(hostname, blocks, platform="arista_eos", make="Arista")
