"""PostgreSQL for teams that outgrow one machine: one schema per site, the same tables, psycopg 3.

Writes go through the shared per-port diff; the diff is applied by COPY into a session temp staging
table and three set-based statements. Every write transaction first takes a transaction-scoped
advisory lock keyed by the site schema, so exactly one writer per site works at any moment across
processes and machines (the legacy per-host write mutex, server-side); a dead client's lock dies with
its session. A connection lost between hosts is re-opened on the next host.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from engine.model import DeviceFacts
from engine.store.base import SourceMap, SourceStamp, StoreBusy, StoreError, WriteResult
from engine.store.dialect import POSTGRES
from engine.store.schema import PORT_VALUES
from engine.store.secrets import mask_dsn
from engine.store.sql_store import RUN_DATE_FORMAT, PortPlan, SqlSiteStore

JOB_SCHEMA = "statetrace_jobs"
_PORT_COLUMNS = [c.name for c in PORT_VALUES]
_STAGE = "st_stage_ports"


# The one catalog introspection of a site schema: the writer's schema step and the maintenance audit.
TABLE_NAMES_SQL = "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
INDEX_KEYS_SQL = (
    "SELECT t.relname, array_agg(a.attname::text ORDER BY k.ord) "
    "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace "
    "CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
    "WHERE n.nspname = %s GROUP BY x.indexrelid, t.relname")


def site_schema(site: str) -> str:
    """`BOYO` -> `site_boyo`. Lower-case ASCII letters, digits and `_` only (no quoting surprises in
    psql or other tools); a name that had to change beyond case, or is too long, gets a short hash so
    two different sites can never share a schema."""
    lowered = site.lower()
    clean = re.sub(r"[^a-z0-9_]", "_", lowered)
    name = f"site_{clean}"
    if clean != lowered or len(name) > 63:
        digest = hashlib.sha1(site.encode("utf-8")).hexdigest()[:8]
        name = f"{name[:54]}_{digest}"
    return name


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (hashtext differs across versions)."""
    return int.from_bytes(hashlib.sha256(f"statetrace:{name}".encode()).digest()[:8], "big", signed=True)


def redact_dsn(dsn: str) -> str:
    return mask_dsn(dsn)


def connect(dsn: str, *, autocommit: bool = False, connect_timeout: int = 10, application_name: str = "statetrace")\
        -> Any:
    """Open a psycopg connection, turning the common failures into one readable StoreError."""
    import psycopg

    try:
        return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=connect_timeout,
                               application_name=application_name)
    except psycopg.Error as exc:
        reason = explain(exc)
        raise ConnectError(f"cannot connect to PostgreSQL {redact_dsn(dsn)!r}: {reason}",
                           retryable="not reachable" in reason) from exc


