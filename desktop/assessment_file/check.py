"""Checks a file before anything trusts it: read-only, no code of its own, our schema, sane sizes.

Measured facts this relies on (DESIGN.md §5): SQLite never fails at connect(), damage shows at the
first real query; a 0-byte file is a valid empty database; a pure-SQL trigger would fire on our own
UPDATE, so every object in ``sqlite_master`` must be ours, to the letter of its DDL (a table without
its primary key, with a CHECK, STRICT or an unknown collation is not ours either); ``quick_check``
cannot see a broken index, ``integrity_check`` can, and a progress handler interrupts either.

What ``check_file`` guarantees when it returns: the file is a PAR Desk file of a version we read,
with a sane header, whole (``integrity_check`` within its time budget), holding exactly our tables
and indexes, with row counts within limits, a ``nodes`` tree without cycles and no deeper than
``MAX_DEPTH``; nothing was written to it and nothing was created beside it. Values inside are
validated where they are read (``rows``), each refusal naming table, row and field.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from scoring import format_number
from scoring.limits import MAX_DEPTH, MAX_NODES, MAX_TEXTS_TOTAL

from ..errors import FileRefused, log_detail, sqlite_problem
from ..outputs import os_problem
from .header import check_header, in_wal_mode, read_header
from .lock import connected_here
from .schema import APPLICATION_ID, SCHEMA_VERSION, expected_sql, normal_sql

__all__ = [
    "RECEIVED_SECONDS",
    "BadText",
    "check_connection",
    "check_file",
    "connect_readonly",
    "damaged",
    "decode_text",
    "fetch_rows",
    "harden",
    "open_readonly",
    "private_copy",
    "readable",
]

RECEIVED_SECONDS = 8.0  # integrity_check of one file (about 500 MB on this machine), then refused
_MAX_STEPS = 200_000_000  # progress-handler budget (VM steps) for reading one foreign file
# Row counts beyond which a file is not an assessment (a value per node and scenario, a few texts)
_MAX_ROWS = {
    "nodes": MAX_NODES,
    "entries": 5 * MAX_NODES,
    "texts": 10 * MAX_NODES,
    "settings": 1_000,
    "meta": 1_000,
    "documents": MAX_NODES,
    "evidence": 10 * MAX_NODES,
    "comments": 10 * MAX_NODES,
}
# tables of schema 2 (the exchange), counted where the file's version has them
_LATER_ROWS = {
    "rounds": 1_000,  # six rounds a year; a thousand entries is a file nobody sent by hand
    "appraisals": 3 * MAX_NODES,
    "manifest": 1_000,
    "sources": 10 * MAX_NODES,
}
_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_PRAGMA,
    sqlite3.SQLITE_SAVEPOINT,  # sqlite-utils wraps queries in a savepoint; nothing is written
    sqlite3.SQLITE_TRANSACTION,
}


class BadText(str):
    """A text value that is not valid UTF-8, as read (invalid bytes replaced). The boundary
    (``rows``) refuses it by name; being a ``str`` it cannot break the query that read it."""


def decode_text(raw: bytes) -> str:
    """The text factory of every connection: never raises mid-query (``Could not decode``)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw.decode("utf-8", "replace"))


def fetch_rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    """Every row of a large read query, its texts decoded by SQLite's own C path.

    ``decode_text`` is a Python call per value: a third of reading a 20 000-node file (measured).
    That path stops the query at a text that is not UTF-8 (``Could not decode``); the rows are
    then read again through ``decode_text``, so the boundary (``rows``) names the bad value.
    """
    conn.text_factory = str
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:
        if not str(exc).startswith("Could not decode"):
            raise
    finally:
        conn.text_factory = decode_text
    return conn.execute(sql).fetchall()


def harden(conn: sqlite3.Connection) -> sqlite3.Connection:
    """What every connection to an assessment file gets: no app functions from the schema, and
    texts that cannot raise while a query runs."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.text_factory = decode_text
    return conn


def _describe(path: Path) -> str:
    return f"Tệp “{path.name}”"


_NOT_DAMAGE = {  # SQLite errors about the disk or another program, not the file's content
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_PROTOCOL,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_NOMEM,
}


def damaged(what: str, exc: sqlite3.Error) -> str:
    """``what`` cannot be read: SQLite's reason in Vietnamese, its English words in the log."""
    problem = sqlite_problem(exc, context=what)
    if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _NOT_DAMAGE:
        return f"{what} không đọc được ({problem})."
    return f"{what} bị hỏng, không đọc được ({problem})."


