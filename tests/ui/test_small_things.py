"""Small things the officer meets: the title, a message after Esc, file sizes, the evidence line,
the cursor after a search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ui.tree_model import Column


def test_the_title_names_the_product_once(qtbot, window, qapp):
    """Qt appends the display name to a title not ending with it: it once read "… — PAR Desk (đã lưu) — PAR Desk"."""
    qapp.setApplicationDisplayName("PAR Desk")
    try:
        window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1")
        title = window.windowTitle()
        shown = title if title.endswith(QGuiApplication.applicationDisplayName()) else f"{title} — PAR Desk"
        assert shown.count("PAR Desk") == 1 and "đã lưu lúc" in shown
    finally:
        qapp.setApplicationDisplayName("")


def test_esc_takes_the_refusal_off_the_status_bar_too(qtbot, window):
    view = window.view
    window.select_key("1.2")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N)
    editor = view.indexWidget(view.currentIndex())
    qtbot.keyClicks(editor, "aN")  # "naN"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(view.refusal.isVisible)
    assert "“naN” không phải là số" in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not view.refusal.isVisible() and window.statusBar().currentMessage() == ""


def test_a_small_attachment_says_its_bytes_and_the_line_names_the_issuer(qtbot, window, tmp_path, monkeypatch):
    from ui.document_dialog import DocumentDialog

    note = tmp_path / "ghi-chu.txt"
    note.write_bytes(b"x" * 25)

    def fill(dialog: DocumentDialog) -> int:
        dialog.edits["number"].setText("12/KH-STP")
        dialog.edits["date"].setText("05/02/2026")
        dialog.edits["issuer"].setText("Sở Tư pháp")
        dialog.edits["title"].setText("Kế hoạch CCHC năm 2026")
        dialog.set_file(note)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DocumentDialog, "exec", fill)
    window.select_key("1.1")
    window.side.setCurrentIndex(1)
    panel = window.evidence_panel
    qtbot.waitUntil(lambda: panel.add_document() is not False and panel.documents.count() == 1, timeout=5000)
    line = panel.documents.item(0).text()
    assert line.startswith("12/KH-STP ngày 05/02/2026 của Sở Tư pháp — Kế hoạch CCHC năm 2026")
    assert line.endswith("(25 byte)")
    assert window.attachments.text() == "Tệp đính kèm: 25 byte"


def test_clearing_the_search_gives_back_the_cell_it_hid(qtbot, window):
    view = window.view
    window.select_key("1.4")
    view.setCurrentIndex(window.model.index_for_key("1.4", Column.PREVIOUS))
    window.search.setFocus()
    qtbot.keyClicks(window.search, "2.1.1")
    assert view.current_key() != "1.4"
    qtbot.keyClick(window.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.search, Qt.Key.Key_Backspace)
    assert (view.current_key(), view.currentIndex().column()) == ("1.4", Column.PREVIOUS)
    assert window.detail.node.key == "1.4"


def test_a_cell_chosen_while_searching_stays_chosen(qtbot, window):
    view = window.view
    window.select_key("1.4")
    window.search.setFocus()
    qtbot.keyClicks(window.search, "2.1.1")
    view.setCurrentIndex(window.model.index_for_key("2.1.1", Column.ACTUAL))
    window.search.clear()
    assert view.current_key() == "2.1.1"


def test_a_comment_says_when_as_the_officer_writes_dates(qtbot, window):
    import re

    window.select_key("1.1")
    window.side.setCurrentIndex(1)
    panel = window.evidence_panel
    panel.comment_text.setPlainText("Bổ sung báo cáo quý IV")
    panel.add_comment()
    line = panel.comments.item(0).text()
    assert re.fullmatch(r"Tester \(\d{2}/\d{2}/\d{4} \d{2}:\d{2}\): Bổ sung báo cáo quý IV", line), line


def test_the_window_keeps_its_width_as_undo_steps_are_named(qtbot, window):
    """Before: the undo button read "Hoàn tác Sửa điểm 1.1 …" and the window widened to hold it
    (1366 px laptops lost the toolbar's end); the step is named in the button's tooltip instead."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolBar

    window.resize(1350, 728)
    qtbot.waitUntil(lambda: window.width() == 1350)
    hint = window.minimumSizeHint().width()
    button = window.findChild(QToolBar, "tools").widgetForAction(window.actions_["undo"])
    model = window.model
    for key in ("1.1", "3.2.1", "2.3"):
        model.setData(model.index_for_key(key, Column.ACTUAL), "0,25")
    assert button.text() == "Hoàn tác" and button.isEnabled()
    assert window.width() == 1350 and window.minimumSizeHint().width() == hint <= 1366 - 16
    QGuiApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), button.mapToGlobal(QPoint(2, 2))))
    assert "2.3" in button.toolTip()
