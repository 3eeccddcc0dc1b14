"""Officer and file text inside Qt's rich text: escaped, or shown as plain text, never parsed as HTML."""

from __future__ import annotations

import html

from PySide6.QtGui import Qt  # QtGui's Qt namespace has mightBeRichText, convertFromPlainText
from PySide6.QtWidgets import QLabel

__all__ = ["esc", "plain", "tip"]


def esc(text: object) -> str:
    """``text`` for a rich-text label: "b/a = 0,85 < 0,9" keeps everything after its "<"."""
    return html.escape(str(text), quote=False)


def plain(label: QLabel) -> QLabel:
    """A label that shows its text as typed: Qt's automatic format would read a title, a typed
    value or a message holding "<b>" as markup (and drop what follows a "<")."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def tip(text: str) -> str:
    """A tooltip showing ``text`` as typed (Qt renders a tooltip that looks like HTML as HTML)."""
    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text
