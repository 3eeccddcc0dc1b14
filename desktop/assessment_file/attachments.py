"""Attached files stored inside the assessment file, streamed in chunks with their SHA-256.

Safe to call from a worker thread: each call opens its own connection, so a 50 MB file never
blocks the window and never sits in memory whole.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputRefused, sqlite_problem
from ..outputs import discard, os_problem
from .check import harden
from .disk import writing
from .rows import attachment_name, safe_file_name

__all__ = ["Attachment", "export_attachment", "store_attachment"]

CHUNK = 1 << 20
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Attachment:
    """A file kept in the ``blobs`` table: its content hash, original name and size in bytes."""

    sha256: str
    name: str
    size: int
    reused: bool = False  # the same bytes were already attached (stored once)


def _check_source(source: Path, db_path: Path) -> int:
    try:
        if not source.exists():
            raise InputRefused(f"Không tìm thấy tệp đính kèm “{source}”.")
        if not source.is_file():
            raise InputRefused(f"“{source}” không phải là một tệp.")
        if _is_part_of(source, db_path):  # read here it would also drop this window's SQLite locks (POSIX)
            raise InputRefused(f"“{source.name}” là chính tệp đánh giá đang mở (hoặc tệp đi kèm), không đính kèm được.")
        with source.open("rb"):
            pass
        return source.stat().st_size
    except OSError as exc:  # a name too long, no permission, a drive removed…
        raise InputRefused(f"Không đọc được tệp đính kèm “{source.name[:80]}”: {os_problem(exc)}.") from None


def _is_part_of(source: Path, db_path: Path) -> bool:
    """``source`` is the assessment file or one of its companions (compared by ``stat``, never opened)."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        try:
            if os.path.samefile(source, f"{db_path}{suffix}"):
                return True
        except OSError:
            continue
    return False


def store_attachment(db_path: Path, source: Path, *, progress: Progress | None = None) -> Attachment:
    """Copy ``source`` into the file's blobs in one pass (hash while writing), deduplicated."""
    source = Path(source)
    size = _check_source(source, Path(db_path))
    name = safe_file_name(source.name)
    with writing(Path(db_path)):  # a full disk or a removed drive: said so, nothing stored
        try:
            return _store(Path(db_path), source, name, size, progress)
        except OSError as exc:  # reading the source: gone, unreadable, a drive removed
            raise InputRefused(f"Không đọc được tệp đính kèm “{source.name}”: {os_problem(exc)}.") from None


def _store(db_path: Path, source: Path, name: str, size: int, progress: Progress | None) -> Attachment:
    conn = harden(sqlite3.connect(str(db_path), timeout=30))
    try:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        temp_key = f"pending:{name}:{id(conn)}"
        cursor = conn.execute(
            "INSERT INTO blobs (sha256, name, size, data) VALUES (?, ?, ?, zeroblob(?))",
            (temp_key, name, size, size),
        )
        sha = _copy_into(conn, cursor.lastrowid or 0, source, size, progress)
        if conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone():
            conn.execute("DELETE FROM blobs WHERE sha256 = ?", (temp_key,))
            conn.commit()
            return Attachment(sha, name, size, reused=True)
        conn.execute("UPDATE blobs SET sha256 = ? WHERE sha256 = ?", (sha, temp_key))
        conn.commit()
        return Attachment(sha, name, size)
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    finally:
        conn.close()


def _copy_into(conn: sqlite3.Connection, rowid: int, source: Path, size: int, progress: Progress | None) -> str:
    """Write the file into the zero-filled blob chunk by chunk; returns its SHA-256."""
    digest = hashlib.sha256()
    done = 0
    with source.open("rb") as handle, conn.blobopen("blobs", "data", rowid) as blob:
        while chunk := handle.read(CHUNK):
            if done + len(chunk) > size:
                raise InputRefused(f"Tệp “{source.name}” thay đổi trong khi đang đính kèm; hãy thử lại.")
            blob.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, size)
    if done != size:
        raise InputRefused(f"Tệp “{source.name}” thay đổi trong khi đang đính kèm; hãy thử lại.")
    return digest.hexdigest()


def export_attachment(conn: sqlite3.Connection, sha256: str, folder: Path) -> Path:
    """Write an attached file out (to open it with the system viewer), checking its hash.

    A file packed to be sent may leave attachments out (their ``data`` NULL, name and size kept):
    that is said by name, as is a folder that cannot be written and damage in the file."""
    row = conn.execute(
        "SELECT rowid, name, size, typeof(data) != 'blob' FROM blobs WHERE sha256 = ?",
        (sha256,),  # header only
    ).fetchone()
    if row is None:
        raise InputRefused("Tệp đính kèm không còn trong tệp đánh giá.")
    rowid, stored, size, left_out = row
    name = attachment_name(stored, size, where=f"tệp đính kèm {sha256[:8]}")
    if left_out:
        raise InputRefused(
            f"Nội dung tệp đính kèm “{name}” không có trong tệp đánh giá này: tệp đã được đóng gói để gửi "
            "mà không kèm tệp đính kèm đó (chỉ giữ tên và kích thước). Hãy xem tệp gốc ở đơn vị đã gửi."
        )
    target = folder / f"{sha256[:8]}-{name}"
    digest = hashlib.sha256()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with conn.blobopen("blobs", "data", rowid, readonly=True) as blob, target.open("wb") as out:
            while chunk := blob.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
    except OSError as exc:
        discard(target)
        raise InputRefused(f"Không chép được tệp đính kèm “{name}” ra để mở: {os_problem(exc)}.") from None
    except sqlite3.DatabaseError as exc:
        discard(target)
        raise InputRefused(f"Không đọc được tệp đính kèm “{name}”: {sqlite_problem(exc)}.") from None
    if digest.hexdigest() != sha256:
        target.unlink(missing_ok=True)
        raise InputRefused(f"Tệp đính kèm “{name}” bị hỏng (mã băm không khớp).")
    return target
