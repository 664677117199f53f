"""Stage-then-swap writes for massive devices (`MaxInterfacesPerBatch`), SQLite dialect.

A 384-port stack must not hold the database for one long transaction: its changed rows are first
staged into InterfaceBulkSeed in short transactions of at most N rows, then one short transaction
swaps them in with set-based statements. Readers see the host all-or-nothing (Interfaces changes
only in the swap), and a crash mid-host leaves only staged rows, which the next write of that host
clears before it starts.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.model import DeviceFacts
from engine.store.base import SourceStamp, WriteResult
from engine.store.sql_store import PORT_COLUMNS, RUN_DATE_FORMAT, SqlSiteStore, summary_row

_COLS = ", ".join(f'"{c}"' for c in PORT_COLUMNS)
_SEED_INSERT = (f'INSERT INTO "InterfaceBulkSeed" ("BatchId", "Hostname", "RunDateText", "RunDate", "Port", {_COLS}) '
                f"VALUES ({', '.join(['?'] * (len(PORT_COLUMNS) + 5))})")
_SWAP_UPDATE = ('UPDATE "Interfaces" SET ' + ", ".join(f'"{c}" = s."{c}"' for c in PORT_COLUMNS)
                + ' FROM "InterfaceBulkSeed" s WHERE s."BatchId" = ? AND s."RunDateText" = \'U\' '
                'AND "Interfaces"."Hostname" = s."Hostname" AND "Interfaces"."Port" = s."Port"')
_SWAP_INSERT = (f'INSERT INTO "Interfaces" ("Hostname", "Port", {_COLS}) SELECT "Hostname", "Port", {_COLS} '
                'FROM "InterfaceBulkSeed" WHERE "BatchId" = ? AND "RunDateText" = \'I\' ORDER BY rowid')
_SWAP_HISTORY = (f'INSERT INTO "InterfaceHistory" ("Hostname", "RunDate", "Port", {_COLS}) '
                 f'SELECT "Hostname", "RunDate", "Port", {_COLS} FROM "InterfaceBulkSeed" WHERE "BatchId" = ? ORDER BY rowid')
_SEED_CLEAR_BATCH = 'DELETE FROM "InterfaceBulkSeed" WHERE "BatchId" = ?'
_SEED_CLEAR_HOST = 'DELETE FROM "InterfaceBulkSeed" WHERE "Hostname" = ?'


def write_host_staged(store: SqlSiteStore, facts: DeviceFacts, site: str, run_date: datetime, batch: int,
                      begin: Callable[[], None], source: SourceStamp | None = None) -> WriteResult:
    result = WriteResult()
    conn: Any = store.conn
    run = run_date.strftime(RUN_DATE_FORMAT)
    host = facts.hostname
    t0 = time.perf_counter()
    cur = conn.cursor()
    # Leftovers of a crash while staging this host are never swapped in: clear them first.
    begin()
    cur.execute(_SEED_CLEAR_HOST, (host,))
    ports = store.decide_partial(cur, facts, source, result)
    conn.commit()
    plan = store._plan_ports(cur, host, run, facts.ports)
    batch_id = str(uuid.uuid4())
    staged: list[tuple[Any, ...]] = [
        (batch_id, host, "U", run, port, *row[:-1]) for port, row in zip(plan.update_ports, plan.updates, strict=True)]
    staged += [(batch_id, host, "I", run, row[1], *row[2:]) for row in plan.inserts]
    result.batches = 0
    for start in range(0, len(staged), batch):
        begin()
        cur.executemany(_SEED_INSERT, staged[start:start + batch])
        conn.commit()
        result.batches += 1
    t1 = time.perf_counter()
    try:
        begin()
        summary = summary_row(facts, site, ports)
        cur.execute(store._sql_update_summary, (*summary, host))
        if cur.rowcount == 0:
            cur.execute(store._sql_insert_summary, (host, *summary))
        cur.execute(store._sql_device_history, (host, run, *summary))
        if plan.deletes:
            cur.executemany(store._sql_delete_port, plan.deletes)
        if plan.updates:
            cur.execute(_SWAP_UPDATE, (batch_id,))
        if plan.inserts:
            cur.execute(_SWAP_INSERT, (batch_id,))
        if staged:
            cur.execute(_SWAP_HISTORY, (batch_id,))
            cur.execute(_SEED_CLEAR_BATCH, (batch_id,))
        store.write_removals(cur, plan)
        t2 = time.perf_counter()
        result.span_rows = store._write_spans(cur, host, run, facts.spans)
        store.write_sightings(cur, host, run_date, facts.ports)
        store.write_source(cur, host, source)
        store.write_links(cur, facts, run_date, source)
        conn.commit()
    except BaseException:
        store.rollback()
        raise
    t3 = time.perf_counter()
    result.batches += 1
    result.inserted, result.updated, result.deleted = len(plan.inserts), len(plan.updates), len(plan.deletes)
    result.unchanged = plan.unchanged
    # Latency is the swap transaction: what readers and other writers wait for.
    result.latency_ms = (t3 - t1) * 1000.0
    result.phases_ms = {"StageDurationMs": (t1 - t0) * 1000, "SwapDurationMs": (t2 - t1) * 1000,
                        "CommitDurationMs": (t3 - t2) * 1000}
    return result
