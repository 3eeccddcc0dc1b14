"""The assessment file's schema: each version's DDL frozen, ``PRAGMA user_version``, migrations.

``STEPS[n]`` is the SQL that brings a file from version ``n - 1`` to ``n``, written out literally
and never edited once released: a new file is made by running every step from 0, so it is
byte-for-byte what an upgraded old file becomes. What a file of version ``n`` must hold (its
tables, columns and indexes) is read off those steps, never off today's code, so an older file is
checked against its own version and then upgraded, not refused for lacking newer columns.

A migration runs in one explicit transaction (every statement and the new ``user_version``
together): if any statement fails, the file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from functools import cache

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "STEPS",
    "columns_of",
    "create_schema",
    "expected_objects",
    "expected_sql",
    "migrate",
    "normal_sql",
]

APPLICATION_ID = 0x50415244  # "PARD": tells our files from any other SQLite file

_V1 = """
CREATE TABLE "meta" ("key" TEXT PRIMARY KEY, "value" TEXT);
CREATE TABLE "settings" ("key" TEXT PRIMARY KEY, "value" TEXT);
CREATE TABLE "nodes" ("key" TEXT PRIMARY KEY, "parent_key" TEXT, "position" INTEGER NOT NULL,
    "code" TEXT NOT NULL, "title" TEXT NOT NULL, "max" TEXT NOT NULL, "rule" TEXT NOT NULL,
    "lead" TEXT NOT NULL DEFAULT '', "mode" TEXT NOT NULL, "grp" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL DEFAULT '', "inputs" TEXT NOT NULL DEFAULT '{}',
    "is_part" INTEGER NOT NULL DEFAULT 0, "implied" INTEGER NOT NULL DEFAULT 0,
    "not_applicable" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE "entries" ("node_key" TEXT NOT NULL, "scenario" TEXT NOT NULL, "value" TEXT,
    "inputs" TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (node_key, scenario));
CREATE TABLE "texts" ("node_key" TEXT NOT NULL, "field" TEXT NOT NULL, "scenario" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL, PRIMARY KEY (node_key, field, scenario));
CREATE TABLE "blobs" ("sha256" TEXT PRIMARY KEY, "name" TEXT NOT NULL, "size" INTEGER NOT NULL, "data" BLOB);
CREATE TABLE "documents" ("id" INTEGER PRIMARY KEY, "number" TEXT NOT NULL DEFAULT '', "date" TEXT,
    "issuer" TEXT NOT NULL DEFAULT '', "title" TEXT NOT NULL DEFAULT '', "cited" TEXT NOT NULL DEFAULT '',
    "blob_sha256" TEXT);
CREATE TABLE "evidence" ("node_key" TEXT NOT NULL, "document_id" INTEGER NOT NULL,
    PRIMARY KEY (node_key, document_id));
CREATE TABLE "comments" ("id" INTEGER PRIMARY KEY, "node_key" TEXT NOT NULL, "author" TEXT NOT NULL DEFAULT '',
    "created" TEXT NOT NULL, "text" TEXT NOT NULL);
CREATE TABLE "audit" ("id" INTEGER PRIMARY KEY, "ts" TEXT NOT NULL, "user" TEXT NOT NULL DEFAULT '',
    "node_key" TEXT NOT NULL DEFAULT '', "field" TEXT NOT NULL, "scenario" TEXT NOT NULL DEFAULT '',
    "old" TEXT, "new" TEXT);
CREATE INDEX "audit_node" ON "audit" ("node_key");
CREATE INDEX "comments_node" ON "comments" ("node_key");
"""

# Version 2: the exchange with Sở Nội vụ. ``rounds`` logs each round the file enters (the last row
# is the current one; none: tự đánh giá); ``appraisals`` keeps each closed appraisal round's scores
# and reasons; ``manifest`` is what a packed file declares about itself (empty in a working file);
# ``sources`` says, in an assembled file, which unit's file each criterion was taken from.
_V2 = """
CREATE TABLE "rounds" ("seq" INTEGER PRIMARY KEY, "state" TEXT NOT NULL, "ts" TEXT NOT NULL,
    "user" TEXT NOT NULL DEFAULT '', "note" TEXT NOT NULL DEFAULT '');
CREATE TABLE "appraisals" ("round" INTEGER NOT NULL, "node_key" TEXT NOT NULL, "value" TEXT,
    "inputs" TEXT NOT NULL DEFAULT '{}', "reason" TEXT NOT NULL DEFAULT '', PRIMARY KEY ("round", "node_key"));
CREATE TABLE "manifest" ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "sources" ("node_key" TEXT NOT NULL, "unit" TEXT NOT NULL, "file" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL, "packed_at" TEXT NOT NULL DEFAULT '', "how" TEXT NOT NULL DEFAULT '',
    PRIMARY KEY ("node_key", "unit"));
"""

# STEPS[n]: from version n - 1 to n. Append a step for a new version; never edit a released one.
STEPS: dict[int, str] = {1: _V1, 2: _V2}
SCHEMA_VERSION = max(STEPS)


def statements(script: str) -> list[str]:
    """Split a step into whole statements (``executescript`` would commit on its own)."""
    found, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL in a schema step: {current.strip()[:60]}")
    return found


def create_schema(conn: sqlite3.Connection) -> None:
    """Give an empty database our application id and every table of the current version."""
    migrate(conn, 0, application_id=True)


def migrate(conn: sqlite3.Connection, version: int, *, application_id: bool = False) -> None:
    """Apply the steps after ``version`` and record the new version, all in one transaction.

    Works on a connection in Python's default (deferred) mode and leaves it there; any error
    rolls everything back and is raised again.
    """
    if version >= SCHEMA_VERSION:
        return
    if conn.in_transaction:
        conn.commit()
    saved = conn.isolation_level
    conn.isolation_level = None  # we issue BEGIN and COMMIT ourselves
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if application_id:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in statements(STEPS[step]):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.isolation_level = saved


Master = dict[tuple[str, str], tuple[str, str | None]]


@cache
def _shape(version: int) -> tuple[dict[str, frozenset[str]], frozenset[tuple[str, str]], Master]:
    """Columns per table, (type, name) objects and ``sqlite_master`` rows ((type, name) →
    (tbl_name, sql)) of a file of ``version``, from its steps. SQLite keeps each statement's text
    as written (and ALTER TABLE rewrites it the same way every time), so a file of ours holds
    exactly these rows."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in range(1, version + 1):
            for statement in statements(STEPS[step]):
                conn.execute(statement)
        master = {
            (k, n): (t, sql) for k, n, t, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        }
        objects = frozenset(key for key in master if not key[1].startswith("sqlite_autoindex_"))
        tables = sorted(name for kind, name in objects if kind == "table")
        columns = {t: frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{t}")')) for t in tables}
    finally:
        conn.close()
    return columns, objects, master


def columns_of(version: int = SCHEMA_VERSION) -> dict[str, frozenset[str]]:
    """Table → column names that a file of ``version`` holds."""
    return dict(_shape(version)[0])


def expected_objects(version: int = SCHEMA_VERSION) -> frozenset[tuple[str, str]]:
    """(type, name) of every object a file of ``version`` may hold in ``sqlite_master``."""
    return _shape(version)[1]


def normal_sql(sql: str | None) -> str | None:
    """DDL with each run of whitespace made one space: files written before the steps were
    frozen hold the same statements on one line."""
    return None if sql is None else " ".join(sql.split())


def expected_sql(version: int = SCHEMA_VERSION) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Every row of ``sqlite_master`` a file of ``version`` holds, autoindexes included:
    (type, name) → (tbl_name, sql as ``normal_sql`` writes it). A received file must match it
    exactly: no constraint, collation, CHECK or STRICT more or less."""
    return {key: (table, normal_sql(sql)) for key, (table, sql) in _shape(version)[2].items()}
