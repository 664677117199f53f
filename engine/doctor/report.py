"""What this installation can use, checked by really loading each part (not by reading metadata).

For support requests and for the frozen bundle's smoke test: a driver library that is missing or
cannot load shows up here as a sentence, where an ingestion would fail later with a traceback.
"""

from __future__ import annotations

import platform
import sqlite3
import ssl
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from engine import __version__, logs
from engine.credentials import usable_keyring
from engine.store.odbc import load_pyodbc


@dataclass(frozen=True)
class Part:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Report:
    version: str
    python: str
    frozen: bool
    log_folder: str
    parts: list[Part] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(name: str, probe: Any) -> Part:
    try:
        return Part(name, True, str(probe()))
    except Exception as exc:  # noqa: BLE001 - a part that fails to load is what this report is for
        return Part(name, False, f"{type(exc).__name__}: {exc}")


def _postgresql() -> str:
    import psycopg

    libpq = psycopg.pq.version()
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), libpq {libpq // 10000}.{libpq % 10000}"


def _odbc() -> str:
    pyodbc = load_pyodbc()
    drivers = pyodbc.drivers()
    return f"pyodbc {pyodbc.version}, drivers: {', '.join(drivers) if drivers else 'none registered'}"


def _access() -> str:
    from engine.store.access import ACE_DRIVER, missing_driver_error

    installed = load_pyodbc().drivers()
    if ACE_DRIVER not in installed:
        raise missing_driver_error(ACE_DRIVER, installed)  # the store's own sentence, with the bitness hint
    return ACE_DRIVER


def _keyring_state() -> str:
    ring = usable_keyring()
    if ring is None:
        import keyring

        found = type(keyring.get_keyring())
        raise LookupError(f"no keyring that stores secrets ({found.__module__}.{found.__name__}): "
                          "a PostgreSQL password stays in the settings file")
    backend = ring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _secret_service() -> str:
    """Linux: the module the Secret Service backend needs imports and its AES-CBC works (the frozen
    bundle provides AES through a stand-in for `cryptography`)."""
    import secretstorage.util
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, iv = bytes(range(16)), bytes(16)
    sealed = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    token = sealed.update(bytes(16)) + sealed.finalize()
    opened = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    if opened.update(token) + opened.finalize() != bytes(16):
        raise ValueError("AES-CBC round trip failed")
    return f"{secretstorage.util.__name__} imports; AES-CBC round trip ok"


def build_report() -> Report:
    parts = [
        _check("sqlite", lambda: f"SQLite {sqlite3.sqlite_version}"),
        _check("tls", lambda: ssl.OPENSSL_VERSION),
        _check("postgresql", _postgresql),
        _check("odbc", _odbc),
    ]
    if sys.platform == "win32":
        parts.append(_check("access", _access))
    parts.append(_check("keyring", _keyring_state))
    if sys.platform.startswith("linux"):
        parts.append(_check("secret-service", _secret_service))
    return Report(version=__version__, python=f"{platform.python_implementation()} {platform.python_version()}",
                  frozen=bool(getattr(sys, "frozen", False)), log_folder=str(logs.log_dir()), parts=parts)