class ConnectError(StoreError):
    """Connecting failed; `retryable` when the server may come back (down, restarting, network)."""

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def explain(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    low = str(exc).lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return f"wrong user name or password ({first})"
    if ("connection refused" in low or "could not connect" in low or "timeout expired" in low
            or "the database system is starting up" in low or "shutting down" in low):
        return f"the server is not reachable ({first})"
    if "does not exist" in low and "database" in low:
        return f"no such database ({first})"
    return first


class PostgresSiteStore(SqlSiteStore):
    def __init__(self, dsn: str, site: str, max_interfaces_per_batch: int = 0, job_id: int = 0,
                 lock_timeout_s: float = 30.0) -> None:
        self.dsn = dsn
        self.site = site
        self.schema = site_schema(site)
        self.lock_key = advisory_key(self.schema)
        self.job_id = job_id
        self.lock_timeout_ms = int(lock_timeout_s * 1000)
        super().__init__(connect(dsn), POSTGRES, f"postgresql:{self.schema}", max_interfaces_per_batch)
        self.location = f"{redact_dsn(dsn)} schema {self.schema}"
        self._prepare()
        try:
            self.ensure_schema()
        except BaseException as exc:
            self.rollback()
            self.close()
            raise self._translate(exc) from exc

    # -- connection ----------------------------------------------------------------------------------
    def _prepare(self) -> None:
        with self.conn.cursor() as cur:
            # Two first writers of a new site would race on CREATE SCHEMA IF NOT EXISTS: lock first.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            cur.execute(f'SET search_path TO "{self.schema}"')
            cols = ", ".join(f'"{c.name}" {POSTGRES.column_type(c)}' for c in PORT_VALUES)
            cur.execute(f'CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (seq integer, op "char", target_id bigint, '
                        f'"Hostname" varchar(64), "Port" varchar(64), {cols}) ON COMMIT DELETE ROWS')
        self.conn.commit()

    def _reconnect_if_broken(self) -> None:
        if getattr(self.conn, "broken", False) or self.conn.closed:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001
                pass
            self.conn = connect(self.dsn)
            self._prepare()

    def begin(self) -> None:
        """Take this site's write lock for the transaction; time out as StoreBusy."""
        self._reconnect_if_broken()
        with self.conn.cursor() as cur:
            cur.execute("SELECT set_config('lock_timeout', %s, true), pg_advisory_xact_lock(%s)",
                        (f"{self.lock_timeout_ms}ms", self.lock_key))

    def ensure_schema(self) -> None:
        self.begin()
        super().ensure_schema()
        self._ensure_trigram_indexes()

    def _ensure_trigram_indexes(self) -> None:
        """Find's substring search of ports and descriptions (ILIKE '%...%') through pg_trgm GIN
        indexes, where the server has the extension and this role may create it (it is a trusted
        extension from PostgreSQL 13: a database owner can). Without it, find scans, as before."""
        with self.conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_indexes WHERE schemaname = %s AND indexname = 'IX_Interfaces_PortTrgm'",
                        (self.schema,))
            if cur.fetchone() is not None:
                self.conn.commit()
                return
            self.begin()
            cur.execute("SAVEPOINT trgm")
            try:
                cur.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                            "WHERE e.extname = 'pg_trgm'")
                row = cur.fetchone()
                if row is None:
                    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
                    home = "public"
                else:
                    home = str(row[0])
                for name, column in (("IX_Interfaces_PortTrgm", "Port"), ("IX_Interfaces_NameTrgm", "Name")):
                    cur.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "Interfaces" USING gin '
                                f'("{column}" "{home}".gin_trgm_ops)')
                cur.execute("RELEASE SAVEPOINT trgm")
            except Exception:  # noqa: BLE001 - no pg_trgm on this server, or no right to create it
                cur.execute("ROLLBACK TO SAVEPOINT trgm")
        self.conn.commit()

    def existing_tables(self) -> set[str]:
        with self.conn.cursor() as cur:
            cur.execute(TABLE_NAMES_SQL, (self.schema,))
            return {str(r[0]) for r in cur.fetchall()}

    def table_columns(self, table: str) -> list[str]:
        with self.conn.cursor() as cur:
            cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                        "AND table_name = %s ORDER BY ordinal_position", (self.schema, table))
            return [str(r[0]) for r in cur.fetchall()]

    def existing_indexes(self) -> set[tuple[str, tuple[str, ...]]]:
        with self.conn.cursor() as cur:
            cur.execute(INDEX_KEYS_SQL, (self.schema,))
            return {(str(t), tuple(str(c).lower() for c in cols)) for t, cols in cur.fetchall()}

    def date_param(self, text: str) -> Any:
        return datetime.strptime(text, RUN_DATE_FORMAT)

    # -- writes ----------------------------------------------------------------------------------------
    def write_host(self, facts: DeviceFacts, site: str, run_date: datetime,
                   source: SourceStamp | None = None) -> WriteResult:
        try:
            if self.job_id and self._already_written(facts.hostname):
                return WriteResult(unchanged=len(facts.ports))
            return super().write_host(facts, site, run_date, source)
        except BaseException as exc:
            raise self._translate(exc) from exc

    def _already_written(self, host: str) -> bool:
        """Exactly-once across worker crashes: a job's host, once committed, is not written again
        when the job is retried (the ledger row commits in the same transaction as the host)."""
        self.begin()
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT 1 FROM {JOB_SCHEMA}.job_host WHERE job_id = %s AND hostname = %s",
                        (self.job_id, host))
            done = cur.fetchone() is not None
        if done:
            self.conn.commit()
        return done

    def _write_spans(self, cur: Any, host: str, run: Any, spans: list[Any]) -> int:
        """The last step before COMMIT: also where the job ledger row joins the host's transaction."""
        n = super()._write_spans(cur, host, run, spans)
        if self.job_id:
            cur.execute(f"INSERT INTO {JOB_SCHEMA}.job_host (job_id, hostname) VALUES (%s, %s) "
                        "ON CONFLICT DO NOTHING", (self.job_id, host))
        return n

    def _apply_ports(self, cur: Any, plan: PortPlan) -> None:
        """COPY the new and changed ports into the session's staging table, then apply set-based."""
        q = POSTGRES.quote
        if plan.deletes:
            cur.execute('DELETE FROM "Interfaces" WHERE "ID" = ANY(%s)', ([d[0] for d in plan.deletes],))
        if not plan.history:
            return
        # History rows are (host, run, port, *values) in port order, and so are the updates
        # (*values, ID): walk both in step to give every staged row its operation and target.
        updates = iter(plan.updates)
        new_ports = {i[1] for i in plan.inserts}
        cols = ", ".join(q(c) for c in _PORT_COLUMNS)
        run = plan.history[0][1]
        with cur.copy(f'COPY {_STAGE} (seq, op, target_id, "Hostname", "Port", {cols}) FROM STDIN') as copy:
            for seq, (host, _run, port, *values) in enumerate(plan.history):
                if port in new_ports:
                    copy.write_row((seq, "I", None, host, port, *values))
                else:
                    copy.write_row((seq, "U", next(updates)[-1], host, port, *values))
        # One round trip for the three set-based steps: data-modifying CTEs all run, in one snapshot.
        sets = ", ".join(f"{q(c)} = s.{q(c)}" for c in _PORT_COLUMNS)
        cur.execute(
            f'WITH upd AS (UPDATE "Interfaces" AS i SET {sets} FROM {_STAGE} AS s '
            f"WHERE s.op = 'U' AND i.\"ID\" = s.target_id RETURNING 1), "
            f'ins AS (INSERT INTO "Interfaces" ("Hostname", "Port", {cols}) '
            f"SELECT \"Hostname\", \"Port\", {cols} FROM {_STAGE} WHERE op = 'I' ORDER BY seq RETURNING 1) "
            f'INSERT INTO "InterfaceHistory" ("Hostname", "RunDate", "Port", {cols}) '
            f'SELECT "Hostname", %s, "Port", {cols} FROM {_STAGE} ORDER BY seq', (run,))
        # The staging rows go at COMMIT (ON COMMIT DELETE ROWS) or with a ROLLBACK.

    def _translate(self, exc: BaseException) -> BaseException:
        import psycopg

        if isinstance(exc, StoreError) or not isinstance(exc, psycopg.Error):
            return exc
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return StoreBusy(f"another StateTrace writer holds site {self.site} on {self.location}")
        if isinstance(exc, psycopg.OperationalError):
            return StoreError(f"PostgreSQL connection lost ({explain(exc)}); the host was not written")
        return StoreError(f"{self.location}: {explain(exc)}")

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001
            pass


def read_sources(dsn: str, site: str | None = None) -> SourceMap:
    """Recorded slices of one site's hosts, or of every site's (one connection, one query per site)."""
    import psycopg

    out: SourceMap = {}
    try:
        with connect(dsn, autocommit=True, connect_timeout=5) as conn:
            if site is not None:
                schemas = [site_schema(site)]
            else:
                schemas = [str(r[0]) for r in conn.execute(
                    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'HostSource' "
                    "AND table_schema LIKE 'site\\_%'")]
            for schema in schemas:
                try:
                    rows = conn.execute(f'SELECT "Hostname", "FileHash", "SourceLength" FROM "{schema}"."HostSource"')
                except psycopg.errors.UndefinedTable:
                    continue
                out.update({str(h).lower(): (str(f or "").lower(), int(n or 0)) for h, f, n in rows})
    except (StoreError, psycopg.Error):
        return out
    return out
