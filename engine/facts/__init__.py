"""From a host's command blocks to the DeviceFacts the stores persist."""

from engine.facts.build import FactsError, build_facts

__all__ = ["FactsError", "build_facts"]
