"""What the officer reads is true and in one format: partial totals, survey criteria apart, history."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from scoring import Formula, Scenario
from ui.tree_model import Column

A = Scenario.ACTUAL


def test_one_score_gives_no_index_or_group(qtbot, window):
    """Before: "0,75/100,00 (0,75%, nhóm C)" after a single score."""
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "0,75")
    text = window.summary.labels[A].text()
    assert "0,75/" in text and "tạm tính" in text and "nhóm" not in text and "%" not in text


def test_a_complete_self_assessment_waits_for_the_survey_before_a_group(qtbot, window):
    from scoring import Mode

    assessment = window.service.assessment
    own = [k for k, mode in assessment.regular_leaves.items() if mode is Mode.SELF]
    for key in own:
        window.service.set_value(key, A, "0")
    window.summary.refresh()
    text = window.summary.labels[A].text()
    assert "chờ điểm" in text and "điều tra XHH" in text and "nhóm" in text and "chưa xếp nhóm" in text
    assert "%" not in text
    previous = window.summary.labels[Scenario.PREVIOUS].text()
    assert "nhóm" in previous and "%" in previous  # last year's result is complete: an index


def test_the_dashboard_keeps_survey_criteria_apart(qtbot, window):
    """Before: "mất nhiều điểm nhất" began with 8.1 SIPAS, which the unit cannot act on."""
    window.tabs.setCurrentIndex(1)
    board = window.dashboard
    own = [board.table.item(r, 0).text() for r in range(board.table.rowCount())]
    others = [board.others.item(r, 0).text() for r in range(board.others.rowCount())]
    assert "8.1" not in own and "8.1" in others
    survey = window.model.tree.by_key["2.4"]
    assert survey.code in others


def test_the_dashboard_bars_say_points_with_two_decimals(qtbot, window):
    """Before: "3,50 / 8,5" beside a lĩnh vực's bar, "8,50" in the table under it."""
    import re

    window.tabs.setCurrentIndex(1)
    said = dict(window.dashboard.bars.texts())
    assert said["1. Công tác chỉ đạo, điều hành CCHC"] == "7,46 / 8,50"  # last year's, nothing scored yet
    assert all(re.fullmatch(r"(—|\d+,\d\d) / \d+,\d\d", numbers) for numbers in said.values()), said


def test_points_have_two_decimals_everywhere(qtbot, window):
    window.select_key("1.1")
    assert "điểm tối đa 1,50" in window.detail.rule.text()  # was "1,5"
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "5")
    assert "điểm 5,00 lớn hơn điểm tối đa 1,50" in window.statusBar().currentMessage()


def test_formulas_read_with_a_comma_and_times():
    assert Formula.parse("(b/a)*1.0 + (c/a)*0.5").shown == "(b/a) × 1,0 + (c/a) × 0,5"


def test_history_names_settings_skips_unchanged_and_tells_undo_from_redo(qtbot, window, monkeypatch):
    from ui.history import HistoryDialog

    settings = dict(window.service.settings())
    settings["report_to"] = "Sở Nội vụ tỉnh Đắk Nông"
    window.service.save_settings(settings)
    model = window.model
    model.setData(model.index_for_key("1.1", Column.ACTUAL), "1,25")
    window.undo_stack.undo()
    window.undo_stack.redo()
    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    window.show_history()
    table = shown[0].table
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    assert rows[0][3:] == ["Làm lại (Tự đánh giá)", "", "1,25"]
    assert rows[1][3:] == ["Hoàn tác (Tự đánh giá)", "1,25", ""]
    assert rows[2][3:] == ["Điểm (Tự đánh giá)", "", "1,25"]
    settings_rows = [r for r in rows if r[3].startswith("Thiết lập")]
    assert [r[3] for r in settings_rows if "Kính gửi" in r[3] or "report_to" in r[3]] and all(
        "report_" not in r[3] for r in settings_rows
    )
    assert all(r[4] != r[5] for r in settings_rows)  # a save records only what changed
    assert all("." not in r[5] for r in rows if r[3].startswith("Điểm"))


def test_the_side_history_shows_four_columns_that_fit(qtbot, window):
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1")
    window.select_key("1.1")
    window.side.setCurrentIndex(2)
    table = window.node_history
    shown = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
    assert shown == [0, 3, 4, 5]
    assert table.horizontalHeader().length() <= table.viewport().width() + 2


def test_the_documents_list_can_be_closed(qtbot, window, monkeypatch):
    from ui.evidence_list import EvidenceListDialog

    seen = []
    monkeypatch.setattr(EvidenceListDialog, "exec", lambda self: seen.append(self) or 0)
    window.show_documents()
    box = seen[0].buttons
    assert box.button(QDialogButtonBox.StandardButton.Close) is not None


def test_an_attachment_is_named_in_words_not_a_glyph(qtbot, window, tmp_path):
    source = tmp_path / "qd.pdf"
    source.write_bytes(b"%PDF-1.4 x")
    sha = window.service.attach_file(source).sha256
    window.service.evidence.add({"number": "1/QĐ-UBND", "title": "Kế hoạch"}, blob_sha256=sha, link_to="1.1")
    window.select_key("1.1")
    window.side.setCurrentIndex(1)
    text = window.evidence_panel.documents.item(0).text()
    assert "tệp đính kèm: qd.pdf" in text and "\U0001f4ce" not in text


def test_print_notices_are_dark_enough_to_read(qtbot, session, demo_file):
    from PySide6.QtGui import QColor

    from desktop.documents.actions import DocumentActions
    from ui.print_dialog import PrintDialog

    dialog = PrintDialog(DocumentActions(session), demo_file.parent)
    qtbot.addWidget(dialog)
    colour = dialog.notes.styleSheet().split("color:")[1].split(";")[0].strip()
    assert QColor(colour).lightness() < 80  # was #555 on grey


def _read_whole(bar) -> bool:
    """Every text of the summary bar, wrapped to its width as painted, fits the bar's height."""
    from PySide6.QtGui import QTextDocument

    for label in (*bar.labels.values(), bar.findings):
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(label.font())
        document.setHtml(label.text())
        document.setTextWidth(label.width() - 4)
        if document.size().height() + 1 > label.height():
            return False
    return True


def test_the_summary_is_read_whole_on_the_narrowest_window(qtbot, window):
    """Before: at 1920 × 1080 and 150 % (a 1264 px window) "… tiêu chí chưa chấm)" lost its third line."""
    from scoring import Mode

    bar = window.summary
    window.resize(1264, 680)  # what the window gets on 1920 × 1080 at 150 %, or on 1280 × 720
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1,25")
    assert "tạm tính: còn 82/83" in bar.labels[A].text()
    qtbot.waitUntil(lambda: window.width() == 1264 and _read_whole(bar), timeout=3000)
    assessment = window.service.assessment
    for key in [k for k, mode in assessment.regular_leaves.items() if mode is Mode.SELF]:
        window.service.set_value(key, A, "0")
    bar.refresh()
    assert "chờ điểm" in bar.labels[A].text()  # the longest text the bar says
    qtbot.waitUntil(lambda: _read_whole(bar), timeout=3000)
    high = bar.height()
    window.resize(1500, 680)  # wider: fewer lines, the table gets its room back
    qtbot.waitUntil(lambda: window.width() == 1500 and bar.height() < high and _read_whole(bar), timeout=3000)
