"""Write a decided assembly as a new assessment file: one transaction, sources recorded per node."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..assessment_file.attachments import CHUNK
from ..assessment_file.store import AssessmentFile, default_user
from ..errors import InputRefused
from .assemble import Assembly, Source

__all__ = ["write_assembly"]


def write_assembly(assembly: Assembly, out: Path, *, unit: str = "", province: str = "", user: str = "") -> Path:
    """Create ``out`` (never over an existing file) holding every taken node; refuses a blocked plan."""
    if assembly.blocked or assembly.criteria_set is None:
        raise InputRefused("Chưa tổng hợp được: còn xung đột, tệp trùng đơn vị hoặc không có tệp hợp lệ nào.")
    first = assembly.sources[0].received.meta
    province = province or first.get("province", "")
    unit = unit or (f"Tổng hợp tỉnh {province}" if province else "Tổng hợp các đơn vị")
    who = user or default_user()
    year = int(first["year"])
    store = AssessmentFile.create(Path(out), assembly.criteria_set, unit=unit, year=year, province=province)
    try:
        with store.transaction():
            documents: dict[tuple[int, int], int] = {}
            for key, contribution in assembly.taken.items():
                _values(store, contribution.sources[0], key)
                for source in contribution.sources:
                    for doc_id in source.links.get(key, []):
                        new_id = _document(store, source, doc_id, documents)
                        store.conn.execute(
                            "INSERT OR IGNORE INTO evidence (node_key, document_id) VALUES (?, ?)", (key, new_id)
                        )
                    _source_row(store, source, key, contribution.how)
            for source in assembly.sources:
                count = sum(1 for c in assembly.taken.values() if source in c.sources)
                store.audit_line(who, "", "assemble", "", old=None, new=f"{source.unit}: {count} mục từ {source.name}")
            names = ", ".join(s.name for s in assembly.sources)
            store.write_meta({"assembled_from": names})
    finally:
        store.close()
    return Path(out)


def _values(store: AssessmentFile, source: Source, key: str) -> None:
    import json

    for scenario, (value, inputs) in source.entries.get(key, {}).items():
        store.conn.execute(
            "INSERT INTO entries (node_key, scenario, value, inputs) VALUES (?, ?, ?, ?)",
            (key, scenario.value, value, json.dumps(dict(inputs), ensure_ascii=False)),
        )
    for field, which, text in source.texts.get(key, []):
        store.conn.execute(
            "INSERT OR REPLACE INTO texts (node_key, field, scenario, text) VALUES (?, ?, ?, ?)",
            (key, field, which, text),
        )
    if key in source.not_applicable:
        store.conn.execute("UPDATE nodes SET not_applicable = 1 WHERE key = ?", (key,))


def _source_row(store: AssessmentFile, source: Source, key: str, how: str) -> None:
    manifest = source.received.manifest
    store.conn.execute(
        "INSERT OR REPLACE INTO sources (node_key, unit, file, fingerprint, packed_at, how) VALUES (?, ?, ?, ?, ?, ?)",
        (key, source.unit, source.name, manifest.get("fingerprint", ""), manifest.get("packed_at", ""), how),
    )


def _document(store: AssessmentFile, source: Source, doc_id: int, done: dict[tuple[int, int], int]) -> int:
    """Copy one evidence document (and its attached file, once) from a unit's file; returns its new id."""
    mark = (id(source), doc_id)
    if mark in done:
        return done[mark]
    assert source.received.store is not None
    conn = source.received.store.conn
    row = conn.execute(
        "SELECT number, date, issuer, title, cited, blob_sha256 FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise InputRefused(f"Tệp “{source.name}” liên kết tới tài liệu #{doc_id} không có trong tệp.")
    if row[5]:
        _blob(conn, store.conn, row[5])
    cursor = store.conn.execute(
        "INSERT INTO documents (number, date, issuer, title, cited, blob_sha256) VALUES (?, ?, ?, ?, ?, ?)", row
    )
    done[mark] = int(cursor.lastrowid or 0)
    return done[mark]


def _blob(source: sqlite3.Connection, target: sqlite3.Connection, sha: str) -> None:
    """Stream an attached file across, chunk by chunk (a left-out one is copied as its record)."""
    if target.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone():
        return
    row = source.execute("SELECT rowid, name, size, data IS NULL FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
    if row is None:
        return
    rowid, name, size, missing = row
    if missing:
        target.execute("INSERT INTO blobs (sha256, name, size, data) VALUES (?, ?, ?, NULL)", (sha, name, size))
        return
    cursor = target.execute(
        "INSERT INTO blobs (sha256, name, size, data) VALUES (?, ?, ?, zeroblob(?))", (sha, name, size, size)
    )
    with (
        source.blobopen("blobs", "data", rowid, readonly=True) as reader,
        target.blobopen("blobs", "data", cursor.lastrowid or 0) as writer,
    ):
        while chunk := reader.read(CHUNK):
            writer.write(chunk)
