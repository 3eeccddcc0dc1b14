"""The tree's filter: search words (code or title, accents optional) and the unit that leads a row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex

from scoring import Node, fold, nodes_led_by
from scoring.model import CriteriaTree

__all__ = ["CriteriaFilter", "HiddenRows"]


class CriteriaFilter:
    """Keeps rows matching the search words and, if set, the rows the chosen unit leads.

    A matching row keeps its ancestors (the tree still reads). The unit is matched as the print
    dialog and the documents match it (``scoring.nodes_led_by``: whole unit names, several units
    per cell, a criterion's uncoded parts with it), so the window and the appendix always list
    the same criteria. The view hides the other rows (``HiddenRows``) rather than reading the
    model through a QSortFilterProxyModel, which put a Python ``index()`` call before each of the
    seven ``data()`` calls of every painted cell and asked about every row at start (a repaint
    took 1,7× as long through it, measured).
    """

    def __init__(self, tree: CriteriaTree) -> None:
        self.tree = tree
        self._words: list[str] = []
        self._unit = ""
        self._led: set[str] = set()

    @property
    def active(self) -> bool:
        return bool(self._words or self._unit)

    def set_search(self, text: str) -> None:
        self._words = fold(text).split()

    def set_unit(self, unit: str) -> None:
        self._unit = unit.strip()
        self._led = nodes_led_by(self.tree, self._unit) if self._unit else set()

    def accepts(self, node: Node) -> bool:
        """The row matches by itself (its ancestors are kept for it by ``shown``)."""
        if self._unit and node.key not in self._led:
            return False
        if not self._words:
            return True
        haystack = fold(f"{node.code} {node.title}")
        return all(word in haystack or node.code.startswith(word) for word in self._words)

    def shown(self) -> set[str] | None:
        """The keys left in the table: every match and its ancestors; None when nothing is filtered."""
        if not self.active:
            return None
        keys: set[str] = set()
        for node in self.tree:
            if self.accepts(node):
                ancestor: Node | None = node
                while ancestor is not None and ancestor.key not in keys:
                    keys.add(ancestor.key)
                    ancestor = ancestor.parent
        return keys


class HiddenRows:
    """The rows a filter hides in a tree view, each at the top-most level (its subtree goes with it)."""

    def __init__(self, view: Any, index_of: Any, tree: CriteriaTree) -> None:
        self.view = view  # a QTreeView over the criteria model
        self.index_of = index_of  # node -> its model index (column 0)
        self.tree = tree
        self.keys: set[str] = set()

    def show_only(self, shown: set[str] | None) -> None:
        """Hide every row whose key is not in ``shown``; show them all again when it is None."""
        for key in self.keys:
            self._set_hidden(self.tree.by_key[key], False)
        self.keys = set()
        if shown is None:
            return
        stack = list(self.tree.roots)
        while stack:
            node = stack.pop()
            if node.key in shown:
                stack.extend(node.children)
            else:
                self._set_hidden(node, True)
                self.keys.add(node.key)

    def hides(self, key: str) -> bool:
        """The row of ``key`` is out of sight: it or one of its ancestors is hidden."""
        node: Node | None = self.tree.by_key.get(key)
        while node is not None:
            if node.key in self.keys:
                return True
            node = node.parent
        return False

    def forget(self) -> None:
        """The model was reset: the view has let go of every hidden row."""
        self.keys = set()

    def _set_hidden(self, node: Node, hidden: bool) -> None:
        parent = self.index_of(node.parent) if node.parent is not None else QModelIndex()
        self.view.setRowHidden(node.row, parent, hidden)
