"""Evidence documents (tài liệu kiểm chứng), their links to criteria, and comments on nodes.

Every change is one transaction with its audit line; a document may back several criteria, and
an attached file is stored once however many documents or criteria use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring import DateError, parse_date

from ..errors import InputRefused
from .rows import DOCUMENT_COLUMNS, comment_from_row, document_from_row
from .store import AssessmentFile, now_iso

__all__ = ["Comment", "Document", "EvidenceBook"]

DOCUMENT_FIELDS = ("number", "date", "issuer", "title", "cited")


@dataclass(frozen=True)
class Document:
    """One evidence document; ``criteria`` are the keys of the nodes it backs."""

    id: int
    number: str
    date: str | None
    issuer: str
    title: str
    cited: str
    blob_sha256: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    file_included: bool = False  # the attachment's bytes are in this file (packing may leave them out)
    criteria: tuple[str, ...] = field(default=())

    def label(self) -> str:
        """ "Số 12/QĐ-UBND ngày 05/02/2026 — Quyết định ban hành …" for lists and reports."""
        parts = [self.number or "(không số)"]
        if self.date:
            year, month, day = self.date.split("-")
            parts.append(f"ngày {day}/{month}/{year}")
        text = " ".join(parts)
        return f"{text} — {self.title}" if self.title else text


@dataclass(frozen=True)
class Comment:
    id: int
    node_key: str
    author: str
    created: str
    text: str


class EvidenceBook:
    """Documents, links and comments of one open file; ``user`` goes into the audit log.

    ``guard(action, key)`` is asked before every change (``add``, ``update``, ``remove``, ``link``,
    ``unlink``, ``comment``) and raises a refusal when the file's round does not allow it.
    """

    def __init__(
        self, store: AssessmentFile, user: str, guard: Callable[[str, str | None], None] | None = None
    ) -> None:
        self.store = store
        self.user = user
        self.guard = guard or (lambda _action, _key: None)

    # ------------------------------------------------------------ reading

    def documents(self) -> list[Document]:
        links: dict[int, list[str]] = {}
        for key, doc_id in self.store.conn.execute("SELECT node_key, document_id FROM evidence ORDER BY node_key"):
            links.setdefault(doc_id, []).append(key)
        rows = self.store.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d LEFT JOIN blobs b ON b.sha256 = d.blob_sha256 "
            "ORDER BY d.date, d.number, d.id"
        ).fetchall()
        with self.store.reading():
            return [Document(**document_from_row(row), criteria=tuple(links.get(row[0], ()))) for row in rows]

    def for_node(self, key: str) -> list[Document]:
        return [d for d in self.documents() if key in d.criteria]

    def supported(self) -> set[str]:
        """Keys backed by a document or by a written explanation of the self-assessment."""
        keys = {row[0] for row in self.store.conn.execute("SELECT DISTINCT node_key FROM evidence")}
        rows = self.store.conn.execute(
            "SELECT node_key FROM texts WHERE field = 'explanation' AND scenario = 'actual' AND text != ''"
        )
        return keys | {row[0] for row in rows}

    def attachments_size(self) -> int:
        """Bytes of every attached file (each stored once)."""
        return int(self.store.conn.execute("SELECT coalesce(sum(size), 0) FROM blobs").fetchone()[0])

    # ------------------------------------------------------------ documents

    def check(self, values: Mapping[str, str], *, exclude: int | None = None) -> tuple[dict[str, Any], list[str]]:
        """Validate a document's fields; returns them cleaned and warnings (a duplicate number)."""
        clean: dict[str, Any] = {k: (values.get(k) or "").strip() for k in DOCUMENT_FIELDS}
        if not clean["number"] and not clean["title"]:
            raise InputRefused("Tài liệu cần có số ký hiệu hoặc trích yếu.")
        if clean["date"]:
            try:
                clean["date"] = parse_date(clean["date"]).isoformat()
            except DateError as exc:
                raise InputRefused(f"Ngày ban hành tài liệu: {exc}") from None
        else:
            clean["date"] = None
        warnings = []
        if clean["number"]:
            same = self.store.conn.execute(
                "SELECT id FROM documents WHERE number = ? AND id != ?", (clean["number"], exclude or -1)
            ).fetchone()
            if same:
                warnings.append(f"Đã có tài liệu số “{clean['number']}”; vẫn lưu thành tài liệu riêng.")
        return clean, warnings

    def add(self, values: Mapping[str, str], *, blob_sha256: str | None = None, link_to: str | None = None) -> int:
        """Add a document (and link it to ``link_to``) in one transaction; returns its id."""
        self.guard("add", link_to)
        clean, _warnings = self.check(values)
        with self.store.transaction():
            cursor = self.store.conn.execute(
                "INSERT INTO documents (number, date, issuer, title, cited, blob_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (*[clean[k] for k in DOCUMENT_FIELDS], blob_sha256),
            )
            doc_id = int(cursor.lastrowid or 0)
            self.store.audit_line(self.user, "", "document:add", "", old=None, new=_describe(clean, doc_id))
            if link_to:
                self._link(link_to, doc_id)
        return doc_id

    def update(self, doc_id: int, values: Mapping[str, str], *, blob_sha256: str | None = None) -> None:
        self.guard("update", None)
        clean, _warnings = self.check(values, exclude=doc_id)
        old = self._row(doc_id)
        with self.store.transaction():
            self.store.conn.execute(
                "UPDATE documents SET number = ?, date = ?, issuer = ?, title = ?, cited = ?, "
                "blob_sha256 = coalesce(?, blob_sha256) WHERE id = ?",
                (*[clean[k] for k in DOCUMENT_FIELDS], blob_sha256, doc_id),
            )
            self.store.audit_line(
                self.user, "", "document:edit", "", old=_describe(old, doc_id), new=_describe(clean, doc_id)
            )

    def remove(self, doc_id: int) -> list[str]:
        """Delete a document and its links; returns the keys it backed."""
        self.guard("remove", None)
        old = self._row(doc_id)
        keys = [r[0] for r in self.store.conn.execute("SELECT node_key FROM evidence WHERE document_id = ?", (doc_id,))]
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM evidence WHERE document_id = ?", (doc_id,))
            self.store.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._drop_unused_blobs()
            self.store.audit_line(self.user, "", "document:remove", "", old=_describe(old, doc_id), new=None)
        return keys

    def _row(self, doc_id: int) -> dict[str, Any]:
        row = self.store.conn.execute(
            "SELECT number, date, issuer, title, cited FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise InputRefused("Tài liệu không còn trong tệp đánh giá.")
        return dict(zip(DOCUMENT_FIELDS, row, strict=True))

    def _drop_unused_blobs(self) -> None:
        self.store.conn.execute(
            "DELETE FROM blobs WHERE sha256 NOT IN (SELECT blob_sha256 FROM documents WHERE blob_sha256 IS NOT NULL)"
        )

    # ------------------------------------------------------------ links

    def link(self, key: str, doc_id: int) -> None:
        self.guard("link", key)
        with self.store.transaction():
            self._link(key, doc_id)

    def _link(self, key: str, doc_id: int) -> None:
        self._row(doc_id)
        self.store.conn.execute("INSERT OR IGNORE INTO evidence (node_key, document_id) VALUES (?, ?)", (key, doc_id))
        self.store.audit_line(self.user, key, "evidence:link", "", old=None, new=str(doc_id))

    def unlink(self, key: str, doc_id: int) -> None:
        self.guard("unlink", key)
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM evidence WHERE node_key = ? AND document_id = ?", (key, doc_id))
            self.store.audit_line(self.user, key, "evidence:unlink", "", old=str(doc_id), new=None)

    # ------------------------------------------------------------ comments

    def comments(self, key: str) -> list[Comment]:
        rows = self.store.conn.execute(
            "SELECT id, node_key, author, created, text FROM comments WHERE node_key = ? ORDER BY id", (key,)
        )
        with self.store.reading():
            return [Comment(*comment_from_row(row)) for row in rows]

    def add_comment(self, key: str, text: str) -> int:
        if not text.strip():
            raise InputRefused("Nhận xét đang trống.")
        self.guard("comment", key)
        with self.store.transaction():
            cursor = self.store.conn.execute(
                "INSERT INTO comments (node_key, author, created, text) VALUES (?, ?, ?, ?)",
                (key, self.user, now_iso(), text.strip()),
            )
            self.store.audit_line(self.user, key, "comment:add", "", old=None, new=text.strip())
        return int(cursor.lastrowid or 0)

    def remove_comment(self, comment_id: int) -> None:
        row = self.store.conn.execute("SELECT node_key, text FROM comments WHERE id = ?", (comment_id,)).fetchone()
        if row is None:
            raise InputRefused("Nhận xét không còn trong tệp.")
        self.guard("comment", row[0])
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
            self.store.audit_line(self.user, row[0], "comment:remove", "", old=row[1], new=None)


def _describe(values: Mapping[str, Any], doc_id: int) -> str:
    return f"#{doc_id} {values.get('number') or ''} {values.get('date') or ''} {values.get('title') or ''}".strip()
