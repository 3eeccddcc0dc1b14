"""Sở Nội vụ's desk: the inbox over a folder of received files, each verified, with what to do next.

One row per received file: the verdict (hợp lệ / cảnh báo / từ chối), unit, round, when it was
packed, the self-assessed and appraised totals, and whether we have taken it for appraisal. The
reasons of the selected file are shown below it. From here a file is opened for appraisal (in
the main window), the valid files are assembled into the province's file ("Tổng hợp") or
compared and ranked ("So sánh, xếp hạng").
"""

from __future__ import annotations

from collections.abc import Callable
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

from scoring import Refusal, format_number, local_time

from . import dialogs
from .ports import DeskService

__all__ = ["InboxWindow"]

HEADERS = ("Kết luận", "Đơn vị", "Vòng", "Đóng gói lúc", "Tự đánh giá", "Thẩm định", "Trạng thái", "Tệp")
VERDICT, UNIT, ROUND, PACKED, ACTUAL, APPRAISED, STATE, FILE = range(len(HEADERS))
COLOURS = {"hợp lệ": "#1e6b2e", "cảnh báo": "#8a5a00", "từ chối": "#a11d12"}
FOLDER_KEY = "desk/folder"


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
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
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
            from PySide6.QtWidgets import QFileDialog

            chosen = QFileDialog.getExistingDirectory(
                self, "Thư mục chứa tệp nhận được", str(dialogs.documents_folder())
            )
            if not chosen:
                return False
            folder = Path(chosen)
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
        self.rows = list(rows or [])
        valid = sum(1 for r in self.rows if r.usable)
        self.folder_label.setText(
            f"<b>Thư mục:</b> {folder} — {len(self.rows)} tệp, {valid} nhận được, {len(self.rows) - valid} từ chối"
        )
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = [
                row.verdict.upper(),
                row.unit or "—",
                row.round or "—",
                local_time(row.packed_at),
                format_number(row.actual, empty="—"),
                format_number(row.appraised, empty="—"),
                row.state,
                row.path.name,
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == VERDICT:
                    item.setForeground(QBrush(QColor(COLOURS.get(row.verdict, "#000000"))))
                if column in (ACTUAL, APPRAISED):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip("\n".join(row.reasons) if row.reasons else str(row.path))
                self.table.setItem(index, column, item)
        if self.rows:
            self.table.selectRow(0)
        self._show_reasons()

    def _selected(self) -> list[Any]:
        indexes = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[i] for i in indexes if 0 <= i < len(self.rows)]

    def _show_reasons(self) -> None:
        chosen = self._selected()
        if not chosen:
            self.reasons.setPlainText("")
            return
        row = chosen[0]
        lines = [f"{row.path.name}: {row.verdict}"] + [f"- {r}" for r in row.reasons]
        if not row.reasons:
            lines.append("Tệp nguyên vẹn từ khi đóng gói (mã dữ liệu khớp), đúng bộ tiêu chí và năm.")
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
        return assemble(self, self.desk, paths, self.folder or Path("."))

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
        self.compare_window = CompareWindow(self.desk, comparison, self.folder or Path("."))
        self.compare_window.show()
        return self.compare_window
