"""The parse side of the runtime: a thread that feeds sources to a `spawn` process pool.

Parsing is CPU-bound, so it runs in processes (every core, also in a frozen app); this thread only
submits work and hands finished results to the runtime through a queue. Pausing stops new
submissions; cancelling drops what has not started.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from engine.ingest.worker import (
    HostOutcome,
    SourceResult,
    init_worker,
    process_source,
    process_source_streamed,
    unchanged_file_result,
)
from engine.transcript.source import Source


@dataclass(slots=True)
class ParseRequest:
    """A file to parse; with `merge`, only the hosts `only_hosts` of it, returned with their command
    blocks for the runtime to merge (a host seen in several files, or twice in one big file)."""

    job_id: int
    source: Source
    force: bool = False
    only_hosts: frozenset[str] | None = None
    merge: str = ""


@dataclass(slots=True)
class ParseReply:
    """A parsed file (`result`), a failure (`error`), or (`partial`) a batch of a big file's hosts sent
    before the file is done; every partial of a file arrives before its result."""

    job_id: int
    result: SourceResult | None
    error: str = ""
    partial: list[HostOutcome] | None = None
    merge: str = ""  # the reply to a merge request (ParseRequest.merge)


class ParseFeeder(threading.Thread):
    def __init__(self, processes: int, known: dict[str, tuple[str, int]], replies: queue.Queue[ParseReply],
                 files: dict[str, Any] | None = None, backlog: Callable[[], int] | None = None,
                 max_backlog: int = 96, keep_secrets: bool = False) -> None:
        super().__init__(name="statetrace-parse-feeder", daemon=True)
        self.processes = max(1, processes)
        self.known = known
        self.files = files or {}
        self.keep_secrets = keep_secrets
        # Parsed hosts waiting for a writer hold their facts in memory: stop feeding the pool while
        # the writers are this far behind (they are the bottleneck then anyway).
        self.backlog = backlog or (lambda: 0)
        self.max_backlog = max_backlog
        self.requests: queue.Queue[ParseRequest | None] = queue.Queue()
        self.replies = replies
        self.paused = threading.Event()
        self.cancelled = threading.Event()
        self.started_jobs: queue.Queue[int] = queue.Queue()
        self._stop_event = threading.Event()

    def submit(self, request: ParseRequest) -> None:
        self.requests.put(request)

    def stop(self) -> None:
        self._stop_event.set()
        self.requests.put(None)

    def run(self) -> None:
        if self.processes <= 1:
            self._run_inline()
            return
        ctx = multiprocessing.get_context("spawn")
        # Big files send their hosts on before they end, through this queue; its bound stops a parse
        # process while the writers are behind, so memory does not grow with the file.
        partials: Any = ctx.Queue(maxsize=self.processes * 2)
        # The file index stays here: this thread answers unchanged files (_skipped_whole), so a file that
        # reaches a parse process has already missed it, and pickling it into each process is wasted.
        pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=ctx, initializer=init_worker,
                                   initargs=(self.known, {}, self.keep_secrets, partials))
        pending: dict[Future[SourceResult], int] = {}
        received: dict[int, int] = {}  # job -> hosts received as partials
        finals: dict[int, SourceResult] = {}  # results waiting for their last partials (another pipe)
        merges: dict[Future[SourceResult], str] = {}
        try:
            while not self._stop_event.is_set() or pending or finals:
                self._drain_partials(partials, received)
                for job_id, result in list(finals.items()):
                    if received.get(job_id, 0) >= len(result.streamed):
                        del finals[job_id]
                        received.pop(job_id, None)
                        self.replies.put(ParseReply(job_id, result))
                # Keep a few sources per process in flight so no core idles between files.
                while (len(pending) < self.processes * 2 and not self.paused.is_set()
                       and not self._stop_event.is_set() and self.backlog() < self.max_backlog):
                    try:
                        req = self.requests.get(timeout=0.02 if pending else 0.2)
                    except queue.Empty:
                        break
                    if req is None:
                        break
                    if self.cancelled.is_set():
                        self.replies.put(ParseReply(req.job_id, None, "cancelled", merge=req.merge))
                        continue
                    if req.merge:
                        future = pool.submit(process_source, req.source, req.only_hosts, True)
                        pending[future] = req.job_id
                        merges[future] = req.merge
                        continue
                    known_raw = self._skipped_whole(req)
                    if known_raw is None:
                        continue  # answered: unchanged file
                    self.started_jobs.put(req.job_id)
                    future = pool.submit(process_source_streamed, req.source, req.force, known_raw, req.job_id)
                    pending[future] = req.job_id
                if not pending:
                    if finals or self.paused.is_set() or self.backlog() >= self.max_backlog:
                        self._stop_event.wait(0.02)
                    continue
                done, _ = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for fut in done:
                    job_id = pending.pop(fut)
                    merge = merges.pop(fut, "")
                    try:
                        result = fut.result()
                    except Exception as exc:
                        received.pop(job_id, None)
                        self.replies.put(ParseReply(job_id, None, f"parse process failed: {exc!r}", merge=merge))
                        continue
                    if merge:
                        self.replies.put(ParseReply(job_id, result, merge=merge))
                        continue
                    if received.get(job_id, 0) >= len(result.streamed):
                        received.pop(job_id, None)
                        self.replies.put(ParseReply(job_id, result))
                    else:
                        finals[job_id] = result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _drain_partials(self, partials: Any, received: dict[int, int]) -> None:
        """Hand the hosts big files sent on to the runtime, while the writers keep up (or the run ends)."""
        while self.backlog() < self.max_backlog or self._stop_event.is_set() or self.cancelled.is_set():
            try:
                job_id, outcomes = partials.get_nowait()
            except queue.Empty:
                return
            received[job_id] = received.get(job_id, 0) + len(outcomes)
            self.replies.put(ParseReply(job_id, None, partial=outcomes))

    def _skipped_whole(self, req: ParseRequest) -> str | None:
        """Answer an unchanged file here (a hash, no decoding), so a warm run never starts a parse process.

        None when answered; otherwise the raw hash if one was computed ("" if not), which the parse
        process then reuses instead of reading the file twice.
        """
        if req.force or not self.files:
            return ""
        result = SourceResult(req.source, 0)
        try:
            unchanged = unchanged_file_result(req.source, self.known, self.files, result)
        except OSError:
            return ""  # the parse process reports the problem with the file
        if unchanged is None:
            return result.raw_hash
        self.replies.put(ParseReply(req.job_id, unchanged))
        return None

    def _run_inline(self) -> None:
        init_worker(self.known, self.files, self.keep_secrets)
        while not self._stop_event.is_set():
            if self.paused.is_set() or self.backlog() >= self.max_backlog:
                self._stop_event.wait(0.05)
                continue
            try:
                req = self.requests.get(timeout=0.2)
            except queue.Empty:
                continue
            if req is None:
                break
            if self.cancelled.is_set():
                self.replies.put(ParseReply(req.job_id, None, "cancelled", merge=req.merge))
                continue
            if req.merge:
                self.replies.put(ParseReply(req.job_id, process_source(req.source, req.only_hosts, True),
                                            merge=req.merge))
                continue
            self.started_jobs.put(req.job_id)
            job_id = req.job_id

            def emit(outcomes: list[HostOutcome], job_id: int = job_id) -> None:
                while (self.backlog() >= self.max_backlog and not self._stop_event.is_set()
                       and not self.cancelled.is_set()):
                    self._stop_event.wait(0.05)
                self.replies.put(ParseReply(job_id, None, partial=outcomes))

            self.replies.put(ParseReply(req.job_id, process_source(req.source, force=req.force, emit=emit)))