def _authorizer(action: int, *_args: object) -> int:
    return sqlite3.SQLITE_OK if action in _READ_ACTIONS else sqlite3.SQLITE_DENY


def connect_readonly(path: Path, *, seconds: float | None = None) -> sqlite3.Connection:
    """A read-only connection that can only read and cannot run away (authorizer, step budget,
    and with ``seconds`` a deadline for the work that follows)."""
    read_header(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = harden(sqlite3.connect(uri, uri=True))
    conn.set_authorizer(_authorizer)
    conn.set_progress_handler(_budget(seconds), 10_000)
    return conn


@contextmanager
def open_readonly(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_readonly(path)
    try:
        yield conn
    finally:
        conn.close()


def _budget(seconds: float | None) -> Callable[[], int]:
    steps = {"n": 0}
    deadline = None if seconds is None else time.monotonic() + seconds

    def handler() -> int:
        steps["n"] += 10_000
        if steps["n"] > _MAX_STEPS:
            return 1
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    return handler


def check_file(path: Path, *, seconds: float = RECEIVED_SECONDS) -> dict[str, str]:
    """Check ``path`` read-only and return its ``meta`` table; raise ``FileRefused`` if unusable.

    Creates nothing beside ``path`` and changes none of its bytes: a file in WAL mode or with a
    journal beside it is checked through a private copy (``readable``). ``seconds`` bounds the
    ``integrity_check``; a file too large to check within it is refused.
    """
    path = Path(path)
    with readable(path) as source:
        return _check_source(source, _describe(path), seconds)


def _check_source(path: Path, what: str, seconds: float) -> dict[str, str]:
    check_header(read_header(path), path, what)
    try:
        conn = connect_readonly(path, seconds=seconds)
        try:
            check_connection(conn, what)
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":
            raise FileRefused(
                f"{what} quá lớn để kiểm tra trong {seconds:.0f} giây; không mở để bảo đảm an toàn."
            ) from None
        raise FileRefused(damaged(what, exc)) from None
    except sqlite3.DatabaseError as exc:
        raise FileRefused(damaged(what, exc)) from None
    except UnicodeDecodeError:  # a name in a damaged schema, decoded for the authorizer
        raise FileRefused(f"{what} bị hỏng: cấu trúc tệp có tên không phải mã UTF-8.") from None


def needs_copy(path: Path) -> bool:
    """Reading ``path`` in place would create ``-wal``/``-shm`` or need to roll back a journal, or
    a window of this process edits it (read through SQLite's own handle: ``private_copy``)."""
    if connected_here(path):
        return True
    return in_wal_mode(read_header(path)) or any(Path(f"{path}{s}").exists() for s in ("-wal", "-journal"))


@contextmanager
def readable(path: Path) -> Iterator[Path]:
    """``path`` itself when reading it changes nothing, else a private copy (removed afterwards)."""
    if not needs_copy(path):
        yield path
        return
    copy = private_copy(path)
    try:
        yield copy
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def private_copy(path: Path) -> Path:
    """A copy of ``path`` (with its ``-wal`` or ``-journal``) in a private temporary folder, its
    committed edits folded in and back in rollback mode, so it reads like a single file. The
    caller removes ``copy.parent``; ``path`` is only read."""
    what = _describe(path)
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="pardesk-ban-sao-"))
        target = folder / path.name
        if connected_here(path):
            _copy_held(path, target)
        else:
            shutil.copyfile(path, target)
            for suffix in ("-wal", "-journal"):
                if Path(f"{path}{suffix}").exists():
                    shutil.copyfile(f"{path}{suffix}", f"{target}{suffix}")
        conn = harden(sqlite3.connect(str(target)))
        try:
            conn.set_authorizer(_authorizer)
            conn.execute("PRAGMA journal_mode = DELETE")  # rolls a journal back, folds a WAL in
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError) as exc:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, sqlite3.DatabaseError):
            raise FileRefused(damaged(what, exc)) from None
        raise FileRefused(
            f"Không tạo được bản sao tạm để đọc {what.lower()} ({os_problem(exc)}); hãy kiểm tra chỗ trống trên ổ đĩa."
        ) from None
    return target


def _copy_held(path: Path, target: Path) -> None:
    """A consistent copy of a file a window of this process edits, made by SQLite's backup from a
    connection of its own: SQLite shares one set of POSIX locks per file within a process and
    never lets a descriptor's close drop the window's (a plain copy here would)."""
    source = harden(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5))
    try:
        writer = sqlite3.connect(str(target))
        try:
            source.backup(writer)
        finally:
            writer.close()
    finally:
        source.close()


