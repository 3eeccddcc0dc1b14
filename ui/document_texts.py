"""Edit the free parts of the plan and the report (purposes, requirements, organisation…)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout

from scoring import Refusal

__all__ = ["DocumentTextsDialog"]


class DocumentTextsDialog(QDialog):
    """One tab per text; on OK each changed text is saved with ``save(field, text)`` (its own transaction)."""

    def __init__(
        self, texts: Sequence[tuple[str, str, str]], save: Callable[[str, str], None], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nội dung văn bản")
        self.save_fn = save
        self.original = {field: text for field, _label, text in texts}
        self.edits: dict[str, QPlainTextEdit] = {}
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Mỗi dòng là một đoạn văn trong văn bản. Để trống một mục để dùng lại nội dung mặc định. "
            "Phần I (kết quả năm trước) và các bảng điểm được lập tự động từ số liệu."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        tabs = QTabWidget()
        for field, label, text in texts:
            edit = QPlainTextEdit(text)
            edit.setTabChangesFocus(True)
            self.edits[field] = edit
            tabs.addTab(edit, label.split(" (")[0])
            tabs.setTabToolTip(tabs.count() - 1, label)
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 480)

    def accept(self) -> None:
        try:
            for field, edit in self.edits.items():
                text = edit.toPlainText()
                if text.strip() != self.original[field].strip():
                    self.save_fn(field, text)
        except (Refusal, OSError) as exc:
            from .dialogs import warn

            warn(self, "Không lưu được", str(exc))
            return
        super().accept()
