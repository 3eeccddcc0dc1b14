"""The summary bar: totals per scenario, the % index, the A/B/C group and the count of findings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from scoring import Assessment, Scenario, Severity, format_number

__all__ = ["SummaryBar", "total_text"]


def total_text(assessment: Assessment, scenario: Scenario) -> str:
    """ "59,98/66,50 (90,20 %, nhóm A)" or "—" when nothing is scored yet."""
    totals = assessment.totals(scenario)
    if totals.final is None:
        return "—"
    percent = format_number(totals.percent) if totals.percent is not None else "—"
    return f"{format_number(totals.final)}/{format_number(totals.max)} ({percent}%, nhóm {totals.group})"


class SummaryBar(QFrame):
    """One line under the tree; ``refresh`` after every edit."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.labels = {s: QLabel() for s in (Scenario.PREVIOUS, Scenario.ACTUAL, Scenario.TARGET)}
        self.findings = QLabel()
        for label in (*self.labels.values(), self.findings):
            layout.addWidget(label)
            layout.addSpacing(18)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        names = {Scenario.PREVIOUS: "Năm trước", Scenario.ACTUAL: "Tự đánh giá", Scenario.TARGET: "Mục tiêu"}
        for scenario, label in self.labels.items():
            label.setText(f"{names[scenario]}: <b>{total_text(self.assessment, scenario)}</b>")
        findings = self.assessment.findings()
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        colour = "#b3261e" if errors else ("#8a5a00" if warnings else "#1e6b34")
        self.findings.setText(f"<span style='color:{colour}'>Phát hiện: {errors} lỗi, {warnings} cảnh báo</span>")
