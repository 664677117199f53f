"""Connection strings with their passwords masked, for messages, logs and telemetry.

Masking by regular expression leaks whatever the expression misreads (a quoted password with a space,
an `@` inside a URI password). So each form is read the way its driver reads it: libpq key=value
strings by psycopg's own `conninfo_to_dict`, URIs by their authority (`user:secret@host`, the password
running to the LAST `@`) and query, ODBC strings as `key=value;` pairs with `{...}` braces (`}}` escapes
a brace). A string that does not parse shows nothing from its password keyword on.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

MASK = "***"
_SECRET_KEYS = {"password", "pwd", "passwd", "sslpassword"}
_URI = re.compile(r"^(postgres(?:ql)?://)([^/?#]*)(.*)$", re.I | re.S)
_SECRET_ON = re.compile(r"(?:^|[\s;])(?:ssl)?(?:password|passwd|pwd)\s*=", re.I)


def mask_dsn(dsn: str) -> str:
    """Any PostgreSQL or ODBC connection string, passwords replaced by ***."""
    if _URI.match(dsn):
        return _mask_uri(dsn)
    try:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
    except ImportError:  # pragma: no cover - psycopg is a runtime dependency
        return mask_odbc(dsn)
    try:
        params = conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - psycopg.ProgrammingError; an ODBC string or a malformed one
        return mask_odbc(dsn) if ";" in dsn else _cut_at_secret(dsn)
    if any(_SECRET_ON.search(str(v)) for v in params.values()):
        return mask_odbc(dsn)  # `dbname=x;PWD=y` is ODBC that libpq happens to accept as one value
    masked = {k: (MASK if k.lower() in _SECRET_KEYS else v) for k, v in params.items()}
    return make_conninfo(**{k: str(v) for k, v in masked.items()})


def mask_odbc(conn_str: str) -> str:
    """An ODBC `key=value;` string with PWD/Password values masked, braces understood."""
    pairs = _odbc_pairs(conn_str)
    if pairs is None:
        return _cut_at_secret(conn_str)
    out = []
    for key, value in pairs:
        if not value.startswith("{") and _SECRET_ON.search(" " + value):
            return _cut_at_secret(conn_str)  # `key=a password=b`: not ODBC after all
        out.append(f"{key}={MASK}" if key.strip().lower() in _SECRET_KEYS else f"{key}={value}")
    return ";".join(out) + (";" if conn_str.rstrip().endswith(";") else "")


def _odbc_pairs(text: str) -> list[tuple[str, str]] | None:
    """The attribute list as written (values keep their braces); None when it does not parse."""
    pairs: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in "; \t":
            i += 1
        if i >= n:
            break
        eq = text.find("=", i)
        if eq < 0:
            return None
        key = text[i:eq].strip()
        j = eq + 1
        while j < n and text[j] in " \t":
            j += 1
        if j < n and text[j] == "{":
            k = j + 1
            while True:
                close = text.find("}", k)
                if close < 0:
                    return None
                if text.startswith("}}", close):
                    k = close + 2
                    continue
                break
            value, i = text[j:close + 1], close + 1
            rest = text[i:].lstrip(" \t")
            if rest and not rest.startswith(";"):
                return None
        else:
            semi = text.find(";", j)
            end = n if semi < 0 else semi
            value, i = text[j:end].strip(), end
        if not key:
            return None
        pairs.append((key, value))
    return pairs


def _mask_uri(uri: str) -> str:
    match = _URI.match(uri)
    assert match is not None
    scheme, authority, tail = match.groups()
    if "@" in authority:
        userinfo, hosts = authority.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        authority = f"{user}:{MASK}@{hosts}" if ":" in userinfo else f"{user}@{hosts}"
    path, sep, query = tail.partition("?")
    if sep:
        fragment = ""
        if "#" in query:
            query, fragment = query.split("#", 1)
            fragment = "#" + fragment
        params = [(k, MASK if k.lower() in _SECRET_KEYS else v) for k, v in parse_qsl(query, keep_blank_values=True)]
        tail = f"{path}?{urlencode(params, safe='*')}{fragment}"
    return f"{scheme}{authority}{tail}"


def _cut_at_secret(text: str) -> str:
    """An unparsable string: everything from the first password keyword on is hidden."""
    match = _SECRET_ON.search(text)
    if match is None:
        return text
    return text[:match.end()] + MASK + " (rest of the connection string hidden: it does not parse)"
