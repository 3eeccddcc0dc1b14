"""Excel from the window: export, then import with the column preview, the tree showing the values."""

from __future__ import annotations

from desktop.excel.actions import ExcelActions
from scoring import Scenario
from ui.import_dialog import ImportDialog
from ui.tree_model import Column


def test_export_then_import_through_the_preview(qtbot, window, session, tmp_path, monkeypatch):
    window.excel = ExcelActions(session)
    model = window.model
    model.setData(model.index_for_key("1.1", Column.ACTUAL), "1,25")
    table = tmp_path / "bang.xlsx"
    assert window.export_excel(str(table)) and table.exists()
    model.setData(model.index_for_key("1.1", Column.ACTUAL), "")  # now the table holds what the file lost

    seen = {}

    def confirm(dialog: ImportDialog) -> int:
        seen["preview"] = dialog.report.toPlainText()
        seen["columns"] = {cid: combo.currentData() for cid, combo in dialog.combos.items()}
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ImportDialog, "exec", confirm)
    with qtbot.waitSignal(model.modelReset):
        assert window.import_excel(str(table))
    assert Scenario.ACTUAL in seen["columns"].values() and Scenario.PREVIOUS in seen["columns"].values()
    assert "Sẽ nhập" in seen["preview"] and "Đã nhập" not in seen["preview"]  # nothing imported yet
    assert model.index_for_key("1.1", Column.ACTUAL).data() == "1,25"
    assert "1,25/" in window.summary.labels[Scenario.ACTUAL].text()


def test_a_refused_mapping_keeps_the_dialog_open_and_the_file_unchanged(qtbot, session, tmp_path):
    actions = ExcelActions(session)
    table = tmp_path / "bang.xlsx"
    actions.export(table)
    columns, mapping = actions.columns(table)
    dialog = ImportDialog(columns, mapping, lambda m: actions.preview(table, m), lambda m: actions.apply(table, m))
    qtbot.addWidget(dialog)
    first, second = list(dialog.combos.values())[:2]
    second.setCurrentIndex(first.currentIndex())  # two columns as the same scenario
    assert "Hai cột cùng được nhập" in dialog.report.toPlainText()
    assert not dialog.ok.isEnabled()
