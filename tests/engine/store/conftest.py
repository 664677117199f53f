"""Store tests use the PostgreSQL and ODBC fixtures of tests/conftest.py."""
