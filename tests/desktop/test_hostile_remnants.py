"""The last hostile-file defects of issue 14: a companion planted beside a file was folded in
before the file was checked, and SQLite's or the system's English reached the officer's messages.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.assessment_file.check import check_file
from desktop.errors import FileRefused, InputRefused, sqlite_problem
from desktop.outputs import os_problem
from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import digest, received, run, scored_file


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_file(tmp_path_factory.mktemp("base"))


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The error log of this test alone (where English details go)."""
    monkeypatch.setenv("PARDESK_DATA_DIR", str(tmp_path / "du-lieu"))
    return tmp_path / "du-lieu" / "logs" / "loi.log"


def english_in(message: str, english: str) -> list[str]:
    """Words of ``english`` (SQLite's or the system's text) that reached ``message``."""
    words = set(re.findall(r"\b[A-Za-z]{3,}\b", english))
    return sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", message, re.IGNORECASE))


def logged(log: Path) -> str:
    """What the log holds besides its stamp lines (the English details)."""
    return "\n".join(line for line in log.read_text(encoding="utf-8").splitlines() if not line.startswith("==="))


def _swap_index_roots(conn: sqlite3.Connection) -> dict[str, int]:
    """Two indexes pointing at each other's pages: ``integrity_check`` sees it (quick_check not)."""
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN ('audit_node', 'comments_node')"))
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'audit_node'", (roots["comments_node"],))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'comments_node'", (roots["audit_node"],))
    return roots


def plant_wal(clean: Path, scratch: Path) -> Path:
    """A ``-wal`` beside ``clean`` whose frames (committed on a copy) break two of its indexes."""
    other = scratch / "khac.sqlite"
    shutil.copyfile(clean, other)
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO comments (node_key, author, created, text) VALUES ('1.1', 'a', '2026', 'x')")
    conn.commit()
    _swap_index_roots(conn)
    conn.commit()
    wal = Path(f"{clean}-wal")
    shutil.copyfile(f"{other}-wal", wal)  # while open: closing would fold it into the copy
    conn.close()
    return wal


def plant_journal(clean: Path, scratch: Path) -> Path:
    """A hot ``-journal`` beside ``clean``: rolling it back writes a broken copy's pages into it."""
    other = scratch / "khac.sqlite"
    shutil.copyfile(clean, other)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("INSERT INTO comments (node_key, author, created, text) VALUES ('1.1', 'a', '2026', 'x')")
    roots = _swap_index_roots(conn)
    conn.execute("PRAGMA synchronous = OFF")  # the journal counts its pages by its size
    conn.execute("BEGIN")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'audit_node'", (roots["audit_node"],))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'comments_node'", (roots["comments_node"],))
    conn.execute("DELETE FROM comments")
    journal = Path(f"{clean}-journal")
    shutil.copyfile(f"{other}-journal", journal)  # mid-transaction: it holds the broken pages
    conn.execute("ROLLBACK")
    conn.close()
    return journal


PLANTS = {"wal": plant_wal, "journal": plant_journal}


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    work, scratch = tmp_path / "tep", tmp_path / "nhap"
    work.mkdir()
    scratch.mkdir()
    return work, scratch


@pytest.mark.parametrize("kind", PLANTS)
def test_a_companion_planted_beside_our_file_is_checked_on_a_copy_before_it_is_folded(
    base, tmp_path, capsys, log, kind
):
    """Was: SQLite folded the -wal (rolled the journal back) into the file, then integrity_check
    refused it: ``set`` exited 3 with the file already changed."""
    work, scratch = _folders(tmp_path)
    f = shutil.copyfile(base, work / "f.sqlite")
    companion = PLANTS[kind](f, scratch)
    before = (digest(f), digest(companion))
    assert run("set", f, "1.1", "--actual", "0") == 3
    err = capsys.readouterr().err
    assert "bị hỏng" in err and f"“{companion.name}”" in err and "không bị thay đổi" in err, err
    assert (digest(f), digest(companion)) == before
    assert sorted(p.name for p in work.iterdir()) == ["f.sqlite", companion.name]
    with pytest.raises(FileRefused, match=companion.name):  # the window's open path says the same
        Session.open(f, or_read_only=True)
    assert (digest(f), digest(companion)) == before


