"""Lịch sử thay đổi: the audit log of one node, or of the whole file filtered by node and date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
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

from scoring import SCENARIO_LABELS, Scenario, format_number

__all__ = ["HistoryDialog", "HistoryTable", "describe_field", "shown_value", "visible_rows"]

FIELD_LABELS = {
    "value": "Điểm",
    "inputs": "Số liệu",
    "undo": "Hoàn tác",
    "redo": "Làm lại",
    "import": "Nhập dữ liệu",
    "carry": "Lấy điểm năm trước",
    "lead": "Đơn vị chủ trì",
    "not_applicable": "Không áp dụng",
    "text:tasks": "Nhiệm vụ, giải pháp",
    "text:explanation": "Giải trình",
    "text:note": "Ghi chú",
    "text:deadline": "Thời gian hoàn thành",
    "evidence:link": "Liên kết tài liệu",
    "evidence:unlink": "Bỏ liên kết tài liệu",
    "document:add": "Thêm tài liệu",
    "document:edit": "Sửa tài liệu",
    "document:remove": "Xóa tài liệu",
    "comment:add": "Thêm nhận xét",
    "comment:remove": "Xóa nhận xét",
}
POINTS = frozenset({"value", "undo", "redo", "import", "carry"})
HEADERS = ["Thời gian", "Người sửa", "Tiêu chí", "Nội dung", "Giá trị cũ", "Giá trị mới"]
COMPACT = (0, 3, 4, 5)  # the side panel's columns: when, what, old, new (who in the tooltip)
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def describe_field(field: str, scenario: str, settings: Mapping[str, str] | None = None) -> str:
    """Vietnamese name of an audit field, with its scenario: "Điểm (Tự đánh giá)"."""
    if field.startswith("settings:"):
        key = field.split(":", 1)[1]
        label = f"Thiết lập văn bản: {(settings or {}).get(key, key)}"
    else:
        label = FIELD_LABELS.get(field, field)
    if scenario in Scenario._value2member_map_:
        label += f" ({SCENARIO_LABELS[Scenario(scenario)]})"
    return label


def shown_value(field: str, value: object) -> str:
    """A stored value as the officer reads it: points with two decimals and a comma."""
    if value is None:
        return ""
    text = str(value)
    if field in POINTS:
        try:
            return format_number(Decimal(text))
        except InvalidOperation:
            pass
    return _DECIMAL_POINT.sub(",", text) if field == "inputs" else text


def shown_time(stamp: object) -> str:
    """ "05/02/2026 14:03" in the computer's time zone."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def visible_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows that changed something (a settings save also records the fields it left as they were)."""
    return [r for r in rows if (r["old"] or "") != (r["new"] or "") or not str(r["field"]).startswith("settings:")]


class HistoryTable(QTableWidget):
    """Rows of the audit log, newest first; ``compact`` for the side panel (four columns)."""

    def __init__(self, parent: Any = None, *, compact: bool = False, settings: Mapping[str, str] | None = None):
        super().__init__(0, len(HEADERS), parent)
        self.settings = settings
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

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        shown = visible_rows(rows)
        self.setRowCount(len(shown))
        for row, line in enumerate(reversed(shown)):
            field = str(line["field"])
            cells = [
                shown_time(line["ts"]),
                str(line["user"] or ""),
                str(line["node_key"] or ""),
                describe_field(field, str(line["scenario"] or ""), self.settings),
                shown_value(field, line["old"]),
                shown_value(field, line["new"]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{text}\n{cells[1]}, {cells[0]}" if column != 1 else text)
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        tallest = self.fontMetrics().lineSpacing() * 3 + 8  # a long text shows three lines; all of it in the tooltip
        for row in range(self.rowCount()):
            if self.rowHeight(row) > tallest:
                self.setRowHeight(row, tallest)


class HistoryDialog(QDialog):
    """The whole file's history with filters by node code and by date range."""

    def __init__(self, rows: list[dict[str, Any]], parent: Any = None, settings: Mapping[str, str] | None = None):
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
        self.table = HistoryTable(settings=settings)
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