def check_connection(conn: sqlite3.Connection, what: str) -> None:
    """Every check that needs a connection, in order of cost (``check_file``'s docstring)."""
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
    _check_objects(conn, what, version)
    result = conn.execute("PRAGMA integrity_check(20)").fetchall()
    if result != [("ok",)]:
        lines = [line for row in result for line in str(row[0]).splitlines() if not line.startswith("***")]
        log_detail("integrity_check: " + " | ".join(lines), context=what)
        raise FileRefused(
            f"{what} bị hỏng ({_integrity_problem(lines)}); không mở để tránh đọc sai hoặc ghi thêm vào tệp hỏng."
        )
    _check_sizes(conn, what)
    _check_tree(conn, what)


def _integrity_problem(lines: list[str]) -> str:
    """``integrity_check``'s first finding in Vietnamese (SQLite's English is in the log)."""
    for line in lines:
        if found := re.search(r"\bindex (\w+)", line):
            return f"chỉ mục “{found.group(1)}” không khớp với dữ liệu của bảng"
        if found := re.search(r"\b[Pp]age (\d+)", line):
            return f"trang {found.group(1)} của tệp bị hỏng"
    return "cấu trúc bên trong tệp không nhất quán"


def _check_objects(conn: sqlite3.Connection, what: str, version: int) -> None:
    """Exactly the objects of the file's own version, each with the very DDL our steps wrote."""
    expected = expected_sql(version)
    found = {}
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if (kind, name) not in expected:
            raise FileRefused(f"{what} chứa đối tượng lạ ({kind} “{name}”), không mở để bảo đảm an toàn.")
        found[(kind, name)] = (table, normal_sql(sql))
    for key, (table, sql) in expected.items():
        if key not in found:
            raise FileRefused(f"{what} thiếu {key[0]} “{key[1]}” của định dạng {version}.")
        if found[key] != (table, sql):
            raise FileRefused(
                f"{what}: cấu trúc {key[0]} “{key[1]}” khác định dạng {version} của PAR Desk "
                "(bị sửa bằng công cụ khác); không mở để bảo đảm an toàn."
            )


def _check_sizes(conn: sqlite3.Connection, what: str) -> None:
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    later = {table: limit for table, limit in _LATER_ROWS.items() if table in present}
    for table, limit in (_MAX_ROWS | later).items():
        (count,) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        if count > limit:
            raise FileRefused(f"{what}: bảng {table} có {count} dòng, quá giới hạn {limit}.")
    (nodes,) = conn.execute("SELECT count(*) FROM nodes").fetchone()
    if nodes == 0:
        raise FileRefused(f"{what} không có tiêu chí nào.")
    for table, key, columns in (("texts", "node_key", "text"), ("nodes", "key", "title || legal_basis")):
        (length,) = conn.execute(f"SELECT coalesce(sum(length({columns})), 0) FROM {table}").fetchone()
        if length > MAX_TEXTS_TOTAL:
            (longest,) = conn.execute(f"SELECT {key} FROM {table} ORDER BY length({columns}) DESC").fetchone()
            raise FileRefused(
                f"{what}: các văn bản trong bảng {table} dài {_grouped(length)} ký tự (dài nhất ở dòng "
                f"{str(longest)[:50]}), quá giới hạn {_grouped(MAX_TEXTS_TOTAL)} của một tệp đánh giá."
            )


def _grouped(number: int) -> str:
    return format_number(number, places=0)


def _check_tree(conn: sqlite3.Connection, what: str) -> None:
    """The ``nodes`` tree without cycles and no deeper than ``MAX_DEPTH``, walked without recursion.

    Keys and parent keys are compared as SQLite stores them; a key of another type than text is
    refused later, by name, where rows become records."""
    children: dict[object, list[object]] = {}
    total = 0
    for key, parent in fetch_rows(conn, "SELECT key, parent_key FROM nodes"):
        children.setdefault(parent, []).append(key)
        total += 1
    reached = 0
    level, depth = children.get(None, []), 1
    while level:
        if depth > MAX_DEPTH:
            raise FileRefused(f"{what}: cây tiêu chí sâu hơn {MAX_DEPTH} cấp (tiêu chí {str(level[0])[:50]}).")
        reached += len(level)
        level, depth = [child for key in level for child in children.get(key, ())], depth + 1
    if reached != total:
        raise FileRefused(
            f"{what}: cây tiêu chí có tiêu chí không nối được về gốc "
            "(tiêu chí cha không có trong tệp, hoặc vòng lặp cha – con)."
        )
