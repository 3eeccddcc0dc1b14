"""A typed value through the real main window, against one durable SQLite commit on the same disk.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_typing [NODES ...]`` (default 460 20000).

The window is the app's own (``desktop.app.main``: the real services, findings panel, summary).
One sample: the cursor is put on a self-assessment cell (not timed), then the keys ``0,5`` (or
``0,25``) and Enter go to the focused widget as an officer's would, and the clock stops when Qt
has painted the frame that shows the new value (the file holds it by then: the commit comes
first, and is checked after). Beside it, "window idle again": until every update the window left
for later (the side panel following the cursor) is done and painted too. The anchor is one INSERT
committed with the file's own journal mode and ``synchronous`` setting in a file beside it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from decimal import Decimal
from itertools import cycle
from pathlib import Path
from typing import Any

from bench.big_file import write_big_file
from bench.measure import Figure, machine, paired, ratio, seconds

RUNS = {460: 60, 2_000: 40, 20_000: 15}
VALUES = (("0,5", Decimal("0.5")), ("0,25", Decimal("0.25")))


class _Frame:
    """Watches the window for the frame that shows a given cell.

    Qt paints a window in one pass (its update request: every changed widget painted, then the
    frame put on screen); the clock stops when the pass that painted the cell has ended, which
    is when the officer sees the value. Work the window left for later is timed apart
    (``settled``: until the event loop has nothing left to do).
    """

    def __init__(self, window: Any, view: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint, update = QEvent.Type.Paint, QEvent.Type.UpdateRequest
        watcher = self

        class Cell(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
                if event.type() == paint and watcher.rect is not None and event.region().intersects(watcher.rect):
                    watcher.cell_painted = True
                return False

        class Pass(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
                if event.type() != update or watcher.rect is None or watcher.shown_at is not None:
                    return False
                watched.event(event)  # the pass itself, so that its end can be timed
                if watcher.cell_painted:
                    watcher.shown_at = time.perf_counter()
                return True

        self.filters = (Cell(), Pass())
        view.viewport().installEventFilter(self.filters[0])
        window.installEventFilter(self.filters[1])
        self.watch(None)

    def watch(self, rect: Any) -> None:
        self.rect, self.cell_painted, self.shown_at = rect, False, None


def _open_window(path: Path) -> tuple[Any, Any]:
    from desktop.app import main

    app, window = main([str(path)], exec=False)
    window.resize(1280, 720)
    app.processEvents()
    return app, window


def _targets(window: Any) -> list[str]:
    """Leaves a score is typed into directly, with room for 0,5."""
    tree = window.service.assessment.tree
    leaves = [n.key for n in tree.leaves() if n.rule.kind.value == "direct" and n.max >= Decimal("0.5")]
    return leaves[:: max(1, len(leaves) // 12)][:12]


def _stored(path: Path, key: str) -> Decimal | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM entries WHERE node_key = ? AND scenario = 'actual'", (key,)).fetchone()
    return None if row is None or row[0] is None else Decimal(row[0])


def _typist(app: Any, window: Any, path: Path, settled: list[float]) -> Any:
    """One typed value per call; returns its seconds (key press to the frame showing the cell,
    the file holding the value); appends to ``settled`` the seconds until the window was idle."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.tree_model import Column

    view, model = window.view, window.model
    frame = _Frame(window, view)
    keys = cycle(_targets(window))
    values = cycle(VALUES)

    def one() -> float:
        key, (text, value) = next(keys), next(values)
        if window.service.assessment.entry(key, _actual()).value == value:
            text, value = next(values)
        index = view.view_index(model.index_for_key(key, Column.ACTUAL))
        window.select_key(key)
        view.setCurrentIndex(index)
        view.setFocus()
        _idle(app)
        frame.watch(view.visualRect(index))
        start = time.perf_counter()
        for char in text:
            QTest.keyClick(app.focusWidget(), char)
        QTest.keyClick(app.focusWidget(), Qt.Key.Key_Return)
        while frame.shown_at is None:
            app.processEvents()
        took = frame.shown_at - start
        frame.watch(None)
        _idle(app)
        settled.append(time.perf_counter() - start)
        if _stored(path, key) != value:
            raise RuntimeError(f"{key}: the file does not hold {value}")
        return took

    return one


def _idle(app: Any) -> None:
    """Turn the event loop until it has nothing left. Objects deleted later go too, as the running
    app's loop deletes them after each event (``processEvents`` alone keeps them, and they would
    be deleted inside the next timed sample); deleting a widget leaves a layout and a paint."""
    from PySide6.QtCore import QEvent

    for _turn in range(2):
        _turn_past_timers(app)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _turn_past_timers(app: Any) -> None:
    """A zero timer runs after every timer and posted event queued before it."""
    from PySide6.QtCore import QTimer

    done: list[bool] = []
    QTimer.singleShot(0, lambda: done.append(True))
    while not done:
        app.processEvents()


def _actual() -> Any:
    from scoring import Scenario

    return Scenario.ACTUAL


def _committer(window: Any, folder: Path) -> Any:
    """One durable commit per call, with the assessment file's own journal and sync settings."""
    conn = sqlite3.connect(folder / "anchor.sqlite", isolation_level=None)
    for pragma in ("journal_mode", "synchronous"):
        value = window.service.store.conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        conn.execute(f"PRAGMA {pragma} = {value}")
    conn.execute("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT)")
    counter = iter(range(10**9))

    def one() -> float:
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT OR REPLACE INTO t VALUES (1, ?)", (str(next(counter)),))
        conn.execute("COMMIT")
        return time.perf_counter() - start

    return one


def measure(nodes: int, folder: Path) -> str:
    path = write_big_file(folder / f"typing-{nodes}.sqlite", nodes)
    app, window = _open_window(path)
    settled: list[float] = []
    try:
        result = paired(_typist(app, window, path, settled), _committer(window, folder), RUNS.get(nodes, 20), warmup=2)
    finally:
        window.close()
        window.launcher.close()
    typed, commit, idle = result.a, result.b, Figure(settled[-len(result.a.samples) :])
    return (
        f"typed value, {nodes} nodes: median {seconds(typed.median)}, p95 {seconds(typed.p95)} "
        f"(window idle again: median {seconds(idle.median)}, p95 {seconds(idle.p95)}); "
        f"durable commit median {seconds(commit.median)}; ratio {ratio(result.ratio)} (n = {len(typed.samples)})"
    )


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [460, 20_000]
    print(machine())
    with tempfile.TemporaryDirectory() as name:
        os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_DATA_HOME"] = name  # the app's settings stay here
        for nodes in sizes:
            print(measure(nodes, Path(name)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
