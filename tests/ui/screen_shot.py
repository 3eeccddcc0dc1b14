"""Run by test_screens in a fresh process (scaling is fixed at start): the real app on a screen of a
given size, a screenshot of the whole window, and what a person would check, printed as JSON.

``python -m tests.ui.screen_shot OUT.png WIDTH HEIGHT`` with ``QT_SCALE_FACTOR`` set or not.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _screen_config(width: int, height: int) -> str:
    config = {"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}]}
    path = Path(tempfile.mkdtemp()) / "screen.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return str(path)


def main(out: str, width: int, height: int) -> dict[str, object]:
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_config(width, height)}"
    os.environ["PARDESK_DATA_DIR"] = tempfile.mkdtemp()
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication([])
    import desktop.app
    from desktop.demo import write_demo
    from ui.tree_model import Column

    demo = write_demo(Path(tempfile.mkdtemp()) / "PAR-Desk-mau.sqlite")
    _app, window = desktop.app.main([str(demo)], exec=False)
    window.view.expandToDepth(0)
    window.select_key("3.2.1")
    window.model.setData(window.model.index_for_key("1.1", Column.ACTUAL), "1,25")
    for _ in range(5):
        app.processEvents()
    window.view.scrollToTop()  # the lĩnh vực rows in capitals at the top, the chosen 3.2.1 below them
    app.processEvents()
    window.grab().save(out)
    checks = _checks(window, app)
    checks["outside_on"] = _pages_pushing_out(window, app)
    return checks


def _pages_pushing_out(window, app) -> list[str]:
    """The tabs and side tabs that, once opened, grow the window past the screen (their minimum
    sizes are the window's from then on)."""
    area = app.primaryScreen().availableGeometry()
    outside = []
    for tabs in (window.tabs, window.side):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            for _ in range(5):
                app.processEvents()
            if not area.contains(window.frameGeometry()):
                outside.append(tabs.tabText(index))
    window.tabs.setCurrentIndex(0)
    window.side.setCurrentIndex(0)
    return outside


def _checks(window, app) -> dict[str, object]:
    area = app.primaryScreen().availableGeometry()
    frame = window.frameGeometry()
    toolbar = window.findChildren(type(window.addToolBar("probe")))
    hidden = [
        a.text()
        for bar in toolbar
        for a in bar.actions()
        if a.text()
        and not a.isSeparator()
        and bar.widgetForAction(a) is not None
        and not bar.widgetForAction(a).isVisible()
    ]
    view = window.view
    return {
        "screen": [area.width(), area.height()],
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "inside": area.contains(frame),
        "side_visible": window.side.isVisible() and window.side.width() >= 300,
        "status_visible": window.statusBar().isVisible() and window.statusBar().geometry().bottom() < window.height(),
        "summary_visible": window.summary.isVisible() and window.summary.width() > 300,
        "toolbar_hidden": hidden,
        "row_height": view.rowHeight(view.model().index(0, 0)),
        "font_height": view.fontMetrics().height(),
    }


if __name__ == "__main__":
    result = main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(result))
