"""Edit the ParserSettings concurrency, batch and TTL values and the maintenance settings.

Values are checked through the engine's own models (`ParserSettings`, `MaintenanceSettings`) at
every edit, so the dialog cannot save what the runtime or the legacy tool would reject; the
message names the field as the dialog labels it ("Writers per site must be 0-64"), not the JSON
key and pydantic's wording. Number fields take digits only, and fields the auto-scale profile
decides are disabled while it is on.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QRegularExpression, QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from engine.settings import MaintenanceSettings, ParserSettings, Settings, SettingsError
from statetrace_gui.paths import child, load_ui

log = logging.getLogger("statetrace_gui.settings")
FIELDS = ("MaxWorkersPerSite", "MaxActiveSites", "ParseProcesses", "JobsPerThread", "MaxInterfacesPerBatch",
          "ConnectionCacheTtlMinutes")
AUTO_SCALED = ("MaxWorkersPerSite", "MaxActiveSites", "JobsPerThread")  # the auto-scale profile decides these
# Maintenance fields: key -> (label, scale shown to the user: a ratio is typed as a percentage).
MAINTENANCE_FIELDS = {"BackupRetentionCount": ("Backups kept per site", 1),
                      "CompactFreeRatio": ("Compact when free space reaches (%)", 100)}
_INT = QRegularExpression(r"\d{0,9}")
_FLOAT = QRegularExpression(r"\d{0,9}(\.\d{0,3})?")


def _limits(model: type[BaseModel], key: str) -> tuple[Any, Any]:
    info = model.model_fields[key]
    ge = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
    le = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
    return ge, le


def _bounds(key: str, model: type[BaseModel] = ParserSettings, scale: int = 1) -> str:
    ge, le = _limits(model, key)
    if ge is None or le is None:
        return ""
    return f"{ge * scale:g}-{le * scale:g}"


def _parse(text: str, key: str, model: type[BaseModel] = ParserSettings, scale: int = 1) -> Any:
    """Numbers as numbers (so the model reports range errors); anything else goes through as text."""
    text = text.strip()
    kind = model.model_fields[key].annotation
    try:
        return float(text) / scale if kind is float else int(text)
    except ValueError:
        return text


def _friendly(exc: ValidationError, labels: dict[str, str], model: type[BaseModel],
              scales: dict[str, int]) -> tuple[str, set[str]]:
    """Messages in the dialog's words, and the keys they are about."""
    parts: list[str] = []
    keys: set[str] = set()
    for err in exc.errors():
        key = str(err["loc"][0]) if err["loc"] else ""
        keys.add(key)
        label = labels.get(key, key)
        bounds = _bounds(key, model, scales.get(key, 1)) if key in model.model_fields else ""
        kind = model.model_fields[key].annotation if key in model.model_fields else None
        what = "a whole number" if kind is int else "a number"
        parts.append(f"{label} must be {bounds}" if bounds and str(err.get("input", "")).strip()
                     else f"{label} must be {what}" + (f" ({bounds})" if bounds else ""))
    return "; ".join(parts), keys


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.settings = settings
        self.form = load_ui("settings_form", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.error_label = child(self.form, QLabel, "errorLabel")
        self.buttons = child(self.form, QDialogButtonBox, "buttonBox")
        self.auto_scale = child(self.form, QCheckBox, "AutoScaleConcurrency")
        self.auto_scale.setText("Scale concurrency automatically (decides the greyed fields)")
        self.edits = {key: child(self.form, QLineEdit, key) for key in FIELDS}
        self.labels = {key: child(self.form, QLabel, f"label_{key}").text() for key in FIELDS}
        self.hints: dict[str, QLabel] = {}
        path_label = child(self.form, QLabel, "pathLabel")
        path_label.setText(f"File: {settings.path}" if settings.path else "File: (not saved yet)")
        grid = self.form.findChild(QGridLayout, "formLayout")
        values = settings.parser.model_dump()
        self.auto_scale.setChecked(bool(values["AutoScaleConcurrency"]))
        for key, edit in self.edits.items():
            edit.setText(f"{values[key]:g}" if isinstance(values[key], float) else str(values[key]))
            edit.setAcceptDrops(False)
            is_float = ParserSettings.model_fields[key].annotation is float
            edit.setValidator(QRegularExpressionValidator(_FLOAT if is_float else _INT, edit))
            hint = edit.placeholderText()  # "0 = automatic": said beside the field, not only when it is empty
            bounds = _bounds(key)
            edit.setToolTip(f"{self.labels[key]}: {bounds}" + (f" ({hint})" if hint else ""))
            if grid is not None and hint.startswith("0 ="):
                row, _col, _rs, _cs = grid.getItemPosition(grid.indexOf(edit))
                label = self.hints[key] = QLabel(hint, self.form)
                label.setObjectName(f"hint_{key}")
                label.setEnabled(False)
                grid.addWidget(label, row, 2)
            edit.textChanged.connect(self.validate)
        self._build_maintenance()
        self.auto_scale.toggled.connect(self.validate)
        self.auto_scale.toggled.connect(self._auto_scale_governs)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._auto_scale_governs(self.auto_scale.isChecked())
        self.adjustSize()
        self.validate()

    def _build_maintenance(self) -> None:
        """The maintenance settings (the Maintenance tab shows the nightly ones too, from the same file)."""
        group = QGroupBox("Maintenance", self.form)
        group.setObjectName("maintenanceGroup")
        form = QFormLayout(group)
        m = self.settings.maintenance
        self.nightly_enabled = QCheckBox("Run backup, compaction and index audit every night", group)
        self.nightly_enabled.setObjectName("NightlyEnabled")
        self.nightly_enabled.setChecked(m.NightlyEnabled)
        self.nightly_at = QTimeEdit(QTime.fromString(m.NightlyAt, "HH:mm"), group)
        self.nightly_at.setObjectName("NightlyAt")
        self.nightly_at.setDisplayFormat("HH:mm")
        form.addRow(self.nightly_enabled)
        form.addRow("Nightly at", self.nightly_at)
        self.maintenance_edits: dict[str, QLineEdit] = {}
        for key, (label, scale) in MAINTENANCE_FIELDS.items():
            edit = QLineEdit(f"{getattr(m, key) * scale:g}", group)
            edit.setObjectName(key)
            is_float = MaintenanceSettings.model_fields[key].annotation is float
            edit.setValidator(QRegularExpressionValidator(_FLOAT if is_float else _INT, edit))
            edit.setToolTip(f"{label}: {_bounds(key, MaintenanceSettings, scale)}")
            edit.textChanged.connect(self.validate)
            self.labels[key] = label
            self.maintenance_edits[key] = edit
            form.addRow(label, edit)
        main = self.form.layout()
        if isinstance(main, QVBoxLayout):  # after the parser group, above the error line and the buttons
            main.insertWidget(main.indexOf(self.error_label), group)

    def _auto_scale_governs(self, on: bool) -> None:
        for key in AUTO_SCALED:
            self.edits[key].setEnabled(not on)
            self.edits[key].setToolTip(("Decided by the auto-scale profile while it is on. " if on else "")
                                       + f"{self.labels[key]}: {_bounds(key)} (0 = automatic)")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: _parse(edit.text(), key) for key, edit in self.edits.items()}
        out["AutoScaleConcurrency"] = self.auto_scale.isChecked()
        return out

    def maintenance_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: _parse(edit.text(), key, MaintenanceSettings, MAINTENANCE_FIELDS[key][1])
                               for key, edit in self.maintenance_edits.items()}
        out["NightlyAt"] = self.nightly_at.time().toString("HH:mm")
        out["NightlyEnabled"] = self.nightly_enabled.isChecked()
        return out

    def validate(self) -> str:
        """'' when the values are valid; else what is wrong in the dialog's words, shown and blocking Save."""
        messages: list[str] = []
        bad: set[str] = set()
        scales = {key: scale for key, (_label, scale) in MAINTENANCE_FIELDS.items()}
        for model, current, new in ((ParserSettings, self.settings.parser, self.values()),
                                    (MaintenanceSettings, self.settings.maintenance, self.maintenance_values())):
            try:
                model.model_validate({**current.model_dump(), **new})
            except ValidationError as exc:
                text, keys = _friendly(exc, self.labels, model, scales)
                messages.append(text)
                bad |= keys
        message = "; ".join(messages)
        self.error_label.setText(message)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(not message)
        for key, edit in {**self.edits, **self.maintenance_edits}.items():
            edit.setStyleSheet("border: 1px solid #d63b30;" if key in bad else "")
        return message

    def accept(self) -> None:
        """Apply and save; stays open with the reason when the values or the file are bad."""
        if self.validate():
            return
        before = copy.copy(self.settings.parser), copy.copy(self.settings.maintenance)
        try:
            self.settings.update_parser(**self.values())
            self.settings.update_maintenance(**self.maintenance_values())
            if self.settings.path is not None:
                self.settings.save()
        except (SettingsError, OSError) as exc:
            self.settings.parser, self.settings.maintenance = before
            self.error_label.setText(f"Not saved: {exc}")
            return
        log.info("Settings saved to %s", self.settings.path)
        super().accept()
