"""A file the window cannot edit opens read-only, with a banner saying why (issue 14, items 6–7).

Through the real app (``desktop.app.main(..., exec=False)``): a read-only file or folder, a
second window of this process, and a window of another process holding the file. Each edit is
refused where it is typed, with the banner's reason; the file keeps every byte.
"""

from __future__ import annotations

import os
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from scoring import Scenario
from tests.desktop.hostile import child, digest, listing, read_only, run
from ui.tree_model import Column

A = Scenario.ACTUAL
SINCE = re.compile(r"từ ngày \d\d tháng \d\d? năm \d{4} lúc \d\d:\d\d:\d\d\)")  # a Vietnamese moment, seconds whole


@pytest.fixture
def f(tmp_path: Path) -> Path:
    folder = tmp_path / "tep"
    folder.mkdir()
    path = folder / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    assert run("set", path, "1.1", "--actual", "0,5") == 0
    return path


def _type(qtbot, window, key: str, text: str) -> None:
    """Select the self-assessment cell of ``key`` and type ``text`` and Enter, as the officer does."""
    window.select_key(key)
    window.view.setCurrentIndex(window.view.view_index(window.model.index_for_key(key, Column.ACTUAL)))
    window.view.setFocus()
    qtbot.keyClick(window.view, text[0])  # opens the cell's editor, which takes the rest
    editor = window.view.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _assert_read_only(qtbot, window, reason: str) -> None:
    """The banner and the title say it; typing, pasting, clearing and texts are refused with why."""
    assert window.service.read_only == reason
    assert window.read_only_banner.isVisible() and "CHỈ XEM" in window.read_only_banner.text()
    assert reason.split("“", maxsplit=1)[0] in window.read_only_banner.text()
    assert f"{window.path.name} (chỉ xem) — " in window.windowTitle()
    _type(qtbot, window, "1.4", "0,25")  # a typed score (1.1 is chosen from options)
    qtbot.waitUntil(window.view.refusal.isVisible)
    assert window.view.refusal.text() == reason
    qtbot.keyClick(window.view.focusWidget() or window.view, Qt.Key.Key_Escape)
    assert window.service.assessment.entry("1.4", A).value is None
    assert window.service.assessment.entry("1.1", A).value == Decimal("0.5")
    for name in ("paste", "clear", "edit_cell", "settings", "import"):
        assert not window.actions_[name].isEnabled() and window.actions_[name].toolTip() == reason
    assert not window.exchange.actions["pack"].isEnabled()  # sending would write the next round
    window.side.setCurrentIndex(1)  # Minh chứng, nhận xét: adding, linking, commenting disabled
    assert all(not button.isEnabled() for button in window.evidence_panel.edit_buttons)
    assert window.detail.texts["tasks"].isReadOnly() and window.detail.lead.isReadOnly()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_opens_read_only_and_says_why(qtbot, start, f, what):
    before = digest(f)
    with read_only(f if what == "file" else f.parent):
        window = start(f)
        reason = window.service.read_only
        assert f"“{f.name}”" in reason and "ghi" in reason
        _assert_read_only(qtbot, window, reason)
        window.close()
        window.launcher.close()
    assert digest(f) == before
    assert listing(f.parent) == ["f.sqlite"]  # no lock, no journal, no WAL left beside it


def test_a_second_window_of_this_app_is_told_who_edits_the_file(qtbot, start, f):
    first = start(f)
    assert not first.service.read_only
    second = start(f)
    reason = second.service.read_only
    assert "đang được mở để sửa bởi" in reason and f"tiến trình {os.getpid()}" in reason
    assert SINCE.search(reason), reason  # not a sliced ISO string ("từ 2026-12-02 lúc 01:43:5")
    _assert_read_only(qtbot, second, reason)
    _type(qtbot, first, "1.3", "0,25")  # the first window edits on
    qtbot.waitUntil(lambda: first.service.assessment.entry("1.3", A).value == Decimal("0.25"))
    second.close()
    second.launcher.close()
    first.close()
    first.launcher.close()
    assert listing(f.parent) == ["f.sqlite"]
    assert run("score", f) in (0, 1)


# The app in another process, on the file, with a value typed in its table; closes on stdin's end.
HOLDER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    import desktop.app
    from scoring import Scenario
    from ui.tree_model import Column
    app, window = desktop.app.main([sys.argv[1]], exec=False)
    window.model.setData(window.model.index_for_key("1.3", Column.ACTUAL), "0,25")
    assert window.service.assessment.entry("1.3", Scenario.ACTUAL).value is not None
    print("ready", flush=True)
    sys.stdin.read()
    window.close()
    window.launcher.close()
    """
)


def test_a_window_of_another_process_keeps_the_file_and_this_one_reads_it(qtbot, start, f, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PARDESK_DATA_DIR": str(tmp_path / "other")}
    with child(HOLDER, f, env=env) as holder:
        window = start(f)
        reason = window.service.read_only
        assert f"tiến trình {holder.pid}" in reason and SINCE.search(reason), reason
        assert window.service.assessment.entry("1.3", A).value == Decimal("0.25")  # its edit, read
        _assert_read_only(qtbot, window, reason)
        window.close()
        window.launcher.close()
    assert listing(f.parent) == ["f.sqlite"]
    again = start(f)  # given back: editable now
    assert not again.service.read_only and again.findChild(QLabel, "read_only_banner") is None


def test_the_print_dialog_of_a_read_only_window_offers_no_edit(qtbot, start, f):
    """Before: its "Sửa nội dung văn bản…" and "Thiết lập văn bản…" opened forms that took the
    officer's typing and then said "Không lưu được" (the window's own settings action is off)."""
    first = start(f)
    second = start(f)
    reason = second.service.read_only
    second.actions_["print"].trigger()
    dialog = second.findChild(QDialog, "print_dialog")
    qtbot.waitUntil(dialog.isVisible)
    assert [b.text() for b in dialog.edit_buttons] == [
        "Sửa nội dung văn bản…",
        "Thiết lập văn bản (số, ngày, người ký…)…",
    ]
    assert all(not b.isEnabled() and b.toolTip() == reason for b in dialog.edit_buttons)
    dialog.wait_preview()
    dialog.close()
    first.actions_["print"].trigger()
    mine = first.findChild(QDialog, "print_dialog")
    assert all(b.isEnabled() for b in mine.edit_buttons)
    mine.wait_preview()
    mine.close()
