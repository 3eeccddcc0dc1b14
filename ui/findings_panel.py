"""The list of findings, kept in step with the assessment key by key; activating one selects its node.

An edit changes the findings of a few keys (``Changes.findings``): only their rows are replaced,
so a keystroke costs the same with 50 findings or 18 000. Rows are ordered errors first, then
warnings, then notes, each in tree order (grand-total findings last).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from scoring import TOTAL_KEY, Assessment, Finding, Severity

from .rich import tip

__all__ = ["FindingsList", "FindingsModel"]

Index: TypeAlias = QModelIndex | QPersistentModelIndex
KEY = Qt.ItemDataRole.UserRole
ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
Row: TypeAlias = tuple[int, int, int]  # (severity order, tree position, nth finding of the key)
EMPTY = "Không có phát hiện nào."


class FindingsModel(QAbstractListModel):
    """Every finding of the assessment as one row; ``update(keys)`` replaces those keys' rows."""

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self._position = {node.key: row for row, node in enumerate(assessment.tree)}
        self._position[TOTAL_KEY] = len(self._position)
        self._icons: dict[Severity, Any] = {}
        self.reset()

    def reset(self) -> None:
        """Read every finding (opening a file, an import): the one full pass."""
        self.beginResetModel()
        self._rows: list[Row] = []
        self._findings: dict[Row, Finding] = {}
        self._of_key: dict[str, list[Row]] = {}
        for finding in self.assessment.findings():
            self._place(finding, self._of_key.setdefault(finding.key, []))
        self._rows.sort()
        self.endResetModel()

    def _place(self, finding: Finding, rows: list[Row], *, sort: bool = False) -> Row:
        row = (ORDER[finding.severity], self._position.get(finding.key, len(self._position)), len(rows))
        rows.append(row)
        self._findings[row] = finding
        if sort:
            insort(self._rows, row)
        else:
            self._rows.append(row)
        return row

    def update(self, keys: Iterable[str]) -> None:
        """The findings of ``keys`` changed: remove their rows, insert the new ones (no reset).
        Findings of the same severities only reworded (a count in a message) are replaced where
        they stand: a removed or inserted row repaints the whole list, a changed one itself."""
        for key in keys:
            found = self._key_findings(key)
            if not self._reworded(key, found):
                self._replace(key, found)

    def _reworded(self, key: str, found: list[Finding]) -> bool:
        rows = self._of_key.get(key, [])
        if len(rows) != len(found):
            return False
        if any(self._findings[r].severity != f.severity for r, f in zip(rows, found, strict=True)):
            return False
        for row, finding in zip(rows, found, strict=True):
            if self._findings[row] != finding:
                self._findings[row] = finding
                at = self.index(bisect_left(self._rows, row))
                self.dataChanged.emit(at, at)
        return True

    def _replace(self, key: str, found: list[Finding]) -> None:
        for row in self._of_key.pop(key, []):
            at = bisect_left(self._rows, row)
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            del self._findings[row]
            self.endRemoveRows()
        rows: list[Row] = []
        for finding in found:
            row = (ORDER[finding.severity], self._position.get(key, len(self._position)), len(rows))
            at = bisect_left(self._rows, row)
            self.beginInsertRows(QModelIndex(), at, at)
            self._place(finding, rows, sort=True)
            self.endInsertRows()
        if rows:
            self._of_key[key] = rows

    def _key_findings(self, key: str) -> list[Finding]:
        if key == TOTAL_KEY or key in self.assessment.tree.by_key:
            return self.assessment.node_findings(key)
        return []

    def finding(self, row: int) -> Finding:
        return self._findings[self._rows[row]]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the message, its icon, the whole message as tooltip, the node's key."""
        if not index.isValid():
            return None
        finding = self.finding(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(finding.message)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(finding.severity)
        if role == KEY:
            return finding.key
        return None

    def _icon(self, severity: Severity) -> Any:
        if not self._icons:
            from PySide6.QtWidgets import QApplication

            style = QApplication.style()
            pixmaps = {
                Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
                Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
                Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
            }
            self._icons = {s: style.standardIcon(p) for s, p in pixmaps.items()}
        return self._icons[severity]


class FindingsList(QTableView):
    """Signal ``node_chosen(str)`` carries the key of the finding's node.

    A one-column table, not a list view: QListView and QTreeView lay every row out again after an
    insert (150 / 100 ms at 18 000 findings, measured), a table with fixed row heights does not
    (0,3 ms). One line per finding, the whole message in its tooltip.
    """

    node_chosen = Signal(str)

    def __init__(self, assessment: Assessment, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings = FindingsModel(assessment, self)
        self.setModel(self.findings)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(self.fontMetrics().height() + 8, self.iconSize().height() + 4, 22))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.activated.connect(self._chosen)
        self.clicked.connect(self._chosen)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Qt override: a few lines high; the tree gets the room."""
        return QSize(600, 96)

    def count(self) -> int:
        return self.findings.rowCount()

    def message(self, row: int) -> str:
        return self.findings.finding(row).message

    def update_keys(self, keys: Iterable[str]) -> None:
        self.findings.update(keys)

    def refresh(self) -> None:
        """Everything again (an import changed many values)."""
        self.findings.reset()

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: say so when there is nothing to find."""
        super().paintEvent(event)
        if not self.findings.rowCount():
            painter = QPainter(self.viewport())
            painter.drawText(self.viewport().rect().adjusted(8, 4, -8, -4), Qt.AlignmentFlag.AlignLeft, EMPTY)
            painter.end()

    def _chosen(self, index: QModelIndex) -> None:
        key = index.data(KEY)
        if key and key != TOTAL_KEY:
            self.node_chosen.emit(key)
