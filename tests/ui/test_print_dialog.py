"""In / Xuất PDF from the window: preview of every page, missing settings named, save, editable texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PARDESK_SCREENSHOTS", ROOT / "screenshots"))


@pytest.fixture
def printing(qtbot, session, demo_file):
    from desktop.documents.actions import DocumentActions
    from desktop.documents.header import HEADER_KEYS
    from ui.main_window import MainWindow

    win = MainWindow(session, demo_file, header_fields=HEADER_KEYS, documents=DocumentActions(session))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    dialog = win.print_documents()
    qtbot.addWidget(dialog)
    dialog.wait_preview()
    return win, dialog


def test_the_action_is_in_the_file_menu_with_ctrl_p(printing):
    window, _dialog = printing
    action = window.actions_["print"]
    assert action.text() == "In / Xuất PDF…"
    assert action.shortcut().toString() == "Ctrl+P"


def test_preview_shows_every_page_of_the_plan(printing):
    from desktop.documents import Kind, build_pdf

    window, dialog = printing
    assert dialog.kind_id == "plan"
    expected = build_pdf(window.service, Kind.PLAN, Path(dialog.folder) / "check.pdf").pages
    assert dialog.page_count() == expected > 5
    first = dialog.pages.itemAt(0).widget().pixmap()
    assert first.width() < first.height()  # the plan's first page is portrait
    last = dialog.pages.itemAt(expected - 1).widget().pixmap()
    assert last.width() > last.height()  # the appendix is landscape
    assert "trang" in dialog.notes.text() and dialog.save_button.isEnabled()


def test_missing_report_settings_are_named_and_saving_is_off(printing):
    _window, dialog = printing
    dialog.kind.setCurrentIndex(dialog.kind.findData("report"))
    assert "Số báo cáo tự đánh giá" in dialog.problem.text()
    assert not dialog.save_button.isEnabled() and dialog.page_count() == 0
    assert not dialog.lead.isEnabled()


def test_one_lead_units_appendix_is_shorter(printing):
    _window, dialog = printing
    dialog.kind.setCurrentIndex(dialog.kind.findData("appendix"))
    dialog.wait_preview()
    whole = dialog.page_count()
    dialog.lead.setCurrentIndex(dialog.lead.findData("Sở Tư pháp"))
    dialog.wait_preview()
    assert 0 < dialog.page_count() < whole


def test_save_writes_the_pdf_and_says_so(printing, tmp_path):
    _window, dialog = printing
    assert dialog.save(tmp_path / "ke-hoach")  # ".pdf" is added
    saved = tmp_path / "ke-hoach.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Đã lưu" in dialog.notes.text() and dialog.open_button.isEnabled()


def test_save_into_a_missing_folder_is_refused_with_a_message(printing, tmp_path):
    _window, dialog = printing
    assert not dialog.save(tmp_path / "none" / "x.pdf")
    assert "không tồn tại" in dialog.problem.text()


def test_texts_edited_in_the_dialog_reach_the_file_and_the_preview(printing, qtbot):
    from ui.document_texts import DocumentTextsDialog

    window, dialog = printing
    texts = DocumentTextsDialog(dialog.documents.texts(), dialog.documents.save_text, dialog)
    qtbot.addWidget(texts)
    texts.edits["doc:purpose"].setPlainText("Đạt nhóm A trong năm 2022.")
    texts.accept()
    from desktop.documents import document_texts

    assert document_texts(window.service)["doc:purpose"] == "Đạt nhóm A trong năm 2022."
    stored = window.service.texts("doc:purpose")
    assert stored == {("", ""): "Đạt nhóm A trong năm 2022."}


def test_screenshot_of_the_print_dialog(printing, qtbot):
    _window, dialog = printing
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(1120, 820)
    qtbot.wait(50)  # let the scroll area lay out before grabbing
    assert dialog.grab().save(str(SHOTS / "print-dialog.png"))


def test_the_dialog_shows_before_its_preview_and_fills_in_from_another_thread(qtbot, session, demo_file):
    """Before: 3–5 s of preview built on the UI thread before the dialog appeared."""
    import threading
    import time

    from desktop.app import BackgroundDocuments
    from desktop.documents.actions import DocumentActions
    from ui.print_dialog import PrintDialog

    documents = BackgroundDocuments(DocumentActions(session), demo_file)
    threads = []
    real = documents.preview_worker

    def spy(kind, lead):
        work = real(kind, lead)
        return lambda: (threads.append(threading.current_thread()), work())[1]

    documents.preview_worker = spy
    started = time.perf_counter()
    dialog = PrintDialog(documents, demo_file.parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = time.perf_counter() - started
    assert dialog.page_count() == 0 and "Đang dựng" in dialog.notes.text() and not dialog.save_button.isEnabled()
    dialog.wait_preview()
    assert dialog.page_count() > 5 and dialog.save_button.isEnabled()
    assert threads and threads[0] is not threading.main_thread()
    assert shown < 1.0  # the bench measures it on a quiet machine (≤ 0,3 s)
