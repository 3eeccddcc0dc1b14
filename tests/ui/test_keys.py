"""The score table as a spreadsheet: keys, type-ahead that must not edit, refusals kept, row height."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QLineEdit

from scoring import Scenario
from ui.tree_model import Column

A = Scenario.ACTUAL


def scores(window):
    return {n.key: window.service.assessment.entry(n.key, A) for n in window.model.tree}


def cell(window, key, column=Column.ACTUAL):
    return window.model.index_for_key(key, column).data()


def go(window, key, column):
    window.select_key(key)
    index = window.view.view_index(window.model.index_for_key(key, column))
    window.view.setCurrentIndex(index)
    window.view.setFocus()
    return index


def current(window):
    view = window.view
    node = view.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    return node.key, Column(view.currentIndex().column())


def test_typing_on_a_computed_row_changes_nothing_and_says_why(qtbot, window):
    """Before: the view's type-ahead jumped from 1.3 to 1.5 and overwrote its score (1,25 → 0,50)."""
    model = window.model
    for key, value in (("1.4", "0,5"), ("1.5", "1,25")):  # cells the type-ahead's "1" and "0" match
        model.setData(model.index_for_key(key, Column.ACTUAL), value)
    go(window, "1.3", Column.ACTUAL)
    before = scores(window)
    qtbot.keyClicks(window.view, "1,5")
    assert current(window) == ("1.3", Column.ACTUAL) and window.view.indexWidget(window.view.currentIndex()) is None
    assert "cộng tự động từ các tiêu chí con" in window.view.refusal.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    qtbot.keyClicks(window.view, "0,4")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    changed = {k for k, v in scores(window).items() if v != before[k]}
    assert changed <= {"1.3.1"}  # only the row Enter moved to, and only after the cursor got there
    assert (cell(window, "1.4"), cell(window, "1.5")) == ("0,50", "1,25")


def test_typed_characters_never_jump_to_another_criterion(qtbot, window):
    go(window, "1.3", Column.TITLE)
    qtbot.keyClicks(window.view, "15")
    assert current(window) == ("1.3", Column.TITLE)
    assert "Chọn một ô điểm" in window.statusBar().currentMessage()


def test_tab_moves_right_over_score_cells_and_wraps(qtbot, window):
    go(window, "1.1", Column.PREVIOUS)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert current(window) == ("1.1", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert current(window) == ("1.1", Column.TARGET)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert current(window) == ("1.2", Column.PREVIOUS)
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert current(window) == ("1.1", Column.TARGET)


def test_tab_in_an_editor_commits_and_moves_right(qtbot, window):
    index = go(window, "1.1", Column.ACTUAL)
    qtbot.keyClicks(window.view, "1")
    editor = window.view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: cell(window, "1.1") == "1,00")
    assert current(window) == ("1.1", Column.TARGET)


