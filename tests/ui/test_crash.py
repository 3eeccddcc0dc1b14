"""An unexpected exception in a slot or a worker is logged and told; no dialog stays open."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from desktop.errors import log_unexpected
from ui import crash
from ui.worker import run_with_progress


class _Emitter(QObject):
    fired = Signal()


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """Our hook installed (restored afterwards), dialogs recorded instead of shown."""
    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash.install(log_unexpected)
    return shown, tmp_path / "logs" / "loi.log"


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_gives_the_dialog_and_a_log_line(qtbot, installed):
    shown, log = installed
    emitter = _Emitter()

    def broken_slot() -> None:
        raise KeyError("nút hỏng")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Lỗi không mong muốn"
    assert "đã ghi lại lỗi" in text and "Dữ liệu đã lưu vẫn an toàn" in text and str(log) in text
    written = log.read_text(encoding="utf-8")
    assert "KeyError: 'nút hỏng'" in written and "broken_slot" in written


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_reaches_the_dialog_and_closes_the_progress(qtbot, installed):
    shown, log = installed
    outcomes: list[object] = []

    def broken(_progress: object) -> None:
        raise RuntimeError("database is locked")

    def slot() -> None:
        outcomes.append(run_with_progress(None, "Đang đính kèm…", broken))

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: bool(shown))
    assert outcomes == []  # the call raised instead of returning a polite refusal
    assert "RuntimeError: database is locked" in log.read_text(encoding="utf-8")
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_refusal_in_a_worker_is_a_message_not_a_crash(qtbot, installed):
    from scoring import Refusal

    shown, _log = installed

    def refused(_progress: object) -> None:
        raise Refusal("Tệp đính kèm quá lớn.")

    assert run_with_progress(None, "…", refused) == (None, "Tệp đính kèm quá lớn.")
    assert shown == []
