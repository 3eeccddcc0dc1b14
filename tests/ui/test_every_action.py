"""Every QAction of every menu, toolbar and context menu, triggered on the app as it is wired.

The application is built by the start-up module (``desktop.app.main(..., exec=False)``); file and
message dialogs are fakes that return a temporary path or "OK"; other dialogs are recorded instead
of run. Each action has an expected effect, and an action without one fails the test, as does any
exception reaching Qt (pytest-qt fails the test on it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolBar

from scoring import Scenario
from ui.tree_model import Column


@pytest.fixture
def wired(qtbot, qapp, tmp_path, monkeypatch):
    """The real app on a demo copy, with fake file and message dialogs and recorded dialogs."""
    import desktop.app
    import ui.dialogs
    from desktop.demo import write_demo

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    demo = write_demo(tmp_path / "demo.sqlite")
    other = write_demo(tmp_path / "other.sqlite")
    answers = {"open": tmp_path / "in.xlsx", "save": tmp_path / "out.xlsx"}
    told: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: answers["open"])
    monkeypatch.setattr(ui.dialogs, "save_path", lambda *_a, **_k: answers["save"])
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(ui.dialogs, "inform", lambda _p, title, text: told.append(f"{title}: {text}"))

    def fake_exec(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        if type(dialog).__name__ == "WelcomeDialog":
            dialog.choice = ("open", other)
            return 1
        if type(dialog).__name__ == "ImportDialog":
            dialog.accept()
            return dialog.result()
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    names = (qapp.organizationName(), qapp.applicationName())
    app, window = desktop.app.main([str(demo)], exec=False)
    qtbot.addWidget(window)
    yield window, answers, told, shown, other
    window.launcher.close()
    for w in window.launcher.windows:
        w.close()
    if window.launcher.inbox is not None:
        window.launcher.inbox.close()
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])


def every_action(window):
    """(where, action) for each menu (with sub-menus), the toolbar and the table's context menu."""
    found = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{where} → {action.text()}")
            elif not action.isSeparator():
                found.append((where, action))

    for top in window.menuBar().actions():
        walk(top.menu(), top.text())
    for bar in window.findChildren(type(window.addToolBar("x"))):
        found += [("toolbar", a) for a in bar.actions() if not a.isSeparator() and a.text()]
    found += [("context", a) for a in window.view.actions()]
    return found


