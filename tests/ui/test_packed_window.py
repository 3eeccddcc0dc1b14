"""A packed file opened in the window (`pardesk FILE`, Tệp › Mở, the recent list) is only read.

Found by a tester: the window opened the unit's sent file as "Vòng: Đã gửi (bản của đơn vị)",
took a typed Mục tiêu, and the file's bytes changed without any edit (its journal switched to WAL
and back): `pardesk verify` then refused it as changed after packing. Now it opens read-only, its
banner saying why and where to work instead, and keeps every byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from scoring import Scenario
from tests.desktop.exchange_files import make_unit, packed, run, sha
from ui.tree_model import Column

REASON_HEAD = "Tệp “so-tu-phap_2025_par-tinh-2020_da-gui.sqlite” là tệp đã đóng gói để gửi (Sở Tư pháp, năm 2025, "
ADVICE = "Sở Nội vụ: mở để thẩm định qua Trao đổi › Sở Nội vụ: hộp thư nhận tệp…"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """The unit's working file and the file it packed from it to send (its own folder)."""
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5"})
    return unit, packed(tmp_path / "gui", unit)


def _type_target(qtbot, window, key: str, text: str) -> None:
    """Select the Mục tiêu cell of ``key`` and type ``text`` and Enter, as the officer does."""
    window.select_key(key)
    window.view.setCurrentIndex(window.view.view_index(window.model.index_for_key(key, Column.TARGET)))
    window.view.setFocus()
    qtbot.keyClick(window.view, text[0])
    qtbot.keyClicks(window.view.focusWidget(), text[1:])
    qtbot.keyClick(window.view.focusWidget(), Qt.Key.Key_Return)


def _assert_only_read(qtbot, window, sent: Path) -> None:
    reason = window.service.read_only
    assert reason.startswith(REASON_HEAD) and "vòng “Đã gửi”" in reason and ADVICE in reason, reason
    banner = window.read_only_banner
    assert banner.isVisible() and "CHỈ XEM" in banner.text() and reason in banner.text()
    assert f"{sent.name} (chỉ xem) — " in window.windowTitle()
    _type_target(qtbot, window, "2.1.2", "1")  # a plan edit, which the sent round allows the unit
    qtbot.waitUntil(window.view.refusal.isVisible)
    assert window.view.refusal.text() == reason
    qtbot.keyClick(window.view.focusWidget() or window.view, Qt.Key.Key_Escape)
    assert window.service.assessment.entry("2.1.2", Scenario.TARGET).value is None
    assert not window.exchange.actions["pack"].isEnabled()


def test_pardesk_file_opens_a_packed_file_read_only_and_keeps_its_bytes(qtbot, start, files, capsys):
    _unit, sent = files
    before = sha(sent)
    window = start(sent)
    _assert_only_read(qtbot, window, sent)
    assert sha(sent) == before  # while open: no WAL switch, no lock, no meta written
    assert sorted(p.name for p in sent.parent.iterdir()) == [sent.name]
    window.close()
    window.launcher.close()
    assert sha(sent) == before
    assert sorted(p.name for p in sent.parent.iterdir()) == [sent.name]
    capsys.readouterr()
    assert run("verify", sent) == 0
    assert capsys.readouterr().out.startswith(f"HỢP LỆ — {sent.name}")


def test_tep_mo_from_a_window_opens_it_read_only_in_that_windows_place(qtbot, start, files, monkeypatch):
    """Tệp › Mở hoặc tạo tệp khác… › Mở tệp… (the welcome screen; its recent list opens the same way)."""
    import ui.dialogs
    from ui.welcome import WelcomeDialog

    unit, sent = files
    before = sha(sent)
    first = start(unit)
    assert not first.service.read_only  # the unit's own file: its plan is edited
    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: sent)

    def browse(dialog: WelcomeDialog) -> int:
        dialog._browse()  # the "Mở tệp…" button's slot
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", browse)
    next(a for a in first.findChildren(QAction) if a.text() == "Mở hoặc tạo tệp khác…").trigger()
    (window,) = first.launcher.windows
    assert window.path == sent
    qtbot.waitExposed(window)
    _assert_only_read(qtbot, window, sent)
    assert first.launcher.recent()[0] == str(sent.resolve())  # and from the recent list next time
    window.close()
    first.launcher.close()
    assert sha(sent) == before
    assert sorted(p.name for p in sent.parent.iterdir()) == [sent.name]
