"""Run a slow service call (attaching a large file) off the UI thread, with a progress dialog.

Every outcome comes back to the UI thread: the result, a refusal's message, or any other
exception, re-raised there so the crash handler logs it; the dialog is closed in every case.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from scoring import Refusal

__all__ = ["run_with_progress"]

Progress = Callable[[int, int], None]
# the system's own words (``strerror``) are English on most machines: the officer reads these
_OS_PROBLEMS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
    errno.EACCES: "không có quyền truy cập tệp hoặc thư mục",
    errno.EPERM: "không có quyền truy cập tệp hoặc thư mục",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục (ổ đĩa đã bị rút ra?)",
    errno.EIO: "lỗi đọc ghi trên ổ đĩa (ổ đĩa bị rút ra hoặc hỏng?)",
}
_OS_OTHER = "hệ thống không đọc hoặc ghi được tệp"


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.signals.progress.emit(done >> 10, total >> 10))
        except Refusal as exc:
            self.signals.failed.emit(str(exc))
        except OSError as exc:  # the services say theirs in Vietnamese; this is the last resort
            self.signals.failed.emit(f"Lỗi đọc ghi tệp: {_OS_PROBLEMS.get(exc.errno or 0, _OS_OTHER)}.")
        except BaseException as exc:  # noqa: BLE001 - a bug: carried to the UI thread and re-raised there
            self.signals.crashed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[Progress], Any]) -> tuple[Any, str]:
    """Run ``work(progress)`` in the thread pool while the window keeps painting.

    Returns ``(result, "")`` or ``(None, message)`` for a refusal; any other exception raised by
    ``work`` is raised here, in the UI thread, after the dialog is closed. Progress is in KiB.
    """
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    job = _Job(work)
    loop = QEventLoop()
    outcome: dict[str, Any] = {"result": None, "error": "", "crash": None}

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    def finish(result: Any = None, error: str = "") -> None:
        outcome.update(result=result, error=error)
        loop.quit()

    job.signals.progress.connect(progress)
    job.signals.done.connect(finish)
    job.signals.failed.connect(lambda message: finish(error=message))

    def crash(exc: BaseException) -> None:
        outcome["crash"] = exc
        loop.quit()

    job.signals.crashed.connect(crash)
    QThreadPool.globalInstance().start(job)
    try:
        loop.exec()
    finally:
        dialog.close()
    if outcome["crash"] is not None:
        raise outcome["crash"]
    return outcome["result"], outcome["error"]
