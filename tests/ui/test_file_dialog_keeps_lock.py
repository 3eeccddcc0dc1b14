"""A file dialog browsing the open file's folder leaves the window's edit lock held (tester-1
defect 1): Qt's dialog opens ``.lock`` to guess its type, and a POSIX record lock went with that
descriptor's close — then ``pardesk set`` wrote, folded the window's WAL away, and the window's
later edits were lost although it said "Đã lưu vào tệp."."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from scoring import Scenario
from tests.desktop.hostile import listing, others_can_take, run
from ui import dialogs
from ui.tree_model import Column

A = Scenario.ACTUAL


def _pardesk(*args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main(sys.argv[1:]))"]
    return subprocess.run(command + [str(a) for a in args], capture_output=True, text=True, timeout=120, check=False)


def _browse(folder: Path, *seen: str) -> None:
    """Once the modal file dialog is up: go to ``folder``, and cancel once each of ``seen`` is
    listed with its type guessed (the dialog's model has fetched the file's information)."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, step)
            return
        if Path(dialog.directory().absolutePath()) != folder:
            dialog.setDirectory(str(folder))
        model = dialog.findChild(QFileSystemModel)
        indexes = [model.index(str(folder / name)) for name in seen] if model is not None else []
        if not indexes or not all(i.isValid() and model.type(i) and model.fileInfo(i).size() for i in indexes):
            QTimer.singleShot(10, step)
            return
        dialog.reject()

    QTimer.singleShot(0, step)


def _stored(path: Path, code: str) -> str | None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT value FROM entries JOIN nodes ON key = node_key WHERE code = ? AND scenario = 'actual'", (code,)
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_choosing_an_attachment_in_the_files_folder_keeps_the_file_locked(qtbot, qapp, tmp_path, monkeypatch):
    import desktop.app

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "locktest"
    folder.mkdir()
    f = folder / "lt.sqlite"
    assert run("new", f, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    names = (qapp.organizationName(), qapp.applicationName())
    _app, window = desktop.app.main([str(f)], exec=False)
    qtbot.addWidget(window)
    try:
        window.model.setData(window.model.index_for_key("1.3", Column.ACTUAL), "0,25")  # WAL mode from here
        _browse(folder, "lt.sqlite", "lt.sqlite-wal", "lt.sqlite-shm", "lt.sqlite.lock")
        assert dialogs.open_path(window, "Chọn tệp đính kèm", "Tất cả các tệp (*)") is None  # what "Chọn tệp…" calls
        assert not others_can_take(f)  # SQLite's own locks held too: the dialog read no file's content
        refused = _pardesk("set", f, "1.1", "--actual", "0,5")
        assert refused.returncode == 3, refused.stdout + refused.stderr
        assert "đang được mở để sửa bởi" in refused.stderr
        window.model.setData(window.model.index_for_key("1.4", Column.ACTUAL), "0,5")  # a later edit
        assert window.service.assessment.entry("1.4", A).value == Decimal("0.5")
    finally:
        window.close()
        window.launcher.close()
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
    assert (_stored(f, "1.3"), _stored(f, "1.4"), _stored(f, "1.1")) == ("0.25", "0.5", None)
    assert listing(folder) == ["lt.sqlite"]
