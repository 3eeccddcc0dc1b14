"""First run and new files: the welcome screen, a new file in the same window, Vietnamese dialogs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton

from scoring import Scenario


class Settings(dict):
    """QSettings' two calls the launcher uses, in memory."""

    def value(self, key, default=None):
        return self.get(key, default)

    def setValue(self, key, value):  # noqa: N802 - Qt's name
        self[key] = value


@pytest.fixture
def launcher(qapp, tmp_path, monkeypatch):
    import ui.dialogs
    from desktop.app import Launcher

    told: list[str] = []
    monkeypatch.setattr(ui.dialogs, "inform", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, _t, text: told.append(text))
    opened = Launcher(tmp_path / "data", Settings())
    opened.told = told
    yield opened
    for window in opened.windows:
        window.close()
    opened.close()


def choose(monkeypatch, choice):
    """The welcome screen, as if the officer made ``choice``; records the set labels it offered."""
    from ui.welcome import WelcomeDialog

    offered: list[list[str]] = []

    def fake_exec(dialog):
        offered.append([dialog.sets.itemText(i) for i in range(dialog.sets.count())])
        dialog.choice = choice
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    return offered


def test_the_first_run_shows_the_welcome_screen_not_a_hidden_demo(launcher, monkeypatch, tmp_path):
    offered = choose(monkeypatch, None)
    assert launcher.open_last() is None and offered  # shown, and closing it opens nothing
    assert not (tmp_path / "data").exists()
    assert all("(" not in label or "par-tinh" not in label for label in offered[0])
    assert any("năm 2020–2021" in label and "cấp tỉnh" in label for label in offered[0])


def test_the_sample_is_marked_as_a_sample(launcher, monkeypatch):
    choose(monkeypatch, ("demo",))
    window = launcher.open_last()
    assert window.sample and window.windowTitle().startswith("BẢN MẪU")
    assert "BẢN MẪU" in window.banner.text() and window.banner.isVisible()
    assert launcher.recent() == []  # the sample is no recent file of the officer's


def test_a_new_file_replaces_the_current_windows_file(launcher, monkeypatch, tmp_path):
    choose(monkeypatch, ("demo",))
    first = launcher.open_last()
    new = tmp_path / "so-tu-phap-2026.sqlite"
    choose(monkeypatch, ("new", new, "par-tinh-2020", "Sở Tư pháp", 2026, None))
    next(a for a in first.findChildren(QAction) if a.text() == "Mở hoặc tạo tệp khác…").trigger()
    assert len(launcher.windows) == 1 and launcher.windows[0].path == new
    assert not first.isVisible() and launcher.windows[0].isVisible()
    assert launcher.windows[0].service.meta["unit"] == "Sở Tư pháp"


def test_a_new_file_from_last_years_carries_its_results_and_reports(launcher, monkeypatch, tmp_path):
    from desktop.demo import write_demo
    from desktop.session import Session

    last = write_demo(tmp_path / "2022.sqlite")
    session = Session.open(last)
    session.set_value("1.1", Scenario.ACTUAL, "1,25")
    session.close()
    new = tmp_path / "2023.sqlite"
    choose(monkeypatch, ("new", new, "par-tinh-2020", "UBND tỉnh Đắk Nông", 2023, last))
    window = launcher.welcome()
    assert window.path == new
    assert window.service.assessment.entry("1.1", Scenario.PREVIOUS).value == Decimal("1.25")
    assert any("điểm năm trước từ 2022.sqlite" in text for text in launcher.told)


def test_the_welcome_form_starts_from_last_years_file(launcher, monkeypatch, tmp_path, qtbot):
    # tester item 3: choosing last year's file left the set, the unit and the year as they were
    import ui.dialogs
    from desktop.cli.commands import main as cli
    from ui.welcome import WelcomeDialog

    last = tmp_path / "2024.sqlite"
    made = ["new", str(last), "--template", "cqdt-876-qn2022", "--unit", "Sở Tư pháp", "--year", "2024"]
    assert cli(made) == 0 and cli(["set", str(last), "1.1", "--actual", "0,5"]) == 0
    new = tmp_path / "2025.sqlite"
    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: last)
    seen: list[tuple[str, str, int]] = []

    def fake_exec(dialog):
        choose_file = dialog.last_year.parentWidget().findChild(QPushButton)
        qtbot.mouseClick(choose_file, Qt.MouseButton.LeftButton)
        seen.append((dialog.sets.currentData(), dialog.unit.text(), dialog.year.value()))
        dialog.path.setText(str(new))
        create = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Tạo mới")
        qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    window = launcher.welcome()
    assert seen == [("cqdt-876-qn2022", "Sở Tư pháp", 2025)]
    assert window.path == new and window.service.assessment.entry("1.1", Scenario.PREVIOUS).value == Decimal("0.5")
    assert any("Đã lấy 1 điểm năm trước từ 2024.sqlite" in text for text in launcher.told)


def test_the_welcome_form_says_when_last_years_file_cannot_be_read(qtbot, tmp_path):
    from desktop.exchange.carryover import last_year_facts
    from ui.welcome import WelcomeDialog

    dialog = WelcomeDialog([("par-tinh-2020", "Bộ 2020")], [], peek=last_year_facts)
    qtbot.addWidget(dialog)
    (tmp_path / "hong.sqlite").write_text("không phải tệp", encoding="utf-8")
    dialog.last_year.setText(str(tmp_path / "hong.sqlite"))
    dialog.last_year.editingFinished.emit()
    assert dialog.error.text().startswith("Không đọc được tệp năm trước: ")


