"""The banner above the criteria table of a file open only for reading.

A file opens read-only when it cannot be edited here — a read-only file or folder, or another
window (of this app or another) editing it — and the banner says why, in the service's words
(who has it, on which machine, since when). The window disables every action that would change
the file and refuses a value typed in a cell with the same reason; nothing is written.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["read_only_banner"]

_READ_ONLY = "background: #e8f0fb; color: #14325c; padding: 4px; border: 1px solid #7a9cc6;"


def read_only_banner(reason: str) -> QLabel:
    """ "CHỈ XEM — <why>": the reason is plain text from the service (a file name may hold "<")."""
    label = QLabel(f"<b>CHỈ XEM</b> — {escape(reason)} Ở cửa sổ này không sửa được gì; tệp giữ nguyên.")
    label.setObjectName("read_only_banner")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setStyleSheet(_READ_ONLY)
    return label
