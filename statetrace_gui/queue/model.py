"""QueueModel: the runtime's jobs as a table, plus per-site state counts for the site tree.

Rows are upserted by job id from the runtime's batches (api.py). Batches are queued with `post`
and applied by `flush` a few times a second: every change a view sees makes it call `data()`
(Python) for each visible cell and role, and under GIL contention from the writer threads that
was the GUI thread's largest cost. A flush costs one `rowsInserted` for the new rows and one
`dataChanged` per changed row, so a view repaints only rows it shows and a sorting/filtering
proxy only re-examines what changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from engine.console import human_bytes

COLUMNS = ("Run", "File", "Host", "Site", "Vendor", "Size", "State", "Progress", "Parse ms", "Write ms", "Rows",
           "Error")
COL = {name: i for i, name in enumerate(COLUMNS)}
_KEYS = ("run", "file", "host", "site", "vendor", "size", "state", "progress", "parse_ms", "write_ms", "rows",
         "error")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
JOB_ROLE = Qt.ItemDataRole.UserRole + 2
CELL_ROLE = Qt.ItemDataRole.UserRole + 3  # everything the table's delegate paints, in one call
RIGHT_ALIGNED = frozenset(COL[name] for name in ("Size", "Progress", "Parse ms", "Write ms", "Rows"))
STAGED = "Staged"  # added while "Start automatically" is off: not handed to the runtime yet
CANCELLED = "Cancelled"  # dropped by Cancel before it was read or written: not a failure
ACTIVE_STATES = frozenset({STAGED, "Queued", "Parsing", "Writing"})
FINISHED_STATES = frozenset({"Done", "Skipped"})
TERMINAL_STATES = frozenset({"Done", "Skipped", "Failed", CANCELLED})
# A file's row shows the worst of its hosts: one failed host makes the file Failed, not a green "Done".
_SEVERITY = {"Failed": 5, CANCELLED: 4, "Writing": 3, "Parsing": 3, "Queued": 2, "Done": 1, "Skipped": 0}
_SETTLED = frozenset({"Done", "Skipped", "Failed", CANCELLED})
_FAILED_BRUSH = QBrush(QColor(214, 59, 48, 48))
_STATE_COLORS = {"Failed": QColor("#d63b30"), "Done": QColor("#2e9e44"), "Skipped": QColor("#8a8f98"),
                 STAGED: QColor("#b07d00"), CANCELLED: QColor("#6d7a8c"),
                 "Parsing": QColor("#3d7fd6"), "Writing": QColor("#8e44ad")}
Index = QModelIndex | QPersistentModelIndex
# text, foreground, background, progress (progress column only), alignment flags as int
Cell = tuple[str, "QColor | None", "QBrush | None", float | None, int]
_ALIGN = tuple(int((Qt.AlignmentFlag.AlignCenter if key == "progress" else Qt.AlignmentFlag.AlignRight
                    if col in RIGHT_ALIGNED else Qt.AlignmentFlag.AlignLeft).value
                   | Qt.AlignmentFlag.AlignVCenter.value) for col, key in enumerate(_KEYS))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
RUN_KIND = "run"  # a run's header row: its label, start time and summary; folds the run's rows away
_HEADER_BASE = -(2**40)  # header rows' ids: below every staged (negative) and runtime (positive) job id
_RUN_BRUSH = QBrush(QColor(61, 127, 214, 40))
_HEADER_ALIGN = int(Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignVCenter.value)


def is_header(job: dict[str, Any]) -> bool:
    return job.get("kind") == RUN_KIND


class QueueModel(QAbstractTableModel):
    """Jobs by id; also tracks, per site, how many jobs are in each state (for the site tree)."""

    sig_site_counts_changed = Signal()
    sig_folds_changed = Signal()  # a run was folded or unfolded: the proxy filters again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._index: dict[int, int] = {}
        self.site_counts: dict[str, dict[str, int]] = {}
        self.state_counts: dict[str, int] = {}  # kept current by every change: read at 4 Hz, never recounted
        self._posted: list[dict[str, Any]] = []
        self.run_summaries: dict[str, str] = {}  # run label -> "started 16:05:12; 12 file(s), ..." (its tooltip)
        # Rows are grouped by run under a header row each (one flat table: a tree view measured 13x the
        # stall at 1 GB); `folded` runs show their header only. Sorting by any column stays inside runs.
        self._headers: dict[str, int] = {}  # run label -> its header row's id
        self.folded: set[str] = set()
        self.sort_descending = False  # set by the proxy before it sorts (the sort keys keep runs in order)
        self._folds_moved = False
        self._cells: dict[int, tuple[Cell, ...]] = {}  # job id -> painted cells, dropped when the job changes
        self._kids: dict[int, dict[str, int]] = {}  # file job id -> its host jobs' states, counted
        # Bookkeeping by job id, outside the rows (which stay the runtime's job dicts):
        self._kid_state: dict[int, str] = {}  # host job -> the state counted in its file's _kids
        self._own: dict[int, dict[str, Any]] = {}  # file job -> state/host/progress as the runtime sent them
        self._counted: dict[int, str] = {}  # job -> the state it is counted under in state_counts
        self._bumped: dict[int, tuple[Any, Any]] = {}  # job -> the (site, state) counted in site_counts

    # -- Qt API -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._rows)):
            return self._rows[section].get("id")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(COLUMNS):
            return None
        job = self._rows[index.row()]
        col = index.column()
        if job.get("kind") == RUN_KIND:
            return self._header_data(job, col, role)
        if role == CELL_ROLE:
            cells = self._cells.get(job["id"])
            if cells is None:
                cells = self._cells[job["id"]] = self._paint_cells(job)
            return cells[col]
        key = _KEYS[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, key)
        if role == SORT_ROLE:
            return self._sort_key(job, key)
        if role == JOB_ROLE:
            return job
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "run":
                return self.run_summaries.get(str(job.get("run") or "")) or None
            if key == "file":
                return str(job.get("file") or "")
            if key == "error" or job.get("state") == "Failed":
                return job.get("error") or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return _STATE_COLORS.get(str(job.get("state")))
        if role == Qt.ItemDataRole.BackgroundRole and job.get("state") == "Failed":
            return _FAILED_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _sort_key(self, job: dict[str, Any], key: str) -> str:
        """One string Qt compares in C++: the run first (in run order whichever way the column sorts),
        then the header before its rows, then the column's value (numbers zero-padded)."""
        number = int(job.get("run_no") or 0)
        header = job.get("kind") == RUN_KIND
        if self.sort_descending:  # Qt reverses the comparison: reverse the run and header parts back
            prefix = f"{10**8 - number:09d}{'1' if header else '0'}"
        else:
            prefix = f"{number:09d}{'0' if header else '1'}"
        if header:
            return prefix
        value = job.get(key)
        if key == "file":
            return prefix + os.path.basename(str(value or "")).lower()
        if key == "run":  # inside a run: arrival order
            return prefix + f"{int(job['id']) - _HEADER_BASE:015d}"
        if key in ("size", "parse_ms", "write_ms", "rows", "progress"):
            return prefix + f"{max(0.0, float(value or 0)):020.3f}"
        return prefix + str(value or "").lower()

    def header_text(self, job: dict[str, Any]) -> str:
        label = str(job.get("run") or "")
        marker = "\u25b8" if label in self.folded else "\u25be"
        summary = self.run_summaries.get(label) or (f"Run {label}" if label else "Not started yet (press Start)")
        folded = f"  ({self._group_size(label)} row(s) folded: click to show)" if label in self.folded else ""
        return f"{marker} {summary}{folded}"

    def _header_data(self, job: dict[str, Any], col: int, role: int) -> Any:
        if role == CELL_ROLE:
            return (self.header_text(job) if col == 0 else "", None, _RUN_BRUSH, None, _HEADER_ALIGN)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(job) if col == 0 else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            label = str(job.get("run") or "")
            return self.run_summaries.get(label) or None
        if role == SORT_ROLE:
            return self._sort_key(job, _KEYS[col])
        if role == JOB_ROLE:
            return job
        if role == Qt.ItemDataRole.BackgroundRole:
            return _RUN_BRUSH
        return None

    def _group_size(self, label: str) -> int:
        return sum(1 for job in self._rows if job.get("run", "") == label and job.get("kind") != RUN_KIND)

    def set_run_summary(self, label: str, text: str) -> None:
        """Name what a run did: its header row and the tooltip of its rows' Run cells."""
        self.run_summaries[label] = text
        self._repaint_header(label)

    def set_folded(self, label: str, folded: bool) -> None:
        """Fold or unfold one run (the proxy refilters on sig_folds_changed)."""
        if (label in self.folded) == folded:
            return
        (self.folded.add if folded else self.folded.discard)(label)
        self._repaint_header(label)
        self.sig_folds_changed.emit()

    def _repaint_header(self, label: str) -> None:
        row = self._index.get(self._headers.get(label, 0))
        if row is not None:
            self._cells.pop(self._rows[row]["id"], None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def header_rows(self) -> list[int]:
        """Source rows of the run headers, in row order."""
        return sorted(self._index[hid] for hid in self._headers.values() if hid in self._index)

    def _paint_cells(self, job: dict[str, Any]) -> tuple[Cell, ...]:
        failed = _FAILED_BRUSH if job.get("state") == "Failed" else None
        state_color = _STATE_COLORS.get(str(job.get("state")))
        return tuple((self._display(job, key), state_color if key == "state" else None, failed,
                      float(job.get("progress") or 0.0) if key == "progress" else None, _ALIGN[col])
                     for col, key in enumerate(_KEYS))

    @staticmethod
    def _display(job: dict[str, Any], key: str) -> str:
        value = job.get(key)
        if key == "file":
            return os.path.basename(str(value or ""))
        if key == "size":
            return human_bytes(value) if value else ""
        if key == "progress":
            return f"{float(value or 0) * 100:.0f} %"
        if key in ("parse_ms", "write_ms"):
            return f"{value:.0f}" if isinstance(value, (int, float)) and value else ""
        if key == "rows":
            return str(value) if value not in (None, "") else ""
        if key == "error":
            return str(value or "").splitlines()[0] if value else ""
        return str(value or "")

    # -- updates ----------------------------------------------------------------------------------
    def post(self, jobs: Sequence[dict[str, Any]]) -> None:
        """Queue a batch for the next `flush` (cheap: called for every runtime signal)."""
        self._posted.extend(jobs)

    def flush(self, insert: bool = True) -> bool:
        """Apply what was posted since the last flush; True if anything was applied.

        With `insert=False` only rows already shown are updated and new jobs wait: adding rows
        makes a table view repaint its whole viewport, updating rows only repaints those rows.
        """
        if not self._posted:
            return False
        posted, self._posted = self._posted, []
        if not insert:
            self._posted = [job for job in posted if job.get("id") not in self._index]
            posted = [job for job in posted if job.get("id") in self._index]
        if posted:
            self.upsert(posted)
        return bool(posted)

    def upsert(self, jobs: Sequence[dict[str, Any]]) -> None:
        """Apply one batch of job dicts (any mix of new and known ids)."""
        changed: set[int] = set()
        new: dict[int, dict[str, Any]] = {}  # insertion-ordered
        parents: set[int] = set()  # file jobs whose hosts changed: their row is derived again
        for info in jobs:
            job_id = info.get("id")
            if not isinstance(job_id, int):
                continue
            row = self._index.get(job_id)
            if row is None:
                job = new.get(job_id)
                if job is None:
                    new[job_id] = job = {}
            else:
                job = self._rows[row]
                self._cells.pop(job_id, None)
                changed.add(row)
            job.update(info)
            self._keep_own(job, info)
            self._finish(job)
            if isinstance(job.get("parent"), int):
                self._track_kid(job, parents)
            else:
                parents.add(job_id)
        self._folds_moved = False
        counts_changed = False
        for parent in parents:  # derived on the job dicts: new rows are shown derived, known ones signal
            row = self._index.get(parent)
            job = new.get(parent) if row is None else self._rows[row]
            if job is not None:
                self._derive(job)
                self._cells.pop(parent, None)
                if row is not None:
                    changed.add(row)
        for row in changed:
            counts_changed |= self._settle_counts(self._rows[row])
        for job in new.values():
            counts_changed |= self._settle_counts(job)
        # One signal per row, not per run of rows: a view repaints its whole viewport for a range of
        # several rows, even far below what it shows, but skips a single row that is not visible.
        last_col = len(COLUMNS) - 1
        for row in sorted(changed):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_col))
        if new:
            self._insert_rows(list(new.values()))
            counts_changed = True
        if counts_changed:
            self.sig_site_counts_changed.emit()
        if self._folds_moved:
            for label in self.folded:
                self._repaint_header(label)
            self.sig_folds_changed.emit()

    def _insert_rows(self, jobs: list[dict[str, Any]]) -> None:
        """New rows after their run's header (a new run gets one and the earlier runs fold), announced to
        the views before the rows exist, as Qt requires (a proxy that had not mapped the table yet
        counted rows appended early twice). A late row of an earlier run goes inside the table: rare
        enough for a reset."""
        rows: list[dict[str, Any]] = []
        late: list[dict[str, Any]] = []
        last = str(self._rows[-1].get("run") or "") if self._rows else None
        for job in jobs:
            label = str(job.get("run") or "")
            if label not in self._headers:
                number = int(job.get("run_no") or 0)
                header = {"id": _HEADER_BASE - number - len(self._headers), "kind": RUN_KIND, "run": label,
                          "run_no": number}
                if label:  # a new run: the earlier ones fold away (staged rows stay open)
                    earlier = {other for other in self._headers if other} - self.folded
                    if earlier:
                        self.folded |= earlier
                        self._folds_moved = True
                self._headers[label] = header["id"]
                rows.append(header)
                last = label
            if label == last:
                rows.append(job)
            else:
                late.append(job)
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            for job in rows:
                self._append(job)
            self.endInsertRows()
        if late:
            self.beginResetModel()
            for job in late:
                label = str(job.get("run") or "")
                position = 1 + max(row for row, other in enumerate(self._rows) if other.get("run", "") == label)
                self._rows.insert(position, job)
            self._index = {job["id"]: row for row, job in enumerate(self._rows)}
            self.endResetModel()

    def _append(self, job: dict[str, Any]) -> None:
        self._index[job["id"]] = len(self._rows)
        self._rows.append(job)

    def _keep_own(self, job: dict[str, Any], info: dict[str, Any]) -> None:
        """A file job's own state as the runtime sent it (its row may show its hosts' outcome instead)."""
        if not isinstance(job.get("parent"), int) and "state" in info:
            self._own.setdefault(job["id"], {})["state"] = info["state"]

    def _track_kid(self, job: dict[str, Any], parents: set[int]) -> None:
        state = str(job.get("state") or "")
        old = self._kid_state.get(job["id"])
        if old == state:
            return
        kids = self._kids.setdefault(int(job["parent"]), {})
        if old is not None:
            kids[old] -= 1
        kids[state] = kids.get(state, 0) + 1
        self._kid_state[job["id"]] = state
        parents.add(int(job["parent"]))

    def _derive(self, job: dict[str, Any]) -> None:
        """A file row = the worst of its hosts, with their counts ("3 host(s): 2 done, 1 failed")."""
        kids = {state: n for state, n in self._kids.get(job["id"], {}).items() if n}
        own = str(self._own.get(job["id"], {}).get("state", job.get("state")) or "")
        if not kids:
            job["state"] = own
            return
        total = sum(kids.values())
        candidates = [*kids, *([own] if own == "Failed" else [])]
        job["state"] = max(candidates, key=lambda st: _SEVERITY.get(st, 0))
        settled = sum(n for st, n in kids.items() if st in _SETTLED)
        job["progress"] = settled / total
        order = ("Done", "Skipped", "Failed", CANCELLED, "Writing", "Parsing", "Queued")
        parts = [f"{kids[st]} {st.lower()}" for st in order if kids.get(st)]
        job["host"] = f"{total} host(s): {', '.join(parts)}"

    def _settle_counts(self, job: dict[str, Any]) -> bool:
        """Keep state and site counts current for one row; True if the site counts changed.

        A file row that shows its hosts' outcome is not counted itself: the counter then says what
        the run log says (hosts failed, not hosts plus their files).
        """
        key = "" if not isinstance(job.get("parent"), int) and any(self._kids.get(job["id"], {}).values()) \
            else str(job.get("state") or "")
        job_id = job["id"]
        old_key = self._counted.get(job_id)
        if old_key != key:
            if old_key is not None:
                self._count_state(old_key, -1)
            self._count_state(key, +1)
            self._counted[job_id] = key
        site = (job.get("site"), job.get("state"))
        old_site = self._bumped.get(job_id)
        if old_site == site:
            return False
        if old_site is not None:
            self._bump(*old_site, -1)
        self._bump(*site, +1)
        self._bumped[job_id] = site
        return True

    @staticmethod
    def _finish(job: dict[str, Any]) -> None:
        if job.get("state") in FINISHED_STATES:
            job["progress"] = 1.0

    def _count_state(self, state: Any, delta: int) -> None:
        key = str(state or "")
        if key:
            self.state_counts[key] = self.state_counts.get(key, 0) + delta

    def _bump(self, site: Any, state: Any, delta: int) -> None:
        if site and state:
            counts = self.site_counts.setdefault(str(site), {})
            counts[str(state)] = counts.get(str(state), 0) + delta

    def clear_finished(self) -> int:
        """Drop Done, Skipped and Cancelled rows (a full reset: cheaper than many removals for big queues)."""
        return self._remove(lambda job: job.get("state") in FINISHED_STATES or job.get("state") == CANCELLED)

    def clear_old_runs(self, keep: str) -> int:
        """Drop the settled rows of every run but `keep` (the latest): runs no longer pile up."""
        return self._remove(lambda job: job.get("run") != keep and job.get("state") not in ACTIVE_STATES)

    def remove_ids(self, ids: set[int]) -> int:
        return self._remove(lambda job: job.get("id") in ids)

    def _remove(self, drop: Callable[[dict[str, Any]], bool]) -> int:
        keep = [job for job in self._rows if job.get("kind") == RUN_KIND or not drop(job)]
        removed = len(self._rows) - len(keep)
        if not removed:
            return 0
        alive = {str(job.get("run") or "") for job in keep if job.get("kind") != RUN_KIND}
        keep = [job for job in keep if job.get("kind") != RUN_KIND or job.get("run", "") in alive]
        self._headers = {label: hid for label, hid in self._headers.items() if label in alive}
        self.folded &= alive
        self.beginResetModel()
        self._rows = keep
        self._index = {job["id"]: row for row, job in enumerate(keep)}
        self._cells = {job_id: cells for job_id, cells in self._cells.items() if job_id in self._index}
        self._recount()
        self.endResetModel()
        self.sig_site_counts_changed.emit()
        return removed

    def _recount(self) -> None:
        self.site_counts = {}
        self.state_counts = {}
        self._kids, self._kid_state, self._counted, self._bumped = {}, {}, {}, {}
        self._own = {job_id: own for job_id, own in self._own.items() if job_id in self._index}
        parents: set[int] = set()
        for job in self._rows:
            if isinstance(job.get("parent"), int):
                self._track_kid(job, parents)
        for job in self._rows:
            if job["id"] in parents:
                self._derive(job)
            self._settle_counts(job)

    # -- queries ----------------------------------------------------------------------------------
    def job(self, job_id: int) -> dict[str, Any] | None:
        row = self._index.get(job_id)
        return self._rows[row] if row is not None and self._rows[row].get("kind") != RUN_KIND else None

    def run_jobs(self, label: str) -> list[dict[str, Any]]:
        return [job for job in self._rows if job.get("run", "") == label and job.get("kind") != RUN_KIND]

    def job_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rows_view(self) -> list[dict[str, Any]]:
        """The rows in table order (read only: the filter's whole-table pass walks them)."""
        return self._rows

    def jobs(self) -> list[dict[str, Any]]:
        """Every job (the run headers are rows of the table, not jobs)."""
        return [job for job in self._rows if job.get("kind") != RUN_KIND]

    def job_count(self) -> int:
        return len(self._rows) - len(self._headers)

    def runs(self) -> list[str]:
        return [label for label, _ in sorted(self._headers.items(), key=lambda item: self._index.get(item[1], 0))]

    def ids_in_state(self, *states: str) -> list[int]:
        return [job["id"] for job in self._rows if job.get("state") in states]

    def pending(self) -> int:
        """Batches posted but not applied yet (the next flush shows them)."""
        return len(self._posted)

    def state_totals(self) -> dict[str, int]:
        return {state: n for state, n in self.state_counts.items() if n}


