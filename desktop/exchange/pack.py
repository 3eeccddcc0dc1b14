"""Pack the file to send: checked first, closed for its round, compacted into one file, declared.

``pack`` writes a fresh single-file copy (``VACUUM INTO``: no ``-wal`` or ``-journal`` beside it)
into a temporary name beside the target, moves the round on in the copy, leaves out attachments
above a size if asked, writes the manifest with the fingerprint and seal, and only then puts it
in place and moves the working file's round on too: a pack that fails leaves both as they were.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.rounds import ROUND_LABELS, Round

from ..assessment_file.disk import writing
from ..assessment_file.fingerprint import fingerprint
from ..assessment_file.rounds import REASON, RESPONSE, write_round
from ..assessment_file.schema import SCHEMA_VERSION
from ..assessment_file.store import AssessmentFile
from ..errors import FileRefused, InputRefused
from ..outputs import discard
from .manifest import FORMAT, audit_summary, counts, seal, suggested_name
from .workflow import Closing

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["EMAIL_LIMIT", "PackResult", "pack", "plan_pack"]

EMAIL_LIMIT = 20 * 1024 * 1024  # above this, warn: mail servers commonly refuse 20–25 MB


@dataclass
class PackResult:
    """The packed file, its manifest, what the officer should know, and what was left out."""

    path: Path
    manifest: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # names of attachments not included


def _mb(size: int) -> str:
    from scoring import format_number
    from scoring.numbers import to_decimal

    return format_number(to_decimal(str(round(size / 1024 / 1024, 1))), places=1) + " MB"


def plan_pack(session: Session, *, leave_out_over: int | None = None) -> Closing:
    """What packing now would do and say, without writing anything (the app asks with this)."""
    texts = {name: session.texts(name) for name in (REASON, RESPONSE, "risk")}
    meta = session.meta
    closing = session.workflow.closing(session.assessment, texts, meta.get("unit", ""), meta.get("province", ""))
    total, big = _attachment_sizes(session.store.conn, leave_out_over)
    if total - big > EMAIL_LIMIT:
        closing.warnings.append(
            f"Tệp đính kèm tổng cộng {_mb(total)}: thư điện tử thường chỉ nhận 20–25 MB; có thể để lại "
            "các tệp đính kèm lớn (chỉ gửi số ký hiệu, trích yếu và mã băm của chúng)."
        )
    return closing


def _attachment_sizes(conn: sqlite3.Connection, over: int | None) -> tuple[int, int]:
    total = int(conn.execute("SELECT coalesce(sum(size), 0) FROM blobs").fetchone()[0])
    if over is None:
        return total, 0
    big = conn.execute("SELECT coalesce(sum(size), 0) FROM blobs WHERE size > ?", (over,)).fetchone()[0]
    return total, int(big)


def _target(session: Session, out: Path, next_round: Round) -> Path:
    meta = session.meta
    if out.is_dir():
        out = out / suggested_name(meta.get("unit", ""), meta.get("year", ""), meta.get("template_id", ""), next_round)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"Thư mục “{folder}” không tồn tại; hãy chọn thư mục khác.")
    if out.exists() and out.resolve() == session.store.path.resolve():
        raise InputRefused("Tệp đóng gói phải khác tệp đang làm việc; hãy chọn tên khác.")
    return out


def pack(session: Session, out: Path, *, leave_out_over: int | None = None) -> PackResult:
    """Write the file to send to ``out`` (a file, or a folder: then the suggested name inside it)."""
    closing = plan_pack(session, leave_out_over=leave_out_over)
    if closing.refusals:
        raise InputRefused("\n".join(closing.refusals))
    next_round = closing.next or closing.current
    target = _target(session, Path(out), next_round)
    ts = _packed_at()
    note = f"đóng gói {target.name}"
    temp = target.parent / f".pardesk-{secrets.token_hex(6)}.sqlite"
    if session.store.conn.in_transaction:
        session.store.conn.commit()
    try:
        with writing(target):  # a full disk or a removed drive: said so, no half file left
            session.store.conn.execute("VACUUM INTO ?", (str(temp),))
            manifest, left_out = _finish_copy(session, temp, closing, ts=ts, note=note, over=leave_out_over)
            os.replace(temp, target)
    finally:
        discard(temp)  # and its journal; never raises on a read-only or removed drive
    if closing.next is not None:
        write_round(session.store, closing.next, user=session.user, ts=ts, note=note, snapshot=closing.snapshot)
        session.workflow.reload()
    warnings = list(closing.warnings)
    if closing.next is None:
        warnings.append(f"Gửi lại tệp ở vòng “{ROUND_LABELS[closing.current]}” (vòng không thay đổi).")
    return PackResult(target, manifest, warnings, left_out)


def _packed_at() -> str:
    """Local time with its offset, to the millisecond: two packs of one unit are told apart by it."""
    import datetime as dt

    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


def _finish_copy(
    session: Session, temp: Path, closing: Closing, *, ts: str, note: str, over: int | None
) -> tuple[dict[str, str], list[str]]:
    """In the copy (in rollback-journal mode, so it stays a single file): the next round,
    attachments left out, the manifest; then compacted again if something was left out."""
    conn = sqlite3.connect(str(temp))
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA journal_mode = DELETE")  # a copy of a file open in WAL mode starts in WAL
        copy = AssessmentFile(temp, conn, writable=True, wal=False)
        if closing.next is not None:
            write_round(copy, closing.next, user=session.user, ts=ts, note=note, snapshot=closing.snapshot)
        left_out = []
        if over is not None:
            left_out = [row[0] for row in conn.execute("SELECT name FROM blobs WHERE size > ? ORDER BY name", (over,))]
            conn.execute("UPDATE blobs SET data = NULL WHERE size > ?", (over,))
        manifest = _manifest(session, conn, closing.next or closing.current, ts)
        conn.execute("DELETE FROM manifest")
        conn.executemany("INSERT INTO manifest (key, value) VALUES (?, ?)", sorted(manifest.items()))
        conn.commit()
        if left_out:
            conn.execute("VACUUM")
    finally:
        conn.close()
    return manifest, left_out


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pardesk")
    except PackageNotFoundError:
        return "?"


def _manifest(session: Session, conn: sqlite3.Connection, round_: Round, ts: str) -> dict[str, str]:
    meta = session.meta
    manifest = {
        "format": FORMAT,
        "unit": meta.get("unit", ""),
        "province": meta.get("province", ""),
        "year": meta.get("year", ""),
        "template_id": meta.get("template_id", ""),
        "template_version": meta.get("template_version", ""),
        "template_hash": meta.get("template_hash", ""),
        "template_level": session.criteria_set.level,
        "round": round_.value,
        "sender": session.workflow.desk.value,
        "packed_at": ts,
        "packed_by": session.user,
        "app_version": _app_version(),
        "schema_version": str(SCHEMA_VERSION),
        **counts(conn),
        **audit_summary(conn),
        "fingerprint": fingerprint(conn),
    }
    manifest["seal"] = seal(manifest, conn)
    return manifest
