"""Every evidence document of the assessment, with the criteria it backs and the attachments' size."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from scoring import format_number

from .rich import tip

__all__ = ["LARGE_BYTES", "EvidenceListDialog", "size_text"]

LARGE_BYTES = 20 * 1024 * 1024  # above this a file is hard to send by email


def size_text(size: int) -> str:
    """ "25 byte", "1 KB", "850 KB", "12,3 MB", "1.024,0 MB": a small file is never "0 KB"."""
    if size < 1024:
        return f"{format_number(size, places=0)} byte"
    if size < 1024 * 1023.5:  # what would round to 1.024 KB is 1,0 MB
        return f"{format_number(Decimal(size) / 1024, places=0)} KB"
    return f"{format_number(Decimal(size) / 1024 / 1024, places=1)} MB"


class EvidenceListDialog(QDialog):
    """A read-only table: số ký hiệu | ngày | cơ quan | trích yếu | tiêu chí | tệp đính kèm."""

    def __init__(self, documents: list[Any], total_size: int, labels: dict[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tài liệu kiểm chứng của bản đánh giá")
        layout = QVBoxLayout(self)
        summary = f"{len(documents)} tài liệu; tệp đính kèm: {size_text(total_size)}."
        if total_size > LARGE_BYTES:
            summary += " Tệp đánh giá lớn hơn 20 MB: khi đóng gói để gửi có thể chỉ giữ thông tin tài liệu."
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        table = QTableWidget(len(documents), 6)
        table.setHorizontalHeaderLabels(["Số, ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu", "Tiêu chí", "Tệp"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, doc in enumerate(documents):
            date = "/".join(reversed(doc.date.split("-"))) if doc.date else ""
            criteria = ", ".join(labels.get(key, key) for key in doc.criteria)
            left_out = "" if doc.file_included else ", không kèm trong tệp này"  # packed without it
            attached = f"{doc.file_name} ({size_text(doc.file_size or 0)}{left_out})" if doc.file_name else ""
            for column, text in enumerate((doc.number, date, doc.issuer, doc.title, criteria, attached)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip(text))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.resize(1000, 520)
