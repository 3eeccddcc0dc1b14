"""The appraisal tab: the appraised score beside the self-score, the reason for each deduction, the
unit's giải trình, and last year's cuts flagged beside this year's self-score.

The council types its scores in the "Thẩm định" column (through the window's tree model, so an
appraisal is undone, saved and totalled like any edit) and the reason below; in giải trình the
unit sees every deduction with its reason and answers it. What the round refuses is said where
it is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal, format_number

from .ports import ExchangeService
from .rich import esc

__all__ = ["AppraisalView"]

HEADERS = (
    "STT",
    "Tiêu chí",
    "Tối đa",
    "Tự đánh giá",
    "Năm trước bị trừ",
    "Thẩm định lần 1",
    "Thẩm định",
    "Lý do trừ điểm",
    "Giải trình của đơn vị",
)
CODE, TITLE, MAX, ACTUAL, RISK, FIRST, APPRAISED, REASON, RESPONSE = range(len(HEADERS))
KEY = Qt.ItemDataRole.UserRole
CUT_BG = QBrush(QColor("#fde2e1"))
RISK_FG = QBrush(QColor("#a4420a"))
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
BOLD = QFont()
BOLD.setBold(True)
FLAG = "⚑ bị trừ"
REASON_HINT = "Lý do trừ điểm (bắt buộc với mỗi tiêu chí bị trừ điểm)"


def _number(value: Decimal | None) -> str:
    return format_number(value, empty="")


class _Table(QTableWidget):
    """The appraisal table without type-ahead: a key typed on a read-only cell (a self-score) must
    never move the current row, or the reason box below would belong to another criterion."""

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Qt override: no type-ahead (DESIGN §11)."""


