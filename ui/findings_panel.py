"""The list of findings; activating one selects its node in the tree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle

from scoring import Assessment, Severity

__all__ = ["FindingsList"]

KEY = Qt.ItemDataRole.UserRole


class FindingsList(QListWidget):
    """Signal ``node_chosen(str)`` carries the key of the finding's node."""

    node_chosen = Signal(str)

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)
        self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802
        """Qt override: a few lines high; the tree gets the room."""
        return QSize(600, 96)

    def refresh(self) -> None:
        self.clear()
        style = self.style()
        icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            Severity.INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for finding in sorted(self.assessment.findings(), key=lambda f: order[f.severity]):
            item = QListWidgetItem(icons[finding.severity], finding.message)
            item.setData(KEY, finding.key)
            self.addItem(item)
        if not self.count():
            self.addItem(QListWidgetItem("Không có phát hiện nào."))

    def _chosen(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        if key:
            self.node_chosen.emit(key)
