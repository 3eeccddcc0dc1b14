"""Thiết lập văn bản as the officer fills it: readable fields, yes/no as boxes, the block as a list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PARDESK_SCREENSHOTS", ROOT / "screenshots"))


@pytest.fixture
def dialog(qtbot, window, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_["settings"].trigger()
    shown = opened[0]
    shown.resize(860, 700)  # what it asks for on a 1366 × 768 screen
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_fields_take_the_width_and_show_their_values_whole(dialog):
    for key, edit in dialog.edits.items():
        assert edit.width() >= 480, key
        if isinstance(edit, QLineEdit):
            for text in (edit.text(), edit.placeholderText()):
                assert edit.fontMetrics().horizontalAdvance(text) < edit.width() - 12, (key, text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "settings-dialog.png"))


def test_yes_no_is_a_box_the_block_a_list_and_lists_of_places_take_lines(qtbot, dialog, window):
    from PySide6.QtCore import Qt

    for key in ("published_total", "product_footer"):
        assert isinstance(dialog.edits[key], QCheckBox)
    block = dialog.edits["unit_level"]
    assert isinstance(block, QComboBox)
    assert [block.itemText(i) for i in range(block.count())][1:] == ["Sở, ban, ngành", "Xã, phường, đặc khu"]
    for key in ("recipients", "report_to", "report_recipients", "explanation_to"):
        assert isinstance(dialog.edits[key], QPlainTextEdit)
    qtbot.keyClick(dialog.edits["product_footer"], Qt.Key.Key_Space)
    block.setCurrentIndex(block.findText("Xã, phường, đặc khu"))
    dialog.edits["explanation_to"].setPlainText("Hội đồng thẩm định\nSở Nội vụ")
    before = len(window.service.audit())
    dialog.accept()
    settings = window.service.settings()
    assert (settings["product_footer"], settings["unit_level"]) == ("có", "xa")
    assert settings["explanation_to"] == "Hội đồng thẩm định\nSở Nội vụ"
    assert settings.get("published_total", "") == ""  # left unticked, never set: no change recorded
    changed = {r["field"] for r in window.service.audit()[before:] if (r["old"] or "") != (r["new"] or "")}
    assert changed == {"settings:product_footer", "settings:unit_level", "settings:explanation_to"}
