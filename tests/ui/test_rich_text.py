"""Text from the officer or the file reaches the screen as typed: "<", "&" and "<b>" are not markup."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import Qt, QTextDocument

from scoring import Scenario

TRICKY = "Tỷ lệ <90% & <b>đậm</b> hồ sơ"


def seen(label) -> str:
    """A label's text as the officer reads it (what Qt renders, not what was set)."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


@pytest.fixture
def tricky_window(qtbot, tmp_path):
    """A criteria-set file whose 3.3 has a title and legal basis holding "<", "&" and "<b>"."""
    from desktop.assessment_file.store import AssessmentFile
    from desktop.documents.header import HEADER_KEYS
    from desktop.session import Session
    from desktop.templates import get_set
    from ui.main_window import MainWindow

    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, get_set("cqdt-876-qn2022"), unit="Sở TTTT", year=2022).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE nodes SET title = ?, legal_basis = ? WHERE key = '3.3'", (TRICKY, "Điều 5 <khoản 2>"))
    session = Session.open(path)
    win = MainWindow(session, path, header_fields=HEADER_KEYS)
    qtbot.addWidget(win)
    win.show()
    yield win
    session.close()


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_gated_ratio_shows_its_gate_and_the_whole_explanation(qtbot, tricky_window):
    tricky_window.select_key("3.3")
    panel = tricky_window.detail
    _type(qtbot, panel._input_fields[(Scenario.ACTUAL, "a")], "200")
    _type(qtbot, panel._input_fields[(Scenario.ACTUAL, "b")], "170")
    assert "b/a = 170/200 = 0,85 < 0,9 → 0 điểm." in seen(panel.explain_label)
    assert "tỷ lệ dưới 0,9 được 0 điểm" in seen(panel.rule)


def test_titles_and_bases_with_markup_characters_show_as_typed(qtbot, tricky_window):
    tricky_window.select_key("3.3")
    panel = tricky_window.detail
    assert seen(panel.title) == f"3.3. {TRICKY}"
    assert seen(panel.basis) == "Điều 5 <khoản 2>"
    tricky_window.side.setCurrentIndex(1)  # Minh chứng: its heading names the criterion
    assert seen(tricky_window.evidence_panel.heading) == f"3.3. {TRICKY}"
    model = tricky_window.model
    tip = model.index_for_key("3.3", 1).data(Qt.ItemDataRole.ToolTipRole)
    document = QTextDocument()
    document.setHtml(tip) if Qt.mightBeRichText(tip) else document.setPlainText(tip)
    assert document.toPlainText() == TRICKY


def test_a_typed_value_with_markup_is_quoted_whole_in_the_refusal(qtbot, tricky_window):
    tricky_window.select_key("3.3")
    field = tricky_window.detail._input_fields[(Scenario.ACTUAL, "a")]
    _type(qtbot, field, "<b>12")
    message = tricky_window.view.refusal
    assert "<b>12" in seen(message)


def test_conflict_choices_show_titles_and_file_names_as_written(qtbot):
    from types import SimpleNamespace

    from PySide6.QtWidgets import QLabel

    from ui.assemble_dialog import ConflictDialog

    conflict = SimpleNamespace(key="3.3", label="3.3", title=TRICKY, sides=[("Sở A&B", "so <a>.sqlite", "1,00 < 2,00")])
    dialog = ConflictDialog(SimpleNamespace(conflicts=[conflict], duplicates=[]), ["Tệp <b>x</b>.sqlite: bỏ qua"])
    qtbot.addWidget(dialog)
    shown = [seen(label) for label in dialog.findChildren(QLabel)]
    assert f"3.3\n{TRICKY}" in shown
    assert "1,00 < 2,00\nso <a>.sqlite" in shown
    assert "Tệp <b>x</b>.sqlite: bỏ qua" in shown
