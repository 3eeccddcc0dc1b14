"""Start-up: the composition root that opens a file and hands the services to the widgets.

Order (``main``): read arguments (``desktop.entry`` has already sent a start without a screen to
the command line) → create the QApplication (names, test-safe settings) → choose the file
(argument, last file, or the demo, written on first use) → open it (checked first) → build the
main window → run, or return it when ``exec`` is false so tests and ``--smoke-test`` drive the
real app.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring import Refusal

__all__ = ["demo_path", "main"]

ORG, APP = "PAR Desk", "PAR Desk"
DEMO_NAME = "PAR-Desk-mau-Dak-Nong-2022.sqlite"
RECENT_MAX = 10


def demo_path(folder: Path) -> Path:
    from .demo import write_demo

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_NAME
    if not path.exists():
        write_demo(path)
    return path


def _parse(argv: Sequence[str]) -> tuple[Path | None, bool]:
    smoke = "--smoke-test" in argv
    files = [a for a in argv if not a.startswith("--")]
    return (Path(files[0]) if files else None), smoke


def main(argv: Sequence[str] | None = None, exec: bool = True) -> Any:  # noqa: A002 - Qt's own word
    """Open the app; returns the exit code, or ``(app, window)`` when ``exec`` is false."""
    args = list(sys.argv[1:] if argv is None else argv)
    path, smoke = _parse(args)
    if smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *args])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    if exec and not smoke:  # under test (exec false) pytest-qt's own hook must see exceptions
        from ui import crash

        from .errors import log_unexpected

        crash.install(log_unexpected)
    data_dir = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    launcher = Launcher(data_dir, QSettings(), interactive=not smoke)
    window = launcher.open(path) if path else launcher.open_last()
    if window is None:
        return 3 if smoke else 0
    if smoke:
        return _smoke_check(window, started)
    window.show()
    from PySide6.QtCore import QTimer

    # the window is up: load what the first edit needs (sqlite-utils, ~0,1 s) while the officer reads
    QTimer.singleShot(0, lambda: window.service.store.db)
    if not exec:
        return app, window
    code = app.exec()
    launcher.close()
    return code


def _smoke_check(window: Any, started: float) -> int:
    """The tree is populated and totals are computed: the packaged app really works."""
    from scoring import Scenario, format_number

    model = window.model
    rows = model.rowCount()
    totals = window.service.assessment.totals(Scenario.TARGET)
    elapsed = time.perf_counter() - started
    ok = rows > 0 and totals.max > 0
    state = "OK" if ok else "LỖI"
    seconds = format_number(Decimal(f"{elapsed:.3f}"), places=3)
    print(f"smoke-test {state}: {rows} lĩnh vực, tối đa {format_number(totals.max)}, {seconds} s", file=sys.stderr)
    window.close()
    window.launcher.close()
    return 0 if ok else 1


class Launcher:
    """Opens files into windows, remembers recent files, and shows the welcome dialog."""

    def __init__(self, data_dir: Path, settings: Any, *, interactive: bool = True) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.interactive = interactive  # False for --smoke-test: report on stderr, never a dialog
        self.sessions: list[Any] = []
        self.windows: list[Any] = []

    def recent(self) -> list[str]:
        value = self.settings.value("recent", []) or []
        items = [value] if isinstance(value, str) else list(value)
        return [p for p in items if Path(p).exists()]

    def _remember(self, path: Path) -> None:
        items = [str(path.resolve())] + [p for p in self.recent() if p != str(path.resolve())]
        self.settings.setValue("recent", items[:RECENT_MAX])
        self.settings.setValue("last", str(path.resolve()))

    def open_last(self) -> Any:
        last = self.settings.value("last", "")
        if last and Path(last).exists():
            return self.open(Path(last))
        return self.open(demo_path(self.data_dir))

    def open(self, path: Path) -> Any:
        from PySide6.QtWidgets import QMessageBox

        from ui.main_window import MainWindow

        from .documents.actions import DocumentActions
        from .documents.header import HEADER_KEYS
        from .excel.actions import ExcelActions
        from .session import Session

        try:
            session = Session.open(path)
        except Refusal as exc:
            if not self.interactive:
                print(f"Lỗi: {exc}", file=sys.stderr)
                return None
            QMessageBox.critical(None, "Không mở được tệp", str(exc))
            return self.welcome()
        self.sessions.append(session)
        window = MainWindow(
            session,
            path,
            header_fields=HEADER_KEYS,
            open_other=self.welcome,
            excel=ExcelActions(session),
            documents=DocumentActions(session),
        )
        window.launcher = self
        self.windows.append(window)
        self._remember(path)
        return window

    def welcome(self) -> Any:
        from PySide6.QtWidgets import QMessageBox

        from ui.welcome import WelcomeDialog

        from .assessment_file.store import AssessmentFile
        from .templates import builtin_sets, get_set

        sets = [(s.id, f"{s.title} ({s.id})") for s in builtin_sets().values()]
        dialog = WelcomeDialog(sets, self.recent())
        if not dialog.exec() or dialog.choice is None:
            return None
        kind, *rest = dialog.choice
        if kind == "demo":
            window = self.open(demo_path(self.data_dir))
        elif kind == "open":
            window = self.open(rest[0])
        else:
            path, set_id, unit, year = rest
            try:
                AssessmentFile.create(path, get_set(set_id), unit=unit, year=year).close()
            except Refusal as exc:
                QMessageBox.critical(None, "Không tạo được tệp", str(exc))
                return self.welcome()
            window = self.open(path)
        if window is not None:
            window.show()
        return window

    def close(self) -> None:
        for session in self.sessions:
            session.close()
        self.sessions.clear()
