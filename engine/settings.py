"""`data/StateTraceSettings.json`: the legacy ParserSettings keys plus this engine's own.

The file is shared with the legacy tool, so reading accepts a BOM and the section name `Parser`,
and saving keeps every key this version does not know. Validation errors name the key and the
allowed range, because users edit this file by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from engine import credentials
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
    # Off: RADIUS/TACACS keys, SNMP communities, enable and type-7 secrets are stored as <removed>.
    StoreSecrets: bool = False


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


BACKENDS = ("sqlite", "access", "odbc", "postgresql")
# The Settings dialog's label of each Store key: a message about a value names the field the user sees.
STORE_LABELS = {"Backend": "Store", "Dsn": "PostgreSQL connection", "OdbcTemplate": "ODBC connection string"}


class StoreSettings(BaseModel):
    """The workspace's one store: every ingest, the window and maintenance use it (CLI flags override a run)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    Backend: Literal["sqlite", "access", "odbc", "postgresql"] = "sqlite"
    Dsn: str = ""  # postgresql: a libpq URI or key=value string
    OdbcTemplate: str = ""  # odbc/access: a connection string with {site_path} (or {site})

    @model_validator(mode="after")
    def _complete(self) -> StoreSettings:
        if self.Backend == "postgresql" and not self.Dsn.strip():
            raise ValueError(f"{STORE_LABELS['Dsn']} (Store.Dsn) is needed when the store is postgresql")
        if self.Backend == "odbc":
            if not self.OdbcTemplate.strip():
                raise ValueError(f"{STORE_LABELS['OdbcTemplate']} (Store.OdbcTemplate) is needed when the store "
                                 "is odbc, e.g. Driver=SQLite3;Database={site_path}")
            if "{site_path}" not in self.OdbcTemplate and "{site}" not in self.OdbcTemplate:
                raise ValueError(f"{STORE_LABELS['OdbcTemplate']} (Store.OdbcTemplate) must contain {{site_path}} "
                                 "or {site} so that every site gets its own database")
        return self


def _describe(exc: ValidationError, section: str) -> str:
    parts = []
    for err in exc.errors():
        if section == "Store" and not err["loc"]:
            parts.append(str(err["msg"]).removeprefix("Value error, "))
            continue
        key = ".".join(str(p) for p in err["loc"])
        if section == "Store" and key in STORE_LABELS:
            key = f"{key} ({STORE_LABELS[key]})"
        ctx = err.get("ctx") or {}
        bounds = []
        if "ge" in ctx:
            bounds.append(f">= {ctx['ge']}")
        if "le" in ctx:
            bounds.append(f"<= {ctx['le']}")
        allowed = f" (allowed: {' and '.join(bounds)})" if bounds else ""
        parts.append(f"{section}.{key}: {err['msg']}{allowed}, got {err.get('input')!r}")
    return "; ".join(parts)


def _account(path: Path) -> str:
    """The keyring entry of one workspace's store password."""
    return f"Store.Dsn:{path.resolve()}"


class Settings:
    """The whole settings document: typed sections plus the untouched rest."""

    def __init__(self, path: Path | None, raw: dict[str, Any], parser: ParserSettings,
                 maintenance: MaintenanceSettings, parser_key: str, store: StoreSettings | None = None) -> None:
        self.path = path
        self.raw = raw
        self.parser = parser
        self.maintenance = maintenance
        self.parser_key = parser_key
        self.store = store or StoreSettings()

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
        store_doc = dict(raw.get("Store") or {})
        if store_doc.get("DsnPassword") == credentials.IN_KEYRING and isinstance(store_doc.get("Dsn"), str):
            store_doc["Dsn"] = credentials.unstash(store_doc["Dsn"], _account(path))
        try:
            store = StoreSettings.model_validate(store_doc)
        except ValidationError as exc:
            raise SettingsError(f"{path}: {_describe(exc, 'Store')}") from exc
        return cls(path, raw, parser, maintenance, parser_key, store)

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

    def update_store(self, **values: Any) -> None:
        """The Settings dialog and tests come through here; messages name the dialog's labels."""
        merged = {**self.store.model_dump(), **values}
        try:
            self.store = StoreSettings.model_validate(merged)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, "Store")) from exc

    def to_json(self) -> dict[str, Any]:
        doc = dict(self.raw)
        section = dict(doc.get(self.parser_key) or {})
        section.update(self.parser.model_dump())
        doc[self.parser_key] = section
        maint = dict(doc.get("MaintenanceSettings") or {})
        maint.update(self.maintenance.model_dump())
        doc["MaintenanceSettings"] = maint
        if "Store" in doc or self.store != StoreSettings():
            store = dict(doc.get("Store") or {})
            store.update(self.store.model_dump())
            doc["Store"] = store
        return doc

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        if target is None:
            raise SettingsError("no settings path to save to")
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = self.to_json()
        store = doc.get("Store")
        if isinstance(store, dict) and store.get("Dsn"):
            # The password goes to the platform keyring when there is one, never to the file in clear.
            bare, stashed = credentials.stash(str(store["Dsn"]), _account(target))
            if stashed:
                store["Dsn"], store["DsnPassword"] = bare, credentials.IN_KEYRING
            elif store.get("DsnPassword") == credentials.IN_KEYRING and credentials.split_password(store["Dsn"])[1]:
                store.pop("DsnPassword")
        write_text_atomically(target, json.dumps(doc, indent=2), encoding="utf-8-sig")
        self.path = target
        return target
