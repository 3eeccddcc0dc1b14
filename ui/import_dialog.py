"""Import scores from an Excel table: confirm which column is which scenario, preview, then import."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from scoring import SCENARIO_LABELS, Refusal, Scenario

__all__ = ["ImportDialog"]

Mapping_ = dict[str, Scenario | None]


class ImportDialog(QDialog):
    """``preview(mapping)`` and ``apply(mapping)`` return report lines or raise ``ValueError``."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        mapping: Mapping[str, Scenario | None],
        preview: Callable[[Mapping_], list[str]],
        apply: Callable[[Mapping_], list[str]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập điểm từ bảng Excel")
        self.preview_fn, self.apply_fn = preview, apply
        self.result_lines: list[str] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Kiểm tra mỗi cột điểm của bảng được hiểu là kịch bản nào:"))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for column_id, label in columns:
            combo = QComboBox()
            combo.addItem("Không nhập", None)
            for scenario in Scenario:
                combo.addItem(SCENARIO_LABELS[scenario], scenario)
            combo.setCurrentIndex(max(combo.findData(mapping.get(column_id)), 0))
            combo.currentIndexChanged.connect(self.refresh)
            self.combos[column_id] = combo
            form.addRow(label, combo)
        layout.addLayout(form)
        layout.addWidget(QLabel("Xem trước (chưa ghi gì vào tệp):"))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Nhập vào tệp")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.refresh()

    def mapping(self) -> Mapping_:
        return {column_id: combo.currentData() for column_id, combo in self.combos.items()}

    def refresh(self) -> None:
        try:
            lines = self.preview_fn(self.mapping())
        except Refusal as exc:
            self.report.setPlainText(f"Không nhập được: {exc}")
            self.ok.setEnabled(False)
            return
        self.report.setPlainText("\n".join(lines))
        self.ok.setEnabled(True)

    def accept(self) -> None:
        """Qt override: import; on refusal stay open with the reason (nothing was written)."""
        try:
            self.result_lines = self.apply_fn(self.mapping())
        except Refusal as exc:
            self.report.setPlainText(f"Không nhập được, tệp không thay đổi: {exc}")
            return
        super().accept()
