"""Checks a file before anything trusts it: read-only, no code of its own, our schema, sane sizes.

Measured facts this relies on (DESIGN.md §5): SQLite never fails at connect(), damage shows at the
first real query; a 0-byte file is a valid empty database; a pure-SQL trigger would fire on our own
UPDATE, so any object in ``sqlite_master`` that is not ours refuses the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import FileRefused
from .schema import APPLICATION_ID, SCHEMA_VERSION, columns_of, expected_objects

__all__ = ["check_file", "connect_readonly", "open_readonly"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_MAX_NODES = 100_000
_MAX_STEPS = 50_000_000  # progress-handler budget for reading one foreign file
_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_PRAGMA,
    sqlite3.SQLITE_SAVEPOINT,  # sqlite-utils wraps queries in a savepoint; nothing is written
    sqlite3.SQLITE_TRANSACTION,
}


def _describe(path: Path) -> str:
    return f"Tệp “{path.name}”"


def _check_bytes(path: Path) -> None:
    what = _describe(path)
    if not path.exists():
        raise FileRefused(f"Không tìm thấy tệp “{path}”.")
    if path.is_dir():
        raise FileRefused(f"“{path}” là một thư mục, không phải tệp đánh giá.")
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise FileRefused(f"Không đọc được {what.lower()}: {exc.strerror or exc}.") from None
    if not head:
        raise FileRefused(f"{what} rỗng (0 byte), không phải tệp đánh giá PAR Desk.")
    if not head.startswith(_SQLITE_MAGIC):
        raise FileRefused(
            f"{what} không phải tệp đánh giá PAR Desk (không phải cơ sở dữ liệu SQLite). "
            "Nếu đây là bảng Excel, hãy dùng chức năng Nhập từ Excel."
        )
    if len(head) < 100:
        raise FileRefused(f"{what} bị cắt cụt hoặc hỏng.")


def _authorizer(action: int, *_args: object) -> int:
    return sqlite3.SQLITE_OK if action in _READ_ACTIONS else sqlite3.SQLITE_DENY


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that can only read and cannot run away (authorizer, step budget)."""
    _check_bytes(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.set_authorizer(_authorizer)
    conn.set_progress_handler(_budget(), 10_000)
    return conn


@contextmanager
def open_readonly(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_readonly(path)
    try:
        yield conn
    finally:
        conn.close()


def _budget() -> Callable[[], int]:
    steps = {"n": 0}

    def handler() -> int:
        steps["n"] += 10_000
        return 1 if steps["n"] > _MAX_STEPS else 0

    return handler


def check_file(path: Path) -> dict[str, str]:
    """Check ``path`` read-only and return its ``meta`` table; raise ``FileRefused`` if unusable."""
    path = Path(path)
    what = _describe(path)
    _recover_hot_journal(path)
    try:
        with open_readonly(path) as conn:
            return _check_connection(conn, what)
    except FileRefused:
        raise
    except sqlite3.DatabaseError as exc:
        raise FileRefused(f"{what} bị hỏng, không đọc được ({exc}).") from None


def _check_connection(conn: sqlite3.Connection, what: str) -> dict[str, str]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise FileRefused(f"{what} là cơ sở dữ liệu SQLite nhưng không phải tệp đánh giá PAR Desk.")
    if version > SCHEMA_VERSION:
        raise FileRefused(
            f"{what} được tạo bằng phiên bản PAR Desk mới hơn (định dạng {version}, phiên bản này đọc "
            f"được đến {SCHEMA_VERSION}). Hãy cập nhật PAR Desk; tệp không bị thay đổi."
        )
    if version < 1:
        raise FileRefused(f"{what} chưa được khởi tạo đầy đủ.")
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise FileRefused(f"{what} bị hỏng: {result[0][0]}.")
    _check_objects(conn, what, version)
    count = conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
    if not 0 < count <= _MAX_NODES:
        raise FileRefused(f"{what} có {count} tiêu chí, không hợp lệ.")
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _check_objects(conn: sqlite3.Connection, what: str, version: int) -> None:
    """Exactly the tables and indexes of the file's own version, each table with its columns."""
    allowed = expected_objects(version)
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master"):
        if kind == "index" and name.startswith("sqlite_autoindex_"):
            continue
        if (kind, name) not in allowed:
            raise FileRefused(f"{what} chứa đối tượng lạ ({kind} “{name}”), không mở để bảo đảm an toàn.")
    for table, columns in columns_of(version).items():
        found = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        missing = set(columns) - found
        if missing:
            raise FileRefused(f"{what} thiếu cột {', '.join(sorted(missing))} trong bảng {table}.")


def _recover_hot_journal(path: Path) -> None:
    """After a crash a rollback journal may sit beside the file; SQLite undoes the unfinished
    transaction on the first read-write open. A read-only open cannot, so do it first."""
    journal = path.with_name(path.name + "-journal")
    if not journal.exists() or not path.exists():
        return
    try:
        conn = sqlite3.connect(str(path))
        try:
            conn.set_authorizer(_authorizer)
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # the checks that follow report what is wrong
