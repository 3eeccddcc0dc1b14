"""The first 100 bytes of an SQLite file, read and judged before SQLite itself opens it.

SQLite trusts its header: a write-version byte above 2 makes it open the file read-only (and a
later write fails deep inside), a read-version byte above 2 makes it refuse every query, odd
payload fractions or reserved bytes are not what we write. These are checked here, in
Vietnamese, together with the file's size (a whole number of pages, within ``MAX_FILE_BYTES``).
See https://www.sqlite.org/fileformat2.html#the_database_header.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import FileRefused
from ..outputs import os_problem
from .lock import connected_here

__all__ = ["HEADER_SIZE", "MAX_FILE_BYTES", "check_header", "companions", "in_wal_mode", "read_header"]

HEADER_SIZE = 100
MAX_FILE_BYTES = 2 * 1024**3  # 2 GiB: an assessment with its attached documents; beyond is not one
_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-journal", "-shm")


def _describe(path: Path) -> str:
    return f"Tệp “{path.name}”"


def read_header(path: Path) -> bytes:
    """The header of ``path``, or ``FileRefused`` saying why there is none to read."""
    what = _describe(path)
    if connected_here(path):
        # a window of this process edits it: closing a descriptor opened here would drop that
        # window's SQLite locks (POSIX); readers of such a file go through ``private_copy``
        raise FileRefused(f"{what} đang được sửa trong một cửa sổ PAR Desk này; hãy đóng cửa sổ đó rồi thử lại.")
    try:
        if not path.exists():
            raise FileRefused(f"Không tìm thấy tệp “{path}”.")
        if path.is_dir():
            raise FileRefused(f"“{path}” là một thư mục, không phải tệp đánh giá.")
        with path.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise FileRefused(f"Không đọc được {what.lower()}: {os_problem(exc)}.") from None
    if not head:
        raise FileRefused(f"{what} rỗng (0 byte), không phải tệp đánh giá PAR Desk.")
    if not head.startswith(_MAGIC):
        raise FileRefused(
            f"{what} không phải tệp đánh giá PAR Desk (không phải cơ sở dữ liệu SQLite). "
            "Nếu đây là bảng Excel, hãy dùng chức năng Nhập từ Excel."
        )
    if len(head) < HEADER_SIZE:
        raise FileRefused(f"{what} bị cắt cụt hoặc hỏng.")
    return head


def _page_size(head: bytes) -> int:
    raw = int.from_bytes(head[16:18], "big")
    return 65_536 if raw == 1 else raw


def check_header(head: bytes, path: Path, what: str) -> None:
    """Refuse a header SQLite would misread or that we never write (see the module docstring)."""
    page = _page_size(head)
    if page < 512 or page & (page - 1):
        raise FileRefused(f"{what} bị hỏng (kích thước trang {page} không hợp lệ).")
    if head[18] not in (1, 2) or head[19] not in (1, 2):
        raise FileRefused(
            f"{what} bị sửa ở phần đầu tệp (phiên bản ghi/đọc {head[18]}/{head[19]}); "
            "không mở để tránh đọc hoặc ghi sai."
        )
    if head[20] != 0 or head[21:24] != b"\x40\x20\x20" or any(head[72:92]):
        raise FileRefused(f"{what} có phần đầu tệp không đúng chuẩn SQLite của PAR Desk.")
    if int.from_bytes(head[56:60], "big") not in (0, 1):
        raise FileRefused(f"{what} không dùng mã UTF-8 cho văn bản, không phải tệp của PAR Desk.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"{what} lớn {size // 1024**2} MB, quá giới hạn {MAX_FILE_BYTES // 1024**2} MB.")
    if size % page:
        raise FileRefused(f"{what} bị cắt cụt hoặc hỏng (kích thước không tròn trang).")
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the in-header size is current only when these agree
    if valid and pages * page > size and not in_wal_mode(head):
        raise FileRefused(f"{what} bị cắt cụt (thiếu {pages - size // page} trang).")


def in_wal_mode(head: bytes) -> bool:
    """Bytes 18 and 19 are 2 in a file left in WAL mode: reading it would create ``-wal``/``-shm``."""
    return head[18] == 2 or head[19] == 2


def companions(path: Path) -> list[Path]:
    """``-wal``, ``-journal`` and ``-shm`` files beside ``path`` (each changes how it must be read)."""
    return [p for p in (Path(f"{path}{suffix}") for suffix in _COMPANIONS) if p.exists()]