class QueueFilterProxy(QSortFilterProxyModel):
    """Sort by raw values; filter by text (file, host, site, vendor, error) and by a state group."""

    STATE_GROUPS = {"All": None, "Active": ACTIVE_STATES, "Failed": frozenset({"Failed"}),
                    "Cancelled": frozenset({CANCELLED}), "Finished": FINISHED_STATES}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._states: frozenset[str] | None = None
        self._needle = ""
        self._pass: list[bool] | None = None  # every row's verdict, while a whole-table pass runs

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        self._end_pass()

    def set_state_group(self, group: str) -> None:
        self.beginFilterChange()
        self._states = self.STATE_GROUPS.get(group)
        self._end_pass()

    def _end_pass(self) -> None:
        """Re-filter every row. The verdicts are computed first in one Python loop over the rows; Qt then
        asks filterAcceptsRow row by row, and each answer is a list lookup (a call from C++ into Python per
        row is most of a pass: doing the matching inside it cost 2-3x as much at 25k rows)."""
        model = self.sourceModel()
        self._pass = self.verdicts(model) if isinstance(model, QueueModel) else None
        try:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        finally:
            self._pass = None

    def verdicts(self, model: QueueModel) -> list[bool] | None:
        """filterAcceptsRow for every row at once (None: every row is shown)."""
        states, needle, folded = self._states, self._needle, model.folded
        if states is None and not needle and not folded:
            return None
        return [_accepts(job, states, needle, folded) for job in model.rows_view()]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, QueueModel):
            model.sort_descending = order == Qt.SortOrder.DescendingOrder
        super().sort(column, order)

    def refilter(self) -> None:
        self.beginFilterChange()
        self._end_pass()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        verdicts = self._pass
        if verdicts is not None and source_row < len(verdicts):
            return verdicts[source_row]
        model = self.sourceModel()
        assert isinstance(model, QueueModel)
        if self._states is None and not self._needle and not model.folded:
            return True  # the common case, asked for every changed row: one test
        return _accepts(model.job_at(source_row), self._states, self._needle, model.folded)


def _accepts(job: dict[str, Any], states: frozenset[str] | None, needle: str, folded: set[str]) -> bool:
    """Whether the queue shows a row: a run's header always (it says what the run did); a job when its run
    is unfolded, its state is in the chosen group and the text is in its file, host, site, vendor or error."""
    get = job.get
    if get("kind") == RUN_KIND:
        return True
    if (folded and get("run", "") in folded) or (states is not None and get("state") not in states):
        return False
    if needle:
        return needle in (f"{get('file') or ''} {get('host') or ''} {get('site') or ''} {get('vendor') or ''} "
                          f"{get('error') or ''}").lower()
    return True
