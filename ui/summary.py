"""The summary bar: totals per scenario, an index and group only once complete, and the findings count."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from scoring import SCENARIO_LABELS, Assessment, Mode, Scenario, Severity, format_number
from scoring.progress import progress

__all__ = ["SummaryBar", "total_text"]

LATER = {Mode.SURVEY: "điều tra XHH", Mode.COUNCIL: "hội đồng thẩm định"}


def total_text(assessment: Assessment, scenario: Scenario) -> str:
    """ "59,98/66,50 (90,20%, nhóm A)" when every criterion is scored, else "tạm tính" and what is
    still missing (as the report does: no index or group on partial data); "—" before any score."""
    totals = assessment.totals(scenario)
    if totals.final is None:
        return "—"
    points = f"{format_number(totals.final)}/{format_number(totals.max)}"
    state = progress(assessment, scenario)
    if state.own_missing:
        return f"{points} (tạm tính: còn {state.own_missing}/{state.own_expected} tiêu chí chưa chấm)"
    waiting = [f"{count} tiêu chí {LATER[mode]}" for mode, count in state.later.items() if count]
    if waiting:
        return f"{points} (tạm tính: chờ điểm {', '.join(waiting)}; chưa xếp nhóm)"
    percent = format_number(totals.percent, empty="—")
    return f"{points} ({percent}%, nhóm {totals.group})"


class SummaryBar(QFrame):
    """One line under the tree; ``refresh`` after an edit that changed a total."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.labels = {s: QLabel() for s in (Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET)}
        self.findings = QLabel()
        for label in (*self.labels.values(), self.findings):
            label.setWordWrap(True)
            layout.addWidget(label, 1 if label is not self.findings else 0)
            layout.addSpacing(12)
        self.refresh()

    def refresh(self, scenarios: tuple[Scenario, ...] | None = None) -> None:
        """Redraw the totals of ``scenarios`` (all when None) and the findings count (O(1) each)."""
        for scenario, label in self.labels.items():
            if scenarios is None or scenario in scenarios:
                label.setText(f"{SCENARIO_LABELS[scenario]}: <b>{total_text(self.assessment, scenario)}</b>")
        counts = self.assessment.finding_counts()
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        colour = "#b3261e" if errors else ("#8a5a00" if warnings else "#1e6b34")
        self.findings.setText(f"<span style='color:{colour}'>Phát hiện: {errors} lỗi, {warnings} cảnh báo</span>")