def test_enter_and_shift_enter_move_down_and_up(qtbot, window):
    go(window, "1.2", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert current(window) == ("1.3", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current(window) == ("1.2", Column.ACTUAL)


def test_delete_clears_the_selected_cells_in_one_undo_step(qtbot, window):
    model = window.model
    for key in ("1.1", "1.2"):
        model.setData(model.index_for_key(key, Column.ACTUAL), "0,5")
    go(window, "1.1", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert (cell(window, "1.1"), cell(window, "1.2")) == ("", "")
    assert "Đã xóa 2 ô" in window.statusBar().currentMessage() and not window.view.refusal.isVisible()
    window.undo_stack.undo()
    assert (cell(window, "1.1"), cell(window, "1.2")) == ("0,50", "0,50")


def test_backspace_clears_the_current_cell(qtbot, window):
    window.model.setData(window.model.index_for_key("1.4", Column.ACTUAL), "0,5")
    go(window, "1.4", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    assert cell(window, "1.4") == ""


def test_ctrl_c_copies_a_block_and_ctrl_v_pastes_it(qtbot, window):
    model = window.model
    model.setData(model.index_for_key("1.1", Column.PREVIOUS), "1")
    model.setData(model.index_for_key("1.1", Column.ACTUAL), "1,5")
    go(window, "1.1", Column.PREVIOUS)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    prev_12 = cell(window, "1.2", Column.PREVIOUS)
    assert QGuiApplication.clipboard().text() == f"1,00\t1,50\n{prev_12}\t"
    QGuiApplication.clipboard().setText("0,25\t0,5\n0,75\t1\n")
    go(window, "1.4", Column.PREVIOUS)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    got = [cell(window, k, c) for k in ("1.4", "1.5") for c in (Column.PREVIOUS, Column.ACTUAL)]
    assert got == ["0,25", "0,50", "0,75", "1,00"]
    window.undo_stack.undo()
    assert cell(window, "1.4", Column.ACTUAL) == "" and cell(window, "1.5", Column.ACTUAL) == ""


def test_a_refused_value_stays_in_the_editor_with_the_reason_and_esc_reverts(qtbot, window):
    index = go(window, "1.2", Column.ACTUAL)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    editor = window.view.indexWidget(index)
    qtbot.keyClicks(editor, "bc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(window.view.refusal.isVisible)
    assert window.view.indexWidget(index) is editor and editor.text() == "abc"
    assert "“abc” không phải là số" in window.view.refusal.text()
    assert current(window) == ("1.2", Column.ACTUAL)
    editor.setText("9")  # above the maximum: refused again, still open
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert window.view.indexWidget(index) is editor and "tối đa" in window.view.refusal.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.view.indexWidget(index) is None and not window.view.refusal.isVisible()
    assert cell(window, "1.2") == ""


def test_rows_are_tall_enough_for_stacked_diacritics(qtbot, window):
    """Before: ~14 px rows cut the marks off Ỗ, Ặ, Ữ in capital titles."""
    view = window.view
    height = view.rowHeight(view.model().index(0, 0))
    text = "ỖẶỮ ỄỆ"
    font = QFont(view.font())
    font.setBold(True)
    full = _ink(text, font, height * 3, height)
    clipped = _ink(text, font, height, 0)
    assert clipped == full and full > 0


def _ink(text: str, font: QFont, height: int, offset: int) -> int:
    """Dark pixels of ``text`` drawn centred in a row ``height`` tall (clipped to it)."""
    image = QImage(400, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    row = offset if offset else 0
    rect_height = height - 2 * row
    painter.drawText(0, row, 400, rect_height, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return sum(1 for y in range(image.height()) for x in range(0, 400, 1) if QColor(image.pixel(x, y)).value() < 128)


def test_clearing_the_search_keeps_the_tree_as_it_was(qtbot, window):
    view = window.view
    view.collapseAll()
    for key in ("1", "3", "3.2"):
        view.setExpanded(view.view_index(window.model.index_for_key(key)), True)
    window.search.setText("tai chinh")
    window.search.clear()
    assert {k for k in ("1", "2", "3", "3.2") if view.is_key_expanded(k)} == {"1", "3", "3.2"}
    window.unit_filter.setCurrentIndex(window.unit_filter.findData("Sở Tư pháp"))
    window.unit_filter.setCurrentIndex(0)
    assert {k for k in ("1", "2", "3", "3.2") if view.is_key_expanded(k)} == {"1", "3", "3.2"}


def test_the_detail_panel_follows_a_filter_that_hides_its_criterion(qtbot, window):
    window.select_key("1.1")
    assert window.detail.node.key == "1.1"
    window.unit_filter.setCurrentIndex(window.unit_filter.findData("Sở Tư pháp"))
    shown = window.detail.node
    assert shown is None or window.view.is_key_shown(shown.key)
    if shown is None:  # nothing of 1.1 is left in the panel
        assert window.detail.lead.text() == "" and all(not e.toPlainText() for e in window.detail.texts.values())


def test_unit_filter_matches_whole_units_of_cells_naming_several(qtbot, window):
    model = window.model
    node = model.tree.by_key["1.4"]
    node.lead = "Sở Nội vụ; Sở Tư pháp"
    window.unit_filter.setCurrentIndex(window.unit_filter.findData("Sở Tư pháp"))
    assert window.view.is_key_shown("1.4")
    assert not window.view.is_key_shown("1.1")
    assert window.unit_filter.findData("Sở Nội vụ; Sở Tư pháp") == -1


def test_no_own_fold_in_ui():
    import ui.tree_view

    assert not hasattr(ui.tree_view, "fold")
    assert QModelIndex is not None


def test_filter_and_print_dialog_list_the_same_units(qtbot, session, demo_file):
    """For the demo, and for a file whose lead cells name several units."""
    from desktop.documents.actions import DocumentActions
    from desktop.documents.header import HEADER_KEYS
    from ui.main_window import MainWindow
    from ui.print_dialog import PrintDialog

    session.set_lead("1.4", "Sở Nội vụ; Sở Tư pháp, UBND cấp huyện")
    window = MainWindow(session, demo_file, header_fields=HEADER_KEYS)
    qtbot.addWidget(window)
    dialog = PrintDialog(DocumentActions(session), demo_file.parent)
    qtbot.addWidget(dialog)
    combo = [window.unit_filter.itemData(i) for i in range(1, window.unit_filter.count())]
    printed = [dialog.lead.itemData(i) for i in range(1, dialog.lead.count())]
    assert combo == printed and "UBND cấp huyện" in combo and "Sở Tư pháp" in combo
    assert not any(";" in unit for unit in combo)
    window.unit_filter.setCurrentIndex(window.unit_filter.findData("UBND cấp huyện"))
    assert window.view.is_key_shown("1.4")


def test_the_level_picker_is_wide_enough_to_read(qtbot, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.documents.header import HEADER_KEYS
    from desktop.session import Session
    from desktop.templates import get_set
    from ui.main_window import MainWindow

    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, get_set("cqdt-876-qn2022"), unit="Sở TTTT", year=2022).close()
    session = Session.open(path)
    window = MainWindow(session, path, header_fields=HEADER_KEYS)
    qtbot.addWidget(window)
    window.show()
    index = go(window, "1.2#1", Column.ACTUAL)
    window.view.edit(index)
    combo = window.view.indexWidget(index)
    assert combo.currentText() == "(chưa chấm)"
    assert combo.width() >= combo.fontMetrics().horizontalAdvance("(chưa chấm)") + 24  # was "(chưa chấ…"


def test_filter_and_print_dialog_list_the_same_units_of_an_imported_table(qtbot, tmp_path, request):
    """A file made from an Excel table whose lead cells name several units, as provinces write them."""
    from desktop.documents.actions import DocumentActions
    from desktop.documents.header import HEADER_KEYS
    from desktop.excel.importing import create_from_table
    from desktop.session import Session
    from tests.desktop.excel_tables import write_table
    from ui.main_window import MainWindow
    from ui.print_dialog import PrintDialog

    table = tmp_path / "phu-luc.xlsx"
    header = ["STT", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Đơn vị chủ trì"]
    rows = [
        ["1", "Công tác chỉ đạo", 2, None, "Sở Nội vụ"],
        ["1.1", "Kế hoạch cải cách hành chính", 1, 1, "Sở Nội vụ; Sở Tư pháp"],
        ["1.2", "Báo cáo định kỳ", 1, 0.5, "Văn phòng UBND tỉnh, Sở Nội vụ\nSở Văn hóa, Thể thao và Du lịch"],
    ]
    write_table(table, header, rows, header_row=1)
    path = tmp_path / "nhap.sqlite"
    create_from_table(table, path, unit="Sở Nội vụ", year=2026)
    session = Session.open(path)
    request.addfinalizer(session.close)  # after qtbot's widgets: the side panel reads it to the end
    window = MainWindow(session, path, header_fields=HEADER_KEYS)
    qtbot.addWidget(window)
    dialog = PrintDialog(DocumentActions(session), tmp_path)
    qtbot.addWidget(dialog)
    combo = [window.unit_filter.itemData(i) for i in range(1, window.unit_filter.count())]
    printed = [dialog.lead.itemData(i) for i in range(1, dialog.lead.count())]
    assert combo == printed
    assert combo == ["Sở Nội vụ", "Sở Tư pháp", "Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND tỉnh"]
    window.unit_filter.setCurrentIndex(window.unit_filter.findData("Sở Tư pháp"))
    assert window.view.is_key_shown("1.1") and not window.view.is_key_shown("1.2")