class AppraisalView(QWidget):
    """Signal ``changed()`` after a reason or a giải trình is saved (the window refreshes findings).

    ``set_appraised(key, text)`` writes a score through the window and returns the refusal's
    message, or "" when the score was taken.
    """

    changed = Signal()

    def __init__(self, service: ExchangeService, set_appraised: Callable[[str, str], str], parent: Any = None):
        super().__init__(parent)
        self.service = service
        self.set_appraised = set_appraised
        self.rows: list[Any] = []
        self._filling = False
        self.round = QLabel()
        self.round.setWordWrap(True)
        self.only_cut = QCheckBox("Chỉ tiêu chí bị trừ điểm")
        self.only_cut.toggled.connect(self._filter)
        self.table = _Table(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CODE, 64), (MAX, 56), (ACTUAL, 84), (RISK, 118), (FIRST, 112), (APPRAISED, 78)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(REASON, 200)
        self.table.setColumnWidth(RESPONSE, 200)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_a: self._moved())
        self._texts_key = ""  # the criterion whose reason and giải trình the boxes below hold
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.reason = QPlainTextEdit()
        self.response = QPlainTextEdit()
        self.response.setPlaceholderText("Giải trình của đơn vị, tài liệu bổ sung đã gửi kèm")
        self.save_reason = QPushButton("Lưu lý do")
        self.save_reason.clicked.connect(lambda: self._save(self.reason, self.service.set_reason))
        self.save_response = QPushButton("Lưu giải trình")
        self.save_response.clicked.connect(lambda: self._save(self.response, self.service.set_response))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1c12;")
        self.node = QLabel()
        self.node.setWordWrap(True)
        texts = QWidget()
        grid = QHBoxLayout(texts)
        grid.setContentsMargins(0, 0, 0, 0)
        for label, edit, button in (
            ("Lý do trừ điểm (Hội đồng thẩm định)", self.reason, self.save_reason),
            ("Giải trình của đơn vị", self.response, self.save_response),
        ):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{label}</b>"))
            box.addWidget(edit, 1)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            grid.addLayout(box, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.node)
        lower_layout.addWidget(texts, 1)
        lower_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        top = QHBoxLayout()
        top.addWidget(self.round, 1)
        top.addWidget(self.only_cut)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------ filling

    def refresh(self) -> None:
        """Re-read every row (after an edit, a change of round or a new file)."""
        self.keep_typed()
        key = self.current_key()
        self.rows = self.service.rows()
        council = self.service.is_council()
        appraise, respond = self.service.may("appraisal"), self.service.may("response")
        hint = "Ghi điểm ở cột Thẩm định, lý do ở ô dưới." if appraise and council else ""
        if respond:
            hint = "Chọn từng tiêu chí bị trừ điểm để ghi giải trình; bổ sung minh chứng ở khung Minh chứng."
        self.round.setText(f"<b>Vòng: {self.service.round_text()}</b>  {hint}")
        self._filling = True
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            self._fill(index, row, editable=appraise and row.leaf)
        self._filling = False
        self._allow_reason(appraise)
        self._filter(self.only_cut.isChecked())
        if key:
            self.select_key(key)
        self._show_texts()

    def _allow_reason(self, appraise: bool) -> None:
        """Only the council writes reasons; elsewhere the box and its button say why not."""
        why = "" if appraise else self.service.why_not("appraisal")
        self.save_reason.setEnabled(appraise)
        self.save_reason.setToolTip(why)
        self.reason.setReadOnly(not appraise)
        self.reason.setToolTip(why)
        self.reason.setPlaceholderText(why or REASON_HINT)

    def _fill(self, index: int, row: Any, *, editable: bool) -> None:
        values = [
            row.label,
            row.title,
            _number(row.max),
            _number(row.actual),
            FLAG if row.risk else "",
            _number(row.first),
            _number(row.appraised),
            row.reason,
            row.response,
        ]
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setData(KEY, row.key)
            item.setFlags(Qt.ItemFlag.ItemIsEditable | READ_ONLY if column == APPRAISED and editable else READ_ONLY)
            if column in (MAX, ACTUAL, FIRST, APPRAISED):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.depth == 0:
                item.setFont(BOLD)
            if row.deducted and column in (ACTUAL, APPRAISED):
                item.setBackground(CUT_BG)
            if column == RISK and row.risk:
                item.setForeground(RISK_FG)
                item.setToolTip(row.risk)
            if column == TITLE:
                item.setText("    " * row.depth + row.title)
                item.setToolTip(row.title)
            self.table.setItem(index, column, item)

    def _filter(self, only_cut: bool) -> None:
        for index, row in enumerate(self.rows):
            self.table.setRowHidden(index, only_cut and not row.deducted)

    # ------------------------------------------------------------ editing

    def current_key(self) -> str:
        item = self.table.item(self.table.currentRow(), CODE) if self.table.currentRow() >= 0 else None
        return str(item.data(KEY)) if item is not None else ""

    def select_key(self, key: str, column: int = APPRAISED) -> None:
        for index, row in enumerate(self.rows):
            if row.key == key:
                self.table.setCurrentCell(index, column)
                item = self.table.item(index, CODE)  # scrolled down to the row, never away from its code
                if item is not None:
                    self.table.scrollToItem(item)
                return

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != APPRAISED:
            return
        key = str(item.data(KEY))
        refused = self.set_appraised(key, item.text())
        self.message.setText(refused)
        self.refresh()
        self.select_key(key)

    def _row(self) -> Any:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def keep_typed(self) -> bool:
        """Save what was typed in the boxes below and not yet saved, for the criterion it was typed
        for, as leaving a field of the detail panel does (moving to another criterion, typing a
        score, sending the file): a reason typed and not clicked in was wiped. True if one was saved."""
        key, saved = self._texts_key, False
        for edit, write in ((self.reason, self.service.set_reason), (self.response, self.service.set_response)):
            if not key or edit.isReadOnly() or not edit.document().isModified():
                continue
            edit.document().setModified(False)
            try:
                write(key, edit.toPlainText())
            except Refusal as exc:
                self.message.setText(str(exc))
                continue
            saved = True
        return saved

    def _moved(self) -> None:
        if self.keep_typed():
            QTimer.singleShot(0, self._saved_on_the_way)  # not while the table is changing its row
        self._show_texts()

    def _saved_on_the_way(self) -> None:
        self.refresh()
        self.changed.emit()

    def _show_texts(self) -> None:
        row = self._row()
        self._texts_key = row.key if row else ""
        self.reason.setPlainText(row.reason if row else "")
        self.response.setPlainText(row.response if row else "")
        self.reason.document().setModified(False)
        self.response.document().setModified(False)
        respond = bool(row) and self.service.may("response") and row.deducted
        self.response.setReadOnly(not respond)
        self.save_response.setEnabled(respond)
        if row is None:
            self.node.setText("")
            return
        parts = [f"<b>{esc(row.label)}</b> {esc(row.title)}"]
        if row.deducted:
            parts.append(f"bị trừ {_number(row.actual - row.appraised)} điểm")
        if row.risk:
            parts.append(f"<span style='color:#a4420a'>{esc(row.risk)}</span>")
        self.node.setText(" — ".join(parts))

    def _save(self, edit: QPlainTextEdit, write: Callable[[str, str], None]) -> None:
        row = self._row()
        if row is None:
            return
        edit.document().setModified(False)  # saved here, not again by the refresh
        try:
            write(row.key, edit.toPlainText())
        except Refusal as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.refresh()
        self.changed.emit()
