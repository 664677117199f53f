"""QueueModel: the runtime's jobs as a table, plus per-site state counts for the site tree.

Rows are upserted by job id from the runtime's batches (api.py); each batch costs one
`rowsInserted` for the new rows and one `dataChanged` per contiguous run of changed rows, so a
sorting/filtering proxy only re-examines what changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
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

COLUMNS = ("File", "Host", "Site", "Vendor", "Size", "State", "Progress", "Parse ms", "Write ms", "Rows",
           "Error")
COL = {name: i for i, name in enumerate(COLUMNS)}
_KEYS = ("file", "host", "site", "vendor", "size", "state", "progress", "parse_ms", "write_ms", "rows", "error")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
JOB_ROLE = Qt.ItemDataRole.UserRole + 2
STAGED = "Staged"  # added while "Start automatically" is off: not handed to the runtime yet
ACTIVE_STATES = frozenset({STAGED, "Queued", "Parsing", "Writing"})
FINISHED_STATES = frozenset({"Done", "Skipped"})
TERMINAL_STATES = frozenset({"Done", "Skipped", "Failed"})
_FAILED_BRUSH = QBrush(QColor(214, 59, 48, 48))
_STATE_COLORS = {"Failed": QColor("#d63b30"), "Done": QColor("#2e9e44"), "Skipped": QColor("#8a8f98"),
                 STAGED: QColor("#b07d00"),
                 "Parsing": QColor("#3d7fd6"), "Writing": QColor("#8e44ad")}
Index = QModelIndex | QPersistentModelIndex


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted rows grouped into contiguous (first, last) runs."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


class QueueModel(QAbstractTableModel):
    """Jobs by id; also tracks, per site, how many jobs are in each state (for the site tree)."""

    sig_site_counts_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._index: dict[int, int] = {}
        self.site_counts: dict[str, dict[str, int]] = {}

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
            if role == Qt.ItemDataRole.TextAlignmentRole and section in (4, 6, 7, 8, 9):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._rows)):
            return self._rows[section].get("id")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(COLUMNS):
            return None
        job = self._rows[index.row()]
        col = index.column()
        key = _KEYS[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, key)
        if role == SORT_ROLE:
            value = job.get(key)
            if key == "file":
                return os.path.basename(str(value or "")).lower()
            if key in ("size", "parse_ms", "write_ms", "rows", "progress"):
                return float(value or 0)
            return str(value or "").lower()
        if role == JOB_ROLE:
            return job
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "file":
                return str(job.get("file") or "")
            if key == "error" or job.get("state") == "Failed":
                return job.get("error") or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return _STATE_COLORS.get(str(job.get("state")))
        if role == Qt.ItemDataRole.BackgroundRole and job.get("state") == "Failed":
            return _FAILED_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, 6, 7, 8, 9):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

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
    def upsert(self, jobs: Sequence[dict[str, Any]]) -> None:
        """Apply one batch of job dicts (any mix of new and known ids)."""
        changed: set[int] = set()
        new: dict[int, dict[str, Any]] = {}  # insertion-ordered
        counts_changed = False
        for info in jobs:
            job_id = info.get("id")
            if not isinstance(job_id, int):
                continue
            row = self._index.get(job_id)
            if row is None:
                pending = new.get(job_id)
                if pending is None:
                    new[job_id] = pending = {}
                pending.update(info)
                self._finish(pending)
                continue
            job = self._rows[row]
            before = (job.get("site"), job.get("state"))
            job.update(info)
            self._finish(job)
            after = (job.get("site"), job.get("state"))
            if before != after:
                self._bump(*before, -1)
                self._bump(*after, +1)
                counts_changed = True
            changed.add(row)
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            for offset, job in enumerate(new.values()):
                self._rows.append(job)
                self._index[job["id"]] = start + offset
                self._bump(job.get("site"), job.get("state"), +1)
            self.endInsertRows()
            counts_changed = True
        if counts_changed:
            self.sig_site_counts_changed.emit()

    @staticmethod
    def _finish(job: dict[str, Any]) -> None:
        if job.get("state") in FINISHED_STATES:
            job["progress"] = 1.0

    def _bump(self, site: Any, state: Any, delta: int) -> None:
        if site and state:
            counts = self.site_counts.setdefault(str(site), {})
            counts[str(state)] = counts.get(str(state), 0) + delta

    def clear_finished(self) -> int:
        """Drop Done and Skipped rows (a full reset: cheaper than many removals for big queues)."""
        return self._remove(lambda job: job.get("state") in FINISHED_STATES)

    def remove_ids(self, ids: set[int]) -> int:
        return self._remove(lambda job: job.get("id") in ids)

    def _remove(self, drop: Callable[[dict[str, Any]], bool]) -> int:
        keep = [job for job in self._rows if not drop(job)]
        removed = len(self._rows) - len(keep)
        if not removed:
            return 0
        self.beginResetModel()
        self._rows = keep
        self._index = {job["id"]: row for row, job in enumerate(keep)}
        self._recount()
        self.endResetModel()
        self.sig_site_counts_changed.emit()
        return removed

    def _recount(self) -> None:
        self.site_counts = {}
        for job in self._rows:
            self._bump(job.get("site"), job.get("state"), +1)

    # -- queries ----------------------------------------------------------------------------------
    def job(self, job_id: int) -> dict[str, Any] | None:
        row = self._index.get(job_id)
        return self._rows[row] if row is not None else None

    def job_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def jobs(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def ids_in_state(self, *states: str) -> list[int]:
        return [job["id"] for job in self._rows if job.get("state") in states]

    def state_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for job in self._rows:
            state = str(job.get("state") or "")
            totals[state] = totals.get(state, 0) + 1
        return totals


class QueueFilterProxy(QSortFilterProxyModel):
    """Sort by raw values; filter by text (file, host, site, vendor, error) and by a state group."""

    STATE_GROUPS = {"All": None, "Active": ACTIVE_STATES, "Failed": frozenset({"Failed"}),
                    "Finished": FINISHED_STATES}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._states: frozenset[str] | None = None
        self._needle = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state_group(self, group: str) -> None:
        self.beginFilterChange()
        self._states = self.STATE_GROUPS.get(group)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._states is None and not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, QueueModel)
        job = model.job_at(source_row)
        if self._states is not None and job.get("state") not in self._states:
            return False
        if self._needle:
            hay = " ".join(str(job.get(k) or "") for k in ("file", "host", "site", "vendor", "error")).lower()
            return self._needle in hay
        return True
