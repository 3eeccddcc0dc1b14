"""Editing one score cell: a number field or the list of levels; a refused value keeps its editor."""

from __future__ import annotations

from typing import Any, TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from scoring import RuleKind, format_number

from .tree_model import NODE_ROLE, SCENARIO_OF, Column, CriteriaModel

__all__ = ["ScoreDelegate", "row_height"]

Index: TypeAlias = QModelIndex | QPersistentModelIndex
STACKED = "ỖẶỮẪỆỘỴ"  # Vietnamese capitals carrying two marks: the tallest glyphs a row must hold
BELOW = "ỵgjpqỹ"  # marks and tails under the baseline
ROW_MARGIN = 2  # pixels kept free above and below the tallest glyph


def row_height(font: QFont) -> int:
    """A row tall enough for stacked diacritics when the text is centred vertically.

    Qt centres the font's line (ascent + descent) in the row; a capital with two marks can rise
    above the ascent, so the row grows by twice what sticks out (centring splits it evenly).
    """
    metrics = QFontMetrics(font)
    above = -metrics.tightBoundingRect(STACKED).top()  # how far the marks rise above the baseline
    below = metrics.tightBoundingRect(BELOW).bottom()
    overflow = max(0, above - metrics.ascent(), below - metrics.descent())
    return metrics.height() + 2 * overflow + 2 * ROW_MARGIN


class ScoreDelegate(QStyledItemDelegate):
    """Edits score cells. ``refused_editor`` is the editor whose value was just refused (it stays open)."""

    def __init__(self, model: CriteriaModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.criteria = model
        self.refused_editor: QWidget | None = None
        self.height = 0  # set by the view from its font

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """Qt override: never shorter than the font's stacked diacritics need."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self.height))

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        """Qt override."""
        node = index.data(NODE_ROLE)
        if node is not None and node.rule.kind is RuleKind.OPTIONS:
            combo = QComboBox(parent)
            combo.addItem("(chưa chấm)", "")
            for number, choice in enumerate(node.rule.options, start=1):
                combo.addItem(f"{format_number(choice.value(node.max))} — {choice.label}", f"#{number}")
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)  # levels read whole
            return combo
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setPlaceholderText("0,00")
        return editor

    def updateEditorGeometry(self, editor: QWidget, option: Any, index: Index) -> None:  # noqa: N802
        """Qt override: the level list is as wide as its text needs, not the narrow cell."""
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, QComboBox):
            rect = editor.geometry()
            rect.setWidth(max(rect.width(), editor.minimumSizeHint().width(), 150))
            editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        """Qt override: the raw value, or the chosen level (a refused text is left as typed)."""
        if editor is self.refused_editor:
            return
        if isinstance(editor, QComboBox):
            node = index.data(NODE_ROLE)
            scenario = SCENARIO_OF[Column(index.column())]
            option = self.criteria.assessment.entry(node.key, scenario).inputs.get("option")
            editor.setCurrentIndex(int(option) if option is not None else 0)
            return
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        """Qt override: hand the text to the model, which validates and stores it."""
        self.refused_editor = None
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            if value and not model.setData(index, value):
                self.refused_editor = editor
            return
        assert isinstance(editor, QLineEdit)
        if editor.text() != str(index.data(Qt.ItemDataRole.EditRole) or "") and not model.setData(index, editor.text()):
            self.refused_editor = editor
