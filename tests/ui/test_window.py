"""The main window as the officer uses it: detail panel, settings, findings, screenshots, smoke test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from scoring import Scenario
from ui.tree_model import Column

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PARDESK_SCREENSHOTS", ROOT / "screenshots"))


@pytest.fixture
def qn_window(qtbot, tmp_path):
    from desktop.assessment_file.store import AssessmentFile
    from desktop.documents.header import HEADER_KEYS
    from desktop.session import Session
    from desktop.templates import get_set
    from ui.main_window import MainWindow

    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, get_set("cqdt-876-qn2022"), unit="Sở TTTT", year=2022).close()
    session = Session.open(path)
    win = MainWindow(session, path, header_fields=HEADER_KEYS)
    qtbot.addWidget(win)
    win.show()
    yield win
    session.close()


def test_detail_panel_inputs_compute_the_ratio_with_its_gate(qtbot, qn_window):
    qn_window.select_key("3.3")
    panel = qn_window.detail
    a = panel._input_fields[(Scenario.ACTUAL, "a")]
    b = panel._input_fields[(Scenario.ACTUAL, "b")]
    a.setText("200")
    a.editingFinished.emit()
    b.setText("179")
    b.editingFinished.emit()
    model = qn_window.model
    assert model.index_for_key("3.3", Column.ACTUAL).data() == "0,00"
    assert "&lt; 0,9 → 0 điểm" in panel.explain_label.text()  # escaped: the label shows "< 0,9"
    b.setText("181")
    b.editingFinished.emit()
    assert model.index_for_key("3.3", Column.ACTUAL).data() == "0,91"
    assert model.index_for_key("3", Column.ACTUAL).data() == "0,91"
    assert not model.flags(model.index_for_key("3.3", Column.ACTUAL)) & Qt.ItemFlag.ItemIsEditable  # computed now
    b.setText("250")
    b.editingFinished.emit()
    assert "b = 250 lớn hơn a = 200" in qn_window.statusBar().currentMessage()
    assert model.index_for_key("3.3", Column.ACTUAL).data() == "0,91"


def test_detail_panel_option_levels_and_texts(qtbot, qn_window):
    qn_window.select_key("1.2#1")
    panel = qn_window.detail
    combo = panel._input_fields[(Scenario.ACTUAL, "option")]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert qn_window.model.index_for_key("1.2", Column.ACTUAL).data() == "0,25"
    qn_window.select_key("1.3")
    panel.texts["tasks"].setPlainText("Kết nối thêm 3 ứng dụng qua LGSP")
    panel.flush()
    assert qn_window.service.texts("tasks")[("1.3", "")] == "Kết nối thêm 3 ứng dụng qua LGSP"


def test_findings_list_jumps_to_the_node(qtbot, window):
    first = window.findings.model().index(0, 0)
    assert "7.2" in first.data()
    window.findings.clicked.emit(first)
    current = window.view.currentIndex()
    assert window.model.node(window.view.source_index(current)).key == "7.2"
    assert window.model.index_for_key("7.2", Column.PREVIOUS).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_settings_dialog_refuses_a_bad_date_and_saves_a_good_one(qtbot, window, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    dialogs = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: dialogs.append(self) or 0)
    window.edit_settings()
    dialog = dialogs[0]
    dialog.edits["doc_date"].setText("31/02/2026")
    dialog.accept()
    assert "không phải là ngày hợp lệ" in dialog.error.text()
    dialog.edits["doc_date"].setText("05/02/2026")
    dialog.edits["doc_number"].setText("05")
    dialog.accept()
    assert dialog.error.text() == "" or dialog.result() == dialog.DialogCode.Accepted
    settings = window.service.settings()
    assert (settings["doc_date"], settings["doc_number"], settings["signer_name"]) == (
        "2026-02-05",
        "05",
        "Lê Văn Chiến",
    )


def test_screenshots_of_the_main_window_and_dashboard(qtbot, window):
    """Writes PNGs for a person to look at (README: "Screenshots")."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1520, 900)
    window.view.expandToDepth(0)
    window.select_key("3.4.2")
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1,25")
    qtbot.wait(50)  # let the splitter and docks lay out before grabbing (no other way to wait on layout)
    assert window.grab().save(str(SHOTS / "main-window.png"))
    window.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "dashboard.png"))
    window.tabs.setCurrentIndex(0)
    window.service.evidence.add(
        {"number": "2357/QĐ-UBND", "date": "30/12/2021", "title": "Ban hành Kế hoạch CCHC tỉnh năm 2022"},
        link_to="1.1",
    )
    window.service.evidence.add_comment("1.1", "Đề nghị bổ sung báo cáo kết quả thực hiện quý IV.")
    window.model.evidence_changed(["1.1"])
    window.select_key("1.1")
    window.side.setCurrentIndex(1)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "evidence.png"))
    assert (SHOTS / "main-window.png").stat().st_size > 20_000


def test_smoke_test_command_opens_the_demo(tmp_path):
    from desktop.demo import write_demo

    path = write_demo(tmp_path / "demo.sqlite")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke-test", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke-test OK: 8 lĩnh vực" in result.stderr


APP_WRITER = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication(["x"])
    from desktop.session import Session
    from ui.tree_model import Column, CriteriaModel
    session = Session.open(sys.argv[1])
    model = CriteriaModel(session)
    leaves = [n for n in session.tree.leaves() if n.rule.kind.value == "direct"]
    for i, node in enumerate(leaves):
        ok = model.setData(model.index_for_key(node.key, Column.TARGET), str(node.max))
        assert ok
        print(node.key, flush=True)  # shown as saved only after the commit
    input()  # wait to be killed
    """
)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_killed_app_loses_nothing_shown_as_saved(tmp_path):
    from desktop.demo import write_demo
    from desktop.session import Session

    path = write_demo(tmp_path / "demo.sqlite")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", APP_WRITER, str(path)],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    saved = []
    assert proc.stdout is not None
    for line in proc.stdout:
        saved.append(line.strip())
        if len(saved) == 25:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved += [line.strip() for line in proc.stdout.read().splitlines() if line.strip()]
    proc.stdout.close()
    assert proc.stdin is not None
    proc.stdin.close()
    session = Session.open(path)
    try:
        for key in saved:
            assert session.assessment.score(key, Scenario.TARGET) == session.tree.by_key[key].max, key
    finally:
        session.close()


def test_smoke_test_refuses_a_broken_file_without_a_dialog(tmp_path):
    broken = tmp_path / "broken.sqlite"
    broken.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke-test", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 3
    assert "không phải tệp đánh giá PAR Desk" in result.stderr
