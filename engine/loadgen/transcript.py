"""One host's terminal transcript as capture tools write it: prompt + echoed command, then output."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from engine.loadgen import arista, aruba, cisco, fastiron, junos, nxos, procurve
from engine.loadgen.model import HostSpec

_RENDERERS: dict[str, ModuleType] = {"cisco": cisco, "arista": arista, "fastiron": fastiron, "aruba": aruba,
                                      "procurve": procurve, "nxos": nxos, "junos": junos}


def vendor_module(spec: HostSpec) -> ModuleType:
    return _RENDERERS[spec.vendor]


def prompt_of(spec: HostSpec) -> str:
    """The prompt's host part: FastIron SSH sessions show `SSH@HOST`."""
    if spec.vendor == "junos":
        return f"{junos.USER}@{spec.hostname}"
    return f"SSH@{spec.hostname}" if spec.vendor == "fastiron" else spec.hostname


def render_host(spec: HostSpec) -> str:
    """The whole transcript of one host (pager off, every command, exit), `\\n` line ends."""
    mod = vendor_module(spec)
    prompt = prompt_of(spec)
    pager: str = mod.PAGER
    pager_out = "Disable page display mode\n" if spec.vendor == "fastiron" else getattr(mod, "PAGER_OUT", "")
    sym: str = getattr(mod, "PROMPT_SYMBOL", "#")
    if sym != "#":  # Junos: operational mode only, `user@host> `
        parts = [f"{prompt}{sym} {pager}\n", pager_out]
        for command, output in mod.render(spec):
            if command not in spec.skipped:
                parts += [f"{prompt}{sym} {command}\n", output]
        return "".join([*parts, f"{prompt}{sym} exit\n"])
    if spec.user_mode_first:
        parts = [f"{prompt}>{pager}\n", pager_out, f"{prompt}>enable\n", "Password: \n"]
    else:
        parts = [f"{prompt}#{pager}\n", pager_out]
    render: Callable[[HostSpec], list[tuple[str, str]]] = mod.render
    for command, output in render(spec):
        if command in spec.skipped:
            continue
        parts.append(f"{prompt}#{command}\n")
        parts.append(output)
    parts.append(f"{prompt}#exit\n")
    return "".join(parts)


def expected_records(spec: HostSpec) -> dict[str, list[dict[str, Any]]]:
    """Canonical command -> the exact ntc-templates-shaped records its output must parse to."""
    result: dict[str, list[dict[str, Any]]] = vendor_module(spec).expected(spec)
    return {command: records for command, records in result.items() if command not in spec.skipped}
