"""Undo and redo across the session: each command restores an entry through the service.

Undoing is itself an edit: it is written to the file and to the audit log like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QUndoCommand

from scoring import SCENARIO_LABELS

from .ports import EditRecord
from .tree_model import CriteriaModel

__all__ = ["BatchCommand", "EditCommand", "StepTips", "TextCommand"]


class _Taken(QUndoCommand):
    """A step already taken when pushed: Qt's first ``redo`` (at the push) does nothing."""

    _applied = True

    def redo(self) -> None:
        if not self._applied:
            self.forward()
            self._applied = True

    def undo(self) -> None:
        self.back()
        self._applied = False

    def forward(self) -> None:
        raise NotImplementedError

    def back(self) -> None:
        raise NotImplementedError


class EditCommand(_Taken):
    """An edit already applied when pushed; ``undo`` puts back ``old``, ``redo`` ``new``."""

    def __init__(self, model: CriteriaModel, record: EditRecord) -> None:
        node = model.tree.by_key[record.key]
        super().__init__(f"Sửa {node.label} ({SCENARIO_LABELS[record.scenario].lower()})")
        self.model = model
        self.record = record

    def forward(self) -> None:
        self._replay(self.record.new, "redo")

    def back(self) -> None:
        self._replay(self.record.old, "undo")

    def _replay(self, entry: object, field: str) -> None:
        record = self.record
        self.model.replaying = True
        try:
            self.model.apply(lambda: self.model.service.restore(record.key, record.scenario, entry, field))  # type: ignore[arg-type]
        finally:
            self.model.replaying = False


class BatchCommand(_Taken):
    """Many changes applied together (an Excel import): one step; ``replay(batch, field)`` writes
    a batch and refreshes the window ("undo" gets the inverse batch)."""

    def __init__(self, text: str, batch: Any, replay: Callable[[Any, str], None]) -> None:
        super().__init__(text)
        self.batch = batch
        self.replay = replay

    def forward(self) -> None:
        self.replay(self.batch, "redo")

    def back(self) -> None:
        self.replay(self.batch.inverse(), "undo")


class TextCommand(_Taken):
    """A saved text (a giải trình, a task): ``write(text)`` saves and shows one of its two versions."""

    def __init__(self, text: str, write: Callable[[str], None], old: str, new: str) -> None:
        super().__init__(text)
        self.write = write
        self.old, self.new = old, new

    def forward(self) -> None:
        self.write(self.new)

    def back(self) -> None:
        self.write(self.old)


class StepTips(QObject):
    """The undo and redo buttons name the step they take, read when the tooltip is shown.

    Set on every edit (``undoTextChanged``), the tooltip changed the action, and Qt laid the tool
    bar and the window out again: a millisecond a keystroke, measured.
    """

    def __init__(self, texts: dict[Any, Callable[[], str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        for button in texts:
            button.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and watched in self.texts:
            watched.setToolTip(self.texts[watched]())
        return False
