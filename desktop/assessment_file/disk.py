"""The assessment file on disk: WAL and journals after a crash, private copies, and what a failed
write means (a full disk, a read-only folder or file, a removed drive) said in Vietnamese.

SQLite reports these as ``sqlite3.OperationalError`` with a primary result code (``SQLITE_FULL``,
``SQLITE_READONLY``, ``SQLITE_IOERR``, ``SQLITE_CANTOPEN``, ``SQLITE_BUSY``…); Python names the
code on the exception (3.11+). Each becomes a ``FileRefused`` that says nothing was saved: every
write is one transaction, rolled back whole.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import FileRefused
from ..outputs import os_problem
from .check import connect_readonly, harden
from .schema import migrate

__all__ = [
    "drop_empty_wal",
    "fold_wal",
    "leave_wal",
    "remove_folders",
    "roll_back_journal",
    "shm_in_use",
    "storage_problem",
    "unwritable_reason",
    "upgraded_copy",
    "writing",
]

_PROBLEMS = {
    sqlite3.SQLITE_FULL: "ổ đĩa đã đầy",
    sqlite3.SQLITE_READONLY: "tệp hoặc thư mục chỉ cho phép đọc",
    sqlite3.SQLITE_IOERR: "lỗi đọc ghi trên ổ đĩa (ổ đĩa bị rút ra hoặc hỏng?)",
    sqlite3.SQLITE_CANTOPEN: "không mở được tệp để ghi (thư mục chỉ đọc, hoặc ổ đĩa bị rút ra?)",
    sqlite3.SQLITE_BUSY: "tệp đang được chương trình khác ghi; hãy thử lại sau",
    sqlite3.SQLITE_LOCKED: "tệp đang được chương trình khác ghi; hãy thử lại sau",
    sqlite3.SQLITE_PERM: "không có quyền ghi vào tệp",
    sqlite3.SQLITE_PROTOCOL: "tệp đang được chương trình khác dùng; hãy thử lại sau",
    sqlite3.SQLITE_NOTADB: "tệp không còn là cơ sở dữ liệu (bị ghi đè?)",
    sqlite3.SQLITE_CORRUPT: "tệp bị hỏng",
}


def storage_problem(exc: sqlite3.Error) -> str | None:
    """What a failed write means, or None when it is not about the disk (a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else _PROBLEMS.get(code & 0xFF)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Around a write: a disk or file problem becomes a ``FileRefused`` naming the file."""
    try:
        yield
    except sqlite3.Error as exc:
        problem = storage_problem(exc)
        if problem is None:
            raise
        if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and _nearly_full(path):
            problem = "ổ đĩa đã đầy (SQLite không còn chỗ cho tệp nhật ký của nó)"
    except OSError as exc:
        problem = os_problem(exc)
    else:
        return
    raise FileRefused(f"Không lưu được vào tệp “{path.name}”: {problem}. Thay đổi này chưa được lưu.")


def _nearly_full(path: Path) -> bool:
    """Less than 1 MB free where ``path`` lives: SQLite's I/O errors there are a full disk."""
    try:
        return shutil.disk_usage(path.parent if str(path.parent) else ".").free < 1 << 20
    except OSError:
        return False


def unwritable_reason(path: Path) -> str:
    """Why ``path`` cannot be edited where it is (read-only file, read-only folder or drive, a
    companion that is not a file of its own), or "".

    Both are tried for real (the file opened for writing, a temporary file made in its folder,
    where SQLite creates its journal): permissions alone do not tell (an administrator, a network
    share, a read-only mount). The probe has no name (``O_TMPFILE`` on Linux, delete-on-close on
    Windows), so a process killed meanwhile leaves nothing beside the file."""
    try:
        with path.open("r+b"):
            pass
    except OSError as exc:
        return f"Tệp “{path.name}” không mở được để ghi: {os_problem(exc)}."
    folder = path.parent if str(path.parent) else Path(".")
    try:
        with tempfile.TemporaryFile(prefix=".pardesk-thu-", dir=folder):
            pass
    except OSError as exc:
        return f"Không ghi được vào thư mục chứa tệp “{path.name}”: {os_problem(exc)}."
    return _linked_companion(path)


_WRITTEN_BESIDE = ("-wal", "-shm", "-journal")


def _linked_companion(path: Path) -> str:
    """A ``-wal``, ``-shm``, ``-journal`` or ``.lock`` beside ``path`` that is a link (symbolic or
    hard), a folder or a device: editing would write through it into another file (measured: a
    hard-linked ``-wal`` was emptied, a linked ``.lock`` overwritten with the lock record)."""
    from .lock import lock_path

    real = os.path.realpath(path)  # where SQLite puts them: beside the file a link points to
    for companion in (*(Path(f"{real}{s}") for s in _WRITTEN_BESIDE), lock_path(path)):
        try:
            found = os.lstat(companion)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"Không xem được tệp “{companion.name}” bên cạnh tệp: {os_problem(exc)}."
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1:
            return (
                f"Bên cạnh tệp có “{companion.name}” không phải tệp riêng của nó (một liên kết, thư mục "
                "hoặc thiết bị); sửa tệp sẽ ghi vào chỗ khác. Hãy xóa “"
                f"{companion.name}” hoặc chép tệp sang thư mục khác rồi mở lại để sửa."
            )
    return ""


def leave_wal(conn: sqlite3.Connection) -> bool:
    """Checkpoint the WAL into the file and return to rollback-journal mode (removes ``-wal``).

    False when another connection has the file open (SQLite then refuses to leave WAL mode: it
    needs the file alone), which is left to fold it when it closes. A full or removed disk also
    leaves the WAL beside the file: it is folded in on the next open.
    """
    try:
        if conn.in_transaction:
            conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        return code not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return True


_SHM_DMS = 128  # SQLite's "dead man switch" byte of -shm: every connection in WAL mode holds it shared


def shm_in_use(path: Path) -> bool:
    """Another process has ``path`` open in WAL mode (its ``-shm`` lock byte is held), so its
    ``-wal`` and ``-shm`` are live, whatever their size. Only called once this process has no
    connection to ``path`` left: closing the descriptor opened here drops this process's own
    POSIX locks on the ``-shm``. On Windows a live ``-shm`` cannot be removed anyway."""
    if sys.platform == "win32":
        return False
    import fcntl

    try:
        with open(f"{path}-shm", "r+b") as shm:
            try:
                fcntl.lockf(shm, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS)
            except OSError:
                return True
            fcntl.lockf(shm, fcntl.LOCK_UN, 1, _SHM_DMS)
    except OSError:
        return False  # no -shm (or none we may open): nobody is in WAL mode through it
    return False


def drop_empty_wal(path: Path) -> None:
    """After the last connection closed: a ``-wal`` of 0 bytes holds nothing (a full disk refused
    even the first frame), so it and its ``-shm`` go; a WAL with content stays to be folded in,
    and one another program has open (``shm_in_use``) is never touched."""
    wal = Path(f"{path}-wal")
    try:
        if wal.exists() and wal.stat().st_size == 0 and not shm_in_use(path):
            wal.unlink()
            Path(f"{path}-shm").unlink(missing_ok=True)
    except OSError:
        pass


def remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def roll_back_journal(path: Path) -> None:
    """After a crash a rollback journal may sit beside our working file; SQLite undoes the
    unfinished transaction on the first read-write open (a read-only one cannot), so do it first."""
    if not Path(f"{path}-journal").exists() or not path.exists():
        return
    try:
        conn = harden(sqlite3.connect(str(path), timeout=0.2))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # the checks that follow report what is wrong


def fold_wal(path: Path) -> bool:
    """Fold a ``-wal`` left beside our working file (a crash while it was open) into the file.

    Called only once this process holds the file's edit lock (no PAR Desk window has it). The
    WAL holds committed edits, so it is never discarded; False, with nothing changed, when
    another program still has the file open (SQLite refuses to leave WAL mode then): the caller
    refuses to edit (that program folds its WAL itself when it closes).
    """
    if not Path(f"{path}-wal").exists() or not path.exists():
        return True
    if shm_in_use(path):  # asked before connecting: even a checkpoint would change its file
        return False
    try:
        conn = harden(sqlite3.connect(str(path), timeout=0.2))
    except sqlite3.DatabaseError:
        return True  # the checks that follow say what is wrong
    try:
        return leave_wal(conn)
    except sqlite3.DatabaseError:
        return True  # damage: the checks that follow say what is wrong
    finally:
        conn.close()


def upgraded_copy(source: Path) -> Path:
    """A private copy of a checked older file, upgraded to the current schema; the source is
    only read. The copy lives in its own temporary folder (the caller removes it)."""
    folder = Path(tempfile.mkdtemp(prefix="pardesk-nang-cap-"))
    target = folder / source.name
    reader = connect_readonly(source)
    try:
        writer = harden(sqlite3.connect(str(target)))
        try:
            with writing(target):
                reader.backup(writer)
                migrate(writer, writer.execute("PRAGMA user_version").fetchone()[0])
        finally:
            writer.close()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        reader.close()
    return target
