"""Sở Nội vụ's desk: the inbox over a folder of received files, each verified, with what to do next.

One row per received file: the verdict (hợp lệ / cảnh báo / từ chối), unit, round, when it was
packed, the self-assessed and appraised totals, and whether we have taken it for appraisal; a click
on a column's title sorts by it (numbers as numbers, times as times, names without accents). The
reasons of the selected file are shown below it. From here a file is opened for appraisal (in
the main window), the valid files are assembled into the province's file ("Tổng hợp") or
compared and ranked ("So sánh, xếp hạng").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal, fold, format_number, local_time
from scoring.rounds import ROUND_LABELS

from . import dialogs
from .ports import DeskService

__all__ = ["InboxWindow"]

HEADERS = ("Kết luận", "Đơn vị", "Vòng", "Đóng gói lúc", "Tự đánh giá", "Thẩm định", "Trạng thái", "Tệp")
VERDICT, UNIT, ROUND, PACKED, ACTUAL, APPRAISED, STATE, FILE = range(len(HEADERS))
COLOURS = {"hợp lệ": "#1e6b2e", "cảnh báo": "#8a5a00", "từ chối": "#a11d12"}
VERDICT_ORDER = {"hợp lệ": 0, "cảnh báo": 1, "từ chối": 2}
ROUND_ORDER = {label: place for place, label in enumerate(ROUND_LABELS.values())}  # in the order they come
FOLDER_KEY = "desk/folder"
ROW = Qt.ItemDataRole.UserRole  # the row's place in ``InboxWindow.rows``, whatever the sort


class _Cell(QTableWidgetItem):
    """A cell sorted by what it means (a number, a time, a name without accents), not its text."""

    def __init__(self, text: str, key: tuple[Any, ...]) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:  # Qt override: the table's sort
        if isinstance(other, _Cell):
            return self.key < other.key
        return super().__lt__(other)


def _number_key(value: Decimal | None) -> tuple[Any, ...]:
    return (value is None, value or Decimal(0))  # no total sorts after every total


def _time_key(text: str) -> tuple[Any, ...]:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return (True, dt.datetime.min.replace(tzinfo=dt.UTC))
    return (False, moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def _text_key(text: str) -> tuple[Any, ...]:
    return (not text, fold(text), text)


class InboxWindow(QMainWindow):
    """``open_file(path)`` opens a working copy in the main window (the start-up module's launcher)."""

    def __init__(self, desk: DeskService, open_file: Callable[[Path], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.open_file = open_file
        self.rows: list[Any] = []
        self.compare_window: Any = None
        self.setWindowTitle("Sở Nội vụ — hộp thư nhận tệp — PAR Desk")
        self.folder_label = QLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSortIndicator(FILE, Qt.SortOrder.AscendingOrder)  # as the folder lists them
        header.setSortIndicatorShown(True)
        header.setToolTip("Bấm vào tiêu đề cột để sắp xếp; bấm lần nữa để đảo thứ tự.")
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)  # the unit's name is never the one cut
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long file name keeps its round at the end
        self.table.itemSelectionChanged.connect(self._show_reasons)
        self.table.itemDoubleClicked.connect(lambda _item: self.take())
        self.reasons = QPlainTextEdit()
        self.reasons.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.reasons)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.folder_label)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(page)
        self._actions()
        self.folder: Path | None = None
        saved = str(QSettings().value(FOLDER_KEY, "") or "")
        if saved and Path(saved).is_dir():
            self.show_folder(Path(saved))
        else:
            self.folder_label.setText("Chưa chọn thư mục: Chọn thư mục chứa các tệp nhận được qua thư điện tử.")
        self.resize(1280, 700)

    def _actions(self) -> None:
        bar = QToolBar("Hộp thư")
        bar.setMovable(False)
        self.actions_: dict[str, QAction] = {}
        for name, text, slot in (
            ("folder", "Chọn thư mục…", self.choose_folder),
            ("refresh", "Kiểm tra lại", self.refresh),
            ("take", "Mở để thẩm định", self.take),
            ("assemble", "Tổng hợp…", self.assemble),
            ("compare", "So sánh, xếp hạng…", self.compare),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, act=slot: act())  # triggered(bool) is no argument
            bar.addAction(action)
            self.actions_[name] = action
        self.addToolBar(bar)

    # ------------------------------------------------------------ the folder

    def choose_folder(self, folder: Path | None = None) -> bool:
        if folder is None:
            start = self.folder or dialogs.documents_folder()
            folder = dialogs.folder_path(self, "Thư mục chứa tệp nhận được", start)
            if folder is None:
                return False
        QSettings().setValue(FOLDER_KEY, str(folder))
        self.show_folder(folder)
        return True

    def show_folder(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.refresh()

    def refresh(self) -> None:
        """Verify every file of the folder again (the received files are only read)."""
        if self.folder is None:
            return
        from .worker import run_with_progress

        folder = self.folder
        rows, error = run_with_progress(self, "Đang kiểm tra các tệp nhận được…", lambda _p: self.desk.scan(folder))
        if error:
            dialogs.warn(self, "Không kiểm tra được", error)
            return
        chosen = {row.path for row in self._selected()}  # still chosen once verified again
        self.rows = list(rows or [])
        valid = sum(1 for r in self.rows if r.usable)
        self.folder_label.setText(
            f"<b>Thư mục:</b> {folder} — {len(self.rows)} tệp, {valid} nhận được, {len(self.rows) - valid} từ chối"
        )
        self._fill(chosen)

    def _fill(self, chosen: set[Path]) -> None:
        self.table.setSortingEnabled(False)  # rows stay where they are put while they are filled
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            for column, cell in enumerate(self._cells(row)):
                cell.setData(ROW, index)
                if column == VERDICT:
                    cell.setForeground(QBrush(QColor(COLOURS.get(row.verdict, "#000000"))))
                if column in (ACTUAL, APPRAISED):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setToolTip(self._tip(row))
                self.table.setItem(index, column, cell)
        self.table.setSortingEnabled(True)  # sorted again by the column the officer chose
        again = [r for r in range(self.table.rowCount()) if getattr(self._row(r), "path", None) in chosen]
        if again or self.rows:
            self.table.selectRow(again[0] if again else 0)
        self._show_reasons()

    @staticmethod
    def _cells(row: Any) -> list[_Cell]:
        """The row's cells, each sorting by its meaning, then by file name (a stable order)."""
        name = _text_key(row.path.name)
        cells = [
            (row.verdict.upper(), (VERDICT_ORDER.get(row.verdict, 3),)),
            (row.unit or "—", _text_key(row.unit)),
            (row.round or "—", (ROUND_ORDER.get(row.round, len(ROUND_ORDER)),)),
            (local_time(row.packed_at), _time_key(row.packed_at)),
            (format_number(row.actual, empty="—"), _number_key(row.actual)),
            (format_number(row.appraised, empty="—"), _number_key(row.appraised)),
            (row.state, _text_key(row.state)),
            (row.path.name, ()),
        ]
        return [_Cell(text, (*key, *name)) for text, key in cells]

    @staticmethod
    def _tip(row: Any) -> str:
        lines = list(row.reasons) or [str(row.path)]
        if row.working is not None:
            lines.append(f"Bản làm việc: {row.working.name}")
        return "\n".join(lines)

    def _row(self, table_row: int) -> Any:
        """The received file shown on ``table_row`` of the (perhaps sorted) table, or None."""
        item = self.table.item(table_row, VERDICT)
        return None if item is None else self.rows[int(item.data(ROW))]

    def _selected(self) -> list[Any]:
        indexes = sorted({i.row() for i in self.table.selectedIndexes()})
        return [row for row in map(self._row, indexes) if row is not None]

    def _show_reasons(self) -> None:
        chosen = self._selected()
        if not chosen:
            self.reasons.setPlainText("")
            return
        row = chosen[0]
        lines = [f"{row.path.name}: {row.verdict}"] + [f"- {r}" for r in row.reasons]
        if not row.reasons:
            lines.append("Tệp nguyên vẹn từ khi đóng gói (mã dữ liệu khớp), đúng bộ tiêu chí và năm.")
        if row.working is not None:
            lines.append(f"Đang thẩm định trong bản làm việc {row.working.name} (cùng thư mục).")
        self.reasons.setPlainText("\n".join(lines))

    # ------------------------------------------------------------ what to do with them

    def take(self) -> Any:
        """Open the selected file for appraisal (a working copy beside it; the received file stays)."""
        chosen = self._selected()
        if not chosen:
            return None
        row = chosen[0]
        if not row.usable:
            dialogs.warn(self, "Tệp bị từ chối", "\n".join(row.reasons))
            return None
        try:
            working = self.desk.take(row.path)
        except Refusal as exc:
            dialogs.warn(self, "Không mở được", str(exc))
            return None
        self.refresh()
        return self.open_file(working)

    def _usable_paths(self) -> list[Path]:
        chosen = [r for r in self._selected() if r.usable]
        rows = chosen if len(chosen) > 1 else [r for r in self.rows if r.usable]
        return [r.path for r in rows]

    def assemble(self) -> Path | None:
        """Tổng hợp: conflicts and two files of one unit are decided in a dialog, never silently."""
        from .assemble_dialog import assemble

        paths = self._usable_paths()
        if not paths:
            dialogs.warn(self, "Chưa có tệp", "Không có tệp hợp lệ nào để tổng hợp.")
            return None
        return assemble(self, self.desk, paths, dialogs.documents_folder())  # not into the inbox it lists

    def compare(self) -> Any:
        from .compare_view import CompareWindow

        paths = self._usable_paths()
        if not paths:
            dialogs.warn(self, "Chưa có tệp", "Không có tệp hợp lệ nào để so sánh.")
            return None
        try:
            comparison = self.desk.compare(paths)
        except Refusal as exc:
            dialogs.warn(self, "Không so sánh được", str(exc))
            return None
        self.compare_window = CompareWindow(self.desk, comparison, dialogs.documents_folder())
        self.compare_window.show()
        return self.compare_window
