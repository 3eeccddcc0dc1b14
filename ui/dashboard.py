"""The dashboard: per lĩnh vực bars (score vs target vs max) and the criteria losing most points."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scoring import Assessment, Group, Mode, Scenario, format_number
from scoring.gaps import rank_gaps

from .rich import tip

__all__ = ["Dashboard", "basis_scenario"]

SCORE = QColor("#2f6db5")
TARGET = QColor("#d9822b")
MAXIMUM = QColor("#e3e8ef")
ROW_HEIGHT = 34
LABEL_WIDTH = 420
ACRONYMS = frozenset({"CCHC", "TTHC", "VBQPPL", "QPPL", "UBND", "HĐND", "SIPAS", "CBCCVC", "DVC", "DVCTT", "PAR"})


def sentence_case(title: str) -> str:
    """ "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC" → "Công tác chỉ đạo, điều hành CCHC" (acronyms kept)."""
    if not title.isupper():
        return title
    words = [w if w.strip(",.;:()") in ACRONYMS else w.lower() for w in title.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def basis_scenario(assessment: Assessment) -> Scenario:
    """This year's self-assessment once anything is scored, else last year's result."""
    actual = assessment.totals(Scenario.ACTUAL).final
    return Scenario.ACTUAL if actual is not None else Scenario.PREVIOUS


class FieldBars(QWidget):
    """Horizontal bars, one per regular lĩnh vực, drawn to scale of the largest maximum."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.refresh()

    def roots(self) -> list[Any]:
        return [r for r in self.assessment.tree.roots if r.group is Group.REGULAR]

    def refresh(self) -> None:
        self.setMinimumHeight(ROW_HEIGHT * len(self.roots()) + 34)
        self.update()

    def texts(self) -> list[tuple[str, str]]:
        """What each bar says, as painted: "1. Công tác chỉ đạo…" and "1,25 / 8,50" (points, two decimals)."""
        basis = basis_scenario(self.assessment)
        return [
            (
                f"{root.code}. {sentence_case(root.title)}",
                f"{format_number(self.assessment.score(root.key, basis), empty='—')} / "
                f"{format_number(self.assessment.applicable_max[root.key])}",
            )
            for root in self.roots()
        ]

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        """Qt override."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        roots = self.roots()
        basis = basis_scenario(self.assessment)
        scale = max((self.assessment.applicable_max[r.key] for r in roots), default=1) or 1
        width = max(self.width() - LABEL_WIDTH - 130, 60)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.92)
        painter.setFont(small)
        for i, (root, (label, numbers)) in enumerate(zip(roots, self.texts(), strict=True)):
            top = 8 + i * ROW_HEIGHT
            text_rect = QRectF(4, top, LABEL_WIDTH - 12, ROW_HEIGHT - 6)
            painter.setPen(Qt.GlobalColor.black)
            elided = painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
            maximum = self.assessment.applicable_max[root.key]
            score = self.assessment.score(root.key, basis)
            target = self.assessment.score(root.key, Scenario.TARGET)
            bar = QRectF(LABEL_WIDTH, top + 6, width * float(maximum / scale), ROW_HEIGHT - 18)
            painter.fillRect(bar, MAXIMUM)
            if score is not None:
                painter.fillRect(QRectF(bar.left(), bar.top(), width * float(score / scale), bar.height()), SCORE)
            if target is not None:
                x = LABEL_WIDTH + width * float(target / scale)
                painter.setPen(QPen(TARGET, 3))
                painter.drawLine(int(x), int(bar.top() - 4), int(x), int(bar.bottom() + 4))
            painter.setPen(Qt.GlobalColor.black)
            painter.drawText(
                QRectF(bar.left() + width + 8, top, 120, ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                numbers,
            )
        legend_top = 8 + len(roots) * ROW_HEIGHT
        painter.fillRect(QRectF(LABEL_WIDTH, legend_top + 6, 14, 10), SCORE)
        names = {Scenario.ACTUAL: "Tự đánh giá", Scenario.PREVIOUS: "Năm trước"}
        painter.drawText(QRectF(LABEL_WIDTH + 20, legend_top, 160, 20), Qt.AlignmentFlag.AlignVCenter, names[basis])
        painter.setPen(QPen(TARGET, 3))
        painter.drawLine(LABEL_WIDTH + 190, legend_top + 4, LABEL_WIDTH + 190, legend_top + 18)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QRectF(LABEL_WIDTH + 198, legend_top, 120, 20), Qt.AlignmentFlag.AlignVCenter, "Mục tiêu")
        painter.fillRect(QRectF(LABEL_WIDTH + 290, legend_top + 6, 14, 10), MAXIMUM)
        painter.drawText(QRectF(LABEL_WIDTH + 310, legend_top, 120, 20), Qt.AlignmentFlag.AlignVCenter, "Điểm tối đa")
        painter.end()


class Dashboard(QWidget):
    """Bars per lĩnh vực, the criteria the unit scores ranked by points at stake, and apart from
    them the criteria others score (survey, council), which the unit cannot act on directly."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.stale = True  # redrawn when shown (``refresh_if_visible``), never while hidden
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.bars = FieldBars(assessment)
        self.table = _gap_table(["STT", "Tiêu chí", "Điểm tối đa", "Điểm", "Mất", "Còn tới mục tiêu"])
        self.others = _gap_table(["STT", "Tiêu chí", "Điểm tối đa", "Điểm", "Ai chấm"])
        layout.addWidget(self.heading)
        layout.addWidget(self.bars)
        layout.addWidget(QLabel("<b>Các tiêu chí đơn vị tự chấm mất nhiều điểm nhất</b>"))
        layout.addWidget(self.table, 3)
        self.others_title = QLabel(
            "<b>Các tiêu chí do điều tra xã hội học, hội đồng thẩm định chấm</b> (đơn vị không tự chấm)"
        )
        layout.addWidget(self.others_title)
        layout.addWidget(self.others, 1)
        self.refresh()

    def refresh_if_visible(self) -> None:
        """After an edit: redraw now if on screen, else mark stale (redrawn by ``showEvent``)."""
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: a stale dashboard is redrawn when it comes into view."""
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        basis = basis_scenario(self.assessment)
        name = "tự đánh giá năm nay" if basis is Scenario.ACTUAL else "kết quả năm trước (chưa có tự đánh giá)"
        self.heading.setText(f"<b>Điểm theo lĩnh vực</b> — theo {name}")
        self.bars.refresh()
        modes = {key: self.assessment.tree.by_key[key].mode for key in self.assessment.tree.by_key}
        gaps = rank_gaps(self.assessment, basis)
        own = [g for g in gaps if modes[g.key] is Mode.SELF and g.lost > 0][:15]
        others = [g for g in gaps if modes[g.key] is not Mode.SELF]
        _fill(self.table, [_own_cells(g) for g in own])
        _fill(self.others, [_other_cells(g, modes[g.key]) for g in others])
        self.others.setVisible(bool(others))
        self.others_title.setVisible(bool(others))


WHO = {Mode.SURVEY: "điều tra XHH", Mode.COUNCIL: "hội đồng thẩm định", Mode.SELF: "đơn vị"}


def _own_cells(gap: Any) -> list[str]:
    lost, to_target = format_number(gap.lost), format_number(gap.to_target, empty="—")
    return [gap.code, gap.title, format_number(gap.max), format_number(gap.score, empty="—"), lost, to_target]


def _other_cells(gap: Any, mode: Mode) -> list[str]:
    return [gap.code, gap.title, format_number(gap.max), format_number(gap.score, empty="chưa có"), WHO[mode]]


def _gap_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip(text))
            if 2 <= column <= 5 and column < len(cells) - (1 if len(cells) == 5 else 0):
                item.setTextAlignment(right)
            table.setItem(row, column, item)
