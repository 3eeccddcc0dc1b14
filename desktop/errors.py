"""Errors the services raise; each message is Vietnamese and ready to show the officer.

All are ``scoring.Refusal`` (shared with the scoring core and the widgets), never a ``ValueError``.
"""

from __future__ import annotations

from pathlib import Path

from scoring import Refusal

__all__ = ["DocumentRefused", "ExcelRefused", "FileRefused", "InputRefused", "Refusal", "log_unexpected"]


class FileRefused(Refusal):
    """A file that is missing, unreadable, foreign, damaged or from a newer version."""


class InputRefused(Refusal):
    """A value, code or option the user gave that cannot be accepted; nothing was written."""


class ExcelRefused(Refusal):
    """An Excel table that cannot be read or imported; the message names the sheet, row and column."""


class DocumentRefused(Refusal):
    """A PDF that cannot be made: a header setting missing, no usable font, an unwritable folder."""


LOG_NAME = "loi.log"
_LOG_LIMIT = 1_000_000  # bytes; the older half goes to loi.log.1


def log_unexpected(error: BaseException, *, context: str = "") -> Path:
    """Append ``error`` with its traceback to the error log and return the log's path.

    For errors that are bugs, not refusals: the officer is told the log's place, the support
    desk reads it. Never raises: a log that cannot be written falls back to the temp folder.
    """
    import datetime as dt
    import platform
    import tempfile
    import traceback
    from importlib.metadata import PackageNotFoundError, version

    from .paths import user_data_folder

    try:
        app_version = version("pardesk")
    except PackageNotFoundError:
        app_version = "?"
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    head = f"=== {stamp} PAR Desk {app_version}, Python {platform.python_version()}, {platform.platform()}"
    text = "\n".join([head + (f" — {context}" if context else ""), *traceback.format_exception(error), ""])
    for folder in (user_data_folder() / "logs", Path(tempfile.gettempdir()) / "PAR Desk"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_NAME
            if path.exists() and path.stat().st_size > _LOG_LIMIT:
                path.replace(path.with_name(LOG_NAME + ".1"))
            with path.open("a", encoding="utf-8") as log:
                log.write(text)
            return path
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / "PAR Desk" / LOG_NAME
