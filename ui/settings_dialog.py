"""The document header settings (unit, cơ quan, địa danh, số, người ký, nơi nhận), stored in the file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal

from .rich import plain

__all__ = ["SettingsDialog"]

MULTILINE = frozenset({"recipients", "report_to", "report_recipients"})


class SettingsDialog(QDialog):
    """Edits ``values`` for the keys of ``fields`` (key → (label, example)); ``save`` validates.

    ``save`` raises ``ValueError`` with a Vietnamese message when a value is refused; the dialog
    then stays open and shows the message.
    """

    def __init__(
        self,
        fields: Mapping[str, tuple[str, str]],
        values: Mapping[str, str],
        save: Callable[[dict[str, str]], None],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thiết lập thể thức văn bản")
        self.save = save
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Các thông tin này in lên Kế hoạch, Phụ lục, Báo cáo và đi cùng tệp đánh giá."))
        # the form scrolls: twenty settings must still fit a 1366 × 768 office laptop
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, (label, example) in fields.items():
            if key in MULTILINE:
                edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(values.get(key, ""))
                edit.setPlaceholderText(example)
                edit.setFixedHeight(110 if key == "recipients" else 64)
            else:
                edit = QLineEdit(values.get(key, ""))
                edit.setPlaceholderText(f"ví dụ: {example}")
            edit.setObjectName(key)
            self.edits[key] = edit
            form.addRow(label, edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        layout.addWidget(scroll)
        self.error = plain(QLabel())
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry().height() if self.screen() else 700
        self.resize(780, min(page.sizeHint().height() + 140, int(screen * 0.9)))

    def values(self) -> dict[str, str]:
        return {
            key: edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            for key, edit in self.edits.items()
        }

    def accept(self) -> None:
        """Qt override: save, or stay open with the reason."""
        try:
            self.save(self.values())
        except Refusal as exc:
            self.error.setText(str(exc))
            return
        super().accept()
