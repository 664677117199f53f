"""The store's password: kept in the platform keyring when there is one (masking: engine/store/secrets.py).

A DSN typed with a password is saved without it when `keyring` has a real backend (Windows Credential
Manager, macOS Keychain, Secret Service); the settings file then says `"DsnPassword": "keyring"` and
the password is put back when the file is read. Without a usable keyring the DSN stays as typed (the
file is the user's own) but logs, telemetry, messages and the window only ever show it masked.
"""

from __future__ import annotations

from typing import Any

SERVICE = "StateTraceIngest"
IN_KEYRING = "keyring"


def usable_keyring() -> Any | None:
    """The keyring module when it has a backend that really stores secrets, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring configuration means "no keyring"
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def split_password(dsn: str) -> tuple[str, str]:
    """(DSN without its password, the password), parsed by libpq's own rules through psycopg."""
    try:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        params = conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - not a DSN psycopg can parse: leave it alone
        return dsn, ""
    password = str(params.pop("password", "") or "")
    if not password:
        return dsn, ""
    return make_conninfo("", **{k: v for k, v in params.items() if v is not None}), password


def with_password(dsn: str, password: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dsn, password=password)


def stash(dsn: str, account: str) -> tuple[str, bool]:
    """Move the DSN's password into the keyring; returns (DSN to write, whether the keyring holds it)."""
    ring = usable_keyring()
    if ring is None:
        return dsn, False
    bare, password = split_password(dsn)
    if not password:
        return dsn, False
    try:
        ring.set_password(SERVICE, account, password)
    except Exception:  # noqa: BLE001 - a locked or refusing keyring: keep the DSN as typed
        return dsn, False
    return bare, True


def unstash(dsn: str, account: str) -> str:
    """The DSN with its password from the keyring (unchanged when the keyring has none)."""
    ring = usable_keyring()
    if ring is None:
        return dsn
    try:
        password = ring.get_password(SERVICE, account)
    except Exception:  # noqa: BLE001
        return dsn
    return with_password(dsn, password) if password else dsn
