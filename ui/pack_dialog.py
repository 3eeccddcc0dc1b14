""" "Gửi Sở Nội vụ…" (or, on the council's copy, "Gửi kết quả cho đơn vị…"): what sending closes,
what the other side will ask about, attachments too large for email, then the packed file and a
button that opens its folder so it can be attached to an email."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from scoring import Refusal

from . import dialogs
from .evidence_list import size_text
from .ports import ExchangeService
from .rich import esc

__all__ = ["PackDialog"]

EMAIL_MB = 20.0


class PackDialog(QDialog):
    """``folder``: where the save dialog starts. After ``pack`` succeeds, ``packed`` is the file and
    ``sent()`` is emitted (the file's round has moved on, unless it was sent again in its round)."""

    sent = Signal()

    def __init__(self, service: ExchangeService, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.folder = folder
        self.packed: Path | None = None
        self.setObjectName("pack_dialog")
        council = service.is_council()
        self.setWindowTitle("Gửi kết quả thẩm định cho đơn vị" if council else "Gửi Sở Nội vụ")
        self.plan = service.plan()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.leave_out = QCheckBox("Để lại, không gửi kèm, các tệp đính kèm lớn hơn")
        self.limit = QDoubleSpinBox()
        self.limit.setRange(0.1, 1000)
        self.limit.setDecimals(1)
        self.limit.setSuffix(" MB")
        self.limit.setValue(EMAIL_MB)
        self.leave_out.setChecked(self.plan.heavy)
        self.leave_out.toggled.connect(lambda _on: self._show_plan())
        self.limit.valueChanged.connect(lambda _v: self._show_plan())
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.open_folder = QPushButton("Mở thư mục chứa tệp")
        self.open_folder.clicked.connect(self.show_folder)
        self.open_folder.hide()
        self.buttons = QDialogButtonBox()
        self.pack_button = self.buttons.addButton("Đóng gói và lưu…", QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.pack_button.clicked.connect(lambda _checked=False: self.pack())  # clicked(bool) is no path
        self.buttons.rejected.connect(self.reject)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.leave_out)
        limit_row.addWidget(self.limit)
        limit_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notes, 1)
        layout.addLayout(limit_row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.open_folder)
        layout.addWidget(self.buttons)
        self.resize(720, 460)
        self._show_plan()

    def leave_out_mb(self) -> float | None:
        return self.limit.value() if self.leave_out.isChecked() else None

    def _show_plan(self) -> None:
        plan = self.plan = self.service.plan(self.leave_out_mb())
        moving = plan.current != plan.next
        what = (
            f"Vòng: <b>{plan.current} → {plan.next}</b>. Sau khi gửi, vòng “{plan.current}” được chốt: "
            "những gì vòng này cho sửa không sửa được nữa."
            if moving
            else f"Gửi lại tệp ở vòng <b>{plan.current}</b> (vòng không thay đổi)."
        )
        size = f" Tệp đính kèm: {size_text(plan.attachments_bytes)}." if plan.attachments_bytes else ""
        if plan.heavy:
            size += " Thư điện tử thường chỉ nhận 20–25 MB."
        self.heading.setText(what + size)
        self.notes.clear()
        for text in plan.refusals:
            self.notes.addItem(f"Chưa gửi được — {text}")
        for text in plan.warnings:
            self.notes.addItem(f"Lưu ý — {text}")
        if not plan.refusals and not plan.warnings:
            self.notes.addItem("Không có gì cần lưu ý.")
        self.pack_button.setEnabled(not plan.refusals and self.packed is None)
        self.limit.setEnabled(self.leave_out.isChecked())

    def pack(self, path: str | Path | None = None) -> bool:
        """Ask where (unless ``path`` is given), pack, and show the file with its folder button."""
        if path is None:
            suggested = self.folder / self.plan.suggested_name
            path = dialogs.save_path(self, self.windowTitle(), "Tệp đánh giá (*.sqlite)", suggested)
            if path is None:
                return False
        try:
            written, lines = self.service.pack(Path(path), self.leave_out_mb())
        except Refusal as exc:
            dialogs.warn(self, "Chưa gửi được", str(exc))
            return False
        self.packed = written
        self.sent.emit()
        self.outcome.setText(
            f"<b>Đã đóng gói:</b> {esc(written)}<br>Hãy gửi tệp này kèm thư điện tử. "
            + "".join(f"<br>• {esc(line)}" for line in lines)
        )
        self.open_folder.show()
        self.pack_button.setEnabled(False)
        return True

    def show_folder(self) -> None:
        """Open the packed file's folder in the system's file manager."""
        if self.packed is not None:
            dialogs.open_in_system(self, self.packed.parent, "thư mục")