def test_every_action_does_what_it_says(qtbot, wired):
    window, answers, told, shown, other = wired
    model = window.model
    score = model.index_for_key("1.1", Column.ACTUAL)

    def current_is(key):
        return window.view.current_key() == key

    def prepare_cell():
        window.select_key("1.1")
        window.view.setFocus()

    def typed():
        model.setData(score, "1")

    def refused_file():
        """A table is no file sent back: said, naming why (and taken off the list of complaints)."""
        if told and told[-1].startswith("Không nhận được tệp"):
            return bool(told.pop())
        return False

    checks = {
        "Mở hoặc tạo tệp khác…": (None, lambda: window.launcher.windows[-1].path == other),
        "Thiết lập văn bản…": (None, lambda: shown[-1] == "SettingsDialog"),
        "Tài liệu kiểm chứng…": (None, lambda: shown[-1] == "EvidenceListDialog"),
        "Lịch sử thay đổi…": (None, lambda: shown[-1] == "HistoryDialog"),
        "Xuất Excel…": (None, lambda: answers["save"].stat().st_size > 0),
        "Nhập điểm từ Excel…": (
            lambda: answers.update(open=answers["save"]),
            lambda: shown[-1] == "ImportDialog" and "Đã nhập" in window.statusBar().currentMessage(),
        ),
        "In / Xuất PDF…": (None, lambda: window.findChild(QDialog, "print_dialog").isVisible()),
        "Thoát": (None, lambda: not window.isVisible()),
        "Hoàn tác": (typed, lambda: score.data() == ""),
        "Làm lại": (None, lambda: score.data() == "1,00"),
        "Sửa ô": (prepare_cell, lambda: window.view.indexWidget(window.view.currentIndex()) is not None),
        "Sao chép ô": (prepare_cell, lambda: QGuiApplication.clipboard().text() == "1,00"),
        "Dán (cột hoặc bảng số từ Excel)": (
            lambda: (QGuiApplication.clipboard().setText("0,75"), prepare_cell()),
            lambda: score.data() == "0,75",
        ),
        "Xóa điểm các ô đã chọn": (prepare_cell, lambda: score.data() == ""),
        "Tìm kiếm": (None, lambda: QApplication.focusWidget() is window.search),
        "Mở rộng tất cả": (None, lambda: window.view.is_key_expanded("3.2")),
        "Thu gọn tất cả": (None, lambda: not window.view.is_key_expanded("1")),
        "Hiện cột Thẩm định": (None, lambda: not window.view.isColumnHidden(Column.APPRAISED)),
        "Phát hiện": (None, lambda: not window.findings_dock.isVisible()),
        "Khung chi tiết": (None, lambda: not window.side.isVisible()),
        "Gửi Sở Nội vụ…": (None, lambda: window.findChild(QDialog, "pack_dialog").isVisible()),
        "Mở tệp Sở Nội vụ gửi lại…": (lambda: answers.update(open=answers["save"]), refused_file),
        "Sở Nội vụ: hộp thư nhận tệp…": (
            None,
            lambda: bool(window.launcher.inbox and window.launcher.inbox.isVisible()),
        ),
        "Xem thẩm định, giải trình": (None, lambda: window.tabs.currentWidget() is window.exchange.view),
    }
    actions = every_action(window)
    assert len(actions) > 15
    unchecked = sorted({a.text() for _w, a in actions} - set(checks))
    assert not unchecked, f"actions without an expected effect: {unchecked}"
    order = [t for t in checks if t not in ("Thoát", "Mở hoặc tạo tệp khác…")] + ["Mở hoặc tạo tệp khác…"]
    by_text = {a.text(): a for _w, a in actions}
    for text in order:
        prepare, effect = checks[text]
        if prepare is not None:
            prepare()
        before = window.service.assessment.entry("1.1", Scenario.ACTUAL)
        by_text[text].trigger()
        qtbot.waitUntil(effect, timeout=5000)
        del before
    assert not [t for t in told if t.startswith("Không")], told
    replaced = window.launcher.windows[-1]
    assert window.launcher.windows == [replaced] and not window.isVisible()  # one window, the new file
    # the same actions on the toolbar and in the context menu are the menu's own objects
    menu_actions = {id(a) for w, a in actions if w not in ("toolbar", "context")}
    assert all(id(a) in menu_actions for w, a in actions if w in ("toolbar", "context"))
    quit_action = next(a for _w, a in every_action(replaced) if a.text() == "Thoát")
    quit_action.trigger()
    assert checks["Thoát"][1].__code__ and not replaced.isVisible()
    Path(answers["save"]).unlink()


