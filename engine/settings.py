"""`data/StateTraceSettings.json`: the legacy ParserSettings keys plus this engine's own.

The file is shared with the legacy tool, so reading accepts a BOM and the section name `Parser`,
and saving keeps every key this version does not know. Validation errors name the key and the
allowed range, because users edit this file by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.files import write_text_atomically


class SettingsError(ValueError):
    """The settings file is unreadable or a value is out of range."""


class ParserSettings(BaseModel):
    """Concurrency and batching; 0 means "automatic" where the legacy tool used it that way."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    AutoScaleConcurrency: bool = True
    MaxWorkersPerSite: int = Field(0, ge=0, le=64)
    MaxActiveSites: int = Field(0, ge=0, le=256)
    MaxRunspaceCeiling: int = Field(0, ge=0, le=256)
    MinRunspaceCount: int = Field(1, ge=1, le=64)
    JobsPerThread: int = Field(0, ge=0, le=64)
    EnableAdaptiveThreads: bool = True
    MaxConsecutiveSiteLaunches: int = Field(8, ge=1, le=1000)
    MaxInterfacesPerBatch: int = Field(0, ge=0, le=100_000)
    ConnectionCacheTtlMinutes: float = Field(5.0, ge=0, le=1440)
    ParseProcesses: int = Field(0, ge=0, le=256)
    DatabaseBusyTimeoutSeconds: float = Field(5.0, ge=0.05, le=600)
    DatabaseBusyRetries: int = Field(4, ge=0, le=100)


class MaintenanceSettings(BaseModel):
    model_config = ConfigDict(extra="allow", validate_assignment=True)

    BackupRetentionCount: int = Field(7, ge=1, le=365)
    CompactFreeRatio: float = Field(0.10, ge=0.0, le=1.0)
    CompactMinBytes: int = Field(1_048_576, ge=0)
    SizeWarningBytes: int = Field(1_500_000_000, ge=0)
    SizeCriticalBytes: int = Field(1_900_000_000, ge=0)
    NightlyAt: str = Field("02:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    NightlyEnabled: bool = False
    # Maintenance waits this long for a site's writer before reporting it busy (retried next run).
    LockTimeoutSeconds: float = Field(120.0, ge=0, le=86_400)


def _describe(exc: ValidationError, section: str) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        ctx = err.get("ctx") or {}
        bounds = []
        if "ge" in ctx:
            bounds.append(f">= {ctx['ge']}")
        if "le" in ctx:
            bounds.append(f"<= {ctx['le']}")
        allowed = f" (allowed: {' and '.join(bounds)})" if bounds else ""
        parts.append(f"{section}.{key}: {err['msg']}{allowed}, got {err.get('input')!r}")
    return "; ".join(parts)


class Settings:
    """The whole settings document: typed sections plus the untouched rest."""

    def __init__(self, path: Path | None, raw: dict[str, Any], parser: ParserSettings,
                 maintenance: MaintenanceSettings, parser_key: str) -> None:
        self.path = path
        self.raw = raw
        self.parser = parser
        self.maintenance = maintenance
        self.parser_key = parser_key

    @classmethod
    def defaults(cls) -> Settings:
        return cls(None, {}, ParserSettings(), MaintenanceSettings(), "ParserSettings")

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.is_file():
            s = cls.defaults()
            s.path = path
            return s
        try:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SettingsError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(raw, dict):
            raise SettingsError(f"{path}: the settings must be a JSON object")
        parser_key = "Parser" if "Parser" in raw and "ParserSettings" not in raw else "ParserSettings"
        try:
            parser = ParserSettings.model_validate(raw.get(parser_key) or {})
        except ValidationError as exc:
            raise SettingsError(f"{path}: {_describe(exc, parser_key)}") from exc
        try:
            maintenance = MaintenanceSettings.model_validate(raw.get("MaintenanceSettings") or {})
        except ValidationError as exc:
            raise SettingsError(f"{path}: {_describe(exc, 'MaintenanceSettings')}") from exc
        return cls(path, raw, parser, maintenance, parser_key)

    def update_parser(self, **values: Any) -> None:
        """Validate and apply new values (the CLI flags and the settings dialog both come through here)."""
        merged = {**self.parser.model_dump(), **values}
        try:
            self.parser = ParserSettings.model_validate(merged)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, self.parser_key)) from exc

    def update_maintenance(self, **values: Any) -> None:
        merged = {**self.maintenance.model_dump(), **values}
        try:
            self.maintenance = MaintenanceSettings.model_validate(merged)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, "MaintenanceSettings")) from exc

    def to_json(self) -> dict[str, Any]:
        doc = dict(self.raw)
        section = dict(doc.get(self.parser_key) or {})
        section.update(self.parser.model_dump())
        doc[self.parser_key] = section
        maint = dict(doc.get("MaintenanceSettings") or {})
        maint.update(self.maintenance.model_dump())
        doc["MaintenanceSettings"] = maint
        return doc

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        if target is None:
            raise SettingsError("no settings path to save to")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, json.dumps(self.to_json(), indent=2), encoding="utf-8-sig")
        self.path = target
        return target
