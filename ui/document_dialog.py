"""Add or edit one evidence document: số ký hiệu, date, issuer, trích yếu, cited part, attached file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from scoring import Refusal

from .rich import plain

__all__ = ["DocumentDialog"]

FIELDS = (
    ("number", "Số, ký hiệu", "ví dụ: 2357/QĐ-UBND"),
    ("date", "Ngày ban hành", "dd/mm/yyyy"),
    ("issuer", "Cơ quan ban hành", "ví dụ: UBND tỉnh"),
    ("title", "Trích yếu", "nội dung chính của văn bản"),
    ("cited", "Trang, mục viện dẫn", "ví dụ: mục II.3, trang 4"),
)


class DocumentDialog(QDialog):
    """``check(values)`` validates (raising ``ValueError``) and returns warnings to show first.

    Once the modal dialog is accepted: ``values()`` and ``file_path`` (a new file to attach, or None).
    """

    def __init__(
        self,
        check: Callable[[dict[str, str]], list[str]],
        values: Mapping[str, str] | None = None,
        *,
        file_name: str | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tài liệu kiểm chứng")
        self.check = check
        self.file_path: Path | None = None
        self._warned = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in FIELDS:
            edit = QLineEdit((values or {}).get(key, "") or "")
            edit.setPlaceholderText(hint)
            edit.setObjectName(key)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.file_label = QLabel(file_name or "(chưa đính kèm tệp)")
        choose = QPushButton("Chọn tệp…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        form.addRow("Tệp đính kèm", row)
        layout.addLayout(form)
        self.message = plain(QLabel())
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _choose(self) -> None:
        from .dialogs import open_path

        path = open_path(self, "Chọn tệp đính kèm", "Tất cả các tệp (*)")
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        self.file_path = path
        self.file_label.setText(str(path))

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def accept(self) -> None:
        """Qt override: refuse with the reason; show warnings once, then save on the second click."""
        try:
            warnings = self.check(self.values())
        except Refusal as exc:
            self.message.setStyleSheet("color: #b3261e;")
            self.message.setText(str(exc))
            return
        if warnings and not self._warned:
            self._warned = True
            self.message.setStyleSheet("color: #8a5a00;")
            self.message.setText(" ".join(warnings) + " Bấm Lưu lần nữa để lưu.")
            return
        super().accept()
