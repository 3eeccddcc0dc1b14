"""Mutated assessment files, drawn by hypothesis: flipped bytes, truncations, odd values written
with plain sqlite3, schema variants, header bytes, deep or cyclic trees, files left in WAL mode."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from hypothesis import strategies as st

from desktop.assessment_file.schema import columns_of
from desktop.cli.commands import main

SETTINGS = [
    "unit=Sở Thông tin và Truyền thông",
    "issuing_agency=SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    "place=Quảng Ninh",
    "signer_title=GIÁM ĐỐC",
    "signer_name=Nguyễn Văn A",
    "doc_number=05",
    "doc_symbol=KH-STTTT",
    "doc_date=05/02/2026",
    "report_number=07",
    "report_symbol=BC-STTTT",
    "report_date=10/02/2026",
]


def make_base(folder: Path) -> Path:
    """A small file with something in every table: values, inputs, texts, evidence, a comment."""
    path = folder / "goc.sqlite"
    for args in (
        ["new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở Thông tin và Truyền thông", "--year", "2022"],
        ["settings", path, *SETTINGS],
        ["set", path, "1.1", "--actual", "0,5", "--target", "0,5", "--previous", "0"],
        ["set", path, "3.3", "--input", "a=200", "--input", "b=181"],
        ["set", path, "2.1", "--input", "a=100", "--input", "b=80", "--input", "c=10"],
    ):
        assert main([str(a) for a in args]) == 0, args
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO texts VALUES ('1.1', 'tasks', '', 'Cập nhật kiến trúc')")
    conn.execute("INSERT INTO texts VALUES ('1.1', 'explanation', 'actual', 'Đã ban hành')")
    conn.execute("INSERT INTO documents (id, number, date, title) VALUES (1, '12/QĐ-UBND', '2026-01-05', 'Quyết định')")
    conn.execute("INSERT INTO evidence VALUES ('1.1', 1)")
    conn.execute("INSERT INTO comments (node_key, author, created, text) VALUES ('1.1', 'a', '2026-01-05', 'x')")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    return path


def make_sent(folder: Path, working: Path) -> Path:
    """``working`` after packing: a round closed, rows in the exchange's tables (rounds, manifest)."""
    sent = folder / "da-gui.sqlite"
    shutil.copyfile(working, sent)
    assert main(["pack", str(sent), str(folder / "goi.sqlite")]) == 0
    return sent


_BAD_TEXT = ("sql", "CAST(X'C328A0' AS TEXT)")
_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_RULES = st.fixed_dictionaries(
    {"kind": st.sampled_from(["direct", "options", "parts", "ratio", "formula", "bands", "survey", "penalty", "x"])},
    optional={
        "expr": st.sampled_from(["b/a", "a*a*a*a", "1e999*a", "(b/a)*1.0 + (c/a)*0.5", "__import__(1)", "a/(b-b)"])
        | st.text(max_size=30),
        "options": _JSONISH,
        "bands": _JSONISH,
        "gate": _JSONISH,
        "cap": _JSONISH,
        "points": _JSONISH,
        "floor": _JSONISH,
        "per": _JSONISH,
    },
).map(lambda d: json.dumps(d, allow_nan=True))
VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            b"\x00\xff",
            _BAD_TEXT,
            "",
            "1E+25",
            "1e999",
            "9" * 25,
            "-0",
            "NaN",
            "0,5",
            " 0.5",
            "{",
            "[]",
            '{"a": "1e3"}',
            '{"a": [1]}',
            "x" * 5000,
            "x" * 40_000,
            "a\x0bb\x00c",
            "²⁰²²",
            "2026-02-30",
            "../../thu.exe",
            "[" * 3000,
            "9" * 5000,
            0,
            1,
            2,
            -1,
            2**63 - 1,
            1.5,
            1e308,
        ]
    ),
    st.text(max_size=40),
    st.binary(max_size=20),
    st.integers(-(2**63), 2**63 - 1),  # what SQLite stores as an integer
    _RULES,
)
_SCHEMA = [
    "CREATE TRIGGER t AFTER UPDATE ON entries BEGIN DELETE FROM nodes; END",
    "CREATE VIEW v AS SELECT * FROM nodes",
    "DROP INDEX audit_node",
    "CREATE INDEX extra ON nodes (code)",
    "CREATE TABLE extra (x)",
    "ALTER TABLE texts ADD COLUMN extra TEXT",
    "CREATE TABLE m2 (key TEXT, value TEXT); INSERT INTO m2 SELECT * FROM meta; DROP TABLE meta; "
    "ALTER TABLE m2 RENAME TO meta",
    "CREATE TABLE m2 (key TEXT PRIMARY KEY, value TEXT) STRICT; INSERT INTO m2 SELECT * FROM meta; "
    "DROP TABLE meta; ALTER TABLE m2 RENAME TO meta",
    "CREATE TABLE m2 (key TEXT PRIMARY KEY, value TEXT CHECK (length(value) < 9000)); "
    "INSERT INTO m2 SELECT * FROM meta; DROP TABLE meta; ALTER TABLE m2 RENAME TO meta",
    "PRAGMA user_version = 0",
    "PRAGMA user_version = 2",
    "PRAGMA user_version = 99",
    "PRAGMA application_id = 0",
    "DELETE FROM nodes",
    "DELETE FROM meta",
    "DROP TABLE comments",
]
KINDS = ("flip", "truncate", "value", "value", "value", "schema", "header", "tree", "wal")


