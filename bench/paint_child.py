"""A process that starts a window and says when its table is first painted (for ``bench_start``).

``python -m bench.paint_child bare`` shows a bare QMainWindow holding a QTreeView;
``python -m bench.paint_child FILE`` starts the app on FILE as an officer would. Both print
``painted`` at the first paint of the table and leave at once. Nothing else is imported here, so
the two differ only by what the app itself loads.
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


def _app(path: str) -> None:
    from desktop.app import main

    app, window = main([path], exec=False)
    _wait_for_paint(app, window.view.viewport())


if __name__ == "__main__":
    _bare() if sys.argv[1] == "bare" else _app(sys.argv[1])
