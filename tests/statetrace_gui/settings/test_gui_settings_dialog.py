"""The settings dialog validates through the engine and shows its message; good values are saved."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from engine.settings import Settings
from statetrace_gui.settings.dialog import SettingsDialog


def dialog_for(path: Path, qtbot) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings.load(path))
    qtbot.addWidget(dialog)
    return dialog


def test_bad_values_are_rejected_with_the_engine_message(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "StateTraceSettings.json"
    path.write_text(json.dumps({"ParserSettings": {"MaxWorkersPerSite": 2}, "Other": {"keep": 1}}), encoding="utf-8")
    dialog = dialog_for(path, qtbot)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.edits["MaxWorkersPerSite"].text() == "2" and save.isEnabled()

    dialog.edits["MaxWorkersPerSite"].setText("999")
    message = dialog.error_label.text()
    assert "MaxWorkersPerSite" in message and "<= 64" in message and "999" in message
    assert not save.isEnabled()
    dialog.accept()  # refused: stays open, nothing written
    assert dialog.result() == 0 and dialog.settings.parser.MaxWorkersPerSite == 2
    assert json.loads(path.read_text(encoding="utf-8"))["ParserSettings"]["MaxWorkersPerSite"] == 2

    dialog.edits["MaxWorkersPerSite"].setText("4")
    dialog.edits["ConnectionCacheTtlMinutes"].setText("-1")
    assert "ConnectionCacheTtlMinutes" in dialog.error_label.text() and ">= 0" in dialog.error_label.text()
    dialog.edits["ConnectionCacheTtlMinutes"].setText("ten")
    assert "ConnectionCacheTtlMinutes" in dialog.error_label.text()
    dialog.edits["MaxInterfacesPerBatch"].setText("1.5")
    assert "MaxInterfacesPerBatch" in dialog.error_label.text()


def test_good_values_are_saved_and_other_keys_kept(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "StateTraceSettings.json"
    path.write_text(json.dumps({"ParserSettings": {"Unknown": "x"}, "DebugOnNextLaunch": True}), encoding="utf-8")
    dialog = dialog_for(path, qtbot)
    for key, value in (("MaxWorkersPerSite", "3"), ("MaxActiveSites", "8"), ("MaxInterfacesPerBatch", "500"),
                       ("ConnectionCacheTtlMinutes", "2.5"), ("ParseProcesses", "2")):
        dialog.edits[key].setText(value)
    dialog.auto_scale.setChecked(False)
    assert dialog.error_label.text() == ""
    dialog.accept()
    assert dialog.result() == 1
    saved = json.loads(path.read_text(encoding="utf-8-sig"))
    parser = saved["ParserSettings"]
    assert (parser["MaxWorkersPerSite"], parser["MaxActiveSites"], parser["MaxInterfacesPerBatch"]) == (3, 8, 500)
    assert parser["ConnectionCacheTtlMinutes"] == 2.5 and parser["AutoScaleConcurrency"] is False
    assert parser["Unknown"] == "x" and saved["DebugOnNextLaunch"] is True
