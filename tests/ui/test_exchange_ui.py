"""The exchange as the officers use it in the app: "Gửi Sở Nội vụ…", Sở Nội vụ's inbox, appraisal in
its column with the reason, giải trình, "Tổng hợp" with a conflict decided, the comparison, and
screenshots of the inbox, the appraisal view and the comparison at 1366 × 768."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from tests.desktop.exchange_files import make_unit, packed, run, sha

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PARDESK_SCREENSHOTS", ROOT / "screenshots"))


@pytest.fixture
def app(qtbot, qapp, tmp_path, monkeypatch):
    """The real start-up on a unit's file; file and message dialogs faked; ``told`` collects messages."""
    import desktop.app
    import ui.dialogs

    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "data"))
    told: list[str] = []
    answers: dict[str, Path] = {}
    monkeypatch.setattr(ui.dialogs, "open_path", lambda *_a, **_k: answers["open"])
    monkeypatch.setattr(ui.dialogs, "save_path", lambda *_a, **_k: answers["save"])
    monkeypatch.setattr(ui.dialogs, "warn", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(ui.dialogs, "inform", lambda _p, title, text: told.append(f"{title}: {text}"))
    opened: list = []

    def start(path: Path):
        _app, window = desktop.app.main([str(path)], exec=False)
        qapp.processEvents()  # start-up's deferred work done before a file replaces this one
        opened.append(window)
        return window

    yield start, answers, told
    for window in opened:  # closed here, not by qtbot: a window whose file was replaced is gone
        launcher = window.launcher
        if launcher.inbox is not None:
            launcher.inbox.close()
        for other in launcher.windows:
            other.close()
        launcher.close()


def action(window, text):
    return next(a for a in window.findChildren(type(window.actions_["undo"])) if a.text() == text)


def test_a_unit_sends_its_file_and_its_self_scores_lock(app, tmp_path, qtbot, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    start, answers, told = app
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5"})
    window = start(unit)
    assert window.exchange.round.text() == "Vòng: Tự đánh giá (bản của đơn vị)"
    action(window, "Gửi Sở Nội vụ…").trigger()
    dialog = window.findChild(QDialog, "pack_dialog")
    qtbot.waitUntil(dialog.isVisible)
    assert "Tự đánh giá → Đã gửi" in dialog.heading.text()
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert any("chưa có điểm: 2.2.1, 2.2.2" in n for n in notes)
    (tmp_path / "gui").mkdir()
    answers["save"] = tmp_path / "gui" / dialog.plan.suggested_name
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    assert answers["save"].exists() and "Đã đóng gói" in dialog.outcome.text()
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "gui")]
    dialog.close()
    assert window.exchange.round.text() == "Vòng: Đã gửi (bản của đơn vị)"
    from scoring import Scenario

    node = window.model.tree.by_key["2.1.2"]
    assert not window.model.set_value(node, Scenario.ACTUAL, "1")
    assert "đã chốt và gửi Sở Nội vụ" in window.model.last_refusal


