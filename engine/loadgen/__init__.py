"""Realistic, reproducible load corpora of switch CLI transcripts (Cisco IOS-XE, Arista EOS, FastIron).

`generate_corpus` writes capture files for benchmarks; `HostSpec`, `render_host` and
`expected_records` give tests one host's transcript and the exact records its outputs must parse to.
"""

from engine.loadgen.build import HostPlan, SitePlan, build_host, mutate_host, plan_host
from engine.loadgen.corpus import CorpusSummary, generate_corpus, is_mutated, plan_sites
from engine.loadgen.model import HostSpec, PortSpec
from engine.loadgen.transcript import expected_records, prompt_of, render_host

__all__ = [
    "CorpusSummary",
    "HostPlan",
    "HostSpec",
    "PortSpec",
    "SitePlan",
    "build_host",
    "expected_records",
    "generate_corpus",
    "is_mutated",
    "mutate_host",
    "plan_host",
    "plan_sites",
    "prompt_of",
    "render_host",
]
