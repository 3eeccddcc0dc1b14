"""Errors the services raise; each message is Vietnamese and ready to show the officer."""

from __future__ import annotations

__all__ = ["DocumentRefused", "ExcelRefused", "FileRefused", "InputRefused", "ParDeskError"]


class ParDeskError(ValueError):
    """Base of every error a user may see; ``str(error)`` is the Vietnamese message."""


class FileRefused(ParDeskError):
    """A file that is missing, unreadable, foreign, damaged or from a newer version."""


class InputRefused(ParDeskError):
    """A value, code or option the user gave that cannot be accepted; nothing was written."""


class ExcelRefused(ParDeskError):
    """An Excel table that cannot be read or imported; the message names the sheet, row and column."""


class DocumentRefused(ParDeskError):
    """A PDF that cannot be made: a header setting missing, no usable font, an unwritable folder."""
