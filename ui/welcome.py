"""The welcome dialog: a new assessment from a criteria set, an existing file, or a recent one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

__all__ = ["WelcomeDialog"]

FILTER = "Tệp đánh giá PAR Desk (*.sqlite *.pardesk);;Tất cả các tệp (*)"


class WelcomeDialog(QDialog):
    """Once the modal dialog closes: ``choice`` is ("new", path, set_id, unit, year), ("open", path) or ("demo",)."""

    def __init__(self, sets: Sequence[tuple[str, str]], recent: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PAR Desk — Chỉ số cải cách hành chính")
        self.choice: tuple[Any, ...] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("<h2>PAR Desk</h2>Tự đánh giá, lập kế hoạch cải thiện Chỉ số CCHC — làm việc ngoại tuyến.")
        )
        layout.addWidget(self._new_box(sets))
        layout.addWidget(self._open_box(recent))
        self.resize(720, 560)

    def _new_box(self, sets: Sequence[tuple[str, str]]) -> QGroupBox:
        new_box = QGroupBox("Tạo tệp đánh giá mới")
        form = QFormLayout(new_box)
        self.sets = QComboBox()
        self.sets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sets.setMinimumContentsLength(40)
        for set_id, title in sets:
            self.sets.addItem(title, set_id)
            self.sets.setItemData(self.sets.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("ví dụ: Sở Tài chính tỉnh Quảng Ninh")
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(dt.date.today().year)
        self.path = QLineEdit()
        choose = QPushButton("Chọn…")
        choose.clicked.connect(self._choose_new_path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        form.addRow("Bộ tiêu chí", self.sets)
        form.addRow("Đơn vị", self.unit)
        form.addRow("Năm đánh giá", self.year)
        form.addRow("Lưu tại", row)
        create = QPushButton("Tạo mới")
        create.clicked.connect(self._create)
        form.addRow("", create)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow("", self.error)
        return new_box

    def _open_box(self, recent: Sequence[str]) -> QGroupBox:
        open_box = QGroupBox("Mở tệp đã có")
        open_layout = QVBoxLayout(open_box)
        self.recent = QListWidget()
        for path in recent:
            self.recent.addItem(path)
        self.recent.itemActivated.connect(lambda item: self._finish(("open", Path(item.text()))))
        open_layout.addWidget(QLabel("Tệp mở gần đây (nhấp đúp để mở):"))
        open_layout.addWidget(self.recent)
        buttons = QHBoxLayout()
        browse = QPushButton("Mở tệp…")
        browse.clicked.connect(self._browse)
        demo = QPushButton("Mở tệp mẫu (Đắk Nông 2022)")
        demo.clicked.connect(lambda: self._finish(("demo",)))
        buttons.addWidget(browse)
        buttons.addWidget(demo)
        buttons.addStretch(1)
        open_layout.addLayout(buttons)
        return open_box

    def _choose_new_path(self) -> None:
        name = f"danh-gia-{self.year.value()}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu tệp đánh giá mới", name, FILTER)
        if path:
            self.path.setText(path)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Mở tệp đánh giá", "", FILTER)
        if path:
            self._finish(("open", Path(path)))

    def _create(self) -> None:
        if not self.unit.text().strip():
            self.error.setText("Hãy nhập tên đơn vị.")
            return
        if not self.path.text().strip():
            self.error.setText("Hãy chọn nơi lưu tệp.")
            return
        set_id = self.sets.currentData(Qt.ItemDataRole.UserRole)
        self._finish(("new", Path(self.path.text().strip()), set_id, self.unit.text().strip(), self.year.value()))

    def _finish(self, choice: tuple[Any, ...]) -> None:
        self.choice = choice
        self.accept()
