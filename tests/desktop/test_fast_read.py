"""The large reads decode texts in SQLite's C path; a text that is not UTF-8 is still refused by name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.assessment_file.check import BadText, fetch_rows, harden
from desktop.errors import FileRefused
from desktop.session import Session
from tests.desktop.hostile import digest, received, run


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", 2022) == 0
    assert run("set", path, "1.1", "--actual", "0.5") == 0
    session = Session.open(path)
    session.set_text("1.1", "tasks", "Rà soát văn bản")
    session.close()
    return path


def test_rows_are_read_as_before_and_a_bad_text_comes_back_as_bad_text(tmp_path: Path, base: Path) -> None:
    bad = received(base, tmp_path, "UPDATE nodes SET title = CAST(X'41FF42' AS TEXT) WHERE key = '1.1'")
    conn = harden(sqlite3.connect(bad))
    fast = fetch_rows(conn, "SELECT key, title FROM nodes ORDER BY position")
    slow = conn.execute("SELECT key, title FROM nodes ORDER BY position").fetchall()
    assert fast == slow and len(fast) > 20
    (title,) = [t for k, t in fast if k == "1.1"]
    assert isinstance(title, BadText) and title == "A\ufffdB"
    assert conn.text_factory is not str  # later queries keep the factory that cannot raise
    conn.close()


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE nodes SET title = CAST(X'41FF42' AS TEXT) WHERE key = '1.1'", "bảng nodes"),
        ("UPDATE entries SET value = CAST(X'30FF' AS TEXT) WHERE node_key = '1.1'", "bảng entries"),
        ("UPDATE texts SET text = CAST(X'41FF' AS TEXT) WHERE node_key = '1.1'", "bảng texts"),
        ("UPDATE nodes SET key = CAST(X'31FF' AS TEXT) WHERE key = '1.1'", "nodes"),
    ],
)
def test_a_text_that_is_not_utf8_refuses_the_file_naming_where(
    tmp_path: Path, base: Path, statement: str, named: str
) -> None:
    bad = received(base, tmp_path, statement)
    before = digest(bad)
    with pytest.raises(FileRefused) as refused:
        Session.open_readonly(bad).close()
    assert named in str(refused.value) and "bị hỏng" in str(refused.value)
    assert digest(bad) == before
