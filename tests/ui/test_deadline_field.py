"""The detail panel's "Thời gian hoàn thành": typed by the officer, committed to the file."""

from __future__ import annotations

from desktop.session import DEADLINE


def test_deadline_typed_in_the_detail_panel_is_saved(qtbot, window, demo_file):
    window.select_key("1.2")
    field = window.detail.texts[DEADLINE]
    field.setFocus()
    qtbot.keyClicks(field, "31/12/2022")  # QTest types ASCII only
    window.detail.flush()
    assert window.service.texts(DEADLINE)[("1.2", "")] == "31/12/2022"
    window.select_key("1.1")
    assert window.detail.texts[DEADLINE].toPlainText() == ""
    window.select_key("1.2")
    assert window.detail.texts[DEADLINE].toPlainText() == "31/12/2022"
