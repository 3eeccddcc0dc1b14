"""Hoàn tác after what the officer does besides typing a score: an Excel import, a saved text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from scoring import Scenario
from tests.ui.test_exchange_ui import _appraise, _inbox, _sent_folder, action, app  # noqa: F401 - fixture
from ui.tree_model import Column


def _ctrl_z(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _import_through_the_menu(window, table: Path, monkeypatch) -> None:
    import ui.dialogs
    from ui.import_dialog import ImportDialog

    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: table)
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: (dialog.accept(), int(dialog.result()))[1])
    action(window, "Nhập điểm từ Excel…").trigger()


@pytest.fixture
def excel_window(qtbot, session, demo_file):
    """The demo in a window with its Excel actions (Tệp → Nhập điểm từ Excel…), as the app builds it."""
    from desktop.documents.header import HEADER_KEYS
    from desktop.excel.actions import ExcelActions
    from ui.main_window import MainWindow

    win = MainWindow(session, demo_file, header_fields=HEADER_KEYS, excel=ExcelActions(session))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_an_excel_import_is_one_undo_step_and_keeps_the_tree(qtbot, excel_window, session, tmp_path, monkeypatch):
    window = excel_window
    model, view = window.model, window.view
    for key, value in (("1.1", "1"), ("2.1.1", "0,5"), ("2.2.1", "0,25")):
        model.setData(model.index_for_key(key, Column.ACTUAL), value)
    before = {k: model.index_for_key(k, Column.ACTUAL).data() for k in ("1.1", "2.1.1", "2.2.1")}
    table = tmp_path / "bang.xlsx"
    window.export_excel(table)
    for key, value in (("1.1", "0,25"), ("2.1.1", ""), ("2.2.1", "0")):  # the file moves on after the export
        model.setData(model.index_for_key(key, Column.ACTUAL), value)
    typed = {k: model.index_for_key(k, Column.ACTUAL).data() for k in before}
    assert typed != before
    view.collapseAll()
    for key in ("2", "2.1", "2.2"):
        view.setExpanded(model.index_for_key(key), True)
    window.select_key("2.1.1")
    undo = window.actions_["undo"]
    steps = window.undo_stack.count()

    _import_through_the_menu(window, table, monkeypatch)
    assert {k: model.index_for_key(k, Column.ACTUAL).data() for k in before} == before
    assert window.undo_stack.count() == steps + 1 and undo.isEnabled()
    assert all(view.is_key_expanded(k) for k in ("2", "2.1", "2.2")) and not view.is_key_expanded("1")
    assert view.current_key() == "2.1.1"

    _ctrl_z(qtbot, window)
    assert {k: model.index_for_key(k, Column.ACTUAL).data() for k in before} == typed  # the whole import undone
    assert {k: session.assessment.entry(k, Scenario.ACTUAL).value for k in before} == {
        k: window.service.assessment.entry(k, Scenario.ACTUAL).value for k in before
    }
    assert view.is_key_expanded("2.2") and view.current_key() == "2.1.1"
    reopened = _values_in_file(session.store.path)
    assert reopened["1.1"] == "0.25" and "2.1.1" not in reopened
    action(window, "Làm lại").trigger()
    assert {k: model.index_for_key(k, Column.ACTUAL).data() for k in before} == before


def _values_in_file(path: Path) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT node_key, value FROM entries WHERE scenario = 'actual'").fetchall()
    return {key: str(value) for key, value in rows if value is not None}


def test_a_saved_explanation_is_undone_with_ctrl_z(qtbot, window):
    window.select_key("1.1")
    edit = window.detail.texts["explanation"]
    old = edit.toPlainText()
    edit.setFocus()
    qtbot.keyClicks(edit, " Da bo sung ke hoach")
    window.detail.flush()  # as leaving the field or the 0,7 s pause does
    assert window.actions_["undo"].isEnabled()
    _ctrl_z(qtbot, window)
    assert window.service.texts("explanation").get(("1.1", "actual"), "") == old.strip()
    assert edit.toPlainText() == old.strip()
    action(window, "Làm lại").trigger()
    assert window.service.texts("explanation")[("1.1", "actual")].endswith("Da bo sung ke hoach")


def test_a_saved_giai_trinh_is_undone_with_ctrl_z(app, tmp_path, qtbot):  # noqa: F811 - the fixture
    start, answers, _told = app
    folder, files = _sent_folder(tmp_path)
    window = start(_council_file(tmp_path))
    inbox = _inbox(window, folder)
    row = next(r for r in range(inbox.table.rowCount()) if inbox.table.item(r, 7).text() == files["Sở Tư pháp"].name)
    inbox.table.selectRow(row)
    inbox.actions_["take"].trigger()
    council = window.launcher.windows[-1]
    view = _appraise(council, qtbot)
    view.reason.setPlainText("Chưa có báo cáo")
    qtbot.mouseClick(view.save_reason, Qt.MouseButton.LeftButton)
    answers["save"] = tmp_path / "tra-lai.sqlite"
    action(council, "Gửi kết quả cho đơn vị…").trigger()
    dialog = council.findChild(QDialog, "pack_dialog")
    assert dialog.pack()
    dialog.close()
    unit = start(next(tmp_path.glob("so-tu-phap.sqlite")))
    answers["open"] = answers["save"]
    action(unit, "Mở tệp Sở Nội vụ gửi lại…").trigger()
    answering = unit.launcher.windows[-1]
    answering.exchange.show_appraisal()
    view = answering.exchange.view
    view.select_key("2.1.2")
    view.response.insertPlainText("Đã bổ sung Báo cáo số 99/BC-STP")
    qtbot.mouseClick(view.save_response, Qt.MouseButton.LeftButton)
    assert answering.service.texts("response")[("2.1.2", "")] == "Đã bổ sung Báo cáo số 99/BC-STP"
    assert answering.actions_["undo"].isEnabled()
    answering.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is answering)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("2.1.2", "") not in answering.service.texts("response")
    assert view.response.toPlainText() == ""


def _council_file(tmp_path: Path) -> Path:
    from tests.desktop.exchange_files import make_unit

    return make_unit(tmp_path, "Sở Nội vụ", {})
