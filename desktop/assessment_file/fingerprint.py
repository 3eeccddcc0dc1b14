"""The fingerprint of an assessment's data: printed on every PDF page, checked when a file arrives.

SHA-256 over a canonical JSON of everything that makes the assessment — criteria set, values,
texts, settings, evidence records and attached files' hashes — but not the audit log or the
file's own bytes, so a file that is compacted or repacked keeps its fingerprint while any
changed digit changes it.

Schema 2 adds, deliberately: each closed appraisal round's scores and reasons (``appraisals``) and
an assembled file's sources per criterion (``sources``) — content a signed paper speaks for. A
table added later counts only when it holds rows, so a file's fingerprint is the same before and
after its upgrade (a paper printed from a version 1 file still matches). Not covered: the round
the file is in (``rounds``), the packed file's ``manifest`` and which side holds the copy: packing
moves the round on, and the paper the unit signed before packing must still match what it sent.
The manifest's own seal (``desktop.exchange.manifest``) covers the round instead.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

__all__ = ["fingerprint", "short_fingerprint"]

# table -> columns that count, in a fixed order (the audit log and timestamps do not)
_CONTENT = {
    "nodes": (
        "key",
        "parent_key",
        "position",
        "code",
        "title",
        "max",
        "rule",
        "lead",
        "mode",
        "grp",
        "legal_basis",
        "inputs",
        "is_part",
        "implied",
        "not_applicable",
    ),
    "entries": ("node_key", "scenario", "value", "inputs"),
    "texts": ("node_key", "field", "scenario", "text"),
    "settings": ("key", "value"),
    "documents": ("id", "number", "date", "issuer", "title", "cited", "blob_sha256"),
    "evidence": ("node_key", "document_id"),
    "comments": ("node_key", "author", "text"),
}
_META = ("unit", "province", "year", "template_id", "template_version", "template_hash")
# tables of later schema versions: hashed only when they hold rows (see the module docstring)
_LATER = {
    "appraisals": ("round", "node_key", "value", "inputs", "reason"),
    "sources": ("node_key", "unit", "file", "fingerprint", "packed_at", "how"),
}


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def fingerprint(conn: sqlite3.Connection) -> str:
    """The full hex SHA-256 of the assessment held by ``conn`` (read-only queries)."""
    digest = hashlib.sha256()
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    digest.update(json.dumps({k: meta.get(k) for k in _META}, ensure_ascii=False, sort_keys=True).encode())
    for table, columns in _CONTENT.items():
        _add_table(digest, conn, table, columns)
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, columns in _LATER.items():
        if table in present:
            _add_table(digest, conn, table, columns, skip_empty=True)
    return digest.hexdigest()


def _add_table(
    digest: Any, conn: sqlite3.Connection, table: str, columns: tuple[str, ...], *, skip_empty: bool = False
) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {names} FROM "{table}"').fetchall()
    if skip_empty and not rows:
        return
    # each row's JSON is its sort key and, joined in that order, the table's JSON: the same text
    # json.dumps(rows) gives, encoded once per row by one shared encoder (not one made per call)
    texts = sorted(_ENCODE(row) for row in rows)
    digest.update(table.encode())
    digest.update(("[" + ", ".join(texts) + "]").encode())


def short_fingerprint(full: str) -> str:
    """The first 16 hex digits in groups of four, upper case: ``3F2A-91C0-7B44-0D1E``."""
    head = full[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))
