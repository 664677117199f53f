"""Edit the ParserSettings concurrency, batch and TTL values, validated by the engine itself.

Values are typed as text and checked through `Settings.update_parser` on a copy at every edit,
so the dialog shows exactly the engine's SettingsError (naming key and allowed range) and cannot
save a value the runtime or the legacy tool would reject.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from engine.settings import ParserSettings, Settings, SettingsError
from statetrace_gui.paths import child, load_ui

log = logging.getLogger("statetrace_gui.settings")
FIELDS = ("MaxWorkersPerSite", "MaxActiveSites", "ParseProcesses", "JobsPerThread", "MaxInterfacesPerBatch",
          "ConnectionCacheTtlMinutes")


def _bounds(key: str) -> str:
    info = ParserSettings.model_fields[key]
    ge = next((getattr(m, "ge", None) for m in info.metadata if getattr(m, "ge", None) is not None), None)
    le = next((getattr(m, "le", None) for m in info.metadata if getattr(m, "le", None) is not None), None)
    return f"{ge} to {le}" if ge is not None and le is not None else ""


def _parse(text: str, key: str) -> Any:
    """Numbers as numbers (so pydantic reports range errors); anything else goes through as text."""
    text = text.strip()
    kind = ParserSettings.model_fields[key].annotation
    try:
        return float(text) if kind is float else int(text)
    except ValueError:
        return text


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
        self.resize(self.form.size())
        self.error_label = child(self.form, QLabel, "errorLabel")
        self.buttons = child(self.form, QDialogButtonBox, "buttonBox")
        self.auto_scale = child(self.form, QCheckBox, "AutoScaleConcurrency")
        self.edits = {key: child(self.form, QLineEdit, key) for key in FIELDS}
        path_label = child(self.form, QLabel, "pathLabel")
        path_label.setText(f"File: {settings.path}" if settings.path else "File: (not saved yet)")
        values = settings.parser.model_dump()
        self.auto_scale.setChecked(bool(values["AutoScaleConcurrency"]))
        for key, edit in self.edits.items():
            edit.setText(str(values[key]))
            edit.setAcceptDrops(False)
            bounds = _bounds(key)
            edit.setToolTip(f"{key}: {bounds}" if bounds else key)
            edit.textChanged.connect(self.validate)
        self.auto_scale.toggled.connect(self.validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.validate()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: _parse(edit.text(), key) for key, edit in self.edits.items()}
        out["AutoScaleConcurrency"] = self.auto_scale.isChecked()
        return out

    def validate(self) -> str:
        """'' when the values are valid; else the engine's message, shown and blocking Save."""
        trial = copy.copy(self.settings)
        try:
            trial.update_parser(**self.values())
            message = ""
        except SettingsError as exc:
            message = str(exc)
        self.error_label.setText(message)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(not message)
        for key, edit in self.edits.items():
            edit.setStyleSheet("border: 1px solid #d63b30;" if f".{key}:" in message else "")
        return message

    def accept(self) -> None:
        """Apply and save; stays open with the reason when the values or the file are bad."""
        if self.validate():
            return
        before = self.settings.parser
        try:
            self.settings.update_parser(**self.values())
            if self.settings.path is not None:
                self.settings.save()
        except (SettingsError, OSError) as exc:
            self.settings.parser = before
            self.error_label.setText(f"Not saved: {exc}")
            return
        log.info("Settings saved to %s", self.settings.path)
        super().accept()
