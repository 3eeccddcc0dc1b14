"""The assessment file's schema: tables, the version in ``PRAGMA user_version`` and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "TABLES", "create_schema", "migrate"]

APPLICATION_ID = 0x50415244  # "PARD": tells our files from any other SQLite file
SCHEMA_VERSION = 1

# table -> column definitions; the checker compares a received file against exactly these
TABLES: dict[str, dict[str, str]] = {
    "meta": {"key": "TEXT PRIMARY KEY", "value": "TEXT"},
    "settings": {"key": "TEXT PRIMARY KEY", "value": "TEXT"},
    "nodes": {
        "key": "TEXT PRIMARY KEY",
        "parent_key": "TEXT",
        "position": "INTEGER NOT NULL",
        "code": "TEXT NOT NULL",
        "title": "TEXT NOT NULL",
        "max": "TEXT NOT NULL",
        "rule": "TEXT NOT NULL",
        "lead": "TEXT NOT NULL DEFAULT ''",
        "mode": "TEXT NOT NULL",
        "grp": "TEXT NOT NULL",
        "legal_basis": "TEXT NOT NULL DEFAULT ''",
        "inputs": "TEXT NOT NULL DEFAULT '{}'",
        "is_part": "INTEGER NOT NULL DEFAULT 0",
        "implied": "INTEGER NOT NULL DEFAULT 0",
        "not_applicable": "INTEGER NOT NULL DEFAULT 0",
    },
    "entries": {
        "node_key": "TEXT NOT NULL",
        "scenario": "TEXT NOT NULL",
        "value": "TEXT",
        "inputs": "TEXT NOT NULL DEFAULT '{}'",
    },
    "texts": {
        "node_key": "TEXT NOT NULL",
        "field": "TEXT NOT NULL",
        "scenario": "TEXT NOT NULL DEFAULT ''",
        "text": "TEXT NOT NULL",
    },
    "blobs": {"sha256": "TEXT PRIMARY KEY", "name": "TEXT NOT NULL", "size": "INTEGER NOT NULL", "data": "BLOB"},
    "documents": {
        "id": "INTEGER PRIMARY KEY",
        "number": "TEXT NOT NULL DEFAULT ''",
        "date": "TEXT",
        "issuer": "TEXT NOT NULL DEFAULT ''",
        "title": "TEXT NOT NULL DEFAULT ''",
        "cited": "TEXT NOT NULL DEFAULT ''",
        "blob_sha256": "TEXT",
    },
    "evidence": {"node_key": "TEXT NOT NULL", "document_id": "INTEGER NOT NULL"},
    "comments": {
        "id": "INTEGER PRIMARY KEY",
        "node_key": "TEXT NOT NULL",
        "author": "TEXT NOT NULL DEFAULT ''",
        "created": "TEXT NOT NULL",
        "text": "TEXT NOT NULL",
    },
    "audit": {
        "id": "INTEGER PRIMARY KEY",
        "ts": "TEXT NOT NULL",
        "user": "TEXT NOT NULL DEFAULT ''",
        "node_key": "TEXT NOT NULL DEFAULT ''",
        "field": "TEXT NOT NULL",
        "scenario": "TEXT NOT NULL DEFAULT ''",
        "old": "TEXT",
        "new": "TEXT",
    },
}

PRIMARY_KEYS = {
    "entries": ("node_key", "scenario"),
    "texts": ("node_key", "field", "scenario"),
    "evidence": ("node_key", "document_id"),
}

INDEXES = {"audit_node": ("audit", "node_key"), "comments_node": ("comments", "node_key")}


def _create_table(conn: sqlite3.Connection, name: str) -> None:
    columns = [f'"{col}" {decl}' for col, decl in TABLES[name].items()]
    if name in PRIMARY_KEYS:
        columns.append("PRIMARY KEY (" + ", ".join(PRIMARY_KEYS[name]) + ")")
    conn.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')


def _v1(conn: sqlite3.Connection) -> None:
    for name in TABLES:
        _create_table(conn, name)
    for index, (table, column) in INDEXES.items():
        conn.execute(f'CREATE INDEX "{index}" ON "{table}" ("{column}")')


# MIGRATIONS[n] brings a file from version n to n + 1
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
assert len(MIGRATIONS) == SCHEMA_VERSION


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table of the current version in an empty database (inside a transaction)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrate(conn, 0)


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply the migrations after ``version``, in order, and record the new version."""
    for step in MIGRATIONS[version:]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def expected_objects() -> set[tuple[str, str]]:
    """(type, name) of every object a file of ours may hold in ``sqlite_master``."""
    objects = {("table", name) for name in TABLES}
    objects |= {("index", name) for name in INDEXES}
    return objects