@pytest.mark.parametrize("kind", PLANTS)
def test_a_companion_planted_beside_a_received_file_changes_nothing(base, tmp_path, capsys, log, kind):
    work, scratch = _folders(tmp_path)
    f = shutil.copyfile(base, work / "nhan.sqlite")
    companion = PLANTS[kind](f, scratch)
    before = (digest(f), digest(companion))
    for args in (["score", f], ["export-xlsx", f, scratch / "b.xlsx"], ["verify", f]):
        assert run(*args) == 3, args
        assert "bị hỏng" in "".join(capsys.readouterr()), args
        assert (digest(f), digest(companion)) == before, args
    with pytest.raises(FileRefused, match="bị hỏng"):
        Session.open_readonly(f)
    assert (digest(f), digest(companion)) == before
    assert sorted(p.name for p in work.iterdir()) == ["nhan.sqlite", companion.name]


def test_a_sound_wal_left_by_a_crash_is_still_folded_in_by_set(base, tmp_path, capsys, log):
    """The copy proves the result sound, then the edits the WAL holds are kept, not lost."""
    work, scratch = _folders(tmp_path)
    f = shutil.copyfile(base, work / "f.sqlite")
    other = shutil.copyfile(base, scratch / "khac.sqlite")
    assert run("set", other, "1.1", "--actual", "0,5") == 0
    session = Session.open(other)
    session.set_value("1.4", Scenario.ACTUAL, "0,25")  # committed in the WAL; the process "dies"
    shutil.copyfile(other, f)
    shutil.copyfile(f"{other}-wal", f"{f}-wal")
    session.close()
    assert run("set", f, "1.3", "--actual", "0") == 0, capsys.readouterr().err
    assert sorted(p.name for p in work.iterdir()) == ["f.sqlite"]
    reopened = Session.open_readonly(f)
    try:
        assert reopened.assessment.score("1.1", Scenario.ACTUAL) == Decimal("0.5")
        assert reopened.assessment.score("1.4", Scenario.ACTUAL) == Decimal("0.25")
    finally:
        reopened.close()


# ---------------------------------------------------------------- English out of the messages


def _corrupt_page(path: Path, page: int) -> None:
    """Spoil the b-tree page type of ``page`` (1-based): SQLite says "database disk image is malformed"."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    data[(page - 1) * size] = 0x07
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_without_sqlites_english(base, tmp_path, capsys, log):
    f = received(base, tmp_path)
    _corrupt_page(f, 3)
    assert run("score", f) == 3
    err = capsys.readouterr().err
    assert "bị hỏng, không đọc được (dữ liệu bên trong tệp bị hỏng)" in err, err
    english = logged(log)
    assert "malformed" in english  # SQLite's own words are kept for the support desk
    assert english_in(err, english) == [], err


def test_integrity_checks_findings_are_said_in_vietnamese(base, tmp_path, capsys, log):
    f = received(base, tmp_path, "INSERT INTO comments (node_key, author, created, text) VALUES ('1.1', 'a', '2', 'x')")
    conn = sqlite3.connect(f)
    _swap_index_roots(conn)
    conn.commit()
    conn.close()
    assert run("set", f, "1.1", "--actual", "0") == 3
    err = capsys.readouterr().err
    assert "chỉ mục “audit_node” không khớp với dữ liệu của bảng" in err, err
    english = logged(log)
    assert "missing from index audit_node" in english
    assert english_in(err, english) == [], err


def _real_sqlite_errors(folder: Path) -> Iterator[tuple[str, sqlite3.Error]]:
    """The common SQLite errors, each raised by SQLite itself (the I/O error excepted: no disk
    here fails on demand, so it carries SQLite's own words and code)."""
    text = folder / "khong-phai.sqlite"
    text.write_text("x" * 2048)
    db = folder / "a.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t SELECT zeroblob(3000) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3)")
    conn.commit()
    conn.close()
    attempts = {}

    def attempt(name: str, work: object) -> None:
        try:
            work()  # type: ignore[operator]
        except sqlite3.Error as exc:
            attempts[name] = exc

    attempt("not a database", lambda: sqlite3.connect(text).execute("SELECT * FROM sqlite_master").fetchall())
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(db, timeout=0)
    attempt("locked", lambda: other.execute("SELECT * FROM t").fetchall())
    other.close()
    holder.execute("ROLLBACK")
    holder.close()
    reader = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    attempt("read-only", lambda: reader.execute("INSERT INTO t VALUES (1)"))
    reader.close()
    small = sqlite3.connect(db)
    small.execute("PRAGMA max_page_count = 2")
    attempt("disk full", lambda: small.execute("INSERT INTO t VALUES (zeroblob(100000))"))
    small.close()
    attempt("cannot open", lambda: sqlite3.connect(folder / "khong-co" / "x.sqlite"))
    _corrupt_page(db, 2)
    attempt("malformed", lambda: sqlite3.connect(db).execute("SELECT * FROM t").fetchall())
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = sqlite3.SQLITE_IOERR_READ  # type: ignore[attr-defined]
    attempts["I/O error"] = io
    yield from attempts.items()


