"""The document header settings (unit, cơ quan, địa danh, số, người ký, nơi nhận), stored in the file."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

MULTILINE = frozenset({"recipients", "report_to", "report_recipients", "explanation_to"})
YES_NO = frozenset({"published_total", "product_footer"})  # stored "có" / "không" ("" never set)
# stored value -> what the officer reads
CHOICES = {
    "unit_level": (("", "Theo tên đơn vị (tự nhận biết)"), ("so", "Sở, ban, ngành"), ("xa", "Xã, phường, đặc khu"))
}
LABEL_WIDTH = 250  # labels wrap in this width; the fields take the rest of the row
_SPELLED_CHOICE = re.compile(r"\s*\((có/không)\)\s*$|:\s*so \(.*$")  # the options said in a label for text

Editor = QLineEdit | QPlainTextEdit | QCheckBox | QComboBox


def _label(text: str) -> QLabel:
    label = plain(QLabel(text))
    label.setWordWrap(True)
    label.setFixedWidth(LABEL_WIDTH)
    return label


def _editor(key: str, value: str, example: str) -> Editor:
    """The editor a setting's values need: a box for yes/no, a list for a choice, lines or a line."""
    if key in YES_NO:
        box = QCheckBox("Có")
        box.setChecked(value == "có")
        return box
    if key in CHOICES:
        combo = QComboBox()
        for stored, shown in CHOICES[key]:
            combo.addItem(shown, stored)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        return combo
    if key in MULTILINE:
        lines = QPlainTextEdit(value)
        lines.setPlaceholderText(example)
        lines.setTabChangesFocus(True)
        lines.setFixedHeight(110 if key == "recipients" else 64)
        return lines
    line = QLineEdit(value)
    line.setPlaceholderText(f"ví dụ: {example}")
    return line


class SettingsDialog(QDialog):
    """Edits ``values`` for the keys of ``fields`` (key → (label, example)); ``save`` validates.

    ``save`` raises a ``Refusal`` with a Vietnamese message when a value is refused; the dialog
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
        self.original = dict(values)
        self.edits: dict[str, Editor] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Các thông tin này in lên Kế hoạch, Phụ lục, Báo cáo và đi cùng tệp đánh giá."))
        # the form scrolls: twenty settings must still fit a 1366 × 768 office laptop
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for key, (label, example) in fields.items():
            edit = _editor(key, values.get(key, ""), example)
            edit.setObjectName(key)
            self.edits[key] = edit
            shown = _SPELLED_CHOICE.sub("", label) if key in YES_NO or key in CHOICES else label
            form.addRow(_label(shown), edit)
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
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = (screen.width(), screen.height()) if screen is not None else (1366, 700)
        self.resize(min(860, width - 40), min(page.sizeHint().height() + 140, int(height * 0.9)))

    def values(self) -> dict[str, str]:
        return {key: self._value(key, edit) for key, edit in self.edits.items()}

    def _value(self, key: str, edit: Editor) -> str:
        if isinstance(edit, QCheckBox):  # left unticked and never set: still unset, no change recorded
            return "có" if edit.isChecked() else ("không" if self.original.get(key) else "")
        if isinstance(edit, QComboBox):
            return str(edit.currentData() or "")
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def accept(self) -> None:
        """Qt override: save, or stay open with the reason."""
        try:
            self.save(self.values())
        except Refusal as exc:
            self.error.setText(str(exc))
            return
        super().accept()