def mutate(base: Path | tuple[Path, ...], target: Path, data: st.DataObject) -> str:
    """Write a mutant of ``base`` (or of one of several) to ``target``; returns what was done."""
    if isinstance(base, tuple):
        base = data.draw(st.sampled_from(base), label="base")
    shutil.copyfile(base, target)
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    return f"{kind}: {_MUTATIONS[kind](target, data)}"


def _flip(path: Path, data: st.DataObject) -> str:
    raw = bytearray(path.read_bytes())
    offsets = data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=16), label="offsets")
    for offset in offsets:
        raw[offset] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))
    return f"bytes {offsets}"


def _truncate(path: Path, data: st.DataObject) -> str:
    raw = path.read_bytes()
    at = data.draw(st.integers(0, len(raw) - 1), label="at")
    path.write_bytes(raw[:at])
    return f"at {at}"


def _header(path: Path, data: st.DataObject) -> str:
    raw = bytearray(path.read_bytes())
    offset = data.draw(st.integers(16, 99), label="offset")
    raw[offset] = data.draw(st.integers(0, 255), label="byte")
    path.write_bytes(bytes(raw))
    return f"header byte {offset} = {raw[offset]}"


def _value(path: Path, data: st.DataObject) -> str:
    tables = columns_of()
    table = data.draw(st.sampled_from(sorted(tables)), label="table")
    column = data.draw(st.sampled_from(sorted(tables[table])), label="column")
    value = data.draw(VALUES, label="value")
    row = data.draw(st.integers(0, 40), label="row")
    where = f'rowid IN (SELECT rowid FROM "{table}" LIMIT 1 OFFSET {row})'
    if isinstance(value, tuple):  # an SQL expression: text that is not UTF-8
        statement, params = f'UPDATE "{table}" SET "{column}" = {value[1]} WHERE {where}', ()
    else:
        statement, params = f'UPDATE "{table}" SET "{column}" = ? WHERE {where}', (value,)
    _execute(path, [statement], params)
    return f"{table}.{column} row {row} = {str(value)[:60]!r}"


def _schema(path: Path, data: st.DataObject) -> str:
    change = data.draw(st.sampled_from(_SCHEMA), label="schema")
    _execute(path, [s for s in change.split("; ") if s])
    return change[:80]


def _tree(path: Path, data: st.DataObject) -> str:
    shape = data.draw(st.sampled_from(["cycle", "self", "orphan", "deep", "wide"]), label="shape")
    if shape == "cycle":
        statements = ["UPDATE nodes SET parent_key = '1.1' WHERE key = 'I'"]
    elif shape == "self":
        statements = ["UPDATE nodes SET parent_key = key WHERE key = '1'"]
    elif shape == "orphan":
        statements = ["UPDATE nodes SET parent_key = 'khong-co' WHERE key = '2'"]
    else:
        depth = data.draw(st.integers(10, 600), label="depth") if shape == "deep" else 1
        count = depth if shape == "deep" else data.draw(st.integers(1, 3000), label="width")
        rows = ", ".join(
            f"('z{i}', {'NULL' if i == 0 or shape == 'wide' else repr(f'z{i - 1}')}, {500 + i}, 'Z{i}', 't', '1', "
            "'{}', 'self', 'regular')"
            for i in range(count)
        )
        statements = [f"INSERT INTO nodes (key, parent_key, position, code, title, max, rule, mode, grp) VALUES {rows}"]
    _execute(path, statements)
    return shape


def _wal(path: Path, data: st.DataObject) -> str:
    """Left in WAL mode, with an edit still in the -wal when ``pending``, as a window leaves it."""
    pending = data.draw(st.booleans(), label="pending")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE entries SET value = '0.5' WHERE node_key = '1.1'")
    conn.commit()
    if pending:
        shutil.copyfile(f"{path}-wal", f"{path}.wal-copy")
    conn.close()
    if pending:
        shutil.move(f"{path}.wal-copy", f"{path}-wal")
    return f"wal (pending {pending})"


def _execute(path: Path, statements: list[str], params: tuple[object, ...] = ()) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement, params)
        conn.commit()
    except sqlite3.DatabaseError:
        pass  # the constraint said no: the mutant is the base file (still a fine test)
    finally:
        conn.close()


_MUTATIONS = {
    "flip": _flip,
    "truncate": _truncate,
    "header": _header,
    "value": _value,
    "schema": _schema,
    "tree": _tree,
    "wal": _wal,
}