def test_each_common_sqlite_error_is_said_in_vietnamese_and_logged_in_english(tmp_path, log):
    errors = dict(_real_sqlite_errors(tmp_path))
    assert sorted(errors) == sorted(
        ["not a database", "locked", "read-only", "disk full", "cannot open", "malformed", "I/O error"]
    )
    for name, exc in errors.items():
        said = sqlite_problem(exc)
        assert english_in(said, str(exc)) == [], (name, said)
        assert "chi tiết đã ghi" not in said, (name, said)  # each has words of its own
        assert str(exc) in log.read_text(encoding="utf-8"), name


def test_a_name_too_long_is_said_in_vietnamese_where_a_file_is_read(tmp_path):
    english = os.strerror(errno.ENAMETOOLONG)
    with pytest.raises(FileRefused) as refused:
        check_file(tmp_path / ("k" * 300 + ".sqlite"))
    assert "quá dài" in str(refused.value) and english_in(str(refused.value), english) == []


def test_an_attachment_that_cannot_be_read_is_refused_in_vietnamese(base, tmp_path, log):
    """Was an ``OSError`` out of ``attach_file`` (its ``exists()`` raised), English in the window."""
    f = shutil.copyfile(base, tmp_path / "f.sqlite")
    session = Session.open(f)
    try:
        with pytest.raises(InputRefused) as refused:
            session.attach_file(tmp_path / ("t" * 300 + ".pdf"), for_key="1.1")
    finally:
        session.close()
    assert "quá dài" in str(refused.value)
    assert english_in(str(refused.value), os.strerror(errno.ENAMETOOLONG)) == []


def test_a_private_copy_that_cannot_be_made_is_said_in_vietnamese(base, tmp_path, monkeypatch, log):
    """A file with a journal beside it is read through a private copy; the temporary folder is
    not a folder here (the system says "Not a directory")."""
    import tempfile

    f = shutil.copyfile(base, tmp_path / "nhan.sqlite")
    Path(f"{f}-journal").write_bytes(b"")
    not_a_folder = tmp_path / "tam"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    with pytest.raises(FileRefused) as refused:
        check_file(f)
    message = str(refused.value)
    assert "Không tạo được bản sao tạm" in message and "không phải thư mục" in message, message
    assert english_in(message, os.strerror(errno.ENOTDIR)) == [], message


def test_a_system_error_without_vietnamese_words_goes_to_the_log(log):
    english = os.strerror(errno.EXDEV)
    said = os_problem(OSError(errno.EXDEV, english))
    assert said.startswith("lỗi hệ thống số") and str(log) in said
    assert english_in(said, english) == []
    assert english in log.read_text(encoding="utf-8")


@contextmanager
def _fonts_folder(folder: Path) -> Iterator[Path]:
    from desktop.documents.fonts import _TIMES_FILES

    folder.mkdir()
    for names in _TIMES_FILES.values():
        (folder / names[0]).write_bytes(b"\0\1\0\0 not a font" * 10)
    yield folder


def test_a_broken_system_font_is_said_in_vietnamese(tmp_path, log):
    """reportlab's ``TTFError`` text ("Not a recognized TrueType font…") stayed in the warning."""
    from desktop.documents.fonts import load_fonts

    with _fonts_folder(tmp_path / "phong") as folder:
        family = load_fonts((folder,))
    assert family.label == "Liberation Serif" and family.warning is not None
    english = logged(log)
    assert "TTFError" in english
    assert "không phải phông TrueType dùng được" in family.warning
    assert ".;" not in family.warning and "dùng được); văn bản dùng phông Liberation Serif" in family.warning
    font = str(folder / "times.ttf")
    assert english_in(family.warning.replace(font, ""), english.replace(font, "")) == [], family.warning
