"""A process that starts a window and says when its table is first painted (for ``bench_start``).

``python -m bench.paint_child bare`` shows a bare QMainWindow holding a QTreeView;
``python -m bench.paint_child floor`` the widgets the app's window is made of, around a Python
model of the demo's size, with no code of the app; ``python -m bench.paint_child FILE`` starts the
app on FILE as an officer would. Each prints ``painted`` at the first paint of the table and leaves
at once. Nothing else is imported here, so they differ only by what each window itself loads.
"""

from __future__ import annotations

import os
import sys
from typing import Any

PAINTED = "painted"


def _wait_for_paint(app: Any, widget: Any) -> None:
    """Process events until ``widget`` has been painted, then say so and leave at once."""
    from PySide6.QtCore import QEvent, QObject

    class Filter(QObject):
        painted = False

        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                Filter.painted = True
            return False

    watcher = Filter()
    widget.installEventFilter(watcher)
    while not Filter.painted:
        app.processEvents()
    print(PAINTED, flush=True)
    os._exit(0)  # the figure is the start; tearing Qt down is not part of it


def _bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication([])
    window = QMainWindow()
    view = QTreeView()
    window.setCentralWidget(view)
    window.show()
    _wait_for_paint(app, view.viewport())


def _floor_model(rows: int, columns: int) -> Any:
    """A table model in Python as any is written: text, alignment, header and flags by role."""
    from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

    top = QModelIndex()

    class Model(QAbstractItemModel):
        def rowCount(self, parent: Any = top) -> int:  # noqa: N802 - Qt override
            return 0 if parent.isValid() else rows

        def columnCount(self, parent: Any = top) -> int:  # noqa: N802 - Qt override
            return columns

        def index(self, row: int, column: int, parent: Any = top) -> Any:
            return self.createIndex(row, column)

        def parent(self, index: Any = None) -> Any:
            return QModelIndex()

        def data(self, index: Any, role: int = 0) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{index.row()}.{index.column()} Tiêu chí thành phần"
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 1:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None

        def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:  # noqa: N802
            return f"Cột {section}" if role == Qt.ItemDataRole.DisplayRole else None

        def flags(self, index: Any) -> Any:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    return Model()


def _floor_side() -> Any:
    """Tabs around a scrolled panel of wrapping labels, a line and four text fields."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QFormLayout,
        QGroupBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QScrollArea,
        QTabWidget,
        QVBoxLayout,
        QWidget,
    )

    body = QWidget()
    layout = QVBoxLayout(body)
    for text in ("Tiêu chí", "Cách tính", "Căn cứ"):
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
    layout.addWidget(QLineEdit())
    box = QGroupBox("Nội dung")
    form = QFormLayout(box)
    for text in ("Nhiệm vụ", "Thời gian", "Giải trình", "Ghi chú"):
        form.addRow(text, QPlainTextEdit())
    layout.addWidget(box)
    panel = QScrollArea()
    panel.setWidget(body)
    panel.setWidgetResizable(True)
    side = QTabWidget()
    side.addTab(panel, "Chi tiết")
    side.addTab(QWidget(), "Minh chứng")
    return side


def _floor() -> None:
    """What any PySide6 window like the app's costs before its first paint, with no code of the app:
    a Python model of the demo's size (119 rows, 8 columns) in a tree view, a side panel, a dock
    with a table, a menu, a toolbar with a search box and a list, at the app's size. The bare
    window reads no Qt enum; this one, as any that sets an alignment or a policy, makes Python
    create the 94 enums of Qt's namespace (36–40 ms here) and those of every widget class it uses."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QDockWidget,
        QLineEdit,
        QMainWindow,
        QSplitter,
        QStyledItemDelegate,
        QTableView,
        QTabWidget,
        QToolBar,
        QTreeView,
        QWidget,
    )

    app = QApplication([])
    window = QMainWindow()
    view = QTreeView()
    view.setModel(_floor_model(119, 8))
    view.setItemDelegate(QStyledItemDelegate(view))
    tabs = QTabWidget()
    tabs.addTab(view, "Bảng tiêu chí")
    tabs.addTab(QWidget(), "Tổng quan")
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(tabs)
    splitter.addWidget(_floor_side())
    window.setCentralWidget(splitter)
    dock = QDockWidget("Phát hiện", window)
    dock.setWidget(QTableView())
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    menu = window.menuBar().addMenu("&Tệp")
    bar = QToolBar("Công cụ")
    for number in range(20):
        action = QAction(f"Việc {number}", window)
        action.setShortcut(QKeySequence(f"Ctrl+{number % 10}"))
        menu.addAction(action)
        if number < 8:
            bar.addAction(action)
    bar.addWidget(QLineEdit())
    bar.addWidget(QComboBox())
    window.addToolBar(bar)
    window.statusBar().showMessage("Sẵn sàng")
    window.resize(784, 760)  # the app's window on this screen
    window.show()
    _wait_for_paint(app, view.viewport())


def _app(path: str) -> None:
    from desktop.app import main

    app, window = main([path], exec=False)
    _wait_for_paint(app, window.view.viewport())


if __name__ == "__main__":
    {"bare": _bare, "floor": _floor}.get(sys.argv[1], lambda: _app(sys.argv[1]))()
