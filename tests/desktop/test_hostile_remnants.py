"""The last hostile-file defects of issue 14: a companion planted beside a file was folded in
before the file was checked, and SQLite's or the system's English reached the officer's messages.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.errors import FileRefused
from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import digest, run

TEMPLATE = "cqdt-876-qn2022"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở X", "--year", 2022) == 0
    assert run("set", path, "3.3", "--input", "a=200", "--input", "b=181") == 0
    return path


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
