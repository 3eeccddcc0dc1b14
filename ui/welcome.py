"""The welcome screen: a new assessment (from a criteria set, last year's file or an Excel table),
an existing or recent file, or the sample, clearly named as one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal

from . import dialogs
from .rich import plain, tip

__all__ = ["FILTER", "WelcomeDialog"]

FILTER = "Tệp đánh giá PAR Desk (*.sqlite *.pardesk);;Tất cả các tệp (*)"
EXCEL = "Bảng Excel (*.xlsx *.xlsm)"


class _SetChoice(QComboBox):
    """The criteria sets: the chosen one's label is elided in the middle when the box is narrower,
    so its start and its years and level ("… — năm 2022–2025 — cấp tỉnh") stay in sight."""

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return option

    def shown_text(self) -> str:
        """The label as painted in the box."""
        option = self._option()
        style = self.style()
        field = style.subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, field.width() - 4)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        """Qt override: QComboBox clips a long label at its end; this one elides it in the middle."""
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


def _chooser(edit: QLineEdit, slot: Any) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    choose = QPushButton("Chọn…")
    choose.clicked.connect(slot)
    layout.addWidget(edit, 1)
    layout.addWidget(choose)
    return row


class WelcomeDialog(QDialog):
    """Once the modal dialog closes, ``choice`` is one of

    ("new", path, set_id, unit, year, last_year_or_None), ("excel", table, path, unit, year),
    ("open", path) or ("demo",). ``sets`` are (id, "title — years — level") pairs. ``peek`` reads
    last year's file (unit, year, template_id) so the form starts from it.
    """

    def __init__(
        self,
        sets: Sequence[tuple[str, str]],
        recent: Sequence[str],
        parent: Any = None,
        peek: Callable[[Path], Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.peek = peek
        self.setWindowTitle("Chỉ số cải cách hành chính")  # Qt adds " — PAR Desk", the app's name
        self.choice: tuple[Any, ...] | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("<h2>PAR Desk</h2>Tự đánh giá, lập kế hoạch cải thiện Chỉ số CCHC — làm việc ngoại tuyến.")
        layout.addWidget(intro)
        layout.addWidget(self._new_box(sets))
        layout.addWidget(self._open_box(recent), 1)
        self.resize(900, 600)
        self.unit.setFocus()

    def _new_box(self, sets: Sequence[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox("Tạo tệp đánh giá mới")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.sets = _SetChoice()
        self.sets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sets.setMinimumContentsLength(30)
        for set_id, title in sets:
            self.sets.addItem(title, set_id)
            self.sets.setItemData(self.sets.count() - 1, tip(title), Qt.ItemDataRole.ToolTipRole)
        self.sets.view().setMinimumWidth(self.sets.view().sizeHintForColumn(0) + 24)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("ví dụ: Sở Tài chính — như cột Đơn vị chủ trì của bộ tiêu chí")
        self.unit.setToolTip(
            "Tên đơn vị như bộ tiêu chí ghi ở cột Đơn vị chủ trì (có thể thêm tên tỉnh: “Sở Tài chính tỉnh "
            "Quảng Ninh”); Sở Nội vụ lấy điểm mỗi tiêu chí từ tệp của đơn vị chủ trì."
        )
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(dt.date.today().year)
        self.last_year = QLineEdit()
        self.last_year.setPlaceholderText("không bắt buộc: điểm năm trước lấy từ tệp này")
        self.last_year.editingFinished.connect(self._from_last_year)
        self.path = QLineEdit()
        form.addRow("Bộ tiêu chí", self.sets)
        form.addRow("Đơn vị", self.unit)
        form.addRow("Năm đánh giá", self.year)
        form.addRow("Tệp năm trước", _chooser(self.last_year, self._choose_last_year))
        form.addRow("Lưu tại", _chooser(self.path, self._choose_new_path))
        buttons = QHBoxLayout()
        create = QPushButton("Tạo mới")
        create.setDefault(True)
        create.clicked.connect(self._create)
        excel = QPushButton("Tạo từ bảng Excel…")
        excel.setToolTip("Dựng bộ tiêu chí và điểm từ bảng Excel của tỉnh (cần Đơn vị, Năm, Lưu tại)")
        excel.clicked.connect(self._from_excel)
        buttons.addWidget(create)
        buttons.addWidget(excel)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.error = plain(QLabel())
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form.addRow("", self.error)
        return box

    def _open_box(self, recent: Sequence[str]) -> QGroupBox:
        box = QGroupBox("Mở tệp đã có")
        layout = QVBoxLayout(box)
        self.recent = QListWidget()
        for path in recent:
            self.recent.addItem(path)
        self.recent.itemActivated.connect(lambda item: self._finish(("open", Path(item.text()))))
        layout.addWidget(QLabel("Tệp mở gần đây (nhấp đúp để mở):" if recent else "Chưa mở tệp nào."))
        layout.addWidget(self.recent, 1)
        buttons = QHBoxLayout()
        browse = QPushButton("Mở tệp…")
        browse.clicked.connect(self._browse)
        demo = QPushButton("Mở bản mẫu (dữ liệu minh họa, Đắk Nông 2022)")
        demo.setToolTip("Một bản đánh giá mẫu để xem thử; không phải tệp của đơn vị")
        demo.clicked.connect(lambda: self._finish(("demo",)))
        buttons.addWidget(browse)
        buttons.addStretch(1)
        buttons.addWidget(demo)
        layout.addLayout(buttons)
        return box

    # ------------------------------------------------------------ choosing

    def _choose_new_path(self) -> None:
        path = dialogs.save_path(self, "Lưu tệp đánh giá mới", FILTER, f"danh-gia-{self.year.value()}.sqlite")
        if path is not None:
            self.path.setText(str(path))

    def _choose_last_year(self) -> None:
        path = dialogs.open_path(self, "Tệp đánh giá năm trước", FILTER)
        if path is not None:
            self.last_year.setText(str(path))
            self._from_last_year()

    def _from_last_year(self) -> None:
        """Start the form from last year's file: its criteria set, its unit, the year after its year."""
        text = self.last_year.text().strip()
        if not text or self.peek is None:
            return
        try:
            facts = self.peek(Path(text))
        except Refusal as exc:
            self.error.setText(f"Không đọc được tệp năm trước: {exc}")
            return
        self.error.setText("")
        index = self.sets.findData(facts.get("template_id", ""))
        if index >= 0:
            self.sets.setCurrentIndex(index)
        else:
            self.error.setText(
                f"Tệp năm trước dùng bộ tiêu chí “{facts.get('template_id', '')}”, không có trong danh sách; "
                "chỉ lấy được điểm của tiêu chí trùng cả mã lẫn tên."
            )
        if facts.get("unit") and not self.unit.text().strip():
            self.unit.setText(facts["unit"])
        year = facts.get("year", "")
        if year.isdigit():
            self.year.setValue(int(year) + 1)

    def _browse(self) -> None:
        path = dialogs.open_path(self, "Mở tệp đánh giá", FILTER)
        if path is not None:
            self._finish(("open", path))

    def _form(self) -> tuple[str, Path] | None:
        """Unit and where to save, or None (with the reason shown) when one is missing."""
        if not self.unit.text().strip():
            self.error.setText("Hãy nhập tên đơn vị.")
            return None
        if not self.path.text().strip():
            self._choose_new_path()
        if not self.path.text().strip():
            self.error.setText("Hãy chọn nơi lưu tệp.")
            return None
        return self.unit.text().strip(), Path(self.path.text().strip())

    def _create(self) -> None:
        form = self._form()
        if form is None:
            return
        unit, path = form
        last = Path(self.last_year.text().strip()) if self.last_year.text().strip() else None
        self._finish(("new", path, self.sets.currentData(), unit, self.year.value(), last))

    def _from_excel(self) -> None:
        form = self._form()
        if form is None:
            return
        table = dialogs.open_path(self, "Chọn bảng Excel của tỉnh", EXCEL)
        if table is not None:
            self._finish(("excel", table, form[1], form[0], self.year.value()))

    def _finish(self, choice: tuple[Any, ...]) -> None:
        self.choice = choice
        self.accept()
