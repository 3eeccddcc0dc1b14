"""The criteria tree view: keys as a spreadsheet has them, copy and paste, filter that keeps the tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeySequence, QRegion
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeView,
    QWidget,
)

from scoring import SCENARIO_LABELS

from .rich import plain
from .score_delegate import ScoreDelegate, row_height
from .tree_filter import CriteriaFilter, HiddenRows
from .tree_model import KEY_ROLE, NODE_ROLE, SCENARIO_OF, Column, CriteriaModel

__all__ = ["CriteriaFilter", "CriteriaView"]


def _same_number(pasted: str, shown: str) -> bool:
    """A pasted total that says what the row shows ("2" on a row showing "2,00")."""
    from scoring import Refusal
    from scoring.numbers import parse_number

    try:
        return bool(shown) and parse_number(pasted) == parse_number(shown)
    except Refusal:
        return False


Index: TypeAlias = QModelIndex | QPersistentModelIndex
Hint = QAbstractItemDelegate.EndEditHint
KEEP_OPEN = (Hint.SubmitModelCache, Hint.EditNextItem, Hint.EditPreviousItem)
Move = QAbstractItemView.CursorAction
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CLEAR = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
SCORE_COLUMNS = tuple(SCENARIO_OF)


class CriteriaView(QTreeView):
    """A QTreeView that edits like a spreadsheet.

    Enter/Shift+Enter move down/up, Tab/Shift+Tab right/left over the score columns (wrapping to
    the next row), F2 edits, Delete clears the selected cells (one undo step), Ctrl+C copies them as
    tab-separated text, Ctrl+V pastes a column or a block. Typing edits only the current cell; on
    a cell that cannot be typed in it says why (``told``), or for a rule with inputs asks for
    them (``inputs_wanted(key, scenario)``).
    """

    told = Signal(str)  # why the key did nothing here: shown at the cell
    informed = Signal(str)  # what was done (cells cleared): the status bar
    withdrawn = Signal(str)  # a refusal shown at the cell is gone: the status bar forgets it too
    inputs_wanted = Signal(str, object)

    def __init__(self, model: CriteriaModel, tree_filter: CriteriaFilter, parent: Any = None) -> None:
        super().__init__(parent)
        self.refusal = plain(QLabel(self.viewport()))
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("background: #fde2e1; color: #8c1d18; border: 1px solid #b3261e; padding: 3px;")
        self.refusal.hide()
        self.criteria = model
        self.tree_filter = tree_filter
        self.hidden = HiddenRows(self, model.index_of, model.tree)
        self.setModel(model)
        self.setTabKeyNavigation(True)  # Tab moves between cells, as in a spreadsheet
        self.setUniformRowHeights(True)  # 3–7× cheaper edits (measured); the delegate sets the height
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.delegate = ScoreDelegate(model, self)
        self.delegate.height = row_height(self.font())
        self.setItemDelegate(self.delegate)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setIndentation(14)
        widths = {Column.CODE: self.code_width(), Column.TITLE: 380, Column.LEAD: 150, Column.EVIDENCE: 82}
        for column in Column:
            self.setColumnWidth(column, widths.get(column, 84))
        self.setColumnHidden(Column.APPRAISED, True)
        self._expanded: set[str] | None = None  # keys expanded before a filter was applied
        # the cell a filter hid (key, column) and where it put the cursor instead
        self._displaced: tuple[str, int, str | None] | None = None
        self._closing_editor = False  # the focus coming back is our own editor's, not the officer's

    def code_width(self) -> int:
        """The STT column fits the deepest, longest code beside a warning icon ("2.1.1" was "2....")."""
        metrics = self.fontMetrics()
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 8  # the icon and its spacing
        step = self.indentation()
        codes = ((node.depth + 1) * step + metrics.horizontalAdvance(node.code or "–") for node in self.criteria.tree)
        widest = max(codes, default=0)
        return max(100, widest + icon + 16)  # the cell's margins and the focus frame

    # ------------------------------------------------------------ indexes

    def source_index(self, index: Index) -> QModelIndex:
        """The model's index of a view index: the same (the filter hides rows, no proxy between)."""
        if isinstance(index, QModelIndex):
            return index
        return self.criteria.index(index.row(), index.column(), index.parent())

    def view_index(self, source: QModelIndex) -> QModelIndex:
        return source

    def is_key_shown(self, key: str) -> bool:
        """The row is left by the filter (it may still be collapsed under its parent)."""
        return key in self.criteria.tree.by_key and not self.hidden.hides(key)

    def reset(self) -> None:
        """Qt override: a model reset forgets hidden rows; the window applies its filter again."""
        super().reset()
        self.hidden.forget()

    def current_key(self) -> str | None:
        node = self.currentIndex().data(NODE_ROLE)
        return node.key if node is not None else None

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: the title column takes the room the others leave (never under 240 px)."""
        super().resizeEvent(event)
        others = sum(self.columnWidth(c) for c in Column if c is not Column.TITLE and not self.isColumnHidden(c))
        self.setColumnWidth(Column.TITLE, max(240, self.viewport().width() - others))

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        """Qt override: a cell editor shown or hidden asks the viewport for a layout, and Qt's scroll
        area answers by laying out its scroll bars again, raising and so repainting both (twice a
        typed value, measured); the viewport has no layout and its children (the editor, the
        refusal) never change where the scroll bars go."""
        if event.type() == QEvent.Type.LayoutRequest:
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Qt override: a new font (or scaling) gives a new row height."""
        if event.type() == QEvent.Type.FontChange:
            self.delegate.height = row_height(self.font())
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)

    # ------------------------------------------------------------ moving

    def _visible_score_columns(self) -> list[int]:
        return [int(c) for c in SCORE_COLUMNS if not self.isColumnHidden(c)]

    def moveCursor(self, action: Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        """Qt override: Tab and Shift+Tab move along the row's score cells, then to the next row."""
        current = self.currentIndex()
        if action not in (Move.MoveNext, Move.MovePrevious) or not current.isValid():
            return super().moveCursor(action, modifiers)
        columns = self._visible_score_columns()
        forward = action is Move.MoveNext
        if current.column() in columns:
            position = columns.index(current.column()) + (1 if forward else -1)
        else:
            position = 0 if forward else len(columns)
        if 0 <= position < len(columns):
            return current.siblingAtColumn(columns[position])
        row = self.indexBelow(current) if forward else self.indexAbove(current)
        if not row.isValid():
            return current
        return row.siblingAtColumn(columns[0] if forward else columns[-1])

    def _step(self, down: bool) -> None:
        current = self.currentIndex()
        target = self.indexBelow(current) if down else self.indexAbove(current)
        if target.isValid():
            self.setCurrentIndex(target.siblingAtColumn(current.column()))

    def closeEditor(self, editor: QWidget, hint: Hint) -> None:  # noqa: N802
        """Qt override: a refused value keeps its editor open with the reason; else commit and move."""
        refused = editor is self.delegate.refused_editor
        if refused and hint in KEEP_OPEN:
            self.show_refusal(self.criteria.last_refusal)
            editor.setFocus()
            return
        self.delegate.refused_editor = None
        if not refused or hint is Hint.RevertModelCache:
            self.withdraw_refusal()
        where = editor.geometry()
        self._closing_editor = True
        try:
            super().closeEditor(editor, Hint.NoHint)
        finally:
            self._closing_editor = False
        current = self.currentIndex()
        if hint is Hint.SubmitModelCache:
            target = self.indexBelow(current).siblingAtColumn(current.column())
        elif hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            action = Move.MoveNext if hint is Hint.EditNextItem else Move.MovePrevious
            target = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        else:
            return
        if target.isValid():
            self._settle_before_scroll(target, where)
            self.setCurrentIndex(target)

    def _settle_before_scroll(self, target: QModelIndex, hidden: QRect) -> None:
        """Paint where the editor was before moving to a cell out of sight.

        The editor just hidden leaves its area invalid in the window's buffer, and Qt refuses to
        scroll an invalid buffer ("junk"), repainting the whole table instead (10 ms a keystroke
        at the bottom edge, measured); painted first, the scroll moves pixels and paints one row.
        """
        if not self.viewport().rect().contains(self.visualRect(target)):
            self.viewport().repaint(hidden)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Qt override: focus back from the cell's own editor repaints that cell, not the table.

        Qt's item view and QWidget both repaint the whole viewport on every focus change (10 ms of
        each typed value here, measured); the only thing focus changes in a cell is the current
        cell's focus mark, and the frame's look in styles that mark a focused frame.
        """
        if self._closing_editor:
            self._focus_moved()
        else:
            super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Qt override: focus leaving for the cell's editor (the officer typed): that cell only."""
        focus = QApplication.focusWidget()
        if focus is not None and self.viewport().isAncestorOf(focus):
            self._focus_moved()
        else:
            super().focusOutEvent(event)

    def _focus_moved(self) -> None:
        """What Qt's focus handlers do, less the whole-viewport repaint."""
        current = self.currentIndex()
        # as QAbstractItemView::focusInEvent: input methods only where the cell's flags are exactly editable
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, current.flags() == Qt.ItemFlag.ItemIsEditable)
        # the frame alone; QWidget's update by name: QAbstractItemView's overloads (a model index)
        # made PySide6 6.10 crash on a region
        QWidget.update(self, QRegion(self.rect()).subtracted(QRegion(self.contentsRect())))
        if current.isValid():
            self.viewport().update(self.visualRect(current))

    def currentChanged(self, current: Index, previous: Index) -> None:  # noqa: N802
        """Qt override: a message at the old cell goes when the cursor leaves it (an open editor keeps it)."""
        super().currentChanged(current, previous)
        if self.state() != QAbstractItemView.State.EditingState:
            self.withdraw_refusal()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Qt override: no type-ahead; a typed number must never jump to another criterion."""

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Qt override: the spreadsheet keys (see the class)."""
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.copy_text())
        elif key in ENTER and self.state() != QAbstractItemView.State.EditingState:
            self._step(down=not shift)
        elif key in CLEAR and not (mods & ~Qt.KeyboardModifier.KeypadModifier):
            self.clear_selected()
        elif self._typed(event) and not self._can_type_here():
            self._explain_current()
        else:
            super().keyPressEvent(event)

    @staticmethod
    def _typed(event: Any) -> bool:
        text = event.text()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        return bool(text) and text.isprintable() and plain

    def _can_type_here(self) -> bool:
        return bool(self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable)

    def _explain_current(self) -> None:
        """Typing where no score can be typed: say why, or open the inputs the score comes from."""
        current = self.currentIndex()
        node = current.data(NODE_ROLE)
        if node is None:
            return
        scenario = SCENARIO_OF.get(Column(current.column()))
        if scenario is None:
            self.told.emit("Chọn một ô điểm (Năm trước, Tự đánh giá, Mục tiêu) để nhập điểm.")
            return
        where = f"Tiêu chí {node.label} ({SCENARIO_LABELS[scenario]})"
        if node.children:
            self.told.emit(f"{where}: điểm được cộng tự động từ các tiêu chí con, không nhập trực tiếp.")
        elif node.key in self.criteria.assessment.excluded:
            self.told.emit(f"{where}: tiêu chí không áp dụng, không chấm điểm.")
        else:
            self.told.emit(f"{where}: điểm tính từ số liệu; nhập số liệu ở khung Chi tiết.")
            self.inputs_wanted.emit(node.key, scenario)

    # ------------------------------------------------------------ cells

    def _selected_cells(self) -> list[QModelIndex]:
        cells = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        cells = [c for c in cells if c.isValid()]
        return sorted(cells, key=lambda c: (self.visualRect(c.siblingAtColumn(0)).top(), c.column()))

    def copy_text(self) -> str:
        """The selected cells as tab-separated lines (one per row), as spreadsheets paste them."""
        rows: dict[int, list[str]] = {}
        for cell in self._selected_cells():
            rows.setdefault(self.visualRect(cell.siblingAtColumn(0)).top(), []).append(str(cell.data() or ""))
        return "\n".join("\t".join(values) for _top, values in sorted(rows.items()))

    def _as_one_step(self, name: str, work: Callable[[], Any]) -> Any:
        stack = getattr(self.window(), "undo_stack", None)
        if stack is not None:
            stack.beginMacro(name)
        try:
            return work()
        finally:
            if stack is not None:
                stack.endMacro()

    def clear_selected(self) -> int:
        """Clear every selected score cell that can be typed in (one undo step); returns how many."""
        cells = [c for c in self._selected_cells() if c.flags() & Qt.ItemFlag.ItemIsEditable and c.data()]
        if not cells:
            if not self._can_type_here():
                self._explain_current()
            return 0
        persistent = [QPersistentModelIndex(c) for c in cells]
        done = self._as_one_step("Xóa ô", lambda: sum(1 for c in persistent if self.model().setData(c, "")))
        self.informed.emit(f"Đã xóa {done} ô.")
        return int(done)

    def paste(self, text: str) -> tuple[int, list[str]]:
        """Fill cells from the current one as a spreadsheet does: each line into the next row shown,
        tabs to the right. A blank line leaves its row as it is; a row that takes no typed score
        (a parent's total, a computed cell) takes its line too, refused when the line says another
        value than the row shows, so no value ever slides onto the criterion below. A paste that
        would cross a collapsed row with children is refused whole: its lines would meet rows
        hidden from the officer (a copied table lists every criterion)."""
        lines = text.replace("\r\n", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()  # the line end a spreadsheet puts after the last row
        start = self.currentIndex()
        columns = self._visible_score_columns()
        if not lines or start.column() not in columns:
            return 0, []
        across = columns[columns.index(start.column()) :]
        rows = self._rows_from(start, len(lines))
        folded = next((r for r in rows[:-1] if self.criteria.hasChildren(r) and not self.isExpanded(r)), None)
        if folded is not None:  # said at the cell, as a refused keystroke is
            code = folded.siblingAtColumn(Column.CODE).data()
            self.told.emit(
                f"Chưa dán: dòng {code} đang thu gọn, các dòng dán sẽ không vào đúng tiêu chí con của nó. "
                "Hãy mở rộng (Xem → Mở rộng tất cả) rồi dán lại."
            )
            return 0, []
        persistent = [QPersistentModelIndex(r) for r in rows]
        return self._as_one_step("Dán", lambda: self._fill(persistent, across, lines))

    def _rows_from(self, start: QModelIndex, count: int) -> list[QModelIndex]:
        """``count`` rows shown from ``start`` down (fewer at the end of the table)."""
        rows: list[QModelIndex] = []
        index = start.siblingAtColumn(0)
        while index.isValid() and len(rows) < count:
            rows.append(index)
            index = self.indexBelow(index)
        return rows

    def _fill(self, rows: list[QPersistentModelIndex], across: list[int], lines: list[str]) -> tuple[int, list[str]]:
        filled, refusals = 0, []
        for row, line in zip(rows, lines, strict=False):
            for column, typed in zip(across, line.split("\t"), strict=False):
                value = typed.strip()
                cell = self.criteria.index(row.row(), column, row.parent())
                if not value:
                    continue  # a blank cell of the copied table: this one is left as it is
                if not cell.flags() & Qt.ItemFlag.ItemIsEditable:
                    if not _same_number(value, str(cell.data() or "")):
                        refusals.append(f"ô {cell.siblingAtColumn(Column.CODE).data()} không nhập được điểm")
                elif self.model().setData(cell, value):
                    filled += 1
                else:
                    refusals.append(self.criteria.last_refusal)
        if len(lines) > len(rows):
            refusals.append(f"{len(lines) - len(rows)} dòng cuối không dán: hết bảng")
        return filled, refusals

    def paste_column(self, text: str) -> tuple[int, list[str]]:
        """A column copied from Excel (only its first cell of each line)."""
        return self.paste("\n".join(line.split("\t")[0] for line in text.splitlines()))

    def withdraw_refusal(self) -> None:
        """The message at the cell goes (Esc, the cursor moved on, an accepted value); ``withdrawn``
        says which, so the status bar drops it too."""
        if not self.refusal.isHidden():
            self.refusal.hide()
            self.withdrawn.emit(self.refusal.text())

    def show_refusal(self, message: str) -> None:
        """Show why an edit was refused under the current cell, until the next accepted edit or Esc."""
        rect = self.visualRect(self.currentIndex())
        width = max(260, min(self.viewport().width() - 8, 480))
        self.refusal.setText(message)
        self.refusal.setFixedWidth(width)
        self.refusal.adjustSize()
        x = max(0, min(rect.left(), self.viewport().width() - width))
        y = rect.bottom() + 2
        if y + self.refusal.height() > self.viewport().height():
            y = max(0, rect.top() - self.refusal.height() - 2)
        self.refusal.move(x, y)
        self.refusal.show()
        self.refusal.raise_()

    # ------------------------------------------------------------ filtering

    def filter_changing(self) -> None:
        """Before the filter changes: remember what the officer had expanded."""
        if not self.tree_filter.active and self._expanded is None:
            self._expanded = self.expanded_keys()

    def filter_changed(self) -> None:
        """After: a filter shows every match; cleared, the tree is as it was, the current row in sight.
        A current row the filter hides gives the cursor to its nearest shown ancestor (or none)."""
        self.withdraw_refusal()
        self.hidden.show_only(self.tree_filter.shown())
        current = self.currentIndex()
        if current.isValid() and self.hidden.hides(current.data(KEY_ROLE)):
            ancestor = current.parent()
            while ancestor.isValid() and self.hidden.hides(ancestor.data(KEY_ROLE)):
                ancestor = ancestor.parent()
            self.setCurrentIndex(ancestor.siblingAtColumn(current.column()) if ancestor.isValid() else QModelIndex())
            if self._displaced is None:  # the officer's own cell, given back when the filter is cleared
                self._displaced = (current.data(KEY_ROLE), current.column(), self.current_key())
            elif self._displaced[2] == current.data(KEY_ROLE):  # where we had put it is hidden in turn
                self._displaced = (*self._displaced[:2], self.current_key())
        if self.tree_filter.active:
            self.expandAll()
            return
        keys, self._expanded = self._expanded or set(), None
        self.collapseAll()  # rows that stayed visible kept the filter's expansion
        for key in keys:
            self.setExpanded(self.view_index(self.criteria.index_for_key(key)), True)
        displaced, self._displaced = self._displaced, None
        if displaced is not None and self.current_key() == displaced[2]:  # not moved by her meanwhile
            self.setCurrentIndex(self.view_index(self.criteria.index_for_key(displaced[0], displaced[1])))
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def expanded_keys(self) -> set[str]:
        return {node.key for node in self.criteria.tree if node.children and self.is_key_expanded(node.key)}

    def is_key_expanded(self, key: str) -> bool:
        return self.isExpanded(self.view_index(self.criteria.index_for_key(key)))
