"""The settings dialog validates through the engine and shows its message; good values are saved."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox

from engine.settings import Settings
from statetrace_gui.settings.dialog import SettingsDialog


def dialog_for(path: Path, qtbot) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings.load(path))
    qtbot.addWidget(dialog)
    return dialog


def test_bad_values_are_rejected_in_the_dialogs_words(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "StateTraceSettings.json"
    path.write_text(json.dumps({"ParserSettings": {"MaxWorkersPerSite": 2, "AutoScaleConcurrency": False},
                                "Other": {"keep": 1}}), encoding="utf-8")
    dialog = dialog_for(path, qtbot)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.edits["MaxWorkersPerSite"].text() == "2" and save.isEnabled()

    dialog.edits["MaxWorkersPerSite"].setText("999")
    message = dialog.error_label.text()
    assert message == "Writers per site must be 0-64"  # the label, not "ParserSettings.MaxWorkersPerSite: Input..."
    assert not save.isEnabled()
    dialog.accept()  # refused: stays open, nothing written
    assert dialog.result() == 0 and dialog.settings.parser.MaxWorkersPerSite == 2
    assert json.loads(path.read_text(encoding="utf-8"))["ParserSettings"]["MaxWorkersPerSite"] == 2

    dialog.edits["MaxWorkersPerSite"].setText("4")
    dialog.edits["ConnectionCacheTtlMinutes"].setText("")
    assert dialog.error_label.text() == "Connection TTL (minutes) must be a number (0-1440)"
    dialog.edits["ConnectionCacheTtlMinutes"].setText("5")
    dialog.maintenance_edits["BackupRetentionCount"].setText("0")
    assert dialog.error_label.text() == "Backups kept per site must be 1-365"
    dialog.maintenance_edits["BackupRetentionCount"].setText("7")
    assert dialog.error_label.text() == "" and save.isEnabled()


def test_number_fields_take_numbers_only_and_say_what_0_means(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(tmp_path / "StateTraceSettings.json", qtbot)
    dialog.show()
    edit = dialog.edits["MaxInterfacesPerBatch"]
    edit.clear()
    qtbot.keyClicks(edit, "1x5.-")  # typed, as a user would: letters, dots and signs do not go in
    assert edit.text() == "15"
    ttl = dialog.edits["ConnectionCacheTtlMinutes"]
    ttl.clear()
    qtbot.keyClicks(ttl, "2.5m")
    assert ttl.text() == "2.5"
    assert dialog.hints["MaxWorkersPerSite"].text() == "0 = automatic" and dialog.hints["MaxWorkersPerSite"].isVisible()
    assert dialog.hints["ParseProcesses"].text() == "0 = one per core"


def test_auto_scale_disables_the_fields_it_decides(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(tmp_path / "StateTraceSettings.json", qtbot)
    assert dialog.auto_scale.isChecked()  # the default
    assert not any(dialog.edits[k].isEnabled() for k in ("MaxWorkersPerSite", "MaxActiveSites", "JobsPerThread"))
    assert dialog.edits["ParseProcesses"].isEnabled() and dialog.edits["ConnectionCacheTtlMinutes"].isEnabled()
    dialog.auto_scale.setChecked(False)
    assert all(dialog.edits[k].isEnabled() for k in ("MaxWorkersPerSite", "MaxActiveSites", "JobsPerThread"))


def test_maintenance_settings_are_in_the_dialog_and_saved(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "StateTraceSettings.json"
    path.write_text(json.dumps({"MaintenanceSettings": {"NightlyAt": "01:30", "Extra": 1}}), encoding="utf-8")
    dialog = dialog_for(path, qtbot)
    assert dialog.nightly_at.time().toString("HH:mm") == "01:30"
    assert dialog.maintenance_edits["CompactFreeRatio"].text() == "10"  # a percentage, as labelled
    dialog.nightly_enabled.setChecked(True)
    dialog.nightly_at.setTime(QTime(3, 15))
    dialog.maintenance_edits["CompactFreeRatio"].setText("25")
    dialog.maintenance_edits["BackupRetentionCount"].setText("14")
    dialog.accept()
    assert dialog.result() == 1
    saved = json.loads(path.read_text(encoding="utf-8-sig"))["MaintenanceSettings"]
    assert (saved["NightlyEnabled"], saved["NightlyAt"], saved["CompactFreeRatio"], saved["BackupRetentionCount"]) == (
        True, "03:15", 0.25, 14)
    assert saved["Extra"] == 1


def test_good_values_are_saved_and_other_keys_kept(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "StateTraceSettings.json"
    path.write_text(json.dumps({"ParserSettings": {"Unknown": "x"}, "DebugOnNextLaunch": True}), encoding="utf-8")
    dialog = dialog_for(path, qtbot)
    dialog.auto_scale.setChecked(False)  # its fields are typed into only while it is off
    for key, value in (("MaxWorkersPerSite", "3"), ("MaxActiveSites", "8"), ("MaxInterfacesPerBatch", "500"),
                       ("ConnectionCacheTtlMinutes", "2.5"), ("ParseProcesses", "2")):
        dialog.edits[key].setText(value)
    assert dialog.error_label.text() == ""
    dialog.accept()
    assert dialog.result() == 1
    saved = json.loads(path.read_text(encoding="utf-8-sig"))
    parser = saved["ParserSettings"]
    assert (parser["MaxWorkersPerSite"], parser["MaxActiveSites"], parser["MaxInterfacesPerBatch"]) == (3, 8, 500)
    assert parser["ConnectionCacheTtlMinutes"] == 2.5 and parser["AutoScaleConcurrency"] is False
    assert parser["Unknown"] == "x" and saved["DebugOnNextLaunch"] is True
