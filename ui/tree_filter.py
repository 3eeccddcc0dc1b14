"""The tree's filter: search words (code or title, accents optional) and the unit that leads a row."""

from __future__ import annotations

from typing import Any, TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from scoring import fold, nodes_led_by

from .tree_model import NODE_ROLE

__all__ = ["CriteriaFilter"]

Index: TypeAlias = QModelIndex | QPersistentModelIndex


class CriteriaFilter(QSortFilterProxyModel):
    """Keeps rows matching the search words and, if set, the rows the chosen unit leads.

    A matching row keeps its ancestors visible (recursive filtering) so the tree still reads. The
    unit is matched as the print dialog and the documents match it (``scoring.nodes_led_by``: whole
    unit names, several units per cell, a criterion's uncoded parts with it), so the window and the
    appendix always list the same criteria.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._words: list[str] = []
        self._unit = ""
        self._led: set[str] = set()

    @property
    def active(self) -> bool:
        return bool(self._words or self._unit)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def set_unit(self, unit: str) -> None:
        self.beginFilterChange()
        self._unit = unit.strip()
        tree = self.sourceModel().tree  # type: ignore[attr-defined]  # a CriteriaModel
        self._led = nodes_led_by(tree, self._unit) if self._unit else set()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        """Qt override (called for every row when the view is first shown: no filter costs nothing)."""
        if not self._unit and not self._words:
            return True
        node = self.sourceModel().index(row, 0, parent).data(NODE_ROLE)
        if node is None:
            return False
        if self._unit and node.key not in self._led:
            return False
        if not self._words:
            return True
        haystack = fold(f"{node.code} {node.title}")
        return all(word in haystack or node.code.startswith(word) for word in self._words)
