"""The assessment file: round trip, audit, and every kind of bad file refused without change."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop.assessment_file.schema import SCHEMA_VERSION
from desktop.assessment_file.store import AssessmentFile
from desktop.errors import FileRefused
from desktop.session import Session
from scoring import Entry, Scenario
from tests.conftest import D
from tests.desktop.hostile import read_only


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def made(tmp_path, qn_set):
    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, qn_set, unit="Sở Thông tin và Truyền thông", year=2022).close()
    return path


def test_round_trip_keeps_tree_values_and_audit(made, qn_set):
    session = Session.open(made, user="Lan")
    session.set_inputs("3.3", Scenario.ACTUAL, {"a": "200", "b": "181"})
    session.set_value("1.1", Scenario.TARGET, "0,5")
    session.set_text("1.1", "tasks", "Cập nhật Kiến trúc 3.0")
    session.close()
    again = Session.open(made)
    assert again.criteria_set.content_hash == qn_set.content_hash
    assert again.assessment.score("3.3", Scenario.ACTUAL) == D("0.905")
    assert again.assessment.score("1.1", Scenario.TARGET) == D("0.5")
    assert again.store.texts("tasks") == {("1.1", ""): "Cập nhật Kiến trúc 3.0"}
    audit = again.store.audit()
    assert [(r["node_key"], r["field"], r["user"], r["new"]) for r in audit] == [
        ("3.3", "inputs", "Lan", "a=200; b=181"),
        ("1.1", "value", "Lan", "0.5"),
        ("1.1", "text:tasks", "Lan", "Cập nhật Kiến trúc 3.0"),
    ]
    again.close()
    assert not Path(f"{made}-journal").exists() and not Path(f"{made}-wal").exists()


def test_undo_is_an_edit_with_its_own_audit_line(made):
    session = Session.open(made, user="Lan")
    edit = session.set_value("1.3", Scenario.ACTUAL, "0,5")
    session.restore(edit.key, edit.scenario, edit.old)
    assert session.assessment.score("1.3", Scenario.ACTUAL) is None
    assert [r["field"] for r in session.store.audit("1.3")] == ["value", "undo"]
    session.close()


def test_create_refuses_to_overwrite(made, qn_set):
    before = digest(made)
    with pytest.raises(FileRefused, match="đã tồn tại"):
        AssessmentFile.create(made, qn_set, unit="x", year=2022)
    assert digest(made) == before


def test_read_only_folder_is_a_clear_message(tmp_path, qn_set):
    """Read-only for real, for root too (CI): ``hostile.read_only`` (chattr +i where permissions
    do not stop the user)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder), pytest.raises(FileRefused, match="chỉ đọc"):
        AssessmentFile.create(folder / "x.sqlite", qn_set, unit="x", year=2022)
    assert list(folder.iterdir()) == []


def test_missing_folder_is_a_clear_message(tmp_path, qn_set):
    with pytest.raises(FileRefused, match="không tồn tại"):
        AssessmentFile.create(tmp_path / "no" / "x.sqlite", qn_set, unit="x", year=2022)


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _trigger(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER evil AFTER UPDATE ON entries BEGIN DELETE FROM nodes; END")
    conn.commit()
    conn.close()


def _view(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW v AS SELECT * FROM nodes")
    conn.commit()
    conn.close()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


def _bad_rule(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute('UPDATE nodes SET rule = \'{"kind": "formula", "expr": "__import__(1)"}\' WHERE key = \'2.1\'')
    conn.commit()
    conn.close()


def _bad_value(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO entries VALUES ('1.1', 'actual', 'abc', '{}')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda p: p.write_bytes(b""), "rỗng"),
        (lambda p: p.write_text("STT;Tiêu chí\n1;x", encoding="utf-8"), "không phải cơ sở dữ liệu SQLite"),
        (_truncate, "cắt cụt"),
        (_foreign_sqlite, "không phải tệp đánh giá PAR Desk"),
        (_newer, "phiên bản PAR Desk mới hơn"),
        (_trigger, "đối tượng lạ"),
        (_view, "đối tượng lạ"),
        (_damage, "hỏng"),
        (_bad_rule, "2.1"),
        (_bad_value, "1.1"),
    ],
)
def test_bad_files_are_refused_in_vietnamese_and_left_unchanged(tmp_path, made, spoil, message):
    path = tmp_path / "received.sqlite"
    if spoil in (_newer, _trigger, _view, _damage, _bad_rule, _bad_value, _truncate):
        path.write_bytes(made.read_bytes())
    spoil(path)
    before = digest(path)
    with pytest.raises(FileRefused, match=message):
        Session.open(path)
    assert digest(path) == before


def test_missing_file(tmp_path):
    with pytest.raises(FileRefused, match="Không tìm thấy"):
        Session.open(tmp_path / "none.sqlite")


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(FileRefused, match="thư mục"):
        Session.open(tmp_path)


def test_read_only_open_cannot_write(made):
    store = AssessmentFile.open_readonly(made)
    with pytest.raises(FileRefused, match="chỉ để xem"):  # refused before SQLite is asked
        store.write_entry("1.1", Scenario.ACTUAL, Entry(), Entry(D(1)), user="x", field="value")
    with pytest.raises(sqlite3.DatabaseError):  # and SQLite would refuse it too (mode=ro, authorizer)
        store.conn.execute("DELETE FROM entries")
    store.close()
