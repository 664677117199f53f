"""A shared job table on PostgreSQL: several workers on several machines split one drop folder.

A file is a job, keyed by (queue, path relative to the drop folder), so machines that mount the
share at different places agree. Claims use `FOR UPDATE SKIP LOCKED`, so two workers never take the
same job and never wait on each other. A claim is a lease: the worker renews it while it ingests; if
the worker dies, the lease runs out and the next claim takes the job again (attempts are counted and
a job that keeps failing stops at `max_attempts`). A changed file (size or mtime) goes back to pending.
`job_host` is the exactly-once ledger: the PostgreSQL store commits a row there in the same
transaction as each host it writes for a job, so a retried job skips hosts already written.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any

from engine.store.base import StoreError
from engine.store.postgres import JOB_SCHEMA, advisory_key, connect, explain

J = JOB_SCHEMA
DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {J}",
    f"""CREATE TABLE IF NOT EXISTS {J}.job (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        name text NOT NULL,
        size bigint NOT NULL,
        mtime_ns bigint NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        worker text,
        token text,
        lease_until timestamptz,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        hosts integer, parsed integer, skipped integer, failed integer,
        error text,
        UNIQUE (queue, name))""",
    f"CREATE INDEX IF NOT EXISTS job_claim ON {J}.job (queue, state, id)",
    f"""CREATE TABLE IF NOT EXISTS {J}.job_host (
        job_id bigint NOT NULL REFERENCES {J}.job (id) ON DELETE CASCADE,
        hostname text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, hostname))""",
)


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    name: str
    size: int
    mtime_ns: int
    attempts: int
    token: str


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class JobQueue:
    def __init__(self, dsn: str, queue: str, worker: str = "", lease_s: float = 60.0, max_attempts: int = 5) -> None:
        self.dsn = dsn
        self.queue = queue
        self.worker = worker or default_worker_name()
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self.conn: Any = connect(dsn, application_name=f"statetrace-worker {self.worker}"[:63])
        self.ensure()

    def _tx(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        """One statement, committed; rows it returned."""
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall() if cur.description else []
            self.conn.commit()
            return rows
        except BaseException:
            try:
                self.conn.rollback()
            except Exception:  # noqa: BLE001 - the connection may be gone; the caller reconnects
                pass
            raise

    def ensure(self) -> None:
        with self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (advisory_key("job-schema"),))
            for statement in DDL:
                cur.execute(statement)
        self.conn.commit()

    def enqueue(self, files: list[tuple[str, int, int]]) -> int:
        """Add new files, send changed ones back to pending; returns how many jobs became pending."""
        if not files:
            return 0
        names, sizes, mtimes = zip(*files, strict=True)
        rows = self._tx(
            f"""INSERT INTO {J}.job AS j (queue, name, size, mtime_ns)
                SELECT %s, n, s, m FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) AS f(n, s, m)
                ON CONFLICT (queue, name) DO UPDATE
                SET size = EXCLUDED.size, mtime_ns = EXCLUDED.mtime_ns, state = 'pending', attempts = 0,
                    token = NULL, worker = NULL, lease_until = NULL, error = NULL, finished_at = NULL
                WHERE j.size <> EXCLUDED.size OR j.mtime_ns <> EXCLUDED.mtime_ns
                RETURNING id, (xmax = 0) AS inserted""",
            (self.queue, list(names), list(sizes), list(mtimes)))
        changed = [r[0] for r in rows if not r[1]]
        if changed:
            self._tx(f"DELETE FROM {J}.job_host WHERE job_id = ANY(%s)", (changed,))
        return len(rows)

    def claim(self) -> Job | None:
        """Take the oldest pending job, or one whose worker's lease ran out."""
        self._tx(f"""UPDATE {J}.job SET state = 'failed', token = NULL, lease_until = NULL,
                     error = coalesce(error || '; ', '') || 'gave up after ' || attempts || ' attempts'
                     WHERE queue = %s AND state = 'running' AND lease_until < now() AND attempts >= %s""",
                 (self.queue, self.max_attempts))
        token = uuid.uuid4().hex
        rows = self._tx(
            f"""UPDATE {J}.job AS j SET state = 'running', worker = %s, token = %s, attempts = j.attempts + 1,
                    lease_until = now() + make_interval(secs => %s), started_at = now(),
                    error = CASE WHEN j.state = 'running'
                                 THEN coalesce(j.error || '; ', '') || 'lease of ' || coalesce(j.worker, '?')
                                      || ' expired' ELSE j.error END
                WHERE j.id = (SELECT id FROM {J}.job
                              WHERE queue = %s AND (state = 'pending' OR (state = 'running' AND lease_until < now()))
                              ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING j.id, j.name, j.size, j.mtime_ns, j.attempts""",
            (self.worker, token, self.lease_s, self.queue))
        if not rows:
            return None
        r = rows[0]
        return Job(int(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4]), token)

    def renew(self, job: Job) -> bool:
        """Extend the lease; False when the job is no longer ours (reset or taken over)."""
        rows = self._tx(f"UPDATE {J}.job SET lease_until = now() + make_interval(secs => %s) "
                        "WHERE id = %s AND token = %s RETURNING 1", (self.lease_s, job.id, job.token))
        return bool(rows)

    def finish(self, job: Job, hosts: int, parsed: int, skipped: int, failed: int, error: str = "") -> bool:
        rows = self._tx(f"""UPDATE {J}.job SET state = 'done', finished_at = now(), lease_until = NULL,
                               hosts = %s, parsed = %s, skipped = %s, failed = %s,
                               error = nullif(concat_ws('; ', error, nullif(%s, '')), '')
                            WHERE id = %s AND token = %s RETURNING 1""",
                        (hosts, parsed, skipped, failed, error, job.id, job.token))
        if rows:
            self._tx(f"DELETE FROM {J}.job_host WHERE job_id = %s", (job.id,))
        return bool(rows)

    def release(self, job: Job, error: str, final: bool = False) -> bool:
        """Give the job back (retried by any worker), or fail it for good after max_attempts."""
        rows = self._tx(f"""UPDATE {J}.job SET state = CASE WHEN %s OR attempts >= %s THEN 'failed' ELSE 'pending' END,
                               token = NULL, lease_until = NULL, error = %s, finished_at = now()
                            WHERE id = %s AND token = %s RETURNING state""",
                        (final, self.max_attempts, error[:2000], job.id, job.token))
        return bool(rows)

    def counts(self) -> dict[str, int]:
        rows = self._tx(f"SELECT state, count(*) FROM {J}.job WHERE queue = %s GROUP BY state", (self.queue,))
        return {str(s): int(n) for s, n in rows}

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001
            pass


def open_queue(dsn: str, queue: str, worker: str = "", lease_s: float = 60.0, max_attempts: int = 5) -> JobQueue:
    try:
        return JobQueue(dsn, queue, worker, lease_s, max_attempts)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"job table on PostgreSQL: {explain(exc)}") from exc
