"""Lịch sử thay đổi in the officer's words after what she really does: type, import, add a document, send."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog

from tests.desktop.exchange_files import make_unit
from tests.ui.test_exchange_ui import action, app  # noqa: F401 - the fixture
from ui.tree_model import Column

INTERNAL = re.compile(r"tu_danh_gia|da_gui|text:|import-xlsx|evidence:|document:|#\d|\d{4}-\d{2}-\d{2}")


def _history(window, monkeypatch) -> list[list[str]]:
    from ui.history import HistoryDialog

    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    action(window, "Lịch sử thay đổi…").trigger()
    table = shown[0].table
    return [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]


def _add_document(window, monkeypatch) -> None:
    from ui.document_dialog import DocumentDialog

    def fill(dialog: DocumentDialog) -> int:
        dialog.edits["number"].setText("12/KH-STP")
        dialog.edits["date"].setText("05/02/2026")
        dialog.edits["title"].setText("Kế hoạch CCHC năm 2026")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DocumentDialog, "exec", fill)
    window.select_key("2.1.1")
    window.side.setCurrentIndex(1)
    window.evidence_panel.add_document()


def test_every_history_line_reads_in_vietnamese(app, tmp_path, qtbot, monkeypatch):  # noqa: F811
    from ui.import_dialog import ImportDialog

    start, answers, _told = app
    window = start(make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5"}))
    model = window.model
    model.setData(model.index_for_key("2.1.2", Column.ACTUAL), "0,75")
    answers["save"] = tmp_path / "bang.xlsx"
    action(window, "Xuất Excel…").trigger()
    model.setData(model.index_for_key("2.1.2", Column.ACTUAL), "0,5")
    answers["open"] = answers["save"]
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: (dialog.accept(), int(dialog.result()))[1])
    action(window, "Nhập điểm từ Excel…").trigger()
    _add_document(window, monkeypatch)
    action(window, "Gửi Sở Nội vụ…").trigger()
    pack = window.findChild(QDialog, "pack_dialog")
    assert pack.pack(tmp_path / "gui.sqlite")
    pack.close()

    rows = _history(window, monkeypatch)
    for row in rows:
        assert not INTERNAL.search(" | ".join(row)), row
        assert not re.search(r"\d\.\d", " ".join(row[4:])), row  # numbers with a comma
    what = {row[3]: row[4:] for row in reversed(rows)}  # the latest line of each kind
    assert what["Chuyển vòng"] == ["Tự đánh giá", "Đã gửi (đóng gói gui.sqlite)"]
    assert what["Nhập từ bảng Excel (Tự đánh giá)"] == ["0,50", "0,75"]
    assert what["Liên kết tài liệu"] == ["", "12/KH-STP"]
    assert what["Thêm tài liệu"] == ["", "12/KH-STP ngày 05/02/2026 Kế hoạch CCHC năm 2026"]
    assert what["Điểm (Tự đánh giá)"] == ["0,75", "0,50"]
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", row[0]) for row in rows)
