"""Errors the services raise; each message is Vietnamese and ready to show the officer.

All are ``scoring.Refusal`` (shared with the scoring core and the widgets), never a ``ValueError``.
"""

from __future__ import annotations

from scoring import Refusal

__all__ = ["DocumentRefused", "ExcelRefused", "FileRefused", "InputRefused", "Refusal"]


class FileRefused(Refusal):
    """A file that is missing, unreadable, foreign, damaged or from a newer version."""


class InputRefused(Refusal):
    """A value, code or option the user gave that cannot be accepted; nothing was written."""


class ExcelRefused(Refusal):
    """An Excel table that cannot be read or imported; the message names the sheet, row and column."""


class DocumentRefused(Refusal):
    """A PDF that cannot be made: a header setting missing, no usable font, an unwritable folder."""
