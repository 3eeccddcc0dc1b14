"""The last line of defence: an unexpected exception is logged and told in Vietnamese, not lost.

Installed once by the start-up module (``install``) with the service that writes the log, as the
interpreter's ``sys.excepthook`` and ``threading.excepthook``: PySide6 hands an exception raised in
a slot or a Qt override to ``sys.excepthook``, and ``ui.worker`` re-raises a worker's exception in
the UI thread, so every path ends here. Every edit is committed when made, so the file is intact.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["install", "message_for"]

WriteLog = Callable[[BaseException], Path]
TITLE = "Lỗi không mong muốn"
_showing = False  # one dialog at a time: an error raised while it is open is only logged


def message_for(log: Path) -> str:
    return (
        "PAR Desk gặp một lỗi không mong muốn và đã ghi lại lỗi vào tệp nhật ký:\n"
        f"{log}\n\n"
        "Dữ liệu đã lưu vẫn an toàn: mỗi thay đổi được ghi vào tệp ngay khi nhập. "
        "Bạn có thể tiếp tục làm việc; nếu lỗi lặp lại, hãy gửi tệp nhật ký này cho bộ phận hỗ trợ."
    )


def install(write_log: WriteLog) -> None:
    """Route every unhandled exception to ``write_log`` and a Vietnamese dialog."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        report(error.with_traceback(trace), write_log)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            report(args.exc_value, write_log, in_ui_thread=False)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def report(error: BaseException, write_log: WriteLog, *, in_ui_thread: bool = True) -> Path:
    """Log ``error``; show the dialog when called in the UI thread and none is open."""
    global _showing  # noqa: PLW0603 - one flag for the whole process, by design
    log = write_log(error)
    print(f"Lỗi không mong muốn, đã ghi vào {log}", file=sys.stderr)
    if not in_ui_thread or _showing or QApplication.instance() is None:
        return log
    _showing = True
    try:
        QMessageBox.critical(QApplication.activeWindow(), TITLE, message_for(log))
    finally:
        _showing = False
    return log
