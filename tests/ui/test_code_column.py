"""The STT column shows every code whole, on rows with a warning icon too ("2.1.1", not "2....")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from ui.tree_model import Column


def _shown_code(view, index) -> str:
    """The code as the delegate would paint it in the cell's text rectangle (elided or not)."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)  # the view's icon size, as painting gets it
    view.delegate.initStyleOption(option, index)
    option.rect = view.visualRect(index)
    text = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight, text.width() - 2 * margin)


def test_codes_with_a_warning_icon_are_shown_whole_at_the_default_width(qtbot, window):
    view, model = window.view, window.model
    for key in ("2.1.1", "2.2.1", "3.2.1"):  # a score without evidence: a warning icon on the row
        model.setData(model.index_for_key(key, Column.ACTUAL), "0,5")
    view.expandAll()
    iconned = []
    for node in model.tree:
        index = model.index_for_key(node.key, Column.CODE)
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            iconned.append(node.code)
        assert _shown_code(view, index) == (node.code or "–"), node.key
    assert "2.1.1" in iconned


def test_a_long_title_is_painted_elided_with_an_ellipsis_not_cut(qtbot, window):
    """Headless, the table once cut titles mid-word without "…": a title cell is painted on one
    line (no wrapping into a row one line tall) and elided at its right, so the end says "…"."""
    view, model = window.view, window.model
    index = model.index_for_key("1.2", Column.TITLE)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    view.delegate.initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideRight
    assert not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText
    shown = _shown_code(view, index)  # the title as painted at the column's width
    assert shown != option.text and shown.endswith("…") and option.text.startswith(shown[:-1])
