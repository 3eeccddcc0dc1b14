""" "Tổng hợp": the province's file from the units' files, each conflict decided by the officer.

Two lead units that filled a criterion differently are shown side by side, one choice each, none
chosen for her; two files of one unit are named, and the newer one is taken only when she ticks
it. Only then is the file written, with the source of each criterion recorded in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal

from . import dialogs
from .ports import DeskService
from .rich import esc, plain

__all__ = ["ConflictDialog", "assemble"]


class ConflictDialog(QDialog):
    """Every conflict as a row of choices side by side; OK only once each has one."""

    def __init__(self, plan: Any, notes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tổng hợp — cần quyết định")
        self.groups: dict[str, QButtonGroup] = {}
        self.sides: dict[str, list[str]] = {}
        intro = QLabel(
            "Các đơn vị chủ trì dưới đây ghi khác nhau cùng một tiêu chí. Hãy chọn bên được lấy vào tệp "
            "tổng hợp; phần mềm không tự chọn."
        )
        intro.setWordWrap(True)
        body = self._choices_grid(plan)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.newer = QCheckBox("Hai tệp của một đơn vị: lấy tệp đóng gói sau")
        self.newer.setVisible(bool(plan.duplicates))
        self.newer.toggled.connect(lambda _on: self._update())
        self.has_duplicates = bool(plan.duplicates)
        notes_label = plain(QLabel("\n".join(notes)))
        notes_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tổng hợp")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(notes_label)
        layout.addWidget(self.newer)
        layout.addWidget(self.buttons)
        self.resize(900, 520)
        self._update()

    def _choices_grid(self, plan: Any) -> QWidget:
        """One row per conflict: the criterion, then each side as a choice with what it holds."""
        body = QWidget()
        grid = QGridLayout(body)
        top = Qt.AlignmentFlag.AlignTop
        widest = max((len(c.sides) for c in plan.conflicts), default=0)
        grid.setColumnStretch(0, 2)  # the criterion wraps beside its sides, each side as wide as it
        for column in range(1, widest + 1):
            grid.setColumnStretch(column, 3)
        for row, conflict in enumerate(plan.conflicts):
            title = QLabel(f"<b>{esc(conflict.label)}</b><br>{esc(conflict.title)}")
            title.setWordWrap(True)
            grid.addWidget(title, row, 0, top)
            group = QButtonGroup(self)
            group.buttonClicked.connect(lambda _b: self._update())
            self.groups[conflict.key] = group
            self.sides[conflict.key] = [unit for unit, _name, _summary in conflict.sides]
            for column, (unit, name, summary) in enumerate(conflict.sides, start=1):
                box = QGroupBox()
                inner = QVBoxLayout(box)
                button = QRadioButton(unit)
                group.addButton(button, column - 1)
                detail = QLabel(f"{esc(summary)}<br><i>{esc(name)}</i>")
                detail.setWordWrap(True)
                inner.addWidget(button)
                inner.addWidget(detail)
                inner.addStretch(1)
                grid.addWidget(box, row, column)
        return body

    def choose(self, key: str, unit: str) -> None:
        """Pick ``unit``'s side of the conflict on ``key`` (as a click does)."""
        self.groups[key].button(self.sides[key].index(unit)).setChecked(True)
        self._update()

    def choices(self) -> dict[str, str]:
        return {key: self.sides[key][g.checkedId()] for key, g in self.groups.items() if g.checkedId() >= 0}

    def _update(self) -> None:
        done = len(self.choices()) == len(self.groups) and (self.newer.isChecked() or not self.has_duplicates)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(done)


def assemble(
    parent: QWidget, desk: DeskService, paths: Sequence[Path], folder: Path, out: Path | None = None
) -> Path | None:
    """Plan, ask what must be decided, then write where the officer says; returns the file written."""
    plan = desk.plan_assembly(paths)
    choices: dict[str, str] = {}
    newer = False
    if plan.conflicts or plan.duplicates:
        notes = desk.describe(plan)
        plan.close()
        dialog = ConflictDialog(plan, notes, parent)
        if not dialog.exec():
            return None
        choices, newer = dialog.choices(), dialog.newer.isChecked()
        plan = desk.plan_assembly(paths, choices, newer_wins=newer)
    if plan.blocked:
        plan.close()
        dialogs.warn(parent, "Chưa tổng hợp được", "\n".join(desk.describe(plan)) or "Không có tệp hợp lệ nào.")
        return None
    if out is None:
        out = dialogs.save_path(parent, "Lưu tệp tổng hợp", "Tệp đánh giá (*.sqlite)", folder / "tong-hop.sqlite")
        if out is None:
            plan.close()
            return None
    try:
        written = desk.write_assembly(plan, Path(out))
    except Refusal as exc:
        dialogs.warn(parent, "Không ghi được", str(exc))
        return None
    notes = desk.describe(plan)
    dialogs.inform(parent, "Đã tổng hợp", "\n".join([f"Đã ghi {written}; nguồn từng tiêu chí ghi trong tệp.", *notes]))
    return written
