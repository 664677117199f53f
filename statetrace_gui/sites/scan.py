"""Read what the workspace holds about each site (runs on a pool thread, never on the GUI thread).

Sources: the workspace's store, whichever backend it is, through `engine.store.read` (size,
DeviceSummary rows, the newest DeviceHistory RunDate; read-only, so a running writer is never blocked) and `data/IngestionHistory/<Site>.json`
(LastIngestedUtc per host, as the legacy freshness indicator used). During a run the history file is
rewritten at most every 2 s, so the database's RunDate can be the fresher of the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from engine.history import SiteHistory
from engine.sites import prefix_of
from engine.store.base import StoreConfig, StoreError
from engine.store.read import SiteEntry, StoreReader, open_store_reader
from engine.store.sql_store import RUN_DATE_FORMAT
from engine.workspace import Workspace

FRESH_LEVELS = ("green", "yellow", "orange", "red", "gray")


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    hostname: str
    make: str = ""
    model: str = ""
    last_ingested: datetime | None = None


@dataclass(slots=True)
class SiteInfo:
    site: str
    prefix: str
    db_path: str = ""
    db_bytes: int = 0
    device_count: int | None = None
    last_ingested: datetime | None = None
    devices: list[DeviceInfo] = field(default_factory=list)
    error: str = ""


def freshness(last: datetime | None, now: datetime | None = None) -> str:
    """Legacy freshness: green < 24 h, yellow < 48 h, orange < 7 d, red older, gray when unknown."""
    if last is None:
        return "gray"
    age = (now or datetime.now(timezone.utc)) - last
    if age < timedelta(hours=24):
        return "green"
    if age < timedelta(hours=48):
        return "yellow"
    if age < timedelta(days=7):
        return "orange"
    return "red"


def human_age(last: datetime | None, now: datetime | None = None) -> str:
    if last is None:
        return "never"
    seconds = max(0, int(((now or datetime.now(timezone.utc)) - last).total_seconds()))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min ago"
    return f"{seconds // 86400} d {seconds % 86400 // 3600} h ago"


def parse_utc(text: str) -> datetime | None:
    """`2026-01-06T20:28:57.4900000Z` (7 fractional digits, .NET round-trip) or any ISO form."""
    text = text.strip()
    if not text:
        return None
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    head, dot, rest = text.partition(".")
    if dot:
        digits = "".join(ch for ch in rest if ch.isdigit())
        text = f"{head}.{digits[:6]}{rest[len(digits):]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_run_date(text: object) -> datetime | None:
    """DeviceHistory.RunDate: local time `yyyy-MM-dd HH:mm:ss` as the store writes it."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.strptime(text[:19], RUN_DATE_FORMAT).astimezone(timezone.utc)
    except ValueError:
        return None


def _newest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


# History files are rewritten only when a site's work is flushed: parse each version once.
_HISTORY_CACHE: dict[Path, tuple[tuple[int, int], dict[str, datetime | None]]] = {}


def read_history(path: Path) -> dict[str, datetime | None]:
    """lower-case host -> LastIngestedUtc, re-parsed only when the file changed (scans repeat every few s)."""
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _HISTORY_CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    history = {key: parse_utc(rec.last_ingested_utc) for key, rec in SiteHistory(path).records.items()}
    _HISTORY_CACHE[path] = (stamp, history)
    return history


def scan_site(workspace: Workspace, store: StoreReader, site: str, entry: SiteEntry | None,
              with_devices: bool = True) -> SiteInfo:
    path = entry.path if entry is not None else store.site_path(site)
    prefix = path.parent.name if path is not None and path.parent != workspace.data else prefix_of(site)
    info = SiteInfo(site, prefix)
    history: dict[str, datetime | None] = {}
    try:
        history = read_history(workspace.history_file(site))
    except FileNotFoundError:
        pass  # a site without history yet
    except (OSError, ValueError) as exc:
        info.error = f"history unreadable: {exc}"
    info.last_ingested = _newest(*history.values())
    devices: dict[str, DeviceInfo] = {}
    if entry is None:
        info.db_path = str(path) if path is not None else ""
        return info
    info.db_path = entry.location
    info.db_bytes = entry.size_bytes or 0
    try:
        with store.site(site) as reader:
            if with_devices:
                rows = reader.rows(
                    'SELECT d."Hostname", d."Make", d."Model", (SELECT MAX(h."RunDate") FROM "DeviceHistory" h '
                    'WHERE h."Hostname" = d."Hostname") FROM "DeviceSummary" d ORDER BY d."Hostname"')
                for host, make, model, run_date in rows:
                    name = str(host)
                    devices[name.lower()] = DeviceInfo(name, str(make or ""), str(model or ""),
                                                       _newest(history.get(name.lower()), parse_run_date(run_date)))
                info.device_count = len(devices)
            else:
                info.device_count = int(reader.scalar('SELECT COUNT(*) FROM "DeviceSummary"') or 0)
            newest_run = reader.scalar('SELECT MAX("RunDate") FROM "DeviceHistory"')
            info.last_ingested = _newest(info.last_ingested, parse_run_date(newest_run))
    except Exception as exc:  # noqa: BLE001 - any driver's error is shown on the site's row
        info.error = f"database unreadable: {exc}"
    info.devices = sorted(devices.values(), key=lambda d: d.hostname.lower())
    return info


def scan_workspace(workspace: Workspace, store: StoreConfig | None = None, device_sites: set[str] | None = None
                   ) -> list[SiteInfo]:
    """Every site the workspace's store holds or that has an ingestion history, sorted by prefix and site;
    device lists only for `device_sites` (the expanded ones; None: all), a count for the others. A store
    that cannot be read gives every site (or one row) the reason, never an exception."""
    reader = open_store_reader(store or StoreConfig(), workspace)
    try:
        entries: dict[str, SiteEntry] = {}
        failure = ""
        try:
            entries = {e.site: e for e in reader.sites()}
        except Exception as exc:  # noqa: BLE001 - a server down, a driver missing: said on the rows
            failure = f"store unreachable ({reader.config.describe()}): {exc}"
        sites = set(entries)
        if workspace.history_dir.is_dir():
            sites.update(p.stem for p in workspace.history_dir.glob("*.json"))
        if failure and not sites:
            raise StoreError(failure)
        infos = []
        for site in sites:
            info = scan_site(workspace, reader, site, entries.get(site), device_sites is None or site in device_sites)
            if failure and not info.error:
                info.error = failure
            infos.append(info)
    finally:
        reader.close()
    return sorted(infos, key=lambda i: (i.prefix.lower(), i.site.lower()))
