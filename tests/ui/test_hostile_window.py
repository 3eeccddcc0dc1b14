"""Hostile files in the window (issue 14): what the officer clicks or opens is refused in
Vietnamese, and the app runs on — never an exception out of a slot, never SQLite's English.

Through the real app (``desktop.app.main(..., exec=False)``) with only the modal dialogs answered.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QPushButton

from scoring import Scenario
from tests.desktop.hostile import digest, received, run
from ui.evidence_list import EvidenceListDialog
from ui.tree_model import Column
from ui.worker import run_with_progress

TEMPLATE = "cqdt-876-qn2022"


@pytest.fixture
def app(qtbot, qapp, tmp_path, monkeypatch):
    """Start the real app on a file; the modal dialogs are answered and what they said is kept."""
    import desktop.app
    import ui.dialogs

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "du-lieu"))
    told: list[str] = []
    answers: dict[str, list[Path]] = {"welcome": [], "open": []}
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: answers["open"].pop(0))

    def exec_(dialog: QDialog) -> int:
        """The welcome screen: "Mở tệp…" clicked while files are queued for it, else closed."""
        if type(dialog).__name__ != "WelcomeDialog" or not answers["welcome"]:
            return 0
        answers["open"].append(answers["welcome"].pop(0))
        browse = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Mở tệp…")
        qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", exec_)
    names = (qapp.organizationName(), qapp.applicationName())
    started: list[object] = []

    def start(path: Path, *, then: tuple[Path, ...] = ()):
        answers["welcome"] += then
        result = desktop.app.main([str(path)], exec=False)
        window = None if result == 0 else result[1]
        launcher = window.launcher if window is not None else None
        for opened in launcher.windows if launcher is not None else []:
            qtbot.addWidget(opened)
        started.append(launcher)
        return window

    yield start, told, answers
    for launcher in started:
        if launcher is not None:
            for window in launcher.windows:
                window.close()
            launcher.close()
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở X", "--year", 2022) == 0
    assert run("set", path, "1.1", "--actual", "0,5") == 0
    return path


def cyclic(base: Path, folder: Path) -> Path:
    return received(base, folder, "UPDATE nodes SET parent_key = '1.1' WHERE key = 'I'", name="vong.sqlite")


def deep(base: Path, folder: Path) -> Path:
    rows = ", ".join(
        f"('d{i}', {'NULL' if i == 0 else repr(f'd{i - 1}')}, {1000 + i}, 'D{i}', 't', '1', '{{}}', 'self', 'regular')"
        for i in range(450)
    )
    columns = "key, parent_key, position, code, title, max, rule, mode, grp"
    return received(base, folder, f"INSERT INTO nodes ({columns}) VALUES {rows}", name="sau.sqlite")


HOSTILE = {"cycle": (cyclic, "vòng lặp cha – con"), "deep": (deep, "sâu hơn 12 cấp")}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_tree_opened_from_the_window_is_refused_and_the_window_runs_on(qtbot, app, base, tmp_path, kind):
    """ "Mở hoặc tạo tệp khác…" → the welcome screen's "Mở tệp…" → a file with a parent cycle or
    450 levels deep: the Vietnamese refusal, and the window keeps its own file and edits on."""
    start, told, answers = app
    build, said = HOSTILE[kind]
    own = received(base, tmp_path, name="cua-toi.sqlite")
    hostile = build(base, tmp_path)
    before = digest(hostile)
    window = start(own)
    assert window is not None and told == []
    answers["welcome"].append(hostile)
    next(a for a in window.findChildren(QAction) if a.text() == "Mở hoặc tạo tệp khác…").trigger()
    assert len(told) == 1 and told[0].startswith("Không mở được tệp: ") and said in told[0], told
    assert f"“{hostile.name}”" in told[0] and "Recursion" not in told[0]
    assert window.isVisible() and window.path == own  # still the officer's own file
    window.model.setData(window.model.index_for_key("1.4", Column.ACTUAL), "0,25")
    assert str(window.service.assessment.entry("1.4", Scenario.ACTUAL).value) == "0.25"
    assert digest(hostile) == before


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_tree_given_to_the_app_is_refused_and_another_file_opens(qtbot, app, base, tmp_path, kind):
    """``pardesk-app FILE`` on such a file: the refusal, then the welcome screen, where the officer
    opens her own file into a working window."""
    start, told, _answers = app
    build, said = HOSTILE[kind]
    own = received(base, tmp_path, name="cua-toi.sqlite")
    hostile = build(base, tmp_path)
    before = digest(hostile)
    window = start(hostile, then=(own,))
    assert len(told) == 1 and said in told[0] and f"“{hostile.name}”" in told[0], told
    assert window is not None and window.path == own and not window.service.read_only
    assert digest(hostile) == before


def test_an_attachment_left_out_when_packing_is_said_by_name_when_opened(qtbot, app, tmp_path, monkeypatch):
    """Was ``OperationalError: cannot open value of type null`` out of "Mở tệp" in the window."""
    from desktop.demo import write_demo
    from desktop.exchange.pack import pack
    from desktop.session import Session

    start, told, _answers = app
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    unit = Session.open(write_demo(tmp_path / "don-vi.sqlite"), user="Đơn vị")
    scan = tmp_path / "quyet-dinh-2357.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 50_000)
    try:
        sha = unit.attach_file(scan, for_key="1.1").sha256
        unit.evidence.add({"number": "2357/QĐ-UBND", "title": "Kế hoạch CCHC"}, blob_sha256=sha, link_to="1.1")
        assert unit.evidence.documents()[0].file_included  # in the unit's own file
        (tmp_path / "gui").mkdir()
        sent = pack(unit, tmp_path / "gui", leave_out_over=10_000)
    finally:
        unit.close()
    assert sent.left_out == ["quyet-dinh-2357.pdf"]
    before = digest(sent.path)
    window = start(sent.path)
    assert window is not None
    window.side.setCurrentIndex(1)  # Minh chứng, nhận xét
    window.select_key("1.1")
    panel = window.evidence_panel
    assert panel.documents.item(0).text().endswith("(49 KB, không kèm trong tệp này)")  # said before the click
    panel.documents.setCurrentRow(0)
    button = next(b for b in panel.findChildren(QPushButton) if b.text() == "Mở tệp")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    message = panel.message.text()
    assert "“quyet-dinh-2357.pdf”" in message and "không có trong tệp đánh giá này" in message, message
    assert opened == [] and told == []
    assert not re.search(r"\b(null|cannot|value|type)\b", message, re.IGNORECASE), message
    window.select_key("1.3")  # the window runs on
    assert window.isVisible() and window.evidence_panel.node is not None
    listed: list[str] = []  # Tệp → Tài liệu kiểm chứng… says it too

    def shown(dialog: Any) -> int:
        listed.extend(dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount()))
        return 0

    monkeypatch.setattr(EvidenceListDialog, "exec", shown)
    next(a for a in window.findChildren(QAction) if a.text() == "Tài liệu kiểm chứng…").trigger()
    assert listed == ["quyet-dinh-2357.pdf (49 KB, không kèm trong tệp này)"]
    assert digest(sent.path) == before


def test_a_system_error_in_a_worker_is_said_without_the_systems_english(qtbot):
    """The worker's last resort for an ``OSError`` carried ``strerror`` ("No space left on device")."""

    def full(_progress: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    result, message = run_with_progress(None, "Đang đính kèm…", full)
    assert result is None and message == "Lỗi đọc ghi tệp: ổ đĩa đã đầy."
    english = set(re.findall(r"[A-Za-z]{3,}", os.strerror(errno.ENOSPC)))
    assert not [w for w in english if re.search(rf"\b{w}\b", message, re.IGNORECASE)]
