"""A typed value repaints what it changed: its cells and its ancestors', never the whole table.

Counted, not timed: every paint of the table's viewport and of the scroll bars while an officer
types a value and presses Enter in the real window, through the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollBar

from scoring import Scenario
from ui.tree_model import Column


class Paints(QObject):
    """Paint events by widget: the table's viewport regions, and which scroll bars."""

    def __init__(self, window) -> None:
        super().__init__()
        self.viewport = window.view.viewport()
        self.table: list = []
        self.scroll_bars: list = []
        for widget in QApplication.allWidgets():
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            if watched is self.viewport:
                self.table.append(event.region())
            elif isinstance(watched, QScrollBar):
                self.scroll_bars.append(watched)
        return False

    def area(self) -> int:
        return sum(r.width() * r.height() for region in self.table for r in region)


def _type_value(qtbot, window, key: str, text: str, *, centred: bool) -> Paints:
    view = window.view
    window.select_key(key)
    index = view.view_index(window.model.index_for_key(key, Column.ACTUAL))
    view.setCurrentIndex(index)
    hint = QAbstractItemView.ScrollHint.PositionAtCenter if centred else QAbstractItemView.ScrollHint.PositionAtBottom
    view.scrollTo(index, hint)
    view.setFocus()
    qtbot.wait(20)  # every paint of the set-up done
    paints = Paints(window)
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.node is not None and window.detail.node.key != key)
    qtbot.wait(20)
    return paints


def test_a_value_typed_mid_table_paints_cells_not_the_table(qtbot, window):
    window.view.expandAll()
    paints = _type_value(qtbot, window, "2.1.1", "0,5", centred=True)
    assert window.service.assessment.entry("2.1.1", Scenario.ACTUAL).value is not None
    viewport = window.view.viewport().rect()
    full = viewport.width() * viewport.height()
    assert paints.table, "the edited cell was repainted"
    assert all(region.boundingRect() != viewport for region in paints.table)
    assert paints.area() < full // 4  # the cells, their ancestors' and the cursor's: a few rows at most
    table_bars = {window.view.horizontalScrollBar(), window.view.verticalScrollBar()}
    assert not table_bars & set(paints.scroll_bars)  # nothing scrolled: the table's bars are left alone


def test_enter_at_the_bottom_edge_scrolls_by_moving_pixels(qtbot, window):
    """Qt repaints the whole table when it scrolls over a just-closed editor; the view paints
    the editor's cell first so that the scroll moves pixels and paints one new row."""
    window.view.expandAll()
    paints = _type_value(qtbot, window, "2.1.1", "0,5", centred=False)
    viewport = window.view.viewport().rect()
    assert all(region.boundingRect() != viewport for region in paints.table)
    assert paints.area() < viewport.width() * viewport.height() // 4
    assert window.view.horizontalScrollBar() not in paints.scroll_bars


def test_the_side_panel_follows_the_cursor_after_the_table(qtbot, window):
    window.view.expandAll()
    _type_value(qtbot, window, "2.1.1", "0,5", centred=True)
    below = window.view.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    assert window.detail.node is below  # caught up once the event loop turned


def test_the_undo_button_names_its_step_when_hovered(qtbot, window):
    """The name is read when the tooltip shows: set on every edit, it relaid the tool bar out."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolBar

    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1")
    bar = window.findChild(QToolBar, "tools")
    button = bar.widgetForAction(window.actions_["undo"])
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), button.mapToGlobal(QPoint(2, 2))))
    assert button.toolTip() == window.undo_stack.undoText() and "1.1" in button.toolTip()