def test_a_new_file_from_an_excel_table(launcher, monkeypatch, tmp_path):
    from tests.desktop.excel_tables import DN_HEADER, DN_TITLE, dak_nong_rows, write_table

    table = tmp_path / "phu-luc.xlsx"
    write_table(table, DN_HEADER, dak_nong_rows(), title=DN_TITLE, header_row=5)
    new = tmp_path / "tu-bang.sqlite"
    choose(monkeypatch, ("excel", table, new, "UBND tỉnh Đắk Nông", 2022))
    window = launcher.welcome()
    assert window.path == new and len(window.model.tree) == 119
    assert any("Đã nhập" in text for text in launcher.told)


def test_a_refused_new_file_says_why_and_returns_to_the_welcome_screen(launcher, monkeypatch, tmp_path):
    from desktop.demo import write_demo

    taken = write_demo(tmp_path / "co-roi.sqlite")
    choices = iter([("new", taken, "par-tinh-2020", "Sở X", 2026, None), None])
    from ui.welcome import WelcomeDialog

    def fake_exec(dialog):
        dialog.choice = next(choices)
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    assert launcher.welcome() is None
    assert any("đã tồn tại" in text for text in launcher.told)


def test_file_dialogs_start_in_documents_and_speak_vietnamese(qtbot, qapp, monkeypatch, tmp_path):
    import ui.dialogs
    from ui import qt_texts

    qt_texts.install(qapp)
    monkeypatch.setattr(ui.dialogs, "documents_folder", lambda: tmp_path)
    seen = {}

    def fake_exec(dialog):
        seen["folder"] = Path(dialog.directory().absolutePath())
        seen["buttons"] = [b.text() for b in dialog.findChildren(QPushButton)]
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        return 0

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    assert ui.dialogs.save_path(None, "Xuất Excel", "Bảng Excel (*.xlsx)", "bang.xlsx") is None
    assert seen["folder"] == tmp_path
    assert "Hủy" in seen["buttons"] and "&Tên tệp:" in seen["labels"] and "Thư mục:" in seen["labels"]
    assert "Look in:" not in seen["labels"]
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in box.buttons()] == ["Đồng ý", "Hủy"]
    assert QCoreApplication.translate("QFileSystemModel", "%1 bytes") == "%1 bytes"  # the rest left to Qt
    assert QDialog is not None


def test_the_welcome_screen_speaks_vietnamese_from_the_start(qapp, monkeypatch):
    """With no file to open, Qt's texts are installed before the welcome screen (a window installs
    them after its first paint)."""
    from desktop.app import main
    from ui import qt_texts
    from ui.welcome import WelcomeDialog

    for translator in qapp.findChildren(qt_texts.VietnameseQt):  # as in a new process
        qapp.removeTranslator(translator)
        translator.setParent(None)
    monkeypatch.setattr("desktop.app.Launcher.open_last", lambda launcher: launcher.welcome())
    seen: list[str] = []

    def fake_exec(dialog):
        seen.append(QCoreApplication.translate("QPlatformTheme", "Cancel"))
        return 0

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    assert main([], exec=False) == 0  # closed: nothing opened
    assert seen == ["Hủy"]


def test_welcome_dialog_returns_the_choice(qtbot, monkeypatch, tmp_path):
    import ui.dialogs
    from ui.welcome import WelcomeDialog

    dialog = WelcomeDialog([("par-tinh-2020", "Bộ 2020")], [])
    qtbot.addWidget(dialog)
    monkeypatch.setattr(ui.dialogs, "save_path", lambda *_a, **_k: None)
    dialog._create()
    assert "đơn vị" in dialog.error.text()
    dialog.unit.setText("Sở Tài chính")
    dialog._create()
    assert "nơi lưu" in dialog.error.text()
    dialog.path.setText(str(tmp_path / "x.sqlite"))
    dialog._create()
    assert dialog.choice == ("new", tmp_path / "x.sqlite", "par-tinh-2020", "Sở Tài chính", dialog.year.value(), None)


def test_pardesk_demo_opens_the_sample_marked_as_such(qapp):
    """The README's first command: ``pardesk --demo`` shows the sample at once, not the welcome screen."""
    import desktop.app

    _app, window = desktop.app.main(["--demo"], exec=False)
    try:
        assert window.path.name == desktop.app.DEMO_NAME
        assert "BẢN MẪU" in window.windowTitle()
        assert window.model.rowCount() == 8
    finally:
        window.close()
        window.launcher.close()


def test_the_creation_report_names_the_criteria_set_by_its_title(launcher, monkeypatch, tmp_path):
    """Before: "Bộ tiêu chí “par-tinh-2020” ban hành cho năm 2020–2021; …" — the command line's id."""
    from desktop.templates import get_set

    new = tmp_path / "so-tu-phap-2026.sqlite"
    choose(monkeypatch, ("new", new, "par-tinh-2020", "Sở Tư pháp", 2026, None))
    assert launcher.welcome().path == new
    said = "\n".join(launcher.told)
    assert f"Bộ tiêu chí “{get_set('par-tinh-2020').title}” ban hành cho năm 2020–2021" in said
    assert "par-tinh-2020" not in said


def test_the_chosen_criteria_set_is_read_whole_or_elided_in_the_middle(qtbot):
    """Before: the box cut the label at its end: "… (Bộ Chỉ số CCHC cấp tỉnh) — năm 2022–2025 — cấp"."""
    from desktop.app import set_label
    from desktop.templates import builtin_sets
    from ui.welcome import WelcomeDialog

    sets = [(s.id, set_label(s)) for s in builtin_sets().values()]
    dialog = WelcomeDialog(sets, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.sets
    for index, (_id, label) in enumerate(sets):
        box.setCurrentIndex(index)
        shown = box.shown_text()
        assert shown == label or ("…" in shown and shown.endswith(label[-20:])), shown
        assert box.fontMetrics().horizontalAdvance(shown) < box.width() - 20  # inside the box, beside its arrow
