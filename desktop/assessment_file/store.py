"""The assessment file: one SQLite file per assessment, written through sqlite-utils.

Every user action is one ``atomic()`` transaction, committed (synchronous=FULL) before the caller
returns, and recorded in the audit log. A file is checked read-only before it is opened for writing.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scoring import TOTAL_KEY, CriteriaSet, CriteriaSetError, CriteriaTree, Entry, Scenario, build_tree, node_records
from scoring.bulk import building

from ..errors import FileRefused
from ..outputs import discard, os_problem
from .check import (
    check_file,
    connect_readonly,
    damaged,
    fetch_rows,
    harden,
    needs_copy,
    private_copy,
    readable,
)
from .disk import (
    drop_empty_wal,
    fold_wal,
    leave_wal,
    remove_folders,
    roll_back_journal,
    shm_in_use,
    unwritable_reason,
    upgraded_copy,
    writing,
)
from .lock import EditLock, Holder, held_here
from .rows import (
    AUDIT_COLUMNS,
    DOCUMENT_COLUMNS,
    ENTRY_COLUMNS,
    NODE_COLUMNS,
    audit_from_row,
    comment_from_row,
    criteria_set_head,
    document_from_row,
    entries_from_rows,
    meta_from_rows,
    record_from_row,
    settings_from_rows,
    texts_from_rows,
)
from .schema import SCHEMA_VERSION, create_schema, migrate

__all__ = ["AssessmentFile", "NotWritable", "StoredAssessment", "fold_wal", "is_packed", "now_iso", "upgraded_copy"]

READ_ONLY = "Tệp đang mở chỉ để xem; không sửa được."


class NotWritable(FileRefused):
    """A working file that can be read but not edited here: read-only, in a read-only folder, or
    open for editing elsewhere (the message says which, and who has it)."""


def now_iso() -> str:
    """Local time with its offset (Vietnam time on the users' machines), to the second."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows set-ups
        return ""


def _entry_to_row(entry: Entry) -> tuple[str | None, str]:
    value = None if entry.value is None else str(entry.value)
    inputs = json.dumps({k: str(v) for k, v in sorted(entry.inputs.items())}, ensure_ascii=False)
    return value, inputs


def entry_text(entry: Entry) -> str | None:
    """The audit log's form of an entry: ``0.75`` or ``a=200; b=181``."""
    if entry.empty:
        return None
    parts = [] if entry.value is None else [str(entry.value)]
    parts += [f"{k}={v}" for k, v in sorted(entry.inputs.items())]
    return "; ".join(parts)


_PLAIN = (str, int, float, type(None))  # what a node row holds when every value is well formed


class StoredAssessment:
    """What ``AssessmentFile.read`` returns: the criteria set's metadata, tree rows and entries."""

    def __init__(
        self,
        meta: dict[str, str],
        criteria_set: CriteriaSet,
        entries: dict[Scenario, dict[str, Entry]],
        not_applicable: set[str],
    ) -> None:
        self.meta = meta
        self.criteria_set = criteria_set
        self.entries = entries
        self.not_applicable = not_applicable


class AssessmentFile:
    """An open assessment file. Create with ``create`` or ``open``; close with ``close``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, writable: bool = False, wal: bool = True) -> None:
        """``wal`` false keeps a writable file in rollback-journal mode: a new file or a copy being
        prepared (nobody else has it open, and it must stay a single file)."""
        self.path = path
        self.conn = conn
        self.writable = writable
        self.wal = wal
        self.read_only_reason = "" if writable else READ_ONLY  # said when an edit is tried
        self.lock: EditLock | None = None
        self._in_wal = False
        self.closed = False
        self._scratch: list[Path] = []  # private folders of copies read instead of the file, removed on close
        self._db: Any = None

    @property
    def db(self) -> Any:
        """The sqlite-utils view of the connection, made on the first write.

        Importing sqlite-utils costs about 0,1 s; reading needs only ``sqlite3``, so the app
        shows its window first and pays for this when (or just before) the first edit is made.
        A writable file enters WAL mode here, so a refused command leaves its bytes untouched.
        """
        if self._db is None:
            import sqlite_utils

            if self.writable and self.wal and not self._in_wal:
                self._in_wal = True  # before: a full disk may leave -wal/-shm for ``close`` to fold or drop
                with writing(self.path):
                    self.conn.execute("PRAGMA journal_mode = WAL")

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False, recursive_triggers=False)
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work, committed whole or not at all; refused (nothing written) on a file
        opened read-only, and a full disk or a removed drive said in Vietnamese."""
        if not self.writable:
            raise NotWritable(self.read_only_reason)
        with writing(self.path), self.db.atomic():
            yield

    # ------------------------------------------------------------ opening

    @classmethod
    def create(
        cls,
        path: Path,
        criteria_set: CriteriaSet,
        *,
        unit: str,
        year: int,
        province: str = "",
        user: str = "",
    ) -> AssessmentFile:
        """Write a new file (refusing to overwrite) holding the whole criteria set."""
        path = Path(path)
        if path.exists():
            raise FileRefused(f"Tệp “{path}” đã tồn tại; hãy chọn tên khác.")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise FileRefused(f"Thư mục “{folder}” không tồn tại.")
        try:
            handle, temp = tempfile.mkstemp(prefix=".pardesk-", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise FileRefused(f"Không ghi được vào thư mục “{folder}”: {os_problem(exc)}.") from None
        os.close(handle)
        try:
            with writing(path):
                conn = harden(sqlite3.connect(temp))
                try:
                    create_schema(conn)
                    store = cls(Path(temp), conn, writable=True, wal=False)
                    store._fill(criteria_set, unit=unit, year=year, province=province, user=user or default_user())
                finally:
                    conn.close()  # before the file is moved or removed: Windows refuses either while it is open
                os.replace(temp, path)
        finally:
            discard(Path(temp))  # a full disk, a read-only or removed drive: no half file left
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, user: str = "") -> AssessmentFile:
        """Check the file read-only, then open it for writing (upgrading an older file in place).

        Only for the officer's own working file. While open the file is in WAL mode, so each
        edit's durable commit costs one append instead of a rollback journal's several syncs
        (from the first write on: see ``db``); ``close`` folds the WAL back, leaving one file.
        Who holds the file is asked first (``_lock``): only then is a WAL left by a crash (it holds
        committed edits) folded in, or a journal rolled back, and never while another program
        still has the file open (``NotWritable``, nothing touched). Before either, the file with
        its WAL or journal is checked through a private copy (``_check_left_over``): a damaged or
        planted one is refused with the file and its companion left exactly as they were.
        """
        path = Path(path)
        lock = cls._lock(path, user)
        try:
            if Path(f"{path}-wal").exists() and shm_in_use(path):
                raise NotWritable(_in_use_message(path))
            _check_left_over(path)
            if not fold_wal(path):
                raise NotWritable(_in_use_message(path))
        except BaseException:
            lock.release()  # the other program's WAL and -shm are left exactly as they are
            raise
        try:
            roll_back_journal(path)
            check_file(path)
            with writing(path):
                conn = harden(sqlite3.connect(str(path)))
                lock.connected = True  # from now on nothing in this process opens the file itself
                try:
                    conn.execute("PRAGMA synchronous = FULL")
                    migrate(conn, conn.execute("PRAGMA user_version").fetchone()[0])
                except BaseException:
                    conn.close()
                    raise
        except BaseException:
            drop_empty_wal(path)  # a full disk refused the WAL's first bytes: nothing to keep
            lock.release()
            raise
        store = cls(path, conn, writable=True)
        store.lock = lock
        return store

    @staticmethod
    def _lock(path: Path, user: str) -> EditLock:
        """The editing lock, or ``NotWritable`` saying why this file cannot be edited here.

        A window of this process that edits ``path`` answers before anything opens the file:
        closing any descriptor of it here would drop that window's SQLite locks (POSIX)."""
        holder = held_here(path)
        if holder is not None:
            raise NotWritable(_held_message(path, holder))
        if not path.is_file():
            check_file(path)  # says what is wrong: missing, a folder, …
        reason = unwritable_reason(path)
        if reason:
            raise NotWritable(reason)
        try:
            lock = EditLock.acquire(path, user)
        except OSError as exc:
            raise NotWritable(f"Không ghi được vào thư mục chứa tệp “{path.name}”: {os_problem(exc)}.") from None
        if isinstance(lock, Holder):
            raise NotWritable(_held_message(path, lock))
        return lock

    @classmethod
    def open_readonly(cls, path: Path) -> AssessmentFile:
        """Check a received file and read it without any possibility of writing to it.

        Nothing is created beside it and none of its bytes change: a file in WAL mode or with a
        journal beside it is read through a private copy, and a file of an older schema version
        through an upgraded private copy (a received file is never migrated in place).
        """
        path = Path(path)
        scratch: list[Path] = []
        try:
            source = path
            if needs_copy(path):
                source = private_copy(path)
                scratch.append(source.parent)
            check_file(source)
            conn = connect_readonly(source)
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                conn.close()
                source = upgraded_copy(source)
                scratch.append(source.parent)
                conn = connect_readonly(source)
        except sqlite3.DatabaseError as exc:
            remove_folders(scratch)
            raise FileRefused(damaged(f"Tệp “{path.name}”", exc)) from None
        except BaseException:
            remove_folders(scratch)
            raise
        store = cls(path, conn)
        store._scratch = scratch
        return store

    def close(self) -> None:
        """Close; a writable file goes back to one file on disk (its WAL folded in)."""
        in_wal, self._in_wal = self._in_wal, False
        if in_wal:
            leave_wal(self.conn)
        self.conn.close()
        self.closed = True
        if in_wal and self.lock is not None:  # still ours alone: nobody else writes it
            drop_empty_wal(self.path)
        remove_folders(self._scratch)
        self._scratch = []
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> AssessmentFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fill(self, criteria_set: CriteriaSet, *, unit: str, year: int, province: str, user: str) -> None:
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "unit": unit,
            "province": province,
            "year": str(year),
            "created": now_iso(),
            "created_by": user,
            "template_id": criteria_set.id,
            "template_title": criteria_set.title,
            "template_version": criteria_set.version,
            "template_hash": criteria_set.content_hash,
            "template": json.dumps(criteria_set.metadata(), ensure_ascii=False),
        }
        rows = [_node_row(r) for r in node_records(criteria_set.tree)]
        with self.transaction():
            self.db["meta"].insert_all(({"key": k, "value": v} for k, v in meta.items()), batch_size=500)
            self.db["nodes"].insert_all(rows, batch_size=1000)
            self.db["settings"].insert({"key": "unit", "value": unit})

    # ------------------------------------------------------------ reading

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Where values leave the file: a refusal of ``rows`` is said with the file's name."""
        try:
            yield
        except FileRefused as exc:
            raise FileRefused(f"Tệp “{self.path.name}” bị hỏng: {exc}.") from None

    def meta(self) -> dict[str, str]:
        with self.reading():
            return meta_from_rows(self.conn.execute("SELECT key, value FROM meta"))

    def read(self, *, trees: dict[tuple[Any, ...], CriteriaTree] | None = None) -> StoredAssessment:
        """Everything needed to score: rebuilt and validated, with messages naming the node.

        Stored values are read with the strict converters of ``rows`` (never the input parser).
        ``trees`` (rows of ``nodes`` → the tree built from them) lets many files of one criteria
        set share one tree, read-only: Sở Nội vụ's 50 files are validated and built once, not 50
        times (rows equal to the letter validate alike).
        """
        meta = self.meta()
        with self.reading(), building():
            head = criteria_set_head(meta)
            rows = tuple(fetch_rows(self.conn, f"SELECT {NODE_COLUMNS} FROM nodes ORDER BY position"))
            if trees is not None and not all(type(v) in _PLAIN for row in rows for v in row):
                trees = None  # a value refused by name (a BadText…) is never matched to another file's
            tree = trees.get(rows) if trees is not None else None
            if tree is None:
                rules: dict[str, dict[str, Any]] = {}
                tree = self._tree([record_from_row(row, rules) for row in rows])
                if trees is not None:
                    trees[rows] = tree
            known = tree.by_key.keys() | {TOTAL_KEY}
            entries = entries_from_rows(fetch_rows(self.conn, f"SELECT {ENTRY_COLUMNS} FROM entries"), known)
        criteria_set = CriteriaSet(
            id=meta.get("template_id", ""),
            title=meta.get("template_title", ""),
            tree=tree,
            version=meta.get("template_version", ""),
            level=head["level"],
            years=head["years"],
            legal_basis=head["legal_basis"],
            source=head["source"],
            notes=head["notes"],
            content_hash=meta.get("template_hash", ""),
        )
        not_applicable = {r[0] for r in self.conn.execute("SELECT key FROM nodes WHERE not_applicable = 1")}
        return StoredAssessment(meta, criteria_set, entries, not_applicable)

    def _tree(self, records: list[dict[str, Any]]) -> CriteriaTree:
        try:
            return build_tree(records)
        except CriteriaSetError as exc:
            raise FileRefused(f"Bộ tiêu chí trong tệp “{self.path.name}” không hợp lệ: {exc}") from None

    def check_values(self) -> None:
        """Every value read later, when a panel or a document needs it (texts, evidence,
        comments), validated now: a bad one refuses the file when it opens, never a click later."""
        with self.reading():
            texts_from_rows(fetch_rows(self.conn, "SELECT node_key, scenario, text, field FROM texts"))
            join = "documents d LEFT JOIN blobs b ON b.sha256 = d.blob_sha256"
            for row in self.conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM {join}"):
                document_from_row(row)
            for row in self.conn.execute("SELECT id, node_key, author, created, text FROM comments"):
                comment_from_row(row)

    def texts(self, field: str) -> dict[tuple[str, str], str]:
        rows = self.conn.execute("SELECT node_key, scenario, text FROM texts WHERE field = ?", (field,))
        with self.reading():
            return texts_from_rows(rows, field)

    def settings(self) -> dict[str, str]:
        with self.reading():
            return settings_from_rows(self.conn.execute("SELECT key, value FROM settings"))

    def audit(self, node_key: str | None = None) -> list[dict[str, Any]]:
        names = ", ".join(f'"{c}"' for c in AUDIT_COLUMNS)
        sql = f"SELECT {names} FROM audit" + (" WHERE node_key = ?" if node_key else "") + " ORDER BY id"
        with self.reading():
            return [audit_from_row(row) for row in self.conn.execute(sql, [node_key] if node_key else [])]

    # ------------------------------------------------------------ writing (one transaction each)

    def write_entry(self, key: str, scenario: Scenario, old: Entry, new: Entry, *, user: str, field: str) -> None:
        """Store one node's entry for one scenario and its audit line, committed at once."""
        with self.transaction():
            if new.empty:
                self.conn.execute("DELETE FROM entries WHERE node_key = ? AND scenario = ?", (key, scenario.value))
            else:
                value, inputs = _entry_to_row(new)
                self.conn.execute(
                    "INSERT INTO entries (node_key, scenario, value, inputs) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (node_key, scenario) DO UPDATE SET value = excluded.value, "
                    "inputs = excluded.inputs",
                    (key, scenario.value, value, inputs),
                )
            self.audit_line(user, key, field, scenario.value, old=entry_text(old), new=entry_text(new))

    def write_entries(self, items: Iterable[tuple[str, Scenario, Entry]], *, user: str, field: str) -> None:
        """Store many entries in one transaction (imports, carrying last year's results)."""
        with self.transaction():
            for key, scenario, entry in items:
                value, inputs = _entry_to_row(entry)
                self.conn.execute(
                    "INSERT OR REPLACE INTO entries (node_key, scenario, value, inputs) VALUES (?, ?, ?, ?)",
                    (key, scenario.value, value, inputs),
                )
                self.audit_line(user, key, field, scenario.value, old=None, new=entry_text(entry))

    def write_text(self, key: str, field: str, scenario: str, text: str, *, user: str) -> None:
        old = self.texts(field).get((key, scenario))
        with self.transaction():
            if text:
                self.conn.execute(
                    "INSERT OR REPLACE INTO texts (node_key, field, scenario, text) VALUES (?, ?, ?, ?)",
                    (key, field, scenario, text),
                )
            else:
                self.conn.execute(
                    "DELETE FROM texts WHERE node_key = ? AND field = ? AND scenario = ?", (key, field, scenario)
                )
            self.audit_line(user, key, f"text:{field}", scenario, old=old, new=text or None)

    def write_texts(self, items: Iterable[tuple[str, str, str, str]], *, user: str) -> None:
        with self.transaction():
            for key, field, scenario, text in items:
                self.conn.execute(
                    "INSERT OR REPLACE INTO texts (node_key, field, scenario, text) VALUES (?, ?, ?, ?)",
                    (key, field, scenario, text),
                )
                self.audit_line(user, key, f"text:{field}", scenario, old=None, new=text)

    def write_settings(self, values: Mapping[str, str], *, user: str) -> None:
        old = self.settings()
        with self.transaction():
            for key, value in values.items():
                if old.get(key) == value:
                    continue
                self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
                self.audit_line(user, "", f"settings:{key}", "", old=old.get(key), new=value)

    def write_not_applicable(self, key: str, flag: bool, *, user: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE nodes SET not_applicable = ? WHERE key = ?", (int(flag), key))
            self.audit_line(user, key, "not_applicable", "", old=str(int(not flag)), new=str(int(flag)))

    def write_lead(self, key: str, old: str, lead: str, *, user: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE nodes SET lead = ? WHERE key = ?", (lead, key))
            self.audit_line(user, key, "lead", "", old=old, new=lead)

    def evidence_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT node_key, count(*) FROM evidence GROUP BY node_key").fetchall()
        return {key: count for key, count in rows}

    def write_meta(self, values: Mapping[str, str]) -> None:
        with self.transaction():
            for key, value in values.items():
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def audit_line(self, user: str, key: str, field: str, scenario: str, *, old: str | None, new: str | None) -> None:
        """Append one line to the audit log (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO audit (ts, user, node_key, field, scenario, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), user, key, field, scenario, old, new),
        )


def is_packed(path: Path) -> bool:
    """Whether ``path`` is a packed file, sent or received (its ``manifest`` holds rows): what was
    emailed, never to be edited in place. A working file has none (``receive`` deletes the copy's).

    Only decides how to open the file: read in place read-only (or through a private copy when
    that would change something, as ``check_file`` reads), so no byte changes and nothing is left
    beside it. Whatever is shown afterwards comes from the file checked as it is opened; a file
    that cannot be read here is not called packed, and the open that follows says what is wrong.
    """
    path = Path(path)
    try:
        if not path.is_file():
            return False
        with readable(path) as source:
            conn = connect_readonly(source, seconds=_PACKED_SECONDS)
            try:
                kind = conn.execute("SELECT type FROM sqlite_master WHERE name = 'manifest'").fetchone()
                if kind is None or kind[0] != "table":
                    return False
                return conn.execute("SELECT 1 FROM manifest LIMIT 1").fetchone() is not None
            finally:
                conn.close()
    except (FileRefused, sqlite3.Error, OSError, UnicodeDecodeError):
        return False


_PACKED_SECONDS = 2.0  # is_packed reads two rows; a file that makes it take longer is checked by the open


def _in_use_message(path: Path) -> str:
    return (
        f"Tệp “{path.name}” đang được một chương trình khác mở (một công cụ SQLite, hoặc PAR Desk "
        "phiên bản cũ). Hãy đóng chương trình đó rồi mở lại để sửa."
    )


def _check_left_over(path: Path) -> None:
    """A ``-wal`` or ``-journal`` beside our working file (left by a crash, or planted) is folded in
    or rolled back only once a private copy of the file with it passes every check: SQLite would
    change the file itself first and the check would come too late (``check_file`` reads such a
    file through ``private_copy``)."""
    left = [Path(f"{path}{suffix}") for suffix in ("-wal", "-journal") if Path(f"{path}{suffix}").exists()]
    if not left:
        return
    try:
        check_file(path)
    except FileRefused as exc:
        names = " và ".join(f"“{p.name}”" for p in left)
        raise FileRefused(
            f"{str(exc).rstrip('.')}. (Đã kiểm tra tệp cùng với {names} bên cạnh nó trên một bản sao; "
            f"tệp và {names} không bị thay đổi.)"
        ) from None


def _held_message(path: Path, holder: Holder) -> str:
    return (
        f"Tệp “{path.name}” đang được mở để sửa bởi {holder.describe()}. Hãy đóng cửa sổ đó "
        "(hoặc chờ lệnh đang chạy xong) rồi mở lại để sửa."
    )


def _node_row(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "key": record["key"],
        "parent_key": record["parent_key"],
        "position": record["position"],
        "code": record["code"],
        "title": record["title"],
        "max": record["max"],
        "rule": json.dumps(record["rule"], ensure_ascii=False),
        "lead": record["lead"],
        "mode": record["mode"],
        "grp": record["group"],
        "legal_basis": record["legal_basis"],
        "inputs": json.dumps(record["inputs"], ensure_ascii=False),
        "is_part": int(record["is_part"]),
        "implied": int(record["implied"]),
        "not_applicable": 0,
    }
