"""What a maintenance run did, per site and step, as plain data for the CLI (--json), the log and the tab."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STEPS = ("integrity", "backup", "compact", "audit", "size")
# Statuses. "busy" is not a failure: the site is retried at the next run.
OK, SKIPPED, WARNING, BUSY = "ok", "skipped", "warning", "busy"
FAILED, REFUSED, CORRUPT, CRITICAL = "failed", "refused", "corrupt", "critical"
FAILURES = frozenset({FAILED, REFUSED, CORRUPT, CRITICAL})


@dataclass(slots=True)
class StepResult:
    site: str
    step: str
    status: str
    message: str
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in FAILURES

    def to_json(self) -> dict[str, Any]:
        return {"site": self.site, "step": self.step, "status": self.status, "message": self.message,
                "seconds": round(self.seconds, 3), **({"details": self.details} if self.details else {})}


@dataclass(slots=True)
class SiteReport:
    site: str
    database: str
    backend: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The worst status of the site's steps (failures first, then busy, warning, ok)."""
        order = (CORRUPT, CRITICAL, REFUSED, FAILED, BUSY, WARNING, OK, SKIPPED)
        present = {s.status for s in self.steps}
        return next((s for s in order if s in present), SKIPPED)

    @property
    def failed(self) -> bool:
        return any(s.failed for s in self.steps)

    def to_json(self) -> dict[str, Any]:
        return {"site": self.site, "database": self.database, "backend": self.backend, "status": self.status,
                "steps": [s.to_json() for s in self.steps]}


@dataclass(slots=True)
class RunReport:
    run_id: str
    steps: tuple[str, ...]
    sites: list[SiteReport] = field(default_factory=list)
    seconds: float = 0.0
    audit_csv: str = ""

    @property
    def failed(self) -> bool:
        return any(s.failed for s in self.sites)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @property
    def result(self) -> str:
        """The word the log's `finished:` line carries and `schedule show` reads back."""
        if self.failed:
            return "FAILED"
        if any(s.status == BUSY for s in self.sites):
            return "BUSY"
        return "OK"

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for site in self.sites:
            for step in site.steps:
                out[step.status] = out.get(step.status, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "result": self.result, "steps": list(self.steps),
                "seconds": round(self.seconds, 3), "counts": self.counts(), "audit_csv": self.audit_csv,
                "sites": [s.to_json() for s in self.sites]}
