"""Undo and redo across the session: each command restores an entry through the service.

Undoing is itself an edit: it is written to the file and to the audit log like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from scoring import SCENARIO_LABELS, Refusal

from .ports import EditRecord
from .tree_model import CriteriaModel

__all__ = ["BatchCommand", "EditCommand", "StepTips", "TextCommand", "UndoStack"]


class UndoStack(QUndoStack):
    """Qt's stack, whose steps the file may refuse (a round closed since, a file gone read-only):
    a refused undo or redo is told through ``refused(message)`` and leaves the stack where it was,
    so Hoàn tác and Làm lại always name what the file holds. Qt cannot refuse a step itself: its
    index has moved when the command returns, and is moved back here."""

    refused = Signal(str)

    def undo(self) -> None:
        self._take(self.index() - 1, super().undo, super().redo)

    def redo(self) -> None:
        self._take(self.index(), super().redo, super().undo)

    def _take(self, at: int, step: Callable[[], None], back: Callable[[], None]) -> None:
        command = self.command(at)
        if command is None:
            return
        step()
        refusal = getattr(command, "refusal", "")
        if refusal:
            back()  # the command did nothing (``_Taken``): only Qt's index returns
            self.refused.emit(refusal)


class _Taken(QUndoCommand):
    """A step already taken when pushed: Qt's first ``redo`` (at the push) does nothing.

    ``forward`` and ``back`` raise ``Refusal`` when the file refuses the step: the step is then not
    taken (``refusal`` says why, for ``UndoStack``), and never raised out of Qt's ``undo``/``redo``,
    where it reached the unexpected-error dialog."""

    _applied = True
    refusal = ""  # why the last undo or redo was refused; "" when it was taken

    def redo(self) -> None:
        if not self._applied:
            self._applied = self._take(self.forward)

    def undo(self) -> None:
        if self._applied:
            self._applied = not self._take(self.back)

    def _take(self, step: Callable[[], None]) -> bool:
        try:
            step()
        except Refusal as exc:
            self.refusal = str(exc)
            return False
        self.refusal = ""
        return True

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
            done = self.model.apply(lambda: self.model.service.restore(record.key, record.scenario, entry, field))  # type: ignore[arg-type]
        finally:
            self.model.replaying = False
        if done is None:  # refused: the model has said why, beside the cell and in the status bar
            raise Refusal(self.model.last_refusal)


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
