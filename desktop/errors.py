"""Errors the services raise; each message is Vietnamese and ready to show the officer.

All are ``scoring.Refusal`` (shared with the scoring core and the widgets), never a ``ValueError``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scoring import Refusal

__all__ = [
    "DocumentRefused",
    "ExcelRefused",
    "FileRefused",
    "InputRefused",
    "Refusal",
    "damaged_table",
    "log_detail",
    "log_unexpected",
    "sqlite_problem",
]


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
    import traceback

    return _append(traceback.format_exception(error), context)


def damaged_table(name: str, exc: BaseException) -> str:
    """An .xlsx the readers could not take: said in Vietnamese, the reader's own words logged."""
    log = log_detail(exc, context=f"đọc bảng Excel “{name}”")
    return f"Tệp “{name}” bị hỏng hoặc không phải tệp Excel .xlsx, không đọc được (chi tiết đã ghi vào {log})."


def log_detail(detail: BaseException | str, *, context: str = "") -> Path:
    """Append one line for ``detail`` (an error's class and English text, no traceback) to the log.

    For a refusal told in Vietnamese whose cause SQLite or the system said in English: the
    officer's message stays Vietnamese, the support desk still finds the original words."""
    line = detail if isinstance(detail, str) else f"{type(detail).__name__}: {detail}"
    return _append([line + "\n"], context)


def _append(lines: list[str], context: str) -> Path:
    import datetime as dt
    import platform
    import tempfile
    from importlib.metadata import PackageNotFoundError, version

    from .paths import user_data_folder

    try:
        app_version = version("pardesk")
    except PackageNotFoundError:
        app_version = "?"
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    head = f"=== {stamp} PAR Desk {app_version}, Python {platform.python_version()}, {platform.platform()}"
    text = "\n".join([head + (f" — {context}" if context else ""), *lines, ""])
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


# What SQLite's primary result codes mean for the officer (its own words are English:
# "database disk image is malformed", "file is not a database", "database is locked"…)
_SQLITE_PROBLEMS = {
    sqlite3.SQLITE_CORRUPT: "dữ liệu bên trong tệp bị hỏng",
    sqlite3.SQLITE_NOTADB: "tệp không phải cơ sở dữ liệu SQLite (hoặc đã bị ghi đè)",
    sqlite3.SQLITE_BUSY: "tệp đang được chương trình khác ghi; hãy thử lại sau",
    sqlite3.SQLITE_LOCKED: "tệp đang được chương trình khác ghi; hãy thử lại sau",
    sqlite3.SQLITE_PROTOCOL: "tệp đang được chương trình khác dùng; hãy thử lại sau",
    sqlite3.SQLITE_READONLY: "tệp hoặc thư mục chỉ cho phép đọc",
    sqlite3.SQLITE_PERM: "không có quyền truy cập tệp",
    sqlite3.SQLITE_FULL: "ổ đĩa đã đầy",
    sqlite3.SQLITE_IOERR: "lỗi đọc ghi trên ổ đĩa (ổ đĩa bị rút ra hoặc hỏng?)",
    sqlite3.SQLITE_CANTOPEN: "không mở được tệp (thư mục không còn, hoặc ổ đĩa bị rút ra?)",
    sqlite3.SQLITE_NOMEM: "máy không đủ bộ nhớ",
    sqlite3.SQLITE_INTERRUPT: "việc đọc tệp bị dừng vì quá thời gian cho phép",
    sqlite3.SQLITE_TOOBIG: "một giá trị trong tệp quá lớn",
    sqlite3.SQLITE_MISMATCH: "một giá trị trong tệp không đúng kiểu",
}


def sqlite_problem(error: sqlite3.Error, *, context: str = "") -> str:
    """What an SQLite error means, in Vietnamese; its English text goes to the error log."""
    log = log_detail(error, context=context)
    code = getattr(error, "sqlite_errorcode", None)
    problem = None if code is None else _SQLITE_PROBLEMS.get(code & 0xFF)
    return problem or f"SQLite báo lỗi khi đọc tệp (chi tiết đã ghi vào {log})"
