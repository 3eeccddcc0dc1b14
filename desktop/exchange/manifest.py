"""What a packed file declares about itself (the manifest), its seal, and its suggested name.

The manifest lives in the packed file's ``manifest`` table: unit, year, criteria set, round,
when and by what it was packed, row counts and attachment totals, and the data fingerprint —
the same one printed in the footer of every PDF (``assessment_file.fingerprint``). The *seal* is a
SHA-256 over the manifest and the file's round history, so a round or a count edited after
packing is caught as surely as a changed score (the fingerprint leaves the round out: see there).

Format 2 (``pardesk-packed-2``) also declares the audit log: its row count and a SHA-256 over
every row (``audit_rows``, ``audit_hash``), both under the seal, so a deleted, edited or forged
line of the history is caught. The fingerprint still leaves the log out (a paper printed before an
edit that was undone must match). Files packed in format 1 are still read: their log is unsealed,
and verify says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Mapping

from scoring import fold
from scoring.rounds import ROUND_LABELS, Round

__all__ = [
    "AUDITED",
    "COUNTED",
    "FORMAT",
    "FORMAT_1",
    "REQUIRED",
    "audit_summary",
    "counts",
    "read_manifest",
    "seal",
    "suggested_name",
]

FORMAT = "pardesk-packed-2"
FORMAT_1 = "pardesk-packed-1"  # before the audit log was declared: read, with a warning
AUDITED = ("audit_rows", "audit_hash")
_AUDIT_COLUMNS = ("id", "ts", "user", "node_key", "field", "scenario", "old", "new")
# what verify compares with the manifest, and how each is counted in the file
COUNTED = {
    "nodes": "SELECT count(*) FROM nodes",
    "entries": "SELECT count(*) FROM entries",
    "texts": "SELECT count(*) FROM texts",
    "documents": "SELECT count(*) FROM documents",
    "evidence_links": "SELECT count(*) FROM evidence",
    "attachments": "SELECT count(*) FROM blobs",
    "attachments_bytes": "SELECT coalesce(sum(size), 0) FROM blobs",
    "attachments_left_out": "SELECT count(*) FROM blobs WHERE data IS NULL",
    "attachments_left_out_bytes": "SELECT coalesce(sum(size), 0) FROM blobs WHERE data IS NULL",
}
REQUIRED = (
    "format",
    "unit",
    "year",
    "template_id",
    "template_version",
    "template_hash",
    "round",
    "packed_at",
    "app_version",
    "schema_version",
    "fingerprint",
    "seal",
    *COUNTED,
)  # format 2 adds AUDITED


def counts(conn: sqlite3.Connection) -> dict[str, str]:
    """The row counts and attachment totals a manifest declares, as text."""
    return {name: str(conn.execute(sql).fetchone()[0]) for name, sql in COUNTED.items()}


def audit_summary(conn: sqlite3.Connection) -> dict[str, str]:
    """The audit log's row count and the SHA-256 over its rows in order (every column)."""
    digest = hashlib.sha256()
    rows = 0
    names = ", ".join(f'"{c}"' for c in _AUDIT_COLUMNS)
    for row in conn.execute(f"SELECT {names} FROM audit ORDER BY id"):
        digest.update(_ENCODE(row).encode())
        digest.update(b"\n")
        rows += 1
    return {"audit_rows": str(rows), "audit_hash": digest.hexdigest()}


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def seal(manifest: Mapping[str, str], conn: sqlite3.Connection) -> str:
    """SHA-256 over the manifest (without its seal) and the round history of the file."""
    head = {k: v for k, v in manifest.items() if k != "seal"}
    rounds = conn.execute("SELECT seq, state, ts, user, note FROM rounds ORDER BY seq").fetchall()
    text = json.dumps([head, rounds], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest(conn: sqlite3.Connection) -> dict[str, str]:
    """The manifest's rows (an empty dict for a file that was never packed)."""
    present = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'manifest'").fetchone()
    if present is None:
        return {}
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM manifest")}


_NOT_NAME = re.compile(r"[^a-z0-9]+")


def _slug(text: str, limit: int = 60) -> str:
    return _NOT_NAME.sub("-", fold(text)).strip("-")[:limit].strip("-") or "x"


def suggested_name(unit: str, year: str, template_id: str, round_: Round) -> str:
    """ASCII-safe ``<unit>_<year>_<set>_<round>.sqlite``: ``so-tu-phap_2025_cqdt-876-qn2022_da-gui.sqlite``."""
    parts = (_slug(unit), _slug(year, 8), _slug(template_id, 40), _slug(ROUND_LABELS[round_]))
    return "_".join(parts) + ".sqlite"