def _sent_folder(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path / "hop-thu"
    files = {}
    for unit, scores in {
        "Sở Tư pháp": {"1.1": "1,5", "2.1.1": "1", "2.1.2": "0,5", "2.3": "1,5"},
        "Sở Tài chính": {"1.1": "1", "6.1.2": "1", "6.2.1": "0,5"},
        "Văn phòng UBND tỉnh": {"1.1": "0,5", "3.1.1": "0,5", "3.1.2": "0,25"},
        "UBND xã Tân Lập": {"1.1": "1,5", "1.2": "0,5"},
        "UBND phường Hồng Hải": {"1.1": "1"},
    }.items():
        files[unit] = packed(folder, make_unit(tmp_path, unit, scores))
    broken = folder / "sua-bang-sqlite3.sqlite"
    shutil.copyfile(files["Sở Tài chính"], broken)
    import sqlite3

    conn = sqlite3.connect(broken)
    conn.execute("UPDATE entries SET value = '0.5' WHERE node_key = '6.1.2'")
    conn.commit()
    conn.close()
    return folder, files


def _inbox(window, folder):
    from PySide6.QtCore import QSettings

    QSettings().setValue("desk/folder", str(folder))
    action(window, "Sở Nội vụ: hộp thư nhận tệp…").trigger()
    inbox = window.launcher.inbox
    inbox.show_folder(folder)
    return inbox


def test_the_council_appraises_from_its_inbox_and_the_unit_answers(app, tmp_path, qtbot):
    start, answers, told = app
    folder, files = _sent_folder(tmp_path)
    hashes = {p: sha(p) for p in folder.iterdir()}
    own = make_unit(tmp_path, "Sở Nội vụ", {})
    window = start(own)
    inbox = _inbox(window, folder)
    verdicts = {inbox.table.item(r, 7).text(): inbox.table.item(r, 0).text() for r in range(inbox.table.rowCount())}
    assert verdicts["sua-bang-sqlite3.sqlite"] == "TỪ CHỐI"
    assert sum(v == "HỢP LỆ" for v in verdicts.values()) == 5
    row = next(r for r in range(inbox.table.rowCount()) if inbox.table.item(r, 7).text() == files["Sở Tư pháp"].name)
    inbox.table.selectRow(row)
    assert "Tệp nguyên vẹn" in inbox.reasons.toPlainText()
    bad = next(r for r in range(inbox.table.rowCount()) if inbox.table.item(r, 7).text().startswith("sua-"))
    inbox.table.selectRow(bad)
    assert "Mã dữ liệu không khớp" in inbox.reasons.toPlainText()
    inbox.table.selectRow(row)
    inbox.actions_["take"].trigger()
    council = window.launcher.windows[-1]
    assert council.path.name.endswith(".tham-dinh-lan-1.sqlite")
    assert {p: sha(p) for p in hashes} == hashes  # the received files are as they came
    assert inbox.table.item(row, 6).text().startswith("Đang thẩm định")
    view = _appraise(council, qtbot)
    assert view.rows[[r.key for r in view.rows].index("2.1.2")].appraised == 0
    view.reason.setPlainText("Chưa có báo cáo kết quả theo dõi thi hành pháp luật")
    qtbot.mouseClick(view.save_reason, Qt.MouseButton.LeftButton)
    shot(council, "appraisal-view.png", qtbot)
    shot(inbox, "inbox.png", qtbot)
    answers["save"] = tmp_path / "tra-lai.sqlite"
    action(council, "Gửi kết quả cho đơn vị…").trigger()
    dialog = council.findChild(QDialog, "pack_dialog")
    assert "Thẩm định lần 1 → Giải trình" in dialog.heading.text()
    assert dialog.pack() and answers["save"].exists()
    dialog.close()
    inbox.refresh()  # the copy went back to the unit: no longer "Đang thẩm định"
    row = next(r for r in range(inbox.table.rowCount()) if inbox.table.item(r, 7).text() == files["Sở Tư pháp"].name)
    assert inbox.table.item(row, 6).text().startswith("Đã gửi kết quả, chờ giải trình")
    _unit_answers(start, answers, tmp_path, qtbot)


def _appraise(council, qtbot):
    """Type 0 in 2.1.2's Thẩm định cell of the appraisal tab, as the officer does."""
    from ui.appraisal_view import APPRAISED

    view = council.exchange.show_appraisal()
    qtbot.waitUntil(lambda: council.exchange.view is not None)
    view = council.exchange.view
    view.select_key("2.1.2")
    table = view.table
    council.activateWindow()
    table.setFocus()
    qtbot.keyClicks(table, "0")
    editor = table.focusWidget()

    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits on the next turn of the event loop
    qtbot.waitUntil(lambda: "2.1.2" in [r.key for r in view.rows if r.deducted])
    assert table.currentColumn() == APPRAISED and view.current_key() == "2.1.2"
    return view


def _unit_answers(start, answers, tmp_path, qtbot):
    unit_file = next(tmp_path.glob("so-tu-phap.sqlite"))
    window = start(unit_file)
    answers["open"] = answers["save"]
    action(window, "Mở tệp Sở Nội vụ gửi lại…").trigger()
    answering = window.launcher.windows[-1]
    assert answering.path.name.endswith(".giai-trinh.sqlite")
    view = answering.exchange.show_appraisal()
    view = answering.exchange.view
    view.only_cut.setChecked(True)
    shown = [r.key for i, r in enumerate(view.rows) if not view.table.isRowHidden(i)]
    assert shown == ["2.1.2"]
    view.select_key("2.1.2")
    assert view.reason.toPlainText() == "Chưa có báo cáo kết quả theo dõi thi hành pháp luật"
    assert view.reason.isReadOnly() and not view.response.isReadOnly()
    view.response.setFocus()
    view.response.insertPlainText("Đã bổ sung Báo cáo số 99/BC-STP")  # QTest types ASCII only
    qtbot.mouseClick(view.save_response, Qt.MouseButton.LeftButton)
    assert answering.service.texts("response")[("2.1.2", "")] == "Đã bổ sung Báo cáo số 99/BC-STP"
    view.select_key("2.3")
    assert view.response.isReadOnly()  # not deducted: nothing to answer


def test_assemble_asks_about_a_conflict_and_compare_ranks_blocks_apart(app, tmp_path, qtbot, monkeypatch):
    import ui.assemble_dialog

    start, answers, told = app
    folder, _files = _sent_folder(tmp_path)
    for name, unit, value in (("a", "Sở Nội vụ", "0,5"), ("b", "UBND cấp huyện", "0,25")):
        (tmp_path / name).mkdir()
        packed(folder, make_unit(tmp_path / name, unit, {"5.2.1": value}))  # 5.2.1: led by both
    window = start(make_unit(tmp_path, "Sở Nội vụ tỉnh", {}))
    inbox = _inbox(window, folder)
    asked: list = []

    def decide(dialog):
        from PySide6.QtWidgets import QGroupBox

        dialog.show()
        qtbot.waitExposed(dialog)
        title = next(label for label in dialog.findChildren(QLabel) if label.text().startswith("<b>5.2.1</b>"))
        widths = [box.width() for box in dialog.findChildren(QGroupBox)]
        asked.append(len(widths) == 2 and min(widths) > title.width())  # the sides, not the title, have the room
        asked.append({key: set(units) for key, units in dialog.sides.items()})
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        asked.append(ok.isEnabled())  # nothing chosen for her: "Tổng hợp" waits for a choice
        dialog.choose("5.2.1", "UBND cấp huyện")
        asked.append(ok.isEnabled())
        return 1

    monkeypatch.setattr(ui.assemble_dialog.ConflictDialog, "exec", decide)
    answers["save"] = tmp_path / "tinh.sqlite"
    inbox.table.clearSelection()
    inbox.actions_["assemble"].trigger()
    assert asked == [True, {"5.2.1": {"Sở Nội vụ", "UBND cấp huyện"}}, False, True]
    assert answers["save"].exists() and any(t.startswith("Đã tổng hợp") for t in told)
    import sqlite3

    conn = sqlite3.connect(answers["save"])
    chosen = conn.execute("SELECT unit, how FROM sources WHERE node_key = '5.2.1'").fetchall()
    conn.close()
    assert chosen == [("UBND cấp huyện", "chosen")]
    inbox.actions_["compare"].trigger()
    compare = inbox.compare_window
    qtbot.addWidget(compare)
    assert [compare.tabs.tabText(i) for i in range(compare.tabs.count())] == [
        "Khối sở, ban, ngành (5)",
        "Khối xã, phường, đặc khu (2)",
    ]
    ranking, criteria = compare.tables["so"]
    assert ranking.item(0, 0).text() == "1" and ranking.item(0, 1).text() == "Sở Tư pháp"
    row = next(r for r in range(criteria.rowCount()) if criteria.item(r, 0).text() == "3.1.2")
    units = [criteria.horizontalHeaderItem(c).text() for c in range(criteria.columnCount())]
    cell = criteria.item(row, units.index("Văn phòng UBND tỉnh"))
    assert cell.text() == "0,25"
    row = next(r for r in range(criteria.rowCount()) if criteria.item(r, 0).text() == "1.1")
    colours = {u: criteria.item(row, units.index(u)).background().color().name() for u in units[3:6]}
    assert colours == {"Sở Tư pháp": "#c6efce", "Sở Tài chính": "#000000", "Văn phòng UBND tỉnh": "#ffc7ce"}
    answers["save"] = tmp_path / "so-sanh.xlsx"
    compare.actions_["excel"].trigger()
    assert answers["save"].exists()
    shot(compare, "compare-view.png", qtbot)


def shot(widget, name: str, qtbot) -> None:
    """The widget at 1366 × 768 (the window of a common laptop), written for a person to look at."""
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / name
    assert widget.grab().save(str(target))
    assert target.stat().st_size > 20_000


def test_the_unit_cannot_save_a_reason_in_its_own_file(app, tmp_path, qtbot):
    # tester item 16: "Lưu lý do" in round Tự đánh giá wrote the council's field into the unit's file
    start, _answers, _told = app
    window = start(make_unit(tmp_path, "Sở Tư pháp", {"1.1": "1,5"}))
    window.exchange.show_appraisal()
    view = window.exchange.view
    view.select_key("1.1")
    view.reason.setFocus()
    qtbot.keyClicks(view.reason, "Thieu minh chung")
    assert view.reason.toPlainText() == ""  # read-only: nothing typed
    why = "Điểm thẩm định và lý do trừ điểm do Sở Nội vụ (Hội đồng thẩm định) ghi; đơn vị không nhập."
    assert not view.save_reason.isEnabled() and view.save_reason.toolTip() == why
    assert view.reason.placeholderText() == why
    view.reason.setPlainText("Thiếu minh chứng")  # even if text got there, the click writes nothing
    qtbot.mouseClick(view.save_reason, Qt.MouseButton.LeftButton)
    assert window.service.texts("reason") == {}
    view._save(view.reason, view.service.set_reason)  # the service refuses it too, saying why
    assert view.message.text() == f"Tiêu chí 1.1: {why}" and window.service.texts("reason") == {}


def test_typing_on_a_read_only_cell_never_moves_the_criterion(app, tmp_path, qtbot):
    # tester item 6: "0,5" typed on 2.1.2's Tự đánh giá jumped to 2.2.1 (type-ahead), and the
    # reason saved below then belonged to another criterion
    from ui.appraisal_view import ACTUAL, CODE, TITLE

    start, _answers, _told = app
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5", "2.2.1": "0,5", "2.3": "1,5"})
    council = tmp_path / "snv.sqlite"
    assert run("receive", packed(tmp_path / "gui", unit), council) == 0
    window = start(council)
    window.exchange.show_appraisal()
    view = window.exchange.view
    table = view.table
    window.activateWindow()
    for column, keys in ((ACTUAL, "0,5"), (CODE, "2.2"), (TITLE, "Thu")):
        view.select_key("2.1.2", column)
        table.setFocus()
        qtbot.keyClicks(table, keys)
        assert (view.current_key(), table.currentColumn()) == ("2.1.2", column)
        assert table.state() != table.State.EditingState
    view.reason.setFocus()
    qtbot.keyClicks(view.reason, "Chua co bao cao")
    qtbot.mouseClick(view.save_reason, Qt.MouseButton.LeftButton)
    assert window.service.texts("reason") == {("2.1.2", "appraised"): "Chua co bao cao"}


def _click_header(table, column: int, qtbot) -> None:
    """A click on a column's title, where the officer clicks it."""
    from PySide6.QtCore import QPoint

    header = table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def _column(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_inbox_shows_every_column_and_sorts_each_by_what_it_means(app, tmp_path, qtbot):
    from ui.inbox import ACTUAL, FILE, STATE, UNIT, VERDICT

    start, _answers, _told = app
    folder = tmp_path / "hop-thu"
    for unit, scores in {
        "Sở Xây dựng": WHOLE_TEN,
        "Đài Phát thanh và Truyền hình": {"1.1": "1,5", "2.1.1": "1"},
        "Ban Quản lý Khu kinh tế": {"1.1": "0,5", "2.1.1": "1", "2.1.2": "1", "2.3": "1,5", "6.1.2": "1"},
    }.items():
        packed(folder, make_unit(tmp_path, unit, scores))
    (folder / "hong.sqlite").write_text("không phải tệp đánh giá", encoding="utf-8")
    window = start(make_unit(tmp_path, "Sở Nội vụ", {}))
    inbox = _inbox(window, folder)
    table = inbox.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Kết luận", "Đơn vị", "Vòng", "Đóng gói lúc", "Tự đánh giá", "Thẩm định", "Trạng thái", "Tệp"]
    assert _column(table, FILE) == sorted(_column(table, FILE))  # as the folder lists them, to begin with

    def sorted_by(column: int) -> tuple[list[str], list[str]]:
        _click_header(table, column, qtbot)
        first = _column(table, column)
        _click_header(table, column, qtbot)  # a second click turns the order round
        return first, _column(table, column)

    totals, reversed_totals = sorted_by(ACTUAL)
    # as numbers, not texts ("10,00" < "2,50" as text); a file with no total last, or first when reversed
    assert {tuple(totals), tuple(reversed_totals)} == {("2,50", "5,00", "10,00", "—"), ("—", "10,00", "5,00", "2,50")}
    units, _back = sorted_by(UNIT)
    named = [u for u in units if u != "—"]
    assert named in (
        ["Ban Quản lý Khu kinh tế", "Đài Phát thanh và Truyền hình", "Sở Xây dựng"],  # Đ as D, not after Z
        ["Sở Xây dựng", "Đài Phát thanh và Truyền hình", "Ban Quản lý Khu kinh tế"],
    )
    verdicts, last = sorted_by(VERDICT)
    assert {tuple(verdicts), tuple(last)} == {("HỢP LỆ",) * 3 + ("TỪ CHỐI",), ("TỪ CHỐI",) + ("HỢP LỆ",) * 3}

    # the sorted table still opens the file on the row she picked, and keeps it picked
    row = _column(table, UNIT).index("Sở Xây dựng")
    table.selectRow(row)
    inbox.actions_["take"].trigger()
    council = window.launcher.windows[-1]
    assert council.path.name.startswith("so-xay-dung_2025")
    picked = table.currentRow()
    assert table.item(picked, UNIT).text() == "Sở Xây dựng" and table.item(picked, STATE).text().startswith(
        "Đang thẩm định"
    )
    assert _column(table, VERDICT) == last  # verified again, sorted as she left it
    inbox.resize(1366, 768)  # a common laptop: every unit's name whole beside the working copy's row
    inbox.show()
    qtbot.waitExposed(inbox)
    widest = max(table.fontMetrics().horizontalAdvance(u) for u in _column(table, UNIT))
    assert table.columnWidth(UNIT) >= widest and table.horizontalScrollBar().maximum() == 0


WHOLE_TEN = {"1.1": "1,5", "1.2": "0,5", "1.4": "1", "1.5": "2", "1.6": "1,5", "2.1.1": "1", "2.1.2": "1", "2.3": "1,5"}


def test_choosing_the_inbox_folder_asks_in_vietnamese_from_documents(app, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPushButton

    import ui.dialogs

    start, _answers, _told = app
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(ui.dialogs, "documents_folder", lambda: documents)
    folder, _files = _sent_folder(tmp_path)
    window = start(make_unit(tmp_path, "Sở Nội vụ", {}))
    seen: dict = {}

    def pick(dialog):
        seen["start"] = Path(dialog.directory().absolutePath())
        seen["mode"] = (dialog.fileMode(), dialog.testOption(QFileDialog.Option.ShowDirsOnly))
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen["texts"] = [w.text() for w in dialog.findChildren(QPushButton) + dialog.findChildren(QLabel) if w.text()]
        seen["texts"] += [box.itemText(i) for box in dialog.findChildren(QComboBox) for i in range(box.count())]
        seen["title"] = dialog.windowTitle()
        dialog.setDirectory(str(folder))
        return seen.setdefault("answer", 1)

    monkeypatch.setattr(QFileDialog, "exec", pick)
    from PySide6.QtCore import QSettings

    QSettings().remove("desk/folder")  # her first time: no folder chosen yet
    action(window, "Sở Nội vụ: hộp thư nhận tệp…").trigger()
    inbox = window.launcher.inbox
    assert inbox.folder is None
    inbox.actions_["folder"].trigger()
    assert seen["start"] == documents and seen["title"] == "Thư mục chứa tệp nhận được"
    assert seen["mode"] == (QFileDialog.FileMode.Directory, True) and not seen["native"]
    english = {"Look in:", "Directory:", "&Choose", "Cancel", "File &name:", "Files of &type:", "Directories"}
    assert not english & set(seen["texts"]), seen["texts"]
    assert {"Thư mục:", "&Chọn", "Hủy"} <= set(seen["texts"]), seen["texts"]
    assert inbox.folder == folder and inbox.table.rowCount() == 6


def test_what_the_desk_writes_is_offered_in_documents_not_in_the_inbox(app, tmp_path, qtbot, monkeypatch):
    """The council's working copy lies in its inbox folder: a file packed back beside it would be listed
    as received, an assembled file as a refused one."""
    import ui.assemble_dialog
    import ui.dialogs

    start, answers, _told = app
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(ui.dialogs, "documents_folder", lambda: documents)
    offered: list[Path] = []

    def save_path(_parent, _title, _filters, suggested=None):
        offered.append(Path(suggested))
        return documents / Path(suggested).name

    monkeypatch.setattr(ui.dialogs, "save_path", save_path)
    folder, files = _sent_folder(tmp_path)
    window = start(make_unit(tmp_path, "Sở Nội vụ", {}))
    inbox = _inbox(window, folder)
    listed = inbox.table.rowCount()
    row = _column(inbox.table, 7).index(files["Sở Tư pháp"].name)
    inbox.table.selectRow(row)
    inbox.actions_["take"].trigger()
    council = window.launcher.windows[-1]
    assert council.path.parent == folder  # the working copy beside what it came from
    action(council, "Gửi kết quả cho đơn vị…").trigger()
    dialog = council.findChild(QDialog, "pack_dialog")
    assert dialog.pack() and offered[-1] == documents / "so-tu-phap_2025_par-tinh-2020_giai-trinh.sqlite"
    dialog.close()
    inbox.table.clearSelection()
    monkeypatch.setattr(ui.assemble_dialog.ConflictDialog, "exec", lambda _d: 1)
    inbox.actions_["assemble"].trigger()
    assert offered[-1] == documents / "tong-hop.sqlite"
    inbox.actions_["compare"].trigger()
    qtbot.addWidget(inbox.compare_window)
    inbox.compare_window.actions_["excel"].trigger()
    assert offered[-1] == documents / "so-sanh-2025.xlsx"
    inbox.refresh()
    assert inbox.table.rowCount() == listed and not list(folder.glob("*giai-trinh*")) and not list(folder.glob("tong*"))
    assert answers == {}  # nothing asked through the fixture's own answers


def test_in_giai_trinh_a_document_for_an_uncut_criterion_is_refused_before_its_file_is_stored(
    app, tmp_path, qtbot, monkeypatch
):
    import sqlite3

    from ui.document_dialog import DocumentDialog

    start, _answers, _told = app
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.2": "0,5", "2.3": "1,5"})
    council = tmp_path / "snv.sqlite"
    assert run("receive", packed(tmp_path / "gui", unit), council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo") == 0
    answer = tmp_path / "stp.sqlite"
    assert run("receive", packed(tmp_path / "tra", council), answer) == 0
    scan = tmp_path / "bao-cao.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + b"0" * 4096)

    def fill(dialog: DocumentDialog) -> int:
        dialog.edits["number"].setText("99/BC-STP")
        dialog.set_file(scan)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DocumentDialog, "exec", fill)
    window = start(answer)
    window.side.setCurrentIndex(1)
    window.select_key("2.3")
    panel = window.evidence_panel
    panel.add_document()
    assert "Tiêu chí 2.3 không bị trừ điểm" in panel.message.text() and panel.documents.count() == 0
    window.select_key("2.1.2")
    panel.add_document()
    assert panel.documents.count() == 1
    conn = sqlite3.connect(f"{answer.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT name FROM blobs").fetchall() == [("bao-cao.pdf",)]  # one: the 2.1.2 document's
    conn.close()


def test_each_side_opens_only_what_was_sent_to_it(app, tmp_path, qtbot):
    """The unit picking its own sent file under "Mở tệp Sở Nội vụ gửi lại…" got the council's copy of it,
    ready to appraise itself; the inbox took the council's own reply as a unit's file."""
    start, answers, told = app
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.2": "0,5"})
    sent = packed(tmp_path / "gui", unit)
    window = start(unit)
    answers["open"] = sent
    opened = len(window.launcher.windows)
    action(window, "Mở tệp Sở Nội vụ gửi lại…").trigger()
    assert told[-1] == (
        f"Không nhận được tệp: Tệp “{sent.name}” ở vòng “Đã gửi”: đây không phải tệp Sở Nội vụ gửi lại "
        "(vòng Giải trình hoặc Hoàn thành)."
    )
    assert len(window.launcher.windows) == opened and sorted(p.name for p in sent.parent.iterdir()) == [sent.name]
    council = tmp_path / "snv.sqlite"
    assert run("receive", sent, council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo") == 0
    folder = tmp_path / "hop-thu"
    reply = packed(folder, council)  # the council's reply, put in its own inbox by mistake
    inbox = _inbox(window, folder)
    inbox.table.selectRow(0)
    inbox.actions_["take"].trigger()
    assert told[-1] == (
        f"Không mở được: Tệp “{reply.name}” ở vòng “Giải trình”: đây không phải tệp đơn vị gửi để thẩm định "
        "(vòng Đã gửi hoặc Thẩm định lần 2)."
    )
    assert sorted(p.name for p in folder.iterdir()) == [reply.name]


def _click_row(view, key: str, qtbot) -> None:
    """A click on a criterion's code, where the officer clicks to move on."""
    from ui.appraisal_view import CODE

    row = [r.key for r in view.rows].index(key)
    rect = view.table.visualItemRect(view.table.item(row, CODE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_reason_typed_and_not_saved_is_kept_when_she_moves_on_or_sends(app, tmp_path, qtbot):
    # the reason box was refilled from the file on every move: a reason typed without "Lưu lý do" was wiped
    start, answers, _told = app
    unit = make_unit(tmp_path, "Sở Tư pháp", {"2.1.1": "1", "2.1.2": "0,5", "2.3": "1,5"})
    council = tmp_path / "snv.sqlite"
    assert run("receive", packed(tmp_path / "gui", unit), council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0") == 0
    assert run("set", council, "2.3", "--appraised", "1") == 0
    window = start(council)
    window.exchange.show_appraisal()
    view = window.exchange.view
    window.activateWindow()
    _click_row(view, "2.1.2", qtbot)
    view.reason.setFocus()
    qtbot.keyClicks(view.reason, "Chua co bao cao")
    _click_row(view, "2.1.1", qtbot)  # moved on without "Lưu lý do"
    assert window.service.texts("reason") == {("2.1.2", "appraised"): "Chua co bao cao"}
    assert view.current_key() == "2.1.1" and view.reason.toPlainText() == ""
    qtbot.waitUntil(lambda: view.rows[[r.key for r in view.rows].index("2.1.2")].reason == "Chua co bao cao")
    _click_row(view, "2.3", qtbot)
    view.reason.setFocus()
    qtbot.keyClicks(view.reason, "Ke hoach ban hanh cham")
    action(window, "Gửi kết quả cho đơn vị…").trigger()  # straight from the box to sending
    dialog = window.findChild(QDialog, "pack_dialog")
    assert not dialog.plan.refusals and dialog.pack_button.isEnabled()
    assert window.service.texts("reason")[("2.3", "appraised")] == "Ke hoach ban hanh cham"
    answers["save"] = tmp_path / "tra.sqlite"
    assert dialog.pack()
    dialog.close()
    answer = tmp_path / "stp.sqlite"
    assert run("receive", answers["save"], answer) == 0
    replying = start(answer)
    replying.exchange.show_appraisal()
    view = replying.exchange.view
    replying.activateWindow()
    _click_row(view, "2.3", qtbot)
    view.response.setFocus()
    qtbot.keyClicks(view.response, "Da ban hanh ngay 05/02")
    _click_row(view, "2.1.2", qtbot)
    assert replying.service.texts("response") == {("2.3", ""): "Da ban hanh ngay 05/02"}
    assert view.response.toPlainText() == ""


def test_compare_sets_an_older_file_of_a_unit_aside_and_says_so(app, tmp_path, qtbot):
    """A unit that sent a corrected file: its newest is ranked, the older one named as set aside."""
    start, _answers, told = app
    folder = tmp_path / "hop-thu"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = packed(tmp_path / "thu-1", make_unit(tmp_path / "a", "Sở Tư pháp", {"1.1": "1"}))
    folder.mkdir()
    older = Path(shutil.copyfile(first, folder / f"lan-1-{first.name}"))  # the first e-mail's attachment
    newer = packed(folder, make_unit(tmp_path / "b", "Sở Tư pháp", {"1.1": "1,5"}))  # sent again, corrected
    packed(folder, make_unit(tmp_path, "Sở Tài chính", {"1.1": "0,5"}))
    window = start(make_unit(tmp_path, "Sở Nội vụ tỉnh", {}))
    inbox = _inbox(window, folder)
    inbox.table.clearSelection()
    inbox.actions_["compare"].trigger()
    compare = inbox.compare_window
    qtbot.addWidget(compare)
    ranking, criteria = compare.tables["so"]
    assert [ranking.item(r, 1).text() for r in range(ranking.rowCount())] == ["Sở Tư pháp", "Sở Tài chính"]
    row = next(r for r in range(criteria.rowCount()) if criteria.item(r, 0).text() == "1.1")
    units = [criteria.horizontalHeaderItem(c).text() for c in range(criteria.columnCount())]
    assert criteria.item(row, units.index("Sở Tư pháp")).text() == "1,50"  # the newer file's score
    said = [label.text() for label in compare.findChildren(QLabel) if "Không đưa vào so sánh" in label.text()]
    assert said == [f"Không đưa vào so sánh: {older.name} (tệp cũ hơn của Sở Tư pháp)"], said
    assert newer.exists() and told == []


def test_the_ranking_pdf_is_headed_by_the_councils_own_file_after_a_units_copy_is_opened(app, tmp_path, qtbot):
    """Mở để thẩm định puts a unit's working copy in the window, with the unit's own header; the
    ranking is Sở Nội vụ's document all the same: header and signer from Sở Nội vụ's own file."""
    from pypdf import PdfReader

    from desktop.documents.header import HEADER_KEYS

    start, answers, told = app
    header = {
        k: e
        for k, (_l, e) in HEADER_KEYS.items()
        if k in ("parent_agency", "place") or k.startswith(("report_", "signer_"))
    }
    header.pop("report_recipients")
    (tmp_path / "so").mkdir()
    unit = make_unit(tmp_path / "so", "Sở Tư pháp", {"1.1": "1"})
    theirs = {**header, "issuing_agency": "SỞ TƯ PHÁP", "signer_name": "Lê Văn Tư"}
    assert run("settings", unit, *(f"{k}={v}" for k, v in theirs.items())) == 0
    folder = tmp_path / "hop-thu"
    packed(folder, unit)
    packed(folder, make_unit(tmp_path, "Sở Tài chính", {"1.1": "0,5"}))
    own = make_unit(tmp_path, "Sở Nội vụ tỉnh", {})
    ours = {**header, "issuing_agency": "SỞ NỘI VỤ", "signer_name": "Nguyễn Văn Nội"}
    assert run("settings", own, *(f"{k}={v}" for k, v in ours.items())) == 0
    window = start(own)
    inbox = _inbox(window, folder)
    row = next(r for r in range(inbox.table.rowCount()) if inbox.table.item(r, 7).text().startswith("so-tu-phap"))
    inbox.table.selectRow(row)
    inbox.actions_["take"].trigger()
    assert window.launcher.windows[-1].path.name.endswith(".tham-dinh-lan-1.sqlite")  # the unit's copy is open
    inbox.table.clearSelection()
    inbox.actions_["compare"].trigger()
    compare = inbox.compare_window
    qtbot.addWidget(compare)
    answers["save"] = tmp_path / "xep-hang.pdf"
    compare.actions_["pdf"].trigger()
    assert told == [] and answers["save"].exists()
    text = "".join(page.extract_text() for page in PdfReader(answers["save"]).pages)
    assert "SỞ NỘI VỤ" in text and "Nguyễn Văn Nội" in text, text
    assert "SỞ TƯ PHÁP" not in text and "Lê Văn Tư" not in text


def test_the_ranking_pdf_waits_for_the_councils_own_file(app, tmp_path, qtbot):
    """Started on a unit's working copy, no file of Sở Nội vụ's own was opened: the ranking is refused
    in words, not headed by the unit."""
    start, answers, told = app
    folder = tmp_path / "hop-thu"
    sent = packed(folder, make_unit(tmp_path, "Sở Tư pháp", {"1.1": "1"}))
    assert run("receive", sent) == 0
    (copy,) = folder.glob("*.tham-dinh-lan-1.sqlite")
    window = start(copy)
    inbox = _inbox(window, folder)
    inbox.table.clearSelection()
    inbox.actions_["compare"].trigger()
    qtbot.addWidget(inbox.compare_window)
    answers["save"] = tmp_path / "xep-hang.pdf"
    inbox.compare_window.actions_["pdf"].trigger()
    assert not answers["save"].exists()
    assert told and told[-1].startswith("Chưa in được: Chưa in được bảng xếp hạng: đầu trang và người ký lấy từ tệp"), (
        told
    )


def test_the_send_dialog_says_why_it_cannot_send_once(app, tmp_path, qtbot):
    """A deduction without its reason: the dialog's line read "Chưa gửi được — Chưa gửi được: …"."""
    start, _answers, _told = app
    sent = packed(tmp_path / "gui", make_unit(tmp_path, "Sở Tư pháp", {"2.1.2": "1"}))
    council = tmp_path / "snv-tham-dinh.sqlite"
    assert run("receive", sent, council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25") == 0
    window = start(council)
    action(window, "Gửi kết quả cho đơn vị…").trigger()
    dialog = window.findChild(QDialog, "pack_dialog")
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert notes[0] == "Chưa gửi được — Mỗi tiêu chí bị trừ điểm cần lý do; còn thiếu lý do ở 2.1.2.", notes
    assert not dialog.pack_button.isEnabled()
    dialog.close()


def test_a_unit_cannot_open_the_result_sent_back_to_another_unit(app, tmp_path, qtbot):
    """Sở Tư pháp's window took Sở Y tế's returned file into a working copy without a word."""
    start, answers, told = app
    (tmp_path / "yt").mkdir()
    sent = packed(tmp_path / "gui", make_unit(tmp_path / "yt", "Sở Y tế", {"2.1.2": "0,5"}))
    council = tmp_path / "snv-yt.sqlite"
    assert run("receive", sent, council) == 0
    assert run("set", council, "2.1.2", "--appraised", "0,25", "--reason", "Thiếu báo cáo") == 0
    folder = tmp_path / "tra-ve"
    reply = packed(folder, council)
    window = start(make_unit(tmp_path, "Sở Tư pháp", {"2.1.2": "0,5"}))
    answers["open"] = reply
    opened = len(window.launcher.windows)
    action(window, "Mở tệp Sở Nội vụ gửi lại…").trigger()
    assert told[-1] == (
        f"Không nhận được tệp: Tệp “{reply.name}” là kết quả của Sở Y tế, không phải của Sở Tư pháp (tệp đang mở): "
        "hãy chọn tệp Sở Nội vụ gửi lại cho Sở Tư pháp."
    ), told
    assert len(window.launcher.windows) == opened and sorted(p.name for p in folder.iterdir()) == [reply.name]
