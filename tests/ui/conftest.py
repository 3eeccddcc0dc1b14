"""Qt fixtures: a test-mode application (never touches real settings) and an open demo file."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def qapp(qapp_args):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(qapp_args)
    app.setOrganizationName("PAR Desk tests")
    app.setApplicationName("PAR Desk tests")
    yield app


@pytest.fixture
def demo_file(tmp_path):
    from desktop.demo import write_demo

    return write_demo(tmp_path / "demo.sqlite")


@pytest.fixture
def session(demo_file):
    from desktop.session import Session

    opened = Session.open(demo_file, user="Tester")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, session, demo_file):
    from desktop.documents.header import HEADER_KEYS
    from ui.main_window import MainWindow

    win = MainWindow(session, demo_file, header_fields=HEADER_KEYS)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def start(qtbot, qapp, tmp_path, monkeypatch):
    """The real app on a file, as ``pardesk FILE`` starts it (``desktop.app.main(..., exec=False)``),
    shown; afterwards every window its launcher holds is closed (one opened from it replaced it)."""
    from shiboken6 import isValid

    import desktop.app

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    names = (qapp.organizationName(), qapp.applicationName())
    opened = []

    def open_window(path):
        _app, window = desktop.app.main([str(path)], exec=False)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        for shown in [window, *window.launcher.windows]:
            if isValid(shown):
                shown.close()
        window.launcher.close()
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])
