"""The summary bar: totals per scenario, an index and group only once complete, and the findings count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QStaticText
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from scoring import SCENARIO_LABELS, Assessment, Mode, Scenario, Severity, format_number
from scoring.progress import Progress, ProgressKeeper, progress

__all__ = ["SummaryBar", "total_text"]

LATER = {Mode.SURVEY: "điều tra XHH", Mode.COUNCIL: "hội đồng thẩm định"}


def total_text(assessment: Assessment, scenario: Scenario, state: Progress | None = None) -> str:
    """ "59,98/66,50 (90,20%, nhóm A)" when every criterion is scored, else "tạm tính" and what is
    still missing (as the report does: no index or group on partial data); "—" before any score."""
    totals = assessment.totals(scenario)
    if totals.final is None:
        return "—"
    points = f"{format_number(totals.final)}/{format_number(totals.max)}"
    state = state or progress(assessment, scenario)
    if state.own_missing:
        return f"{points} (tạm tính: còn {state.own_missing}/{state.own_expected} tiêu chí chưa chấm)"
    waiting = [f"{count} tiêu chí {LATER[mode]}" for mode, count in state.later.items() if count]
    if waiting:
        return f"{points} (tạm tính: chờ điểm {', '.join(waiting)}; chưa xếp nhóm)"
    percent = format_number(totals.percent, empty="—")
    return f"{points} ({percent}%, nhóm {totals.group})"


class _Text(QWidget):
    """A label that repaints only itself: a QLabel's new text asks its layout to run again, which
    cost 5–8 ms a keystroke here (measured); the bar asks for more height only when a text needs
    more lines than it has (``lines``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._static = QStaticText()
        self._static.setTextFormat(Qt.TextFormat.RichText)
        self._width = -1.0  # the width the text is laid out for
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        if text != self._text:
            self._text = text
            self._static.setText(text)
            self.update()

    def _laid_out(self) -> QStaticText:
        width = float(max(self.width() - 4, 10))
        if width != self._width:  # setting the width lays the text out again, even the same width
            self._width = width
            self._static.setTextWidth(width)
        return self._static

    def lines(self) -> int:
        """The lines the text takes, wrapped to the widget's width (as it is painted)."""
        return max(1, round(self._laid_out().size().height() / self.fontMetrics().lineSpacing()))

    def lines_of(self, text: str) -> int:
        """The lines ``text`` would take here (the widest text this label says while scoring goes on)."""
        probe = QStaticText(text)
        probe.setTextFormat(Qt.TextFormat.RichText)
        probe.setTextWidth(float(max(self.width() - 4, 10)))
        return max(1, round(probe.size().height() / self.fontMetrics().lineSpacing()))

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        """Qt override: the text, wrapped to the width."""
        painter = QPainter(self)
        painter.drawStaticText(2, 1, self._laid_out())
        painter.end()


class SummaryBar(QFrame):
    """One line under the tree; ``refresh`` after an edit that changed a total."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.keeper = ProgressKeeper(assessment)  # what is still unscored, kept edit by edit
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(12)
        self.labels = {s: _Text() for s in (Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET)}
        self.findings = _Text()
        for label in (*self.labels.values(), self.findings):
            layout.addWidget(label, 3 if label is not self.findings else 2)
        self._margin = 12  # the layout's margins and the frame, beside the texts' own lines
        self._partial_lines: dict[tuple[Scenario, int], int] = {}  # by scenario and label width
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + self._margin)  # two lines at least
        self.refresh(tuple(self.labels))  # the keeper has just counted

    def _fit(self) -> None:
        """As tall as its longest text wrapped, two lines at least: "tạm tính: còn 82/83 tiêu chí
        chưa chấm" on a narrow window or at 150 % is read whole, not cut (the height changes only
        when the number of lines does, so a typed value costs no layout of the window)."""
        if not self.isVisible():
            return
        lines = max(2, self.findings.lines(), *(self._lines(s, label) for s, label in self.labels.items()))
        height = self.fontMetrics().lineSpacing() * lines + self._margin
        if height != self.height():
            self.setFixedHeight(height)

    def _lines(self, scenario: Scenario, label: _Text) -> int:
        """Lines for the label's text, and never fewer than the "tạm tính" text of a partly scored
        scenario needs at this width: the first typed value (a "—" becoming that text) or the last
        missing one changes no height, so it costs no layout of the window."""
        key = (scenario, label.width())
        if key not in self._partial_lines:
            state = self.keeper.progress(scenario)
            points = format_number(self.assessment.totals(scenario).max)
            text = f"{points}/{points} (tạm tính: còn {state.own_expected}/{state.own_expected} tiêu chí chưa chấm)"
            self._partial_lines[key] = label.lines_of(f"{SCENARIO_LABELS[scenario]}: <b>{text}</b>")
        return max(label.lines(), self._partial_lines[key])

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: a new width may wrap the texts to more or fewer lines."""
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: the texts are measured once the bar has its width."""
        super().showEvent(event)
        self._fit()

    def edited(self, scenario: Scenario, keys: tuple[str, ...], totals: tuple[Scenario, ...]) -> None:
        """After one edit: O(keys) to follow what is scored, a redraw only if a total changed."""
        self.keeper.update(scenario, keys)
        self.refresh(totals)

    def refresh(self, scenarios: tuple[Scenario, ...] | None = None) -> None:
        """Redraw the totals of ``scenarios`` (all when None, after an import: counted again) and the
        findings count; O(1) each from the assessment's cached totals."""
        if scenarios is None:
            self.keeper.rebuild()
        for scenario, label in self.labels.items():
            if scenarios is None or scenario in scenarios:
                text = total_text(self.assessment, scenario, self.keeper.progress(scenario))
                label.setText(f"{SCENARIO_LABELS[scenario]}: <b>{text}</b>")
        counts = self.assessment.finding_counts()
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        colour = "#b3261e" if errors else ("#8a5a00" if warnings else "#1e6b34")
        self.findings.setText(f"<span style='color:{colour}'>Phát hiện: {errors} lỗi, {warnings} cảnh báo</span>")
        self._fit()
