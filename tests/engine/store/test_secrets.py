"""Connection strings shown in messages and telemetry never carry any part of the password."""

from __future__ import annotations

import pytest

from engine.store.odbc import redact
from engine.store.postgres import redact_dsn
from engine.store.secrets import mask_dsn

# (spelling, a fragment that must survive masking so the message still says where it connects)
SPELLINGS = [
    ("host=db1 user=u password=S3cretPWa dbname=x", "db1"),
    ("host=db1 password='S3cret PWsp' dbname=x", "db1"),
    ("host=db1 password = S3cretPWeq dbname=x", "db1"),
    ("postgresql://u:S3cretPWuri@db1/x", "db1"),
    ("postgresql://u:S3cr@tPWat@db1/x", "db1"),
    ("postgres://u@db1/x?password=S3cretPWq&sslmode=require", "sslmode=require"),
    ("host=db1 password=S3cret PWmal dbname", "db1"),
    ("Driver={PostgreSQL Unicode};Server=db1;UID=u;PWD=S3cretPWodbc;", "Server=db1"),
    ("Driver={PostgreSQL Unicode};Server=db1;Password={S3cret;PW}}brace};Database=x", "Database=x"),
]


@pytest.mark.parametrize(("dsn", "kept"), SPELLINGS)
def test_no_part_of_the_password_survives(dsn: str, kept: str) -> None:
    for masked in (mask_dsn(dsn), redact_dsn(dsn)):
        for fragment in ("S3cr", "PWa", "PWsp", "PWeq", "PWuri", "tPWat", "PWq", "PWmal", "PWodbc", "PW}"):
            assert fragment not in masked, masked
        assert kept in masked and "***" in masked


def test_odbc_redact_keeps_the_rest_of_the_string() -> None:
    assert redact("Driver={SQLite3};Database=/d/x.db;PWD={a;b}") == "Driver={SQLite3};Database=/d/x.db;PWD=***"


def test_a_string_without_a_password_is_unchanged_in_meaning() -> None:
    assert mask_dsn("postgresql://u@db1:5433/x") == "postgresql://u@db1:5433/x"
    assert "host=db1" in mask_dsn("host=db1 dbname=x")
