"""Evidence in the window: attach a file, link it to two criteria, unlink one, watch the finding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from scoring import Kind, Scenario
from ui.document_dialog import DocumentDialog
from ui.tree_model import Column
from ui.worker import run_with_progress


def no_evidence_keys(window) -> set[str]:
    return {f.key for f in window.service.assessment.findings() if f.kind is Kind.NO_EVIDENCE}


def test_add_link_unlink_evidence_and_the_finding_follows(qtbot, window, tmp_path, monkeypatch):
    model = window.model
    model.setData(model.index_for_key("1.1", Column.ACTUAL), "1,5")
    model.setData(model.index_for_key("1.2", Column.ACTUAL), "0,5")
    assert no_evidence_keys(window) == {"1.1", "1.2"}
    assert "2 cảnh báo" not in window.summary.findings.text()

    scan = tmp_path / "ke-hoach-cchc-2022.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 200_000)

    def fill(dialog: DocumentDialog) -> int:
        dialog.edits["number"].setText("2357/QĐ-UBND")
        dialog.edits["date"].setText("30/12/2021")
        dialog.edits["title"].setText("Ban hành Kế hoạch CCHC tỉnh năm 2022")
        dialog.set_file(scan)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DocumentDialog, "exec", fill)
    window.side.setCurrentIndex(1)
    window.select_key("1.1")
    panel = window.evidence_panel
    panel.add_document()
    assert panel.documents.count() == 1 and "ke-hoach-cchc-2022.pdf" in panel.documents.item(0).text()
    assert no_evidence_keys(window) == {"1.2"}
    assert model.index_for_key("1.1", Column.EVIDENCE).data() == "1"

    monkeypatch.setattr("ui.evidence_panel.QInputDialog.getItem", lambda *args: (args[3][0], True))
    window.select_key("1.2")
    panel.link_existing()
    assert no_evidence_keys(window) == set()
    assert model.index_for_key("1.2", Column.EVIDENCE).data() == "1"

    panel.documents.setCurrentRow(0)
    panel.unlink()
    assert no_evidence_keys(window) == {"1.2"}
    assert window.findings.message(0).startswith("Tiêu chí 1.2: tự chấm 0,50 điểm")
    doc = window.service.evidence.documents()[0]
    assert doc.criteria == ("1.1",) and doc.file_size == scan.stat().st_size


def test_an_explanation_clears_the_finding(qtbot, window):
    window.model.setData(window.model.index_for_key("1.2", Column.ACTUAL), "0,5")
    window.select_key("1.2")
    window.detail.texts["explanation"].setPlainText("Đã gửi đủ 4 báo cáo quý, xem sổ công văn đi.")
    window.detail.flush()
    assert "1.2" not in no_evidence_keys(window)


def test_attaching_runs_off_the_ui_thread(qtbot, tmp_path):
    """The event loop keeps running (a timer fires) while the worker does the slow part."""
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    import time

    def slow(progress):
        for step in range(10):
            time.sleep(0.02)  # stands for reading a large file; the UI thread must stay free
            progress(step + 1, 10)
        return "xong"

    result, error = run_with_progress(None, "Đang đính kèm…", slow)
    timer.stop()
    assert (result, error) == ("xong", "")
    assert len(ticks) >= 5


def test_worker_reports_a_refusal_in_vietnamese(qtbot, tmp_path, session):
    result, error = run_with_progress(None, "…", lambda progress: session.attach_file(tmp_path / "mat.pdf", progress))
    assert result is None and "Không tìm thấy tệp đính kèm" in error


def test_history_views(qtbot, window, monkeypatch):
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1")
    window.select_key("1.1")
    window.side.setCurrentIndex(2)
    table = window.node_history
    assert table.rowCount() == 4  # the demo's previous, target and tasks, then this edit
    assert table.item(0, 3).text() == "Điểm (Tự đánh giá)" and table.item(0, 5).text() == "1,00"
    from ui.history import HistoryDialog

    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    window.show_history()
    dialog = shown[0]
    dialog.node.setText("1.1")
    assert dialog.table.rowCount() == 4
    dialog.node.setText("9.9")
    assert dialog.table.rowCount() == 0


def test_documents_list_shows_total_size(qtbot, window, tmp_path, monkeypatch):
    source = tmp_path / "x.pdf"
    source.write_bytes(b"1" * 2048)
    sha = window.service.attach_file(Path(source)).sha256
    window.service.evidence.add({"number": "1/BC", "title": "Báo cáo"}, blob_sha256=sha, link_to="2.1.1")
    from ui.evidence_list import EvidenceListDialog

    shown = []
    monkeypatch.setattr(EvidenceListDialog, "exec", lambda self: shown.append(self) or 0)
    window.show_documents()
    assert "1 tài liệu; tệp đính kèm: 2 KB." == shown[0].summary.text()
    assert shown[0].table.item(0, 4).text() == "2.1.1"
    assert window.service.assessment.score("2.1.1", Scenario.ACTUAL) is None
