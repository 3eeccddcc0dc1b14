"""Lịch sử thay đổi: the audit log of one node, or of the whole file filtered by node and date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .history_text import Names, describe_field, document_names, shown_key, shown_time, shown_value
from .rich import tip

__all__ = ["HistoryDialog", "HistoryTable", "describe_field", "shown_value", "visible_rows"]

HEADERS = ["Thời gian", "Người sửa", "Tiêu chí", "Nội dung", "Giá trị cũ", "Giá trị mới"]
COMPACT = (0, 3, 4, 5)  # the side panel's columns: when, what, old, new (who in the tooltip)


def visible_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows that changed something (a settings save also records the fields it left as they were)."""
    return [r for r in rows if (r["old"] or "") != (r["new"] or "") or not str(r["field"]).startswith("settings:")]


class HistoryTable(QTableWidget):
    """Rows of the audit log, newest first; ``compact`` for the side panel (four columns)."""

    def __init__(
        self,
        parent: Any = None,
        *,
        compact: bool = False,
        settings: Mapping[str, str] | None = None,
        documents: Mapping[str, str] | None = None,
    ):
        super().__init__(0, len(HEADERS), parent)
        self.names = Names(settings or {}, documents or {})
        self.setHorizontalHeaderLabels(HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 100, 70, 200, 120)):
            self.setColumnWidth(column, width)
        if compact:
            for column in range(len(HEADERS)):
                self.setColumnHidden(column, column not in COMPACT)
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            for column in (4, 5):  # long texts wrap in their rows; the whole text is in the tooltip
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                self.setColumnWidth(column, 80)

    def show_rows(self, rows: list[dict[str, Any]], documents: Mapping[str, str] | None = None) -> None:
        """``documents`` (id → number) names the documents of ``rows``' links, with those the log names."""
        shown = visible_rows(rows)
        names = Names(self.names.settings, {**document_names(rows), **self.names.documents, **(documents or {})})
        self.setRowCount(len(shown))
        for row, line in enumerate(reversed(shown)):
            field = str(line["field"])
            cells = [
                shown_time(line["ts"]),
                str(line["user"] or ""),
                shown_key(line["node_key"]),
                describe_field(field, str(line["scenario"] or ""), names),
                shown_value(field, line["old"], names),
                shown_value(field, line["new"], names),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip(f"{text}\n{cells[1]}, {cells[0]}" if column != 1 else text))
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        tallest = self.fontMetrics().lineSpacing() * 3 + 8  # a long text shows three lines; all of it in the tooltip
        for row in range(self.rowCount()):
            if self.rowHeight(row) > tallest:
                self.setRowHeight(row, tallest)


class HistoryDialog(QDialog):
    """The whole file's history with filters by node code and by date range."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        parent: Any = None,
        settings: Mapping[str, str] | None = None,
        documents: Mapping[str, str] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Lịch sử thay đổi")
        self.rows = visible_rows(rows)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.node = QLineEdit()
        self.node.setPlaceholderText("Mã tiêu chí, ví dụ 3.3")
        first = min((str(r["ts"])[:10] for r in self.rows), default=QDate.currentDate().toString("yyyy-MM-dd"))
        self.start = QDateEdit(QDate.fromString(first, "yyyy-MM-dd"))
        self.end = QDateEdit(QDate.currentDate())
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(self.apply)
        self.node.textChanged.connect(self.apply)
        for widget in (QLabel("Tiêu chí:"), self.node, QLabel("Từ ngày:"), self.start, QLabel("đến:"), self.end):
            filters.addWidget(widget)
        layout.addLayout(filters)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.table = HistoryTable(settings=settings, documents={**document_names(rows), **(documents or {})})
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(980, 560)
        self.apply()

    def apply(self) -> None:
        code = self.node.text().strip()
        start = self.start.date().toString("yyyy-MM-dd")
        end = self.end.date().toString("yyyy-MM-dd")
        shown = [
            r
            for r in self.rows
            if (not code or str(r["node_key"]) == code or str(r["node_key"]).startswith(f"{code}#"))
            and start <= str(r["ts"])[:10] <= end
        ]
        self.count.setText(f"{len(shown)} / {len(self.rows)} thay đổi")
        self.table.show_rows(shown)
