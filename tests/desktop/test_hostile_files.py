"""Received files changed with plain sqlite3 or a hex editor: each refused in Vietnamese (exit 3),
never a traceback (exit 4), and never changed. These are the minimal cases of issue 14."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli.commands import main
from tests.desktop.hostile import digest, received, run, scored_file


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_file(tmp_path_factory.mktemp("base"))


def with_collation(base: Path, tmp_path: Path, *statements: str) -> Path:
    """Like ``received``, with a collation the connection knows and PAR Desk does not."""
    path = tmp_path / "nhan.sqlite"
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path)
    conn.create_collation("vi_VN", lambda a, b: (a > b) - (a < b))
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def rebuilt_meta(ddl: str) -> tuple[str, ...]:
    return (
        f"CREATE TABLE meta2 {ddl}",
        "INSERT INTO meta2 (key, value) SELECT key, value FROM meta",
        "DROP TABLE meta",
        "ALTER TABLE meta2 RENAME TO meta",
    )


def set_header_byte(path: Path, offset: int, value: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] = value
    path.write_bytes(bytes(data))


COMMANDS = (
    ["score"],
    ["score", "--json"],
    ["settings"],
    ["set", "@", "1.1", "--actual", "0"],
    ["export-xlsx", "@", "OUT.xlsx"],
)


def assert_refused(
    path: Path, capsys: pytest.CaptureFixture[str], message: str, tmp_path: Path, commands: tuple[list[str], ...] = ()
) -> None:
    before = digest(path)
    for command in commands or COMMANDS:
        args = [str(path) if a == "@" else str(tmp_path / a) if a.startswith("OUT.") else a for a in command]
        if "@" not in command:
            args.insert(1, str(path))
        code = main(args)
        err = capsys.readouterr().err
        assert code == 3, (command, err)
        assert message in err, (command, err)
        assert "không mong muốn" not in err
    assert digest(path) == before
    assert not (tmp_path / "OUT.xlsx").exists()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ('("key" TEXT, "value" TEXT)', "khác định dạng"),  # no primary key
        ('("key" TEXT PRIMARY KEY, "value" TEXT CHECK (length(value) < 5000))', "khác định dạng"),
        ('("key" TEXT PRIMARY KEY, "value" TEXT) STRICT', "khác định dạng"),
        ('("key" TEXT PRIMARY KEY, "value" TEXT, "extra" TEXT)', "khác định dạng"),
    ],
)
def test_schema_variants_are_refused(base, tmp_path, capsys, ddl, message):
    assert_refused(received(base, tmp_path, *rebuilt_meta(ddl)), capsys, message, tmp_path)


def test_an_unknown_collation_is_refused(base, tmp_path, capsys):
    ddl = '("key" TEXT PRIMARY KEY COLLATE vi_VN, "value" TEXT)'
    path = with_collation(base, tmp_path, *rebuilt_meta(ddl))
    assert_refused(path, capsys, "Tệp “nhan.sqlite”", tmp_path)


@pytest.mark.parametrize(("offset", "value"), [(18, 3), (19, 3), (20, 8), (21, 0x41)])
def test_header_bytes_sqlite_would_misread_are_refused(base, tmp_path, capsys, offset, value):
    path = received(base, tmp_path)
    set_header_byte(path, offset, value)
    assert_refused(path, capsys, "phần đầu tệp", tmp_path)


def test_a_broken_index_is_refused_and_never_written_into(base, tmp_path, capsys):
    """quick_check passes this file; integrity_check sees the index that points at other rows."""
    path = received(
        base,
        tmp_path,
        "INSERT INTO comments (node_key, author, created, text) VALUES ('1.1', 'a', '2026', 'x')",
    )
    conn = sqlite3.connect(path)
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN ('audit_node', 'comments_node')"))
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'audit_node'", (roots["comments_node"],))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'comments_node'", (roots["audit_node"],))
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    assert_refused(path, capsys, "bị hỏng", tmp_path)


def test_a_parent_cycle_is_refused(base, tmp_path, capsys):
    path = received(base, tmp_path, "UPDATE nodes SET parent_key = '1.1' WHERE key = 'I'")
    assert_refused(path, capsys, "vòng lặp", tmp_path)


def test_a_tree_four_hundred_levels_deep_is_refused(base, tmp_path, capsys):
    rows = ", ".join(
        f"('d{i}', {'NULL' if i == 0 else repr(f'd{i - 1}')}, {1000 + i}, 'D{i}', 't', '1', '{{}}', 'self', 'regular')"
        for i in range(400)
    )
    columns = "key, parent_key, position, code, title, max, rule, mode, grp"
    path = received(base, tmp_path, f"INSERT INTO nodes ({columns}) VALUES {rows}")
    assert_refused(path, capsys, "sâu hơn 12 cấp", tmp_path)


def test_a_schema_name_that_is_not_utf8_is_refused(base, tmp_path, capsys):
    """A name in a damaged schema that is not UTF-8 is refused by name, never a ``UnicodeDecodeError``."""
    bad = "CAST(X'41FF42' AS TEXT)"
    path = received(
        base,
        tmp_path,
        "PRAGMA writable_schema = ON",
        f"UPDATE sqlite_master SET name = {bad}, sql = replace(sql, '\"audit_node\"', {bad}) WHERE name = 'audit_node'",
    )
    assert_refused(path, capsys, "chứa đối tượng lạ", tmp_path)


def test_hundred_thousand_character_titles_are_refused_by_name(base, tmp_path, capsys):
    """Was more than 150 s in ``pdf --plan``: every title 104 000 characters (the limit is 4 000)."""
    from tests.desktop.test_hostile_values import SETTINGS

    for folder in ("goc", "nhan"):
        (tmp_path / folder).mkdir()
    ready = shutil.copyfile(base, tmp_path / "goc" / "f.sqlite")  # with a header: pdf would print it
    assert run("settings", ready, *[f"{k}={v}" for k, v in SETTINGS.items()]) == 0
    path = received(ready, tmp_path / "nhan", "UPDATE nodes SET title = ?", params=("Tiêu chí dài " * 8000,))
    reading = (
        ["pdf", "@", "--plan", "OUT.pdf"],
        ["score"],
        ["export-xlsx", "@", "OUT.xlsx"],
        ["set", "@", "1.1", "--actual", "0"],
    )
    assert_refused(path, capsys, "trường title: dài 104.000 ký tự, quá giới hạn 4.000", tmp_path, reading)
    assert not (tmp_path / "OUT.pdf").exists()
