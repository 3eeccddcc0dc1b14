"""The criteria tree view: spreadsheet-like editing (type, Enter/Tab, Esc), paste, filter and search."""

from __future__ import annotations

import unicodedata
from typing import Any, TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QToolTip,
    QTreeView,
    QWidget,
)

from scoring import RuleKind, format_number

from .tree_model import NODE_ROLE, SCENARIO_OF, Column, CriteriaModel

__all__ = ["CriteriaFilter", "CriteriaView", "ScoreDelegate", "fold"]

Index: TypeAlias = QModelIndex | QPersistentModelIndex
SUBMIT = QAbstractItemDelegate.EndEditHint.SubmitModelCache
NO_HINT = QAbstractItemDelegate.EndEditHint.NoHint


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics, so "tai chinh" finds "Tài chính"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


class CriteriaFilter(QSortFilterProxyModel):
    """Keeps rows matching the search words (code or title) and, if set, the unit that leads them.

    A matching row keeps its ancestors visible (recursive filtering) so the tree still reads.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._words: list[str] = []
        self._unit = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def set_unit(self, unit: str) -> None:
        self.beginFilterChange()
        self._unit = fold(unit.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        """Qt override."""
        index = self.sourceModel().index(row, 0, parent)
        node = index.data(NODE_ROLE)
        if node is None:
            return False
        if self._unit and self._unit not in fold(node.lead):
            return False
        if not self._words:
            return True
        haystack = fold(f"{node.code} {node.title}")
        return all(word in haystack or node.code.startswith(word) for word in self._words)


class ScoreDelegate(QStyledItemDelegate):
    """Edits score cells: a number field, or the list of levels for an option rule."""

    def __init__(self, model: CriteriaModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.criteria = model

    def _node(self, index: Index) -> Any:
        return index.data(NODE_ROLE)

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        """Qt override."""
        node = self._node(index)
        if node is not None and node.rule.kind is RuleKind.OPTIONS:
            combo = QComboBox(parent)
            combo.addItem("(chưa chấm)", "")
            for number, choice in enumerate(node.rule.options, start=1):
                points = format_number(choice.value(node.max))
                combo.addItem(f"{points} — {choice.label}", f"#{number}")
            return combo
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setPlaceholderText("0,00")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        """Qt override: the raw value, or the chosen level."""
        if isinstance(editor, QComboBox):
            node = self._node(index)
            scenario = SCENARIO_OF[Column(index.column())]
            option = self.criteria.assessment.entry(node.key, scenario).inputs.get("option")
            editor.setCurrentIndex(int(option) if option is not None else 0)
            return
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        """Qt override: hand the text to the model, which validates and stores it."""
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            if value:
                model.setData(index, value)
            return
        assert isinstance(editor, QLineEdit)
        if editor.text() != str(index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, editor.text())


class CriteriaView(QTreeView):
    """A QTreeView that behaves like a spreadsheet column: Enter moves down, Tab moves right."""

    def __init__(self, model: CriteriaModel, proxy: CriteriaFilter, parent: Any = None) -> None:
        super().__init__(parent)
        self.criteria = model
        self.proxy = proxy
        self.setModel(proxy)
        self.setUniformRowHeights(True)  # 3–7× cheaper edits (measured)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setItemDelegate(ScoreDelegate(model, self))
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setIndentation(14)
        widths = {Column.CODE: 112, Column.TITLE: 400, Column.LEAD: 150, Column.EVIDENCE: 82}
        for column in Column:
            self.setColumnWidth(column, widths.get(column, 86))
        self.setColumnHidden(Column.APPRAISED, True)

    def source_index(self, index: Index) -> QModelIndex:
        return self.proxy.mapToSource(index)

    def view_index(self, source: QModelIndex) -> QModelIndex:
        return self.proxy.mapFromSource(source)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """Qt override: Enter commits and moves to the next row, as in a spreadsheet."""
        super().closeEditor(editor, NO_HINT if hint == SUBMIT else hint)
        if hint == SUBMIT:
            current = self.currentIndex()
            below = self.indexBelow(current)
            if below.isValid():
                self.setCurrentIndex(below.siblingAtColumn(current.column()))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: Ctrl+V pastes a column of numbers copied from Excel."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_column(QGuiApplication.clipboard().text())
            return
        super().keyPressEvent(event)

    def paste_column(self, text: str) -> tuple[int, list[str]]:
        """Fill editable cells downwards from the current one; returns (filled, refusals)."""
        values = [line.split("\t")[0].strip() for line in text.splitlines() if line.strip()]
        index = self.currentIndex()
        column = index.column()
        if not values or Column(column) not in SCENARIO_OF:
            return 0, []
        filled, refusals = 0, []
        messages: list[str] = []
        self.criteria.refused.connect(messages.append)
        stack = getattr(self.window(), "undo_stack", None)
        if stack is not None:
            stack.beginMacro("Dán cột số")
        try:
            for value in values:
                while index.isValid() and not (index.flags() & Qt.ItemFlag.ItemIsEditable):
                    index = self.indexBelow(index).siblingAtColumn(column)
                if not index.isValid():
                    break
                if self.model().setData(index, value):
                    filled += 1
                else:
                    refusals.extend(messages[-1:])
                index = self.indexBelow(index).siblingAtColumn(column)
        finally:
            if stack is not None:
                stack.endMacro()
            self.criteria.refused.disconnect(messages.append)
        return filled, refusals

    def show_refusal(self, message: str) -> None:
        """Show why an edit was refused next to the current cell."""
        rect = self.visualRect(self.currentIndex())
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect, 8000)
