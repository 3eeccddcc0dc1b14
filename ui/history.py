"""Lịch sử thay đổi: the audit log of one node, or of the whole file filtered by node and date."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from scoring import SCENARIO_LABELS, Scenario

__all__ = ["HistoryDialog", "HistoryTable", "describe_field"]

FIELD_LABELS = {
    "value": "Điểm",
    "inputs": "Số liệu",
    "undo": "Hoàn tác / làm lại",
    "import": "Nhập dữ liệu",
    "carry": "Lấy điểm năm trước",
    "lead": "Đơn vị chủ trì",
    "not_applicable": "Không áp dụng",
    "text:tasks": "Nhiệm vụ, giải pháp",
    "text:explanation": "Giải trình",
    "text:note": "Ghi chú",
    "evidence:link": "Liên kết tài liệu",
    "evidence:unlink": "Bỏ liên kết tài liệu",
    "document:add": "Thêm tài liệu",
    "document:edit": "Sửa tài liệu",
    "document:remove": "Xóa tài liệu",
    "comment:add": "Thêm nhận xét",
    "comment:remove": "Xóa nhận xét",
}
HEADERS = ["Thời gian", "Người sửa", "Tiêu chí", "Nội dung", "Giá trị cũ", "Giá trị mới"]


def describe_field(field: str, scenario: str) -> str:
    """Vietnamese name of an audit field, with its scenario: "Điểm (Tự đánh giá)"."""
    if field.startswith("settings:"):
        label = f"Thiết lập {field.split(':', 1)[1]}"
    else:
        label = FIELD_LABELS.get(field, field)
    if scenario in Scenario._value2member_map_:
        label += f" ({SCENARIO_LABELS[Scenario(scenario)]})"
    return label


class HistoryTable(QTableWidget):
    """Rows of the audit log, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 100, 70, 170, 120)):
            self.setColumnWidth(column, width)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.setRowCount(len(rows))
        for row, line in enumerate(reversed(rows)):
            cells = [
                str(line["ts"])[:19].replace("T", " "),
                str(line["user"] or ""),
                str(line["node_key"] or ""),
                describe_field(str(line["field"]), str(line["scenario"] or "")),
                "" if line["old"] is None else str(line["old"]),
                "" if line["new"] is None else str(line["new"]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(row, column, item)


class HistoryDialog(QDialog):
    """The whole file's history with filters by node code and by date range."""

    def __init__(self, rows: list[dict[str, Any]], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lịch sử thay đổi")
        self.rows = rows
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.node = QLineEdit()
        self.node.setPlaceholderText("Mã tiêu chí, ví dụ 3.3")
        first = min((str(r["ts"])[:10] for r in rows), default=QDate.currentDate().toString("yyyy-MM-dd"))
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
        self.table = HistoryTable()
        layout.addWidget(self.table)
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
