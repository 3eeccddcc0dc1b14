"""The window's costs: a typed value costs the same at any size, opening grows no faster than n.

Counted call by call under cProfile, as ``tests/desktop/test_scale.py`` counts the commands: the
calls Qt makes into Python (every ``index``, ``data``, ``multiData``, ``flags`` of a paint or a
layout) are counted with ours, so a repaint or relayout of every row shows as a count that grows
with the file; and the paint events of the table are added up, which see what Qt does in C++.
"""

from __future__ import annotations

import cProfile
import os
import pstats
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication

from bench.big_file import write_big_file
from desktop.documents.header import HEADER_KEYS
from desktop.session import Session
from scoring import Scenario
from ui.main_window import MainWindow
from ui.tree_model import Column

# CI runs these again with PARDESK_SCALE_LARGEST=20000: linear between 2 000 and 20 000 (issue 16)
SIZES = (460, 2_000, int(os.environ.get("PARDESK_SCALE_LARGEST", "4000")))
MARGIN = 1.05  # marginal cost may rise this much (dict growth, sorting) and still be linear


def _counted(action: Callable[[], Any]) -> tuple[int, Any]:
    profile = cProfile.Profile()
    result = profile.runcall(action)
    return sum(entry[1] for entry in pstats.Stats(profile).stats.values()), result  # type: ignore[attr-defined]


class _PaintedArea(QObject):
    def __init__(self, viewport: Any) -> None:
        super().__init__()
        self.area = 0
        self.region = QRegion()
        viewport.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.area += sum(r.width() * r.height() for r in event.region())
            self.region += event.region()
        return False


def _rows(window: MainWindow, keys: Any) -> QRegion:
    """The table's rows of ``keys`` as they are on screen, every column."""
    region = QRegion()
    width = window.view.viewport().width()
    for key in keys:
        rect = window.view.visualRect(window.model.index_for_key(key, 0))
        if rect.isValid():
            region += QRect(0, rect.y(), width, rect.height())
    return region


@pytest.fixture
def opened_sessions():
    sessions: list[Session] = []
    yield sessions
    for session in sessions:
        session.close()


def _open(qtbot: Any, path: Path, sessions: list[Session]) -> MainWindow:
    session = Session.open(path, user="Tester")
    sessions.append(session)
    window = MainWindow(session, path, header_fields=HEADER_KEYS)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _typed_value(qtbot: Any, window: MainWindow) -> tuple[int, int]:
    """Calls and table pixels painted for one value typed mid-table, until the window is idle. The
    pixels are those of the rows the edit changed and of the cursor's old and new row, nothing else:
    how many of the changed rows are in sight (the leaf's ancestors) depends on the tree, not its size."""
    leaves = [n for n in window.model.tree.leaves() if n.rule.kind.value == "direct"]
    key = leaves[len(leaves) // 2].key
    window.select_key(key)
    window.view.setCurrentIndex(window.model.index_for_key(key, Column.ACTUAL))
    window.view.setFocus()
    qtbot.wait(30)
    painted = _PaintedArea(window.view.viewport())
    changed: list[str] = []
    window.model.edited.connect(lambda record: changed.extend((record.key, *record.changed)))

    old = window.service.assessment.entry(key, Scenario.ACTUAL).value
    typed = "0,25" if old == Decimal("0.5") else "0,5"  # a change, whatever the file held

    def type_it() -> None:
        for char in typed:
            qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.detail.node is not None and window.detail.node.key != key)
        qtbot.wait(30)

    calls, _ = _counted(type_it)
    viewport = window.view.viewport().rect()
    assert painted.area < viewport.width() * viewport.height() // 4  # never the whole table
    moved_to = window.model.node(window.view.source_index(window.view.currentIndex())).key
    assert len(changed) > 2, changed  # the leaf and its ancestors
    outside = painted.region - _rows(window, [*changed, key, moved_to])
    assert outside.isEmpty(), [outside.boundingRect()]  # only what changed, and the cursor's rows
    return calls, painted.area


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("scale-window")
    return {n: write_big_file(folder / f"window-{n}.sqlite", n) for n in SIZES}


def test_a_typed_value_costs_the_same_at_any_size(qtbot, files, opened_sessions):
    small = _typed_value(qtbot, _open(qtbot, files[SIZES[0]], opened_sessions))
    large = _typed_value(qtbot, _open(qtbot, files[SIZES[-1]], opened_sessions))
    assert large[0] <= small[0] * 1.3, (small, large)  # calls: the changed rows, not the file


def test_opening_the_window_grows_linearly(qtbot, files):
    def opened(n: int) -> int:
        sessions: list[Session] = []
        calls = _counted(lambda: _open(qtbot, files[n], sessions).close())[0]
        sessions[0].close()
        return calls

    opened(SIZES[0])  # imports and first-use caches are not part of the cost
    small, middle, large = (opened(n) for n in SIZES)
    first = (middle - small) / (SIZES[1] - SIZES[0])
    second = (large - middle) / (SIZES[2] - SIZES[1])
    assert second <= first * MARGIN + 1, (small, middle, large)