def test_every_action_of_the_inbox_the_comparison_and_a_council_file(qtbot, tmp_path, monkeypatch):
    """The windows reached from the main window's menus: Sở Nội vụ's inbox (its toolbar), the
    comparison it opens (its toolbar) and a file taken for appraisal, whose Trao đổi menu differs."""
    import shutil

    import desktop.app
    import ui.assemble_dialog
    import ui.dialogs
    from tests.desktop.exchange_files import make_unit, packed
    from tests.ui.test_exchange_ui import _sent_folder

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    folder, _files = _sent_folder(tmp_path)
    (tmp_path / "sau").mkdir()
    late = packed(tmp_path / "sau", make_unit(tmp_path / "sau", "Sở Xây dựng", {}))  # arrives later
    answers: dict[str, Path] = {"folder": folder}
    told: list[str] = []
    monkeypatch.setattr(ui.dialogs, "folder_path", lambda *_a, **_k: answers["folder"])
    monkeypatch.setattr(ui.dialogs, "save_path", lambda *_a, **_k: answers["save"])
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(ui.dialogs, "inform", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(ui.assemble_dialog.ConflictDialog, "exec", lambda dialog: 1)
    _app, window = desktop.app.main([str(make_unit(tmp_path, "Sở Nội vụ", {}))], exec=False)
    launcher = window.launcher
    unit_texts = {a.text() for _w, a in every_action(window)}  # this window is replaced by the one taken
    try:
        next(a for _w, a in every_action(window) if a.text() == "Sở Nội vụ: hộp thư nhận tệp…").trigger()
        inbox = launcher.inbox

        def choose(unit: str | None, save: str = "") -> Callable[[], None]:
            def prepare() -> None:
                answers["save"] = tmp_path / save
                inbox.table.clearSelection()  # nothing chosen: every valid file
                if unit is not None:
                    inbox.table.selectRow(next(r for r, row in enumerate(inbox.rows) if row.unit == unit))

            return prepare

        def compared() -> bool:
            return bool(inbox.compare_window and inbox.compare_window.isVisible())

        checks: dict[str, tuple[Callable[[], object] | None, Callable[[], bool]]] = {
            "Chọn thư mục…": (None, lambda: inbox.folder == folder and len(inbox.rows) == 6),
            "Kiểm tra lại": (lambda: shutil.copy(late, folder / late.name), lambda: len(inbox.rows) == 7),
            "Tổng hợp…": (choose(None, "tinh.sqlite"), lambda: _written(tmp_path / "tinh.sqlite", told)),
            "So sánh, xếp hạng…": (choose(None), compared),
            "Mở để thẩm định": (choose("Sở Tư pháp"), lambda: launcher.windows[-1].path.name.endswith("-lan-1.sqlite")),
        }
        bar = [a for b in inbox.findChildren(QToolBar) for a in b.actions() if not a.isSeparator()]
        assert sorted(a.text() for a in bar) == sorted(checks)
        for text, (prepare, effect) in checks.items():
            if text == "Mở để thẩm định":
                _every_action_of_the_comparison(
                    qtbot, inbox.compare_window, window, answers=answers, told=told, tmp_path=tmp_path
                )
            if prepare is not None:
                prepare()
            next(a for a in bar if a.text() == text).trigger()
            qtbot.waitUntil(effect, timeout=10000)

        council = launcher.windows[-1]
        own = [a for _w, a in every_action(council) if a.text() not in unit_texts]
        assert [a.text() for a in own] == ["Gửi kết quả cho đơn vị…"]
        own[0].trigger()
        qtbot.waitUntil(lambda: council.findChild(QDialog, "pack_dialog").isVisible())
        council.findChild(QDialog, "pack_dialog").close()
        assert not [t for t in told if not t.startswith("Đã")], told
    finally:
        if launcher.inbox is not None:
            if launcher.inbox.compare_window is not None:
                launcher.inbox.compare_window.close()
            launcher.inbox.close()
        for other in launcher.windows:
            other.close()
        launcher.close()


def _every_action_of_the_comparison(qtbot, compare, window, *, answers, told, tmp_path) -> None:
    """Its toolbar; the ranking PDF first without the open file's signer (said in words), then with it."""
    from desktop.documents.header import HEADER_KEYS

    qtbot.addWidget(compare)
    bar = {a.text(): a for b in compare.findChildren(QToolBar) for a in b.actions() if not a.isSeparator()}
    assert sorted(bar) == ["Xuất Excel…", "Xuất phụ lục PDF…"]
    answers["save"] = tmp_path / "xep-hang.pdf"
    bar["Xuất phụ lục PDF…"].trigger()
    refusal = told.pop()
    assert refusal.startswith("Chưa in được") and "Họ tên người ký" in refusal and "Thiết lập văn bản" in refusal
    assert "[" not in refusal and "signer_name" not in refusal, refusal  # was "Họ tên người ký (ô 7c) [signer_name]"
    window.service.save_settings({key: example for key, (_label, example) in HEADER_KEYS.items()})
    for text, name in (("Xuất Excel…", "so-sanh.xlsx"), ("Xuất phụ lục PDF…", "xep-hang.pdf")):
        answers["save"] = tmp_path / name
        bar[text].trigger()
        qtbot.waitUntil(lambda name=name: _written(tmp_path / name, told), timeout=10000)
    assert (tmp_path / "xep-hang.pdf").read_bytes().startswith(b"%PDF")


def _written(path: Path, told: list[str]) -> bool:
    assert not told or told[-1].startswith("Đã"), told[-1]  # a refusal: no waiting for the file
    return path.exists() and path.stat().st_size > 0
