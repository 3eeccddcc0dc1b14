"""The comparison: one tab per block (sở, ban, ngành; xã, phường, đặc khu), each with its ranking and a
column per unit over every criterion, the best and worst of each criterion marked; Excel and the
signed-ready PDF appendix out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scoring import SCENARIO_LABELS, Refusal, format_number

from . import dialogs
from .ports import DeskService
from .rich import plain, tip

__all__ = ["CompareWindow"]

BEST = QBrush(QColor("#c6efce"))
WORST = QBrush(QColor("#ffc7ce"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
BOLD = QFont()
BOLD.setBold(True)


def _item(value: Any, *, bold: bool = False) -> QTableWidgetItem:
    text = format_number(value, empty="—") if isinstance(value, Decimal) or value is None else str(value)
    item = QTableWidgetItem(text)
    if isinstance(value, (Decimal, int)) or value is None:
        item.setTextAlignment(RIGHT)
    if bold:
        item.setFont(BOLD)
    return item


def _table(rows: int, headers: list[str]) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


class CompareWindow(QMainWindow):
    """``comparison`` as ``DeskService.compare`` gives it; ``folder`` is where exports are offered."""

    def __init__(self, desk: DeskService, comparison: Any, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.comparison = comparison
        self.folder = folder
        self.setWindowTitle(f"So sánh, xếp hạng năm {comparison.year} — PAR Desk")
        basis = SCENARIO_LABELS[comparison.scenario]
        heading = QLabel(
            f"<b>Kết quả Chỉ số cải cách hành chính năm {comparison.year}</b> — theo điểm {basis.lower()}; "
            "các khối xếp hạng riêng; xanh: cao nhất, đỏ: thấp nhất của từng tiêu chí trong khối."
        )
        heading.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tables: dict[str, tuple[QTableWidget, QTableWidget]] = {}
        for block, columns in comparison.blocks.items():
            self.tabs.addTab(self._block(block, columns), f"Khối {desk.block_label(block)} ({len(columns)})")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        if comparison.provisional:
            note = QLabel(comparison.PROVISIONAL_NOTE + "; ".join(comparison.provisional) + ".")
            plain(note).setWordWrap(True)
            layout.addWidget(note)
        set_aside = [r.path.name for r in comparison.refused]
        set_aside += [f"{r.path.name} (tệp cũ hơn của {r.unit})" for r in comparison.superseded]
        if set_aside:
            layout.addWidget(plain(QLabel(f"Không đưa vào so sánh: {', '.join(set_aside)}")))
        self.setCentralWidget(page)
        bar = QToolBar("So sánh")
        bar.setMovable(False)
        self.actions_: dict[str, QAction] = {}
        for name, text, slot in (
            ("excel", "Xuất Excel…", self.export_excel),
            ("pdf", "Xuất phụ lục PDF…", self.export_pdf),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, act=slot: act())  # triggered(bool) is no path
            bar.addAction(action)
            self.actions_[name] = action
        self.addToolBar(bar)
        self.resize(1280, 720)

    def _block(self, block: str, columns: list[Any]) -> QWidget:
        ranking = _table(len(columns), ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Nhóm"])
        for row, column in enumerate(columns):
            values = [column.rank, column.unit, column.final, column.maximum, column.percent, column.group or "—"]
            for index, value in enumerate(values):
                ranking.setItem(row, index, _item(value if index != 0 or value is not None else "—"))
        ranking.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        criteria = self._criteria(block, columns)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(ranking)
        splitter.addWidget(criteria)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        self.tables[block] = (ranking, criteria)
        return splitter

    def _criteria(self, block: str, columns: list[Any]) -> QTableWidget:
        comparison = self.comparison
        nodes = [n for n in comparison.tree if not n.implied]
        table = _table(len(nodes), ["STT", "Tiêu chí", "Tối đa", *[c.unit for c in columns]])
        for row, node in enumerate(nodes):
            bold = node.depth == 0
            table.setItem(row, 0, _item(node.label, bold=bold))
            title = _item("    " * node.depth + node.title, bold=bold)
            title.setToolTip(tip(node.title))
            table.setItem(row, 1, title)
            table.setItem(row, 2, _item(node.max, bold=bold))
            best, worst = comparison.extremes(block, node)
            for index, column in enumerate(columns, start=3):
                item = _item(column.score(node.key, comparison.scenario), bold=bold)
                if column.unit in best:
                    item.setBackground(BEST)
                elif column.unit in worst:
                    item.setBackground(WORST)
                table.setItem(row, index, item)
        table.setColumnWidth(0, 64)
        table.setColumnWidth(1, 380)
        table.setColumnWidth(2, 60)
        metrics = table.fontMetrics()
        for index, column in enumerate(columns, start=3):  # the unit's name in full, within reason
            table.setColumnWidth(index, min(220, max(96, metrics.horizontalAdvance(column.unit) + 24)))
        return table

    def export_excel(self, path: str | Path | None = None) -> bool:
        if path is None:
            suggested = self.folder / f"so-sanh-{self.comparison.year}.xlsx"
            path = dialogs.save_path(self, "Xuất Excel", "Bảng Excel (*.xlsx)", suggested)
            if path is None:
                return False
        try:
            self.desk.export_excel(self.comparison, Path(path))
        except Refusal as exc:
            dialogs.warn(self, "Không xuất được", str(exc))
            return False
        self.statusBar().showMessage(f"Đã xuất {path}.", 10000)
        return True

    def export_pdf(self, path: str | Path | None = None) -> bool:
        """The ranking as a signed-ready appendix, with the header and signer of Sở Nội vụ's own file."""
        if path is None:
            suggested = self.folder / f"xep-hang-{self.comparison.year}.pdf"
            path = dialogs.save_path(self, "Xuất phụ lục PDF", "Tệp PDF (*.pdf)", suggested)
            if path is None:
                return False
        try:
            written, notes = self.desk.export_pdf(self.comparison, Path(path))
        except Refusal as exc:
            dialogs.warn(self, "Chưa in được", str(exc))
            return False
        self.statusBar().showMessage(" ".join([f"Đã ghi {written}.", *notes]), 10000)
        return True
