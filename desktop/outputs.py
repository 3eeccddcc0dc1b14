"""Writing the files the officer asks for: never over a file being read, never half a file.

An output (a PDF, a workbook, a new assessment file) is never one of the files being read, nor a
link to one, nor one of their SQLite companions; it is written beside its target under a temporary
name and moved over it only when complete, so a full disk, a read-only folder or a removed drive
leaves no half file and the old one untouched. ``os_problem`` says what went wrong, in Vietnamese.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import FileRefused, InputRefused, log_detail

__all__ = ["check_output_path", "discard", "os_problem", "refuse_input_as_output", "replacing"]

_COMPANIONS = ("", "-wal", "-journal", "-shm", ".lock")
_PROBLEMS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết dung lượng được cấp trên ổ đĩa",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
    errno.EACCES: "không có quyền truy cập (thư mục hoặc tệp chỉ đọc, hoặc tệp đang mở ở chương trình khác)",
    errno.EPERM: "không có quyền truy cập (thư mục hoặc tệp chỉ đọc)",
    errno.ENAMETOOLONG: "đường dẫn hoặc tên tệp quá dài",
    errno.ENOENT: "thư mục không còn (ổ đĩa đã bị rút ra?)",
    errno.ENODEV: "ổ đĩa không còn (đã bị rút ra?)",
    errno.EIO: "lỗi đọc ghi trên ổ đĩa (ổ đĩa bị rút ra hoặc hỏng?)",
    errno.EISDIR: "đó là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EBUSY: "tệp hoặc ổ đĩa đang bận",
    errno.EMFILE: "có quá nhiều tệp đang mở; hãy đóng bớt chương trình",
    errno.ENFILE: "có quá nhiều tệp đang mở; hãy đóng bớt chương trình",
    errno.ELOOP: "đường dẫn có liên kết vòng",
    errno.EFBIG: "tệp quá lớn",
    errno.ENXIO: "thiết bị không còn (ổ đĩa đã bị rút ra?)",
    errno.ENOMEM: "máy không đủ bộ nhớ",
}
_WINDOWS_LOCKED = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: open in Excel, Word…
_WINDOWS_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE


def os_problem(exc: OSError) -> str:
    """What an ``OSError`` means for the officer, in Vietnamese (the system's own words, English
    on most machines, go to the error log when no Vietnamese one is known)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_LOCKED:
        return "tệp đang được mở ở chương trình khác (Excel, Word, trình đọc PDF…); hãy đóng chương trình đó"
    if winerror == _WINDOWS_TOO_LONG:
        return _PROBLEMS[errno.ENAMETOOLONG]
    known = _PROBLEMS.get(exc.errno or 0)
    if known:
        return known
    log = log_detail(exc)
    code = f" số {exc.errno}" if exc.errno else ""
    return f"lỗi hệ thống{code} khi đọc hoặc ghi tệp (chi tiết đã ghi vào {log})"


def check_output_path(output: Path, *, is_folder: bool = False) -> None:
    """Refuse an output path the system cannot even look at (too long: ``FileRefused``), or whose
    folder is missing (a wrong argument: ``InputRefused``, the CLI's usage error), before any work
    is done for it. ``folder`` says the output names a folder (``pack f out/``)."""
    target = Path(output)
    try:
        os.stat(target)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise FileRefused(f"Không dùng được đường dẫn “{str(target)[:120]}…”: {os_problem(exc)}.") from None
    folder = target if is_folder else (target.parent if str(target.parent) else Path("."))
    if not folder.is_dir():
        raise InputRefused(f"Thư mục “{folder}” không tồn tại; hãy chọn thư mục khác.")


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def refuse_input_as_output(output: Path, *inputs: Path) -> None:
    """Refuse an ``output`` that is an input, a link to one, or one of its companions
    (``-wal``, ``-journal``, ``-shm``, ``.lock``): writing it would destroy what is being read."""
    target = Path(output)
    for source in map(Path, inputs):
        for suffix in _COMPANIONS:
            if _same(target, Path(f"{source}{suffix}")):
                companion = f" (tệp đi kèm {suffix})" if suffix else ""
                raise FileRefused(
                    f"Tệp ra “{target}” chính là tệp đang đọc “{source.name}”{companion}; "
                    "hãy chọn tên khác để không ghi đè lên nó."
                )


@contextmanager
def replacing(target: Path, what: str = "tệp") -> Iterator[Path]:
    """A temporary path beside ``target``; moved over it when the block ends without error.

    Any failure removes the temporary file (quietly: on a read-only or removed drive there is
    nothing to remove) and an ``OSError`` becomes a ``FileRefused`` naming the target and cause.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"Thư mục “{folder}” không tồn tại; hãy chọn thư mục khác để lưu {what}.")
    if target.is_dir():
        raise FileRefused(f"“{target}” là một thư mục; hãy đặt tên cho {what}.")
    temp = folder / f".pardesk-{secrets.token_hex(6)}{target.suffix}"
    try:
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise FileRefused(f"Không ghi được {what} “{target}”: {os_problem(exc)}.") from None
    finally:
        discard(temp)


def discard(path: Path) -> None:
    """Remove a leftover temporary file and its companions if there; never raises (a clean-up
    after a failure, where a read-only or removed drive refuses even that)."""
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass
