"""The print dialog's newer kinds: the Báo cáo giải trình and the plan's Word copy, saved from the dialog."""

from __future__ import annotations

import pytest


@pytest.fixture
def dialog(qtbot, session, demo_file):
    from desktop.documents.actions import DocumentActions
    from desktop.documents.header import HEADER_KEYS
    from ui.main_window import MainWindow

    win = MainWindow(session, demo_file, header_fields=HEADER_KEYS, documents=DocumentActions(session))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    shown = win.print_documents()
    qtbot.addWidget(shown)
    return shown


def _choose(dialog, kind_id: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind_id))
    assert dialog.kind_id == kind_id


def test_the_word_copy_is_previewed_and_saved_as_docx(qtbot, dialog, tmp_path):
    from docx import Document

    _choose(dialog, "word")
    qtbot.waitUntil(lambda: dialog.page_count() > 3)
    assert dialog.save(tmp_path / "Ke-hoach")  # the suffix is added, .docx, not .pdf
    saved = tmp_path / "Ke-hoach.docx"
    assert dialog.saved_path == saved and saved.is_file()
    assert "KẾ HOẠCH" in [p.text for p in Document(str(saved)).paragraphs]
    assert dialog.notes.text().startswith(f"Đã lưu {saved}.")


def test_the_explanation_is_offered_and_refused_without_appraisal(qtbot, dialog, session):
    session.save_settings(
        {"explanation_number": "7", "explanation_symbol": "BC-UBND", "explanation_date": "10/12/2022"}
    )
    _choose(dialog, "explanation")
    qtbot.waitUntil(lambda: "Chưa có nội dung để giải trình" in dialog.problem.text())
    assert not dialog.save_button.isEnabled() or dialog.page_count() == 0
