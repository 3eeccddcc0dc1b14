"""The file format can evolve: a frozen v1 file opens, upgrades a copy and keeps every value;
a later step applies to old and new files alike; a migration that fails leaves the file as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.assessment_file import check, schema, store
from desktop.assessment_file.check import check_file
from desktop.assessment_file.store import AssessmentFile, upgraded_copy
from desktop.session import Session
from scoring import Scenario

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "v1.sqlite"
V1_TABLES = ("meta", "settings", "nodes", "entries", "texts", "blobs", "documents", "evidence", "comments", "audit")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = {}
        for table in V1_TABLES:
            names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            v1_names = sorted(schema.columns_of(1)[table])
            assert set(v1_names) <= set(names)
            listed = ", ".join(f'"{n}"' for n in v1_names)
            found[table] = sorted(conn.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr)
        return found
    finally:
        conn.close()


def assert_v1_values(session: Session) -> None:
    """What the fixture's README says it holds, read back through the app's own services."""
    a = session.assessment
    assert session.meta["unit"] == "Sở Thông tin và Truyền thông" and session.meta["year"] == "2022"
    assert a.entry("3.3", Scenario.ACTUAL).inputs == {"a": Decimal(200), "b": Decimal(181)}
    assert a.score("3.3", Scenario.ACTUAL) == Decimal("0.9050")
    assert a.score("1.2#1", Scenario.ACTUAL) == Decimal("0.2500")
    assert a.score("1.1", Scenario.APPRAISED) == Decimal(0)
    assert "2.3" in a.not_applicable
    assert session.tree.by_key["1.3"].lead == "Sở Thông tin và Truyền thông; Văn phòng UBND tỉnh"
    assert session.texts("tasks")[("1.1", "")] == "Cập nhật Kiến trúc CQĐT phiên bản 3.0"
    assert [d.number for d in session.evidence.for_node("1.1")] == ["123/QĐ-UBND"]
    assert session.settings()["signer_name"] == "Nguyễn Văn A"


NEXT = schema.SCHEMA_VERSION + 1


@pytest.fixture
def future(monkeypatch):
    """Pretend the next version exists, as a real release would add it: one more frozen step."""

    def add(step: str) -> None:
        monkeypatch.setitem(schema.STEPS, NEXT, step)
        for module in (schema, check, store):
            monkeypatch.setattr(module, "SCHEMA_VERSION", NEXT)
        schema._shape.cache_clear()

    yield add
    schema._shape.cache_clear()


LATER = """
ALTER TABLE "texts" ADD COLUMN "changed" TEXT;
CREATE TABLE "later" ("id" INTEGER PRIMARY KEY, "state" TEXT NOT NULL);
CREATE INDEX "later_state" ON "later" ("state");
"""


def test_the_v1_file_opens_with_every_value_and_is_not_changed():
    before = digest(V1)
    assert check_file(V1)["template_id"] == "cqdt-876-qn2022"
    session = Session(AssessmentFile.open_readonly(V1))
    try:
        assert_v1_values(session)
    finally:
        session.close()
    assert digest(V1) == before
    assert not Path(f"{V1}-wal").exists() and not Path(f"{V1}-journal").exists()


def test_an_upgraded_copy_keeps_every_row_and_leaves_the_source(tmp_path):
    before = digest(V1)
    copy = upgraded_copy(V1)
    try:
        assert rows(copy) == rows(V1)
        assert check_file(copy)
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        conn.close()
    finally:
        shutil.rmtree(copy.parent)
    assert digest(V1) == before


def test_a_later_version_checks_v1_by_its_own_columns_and_upgrades_it(tmp_path, future):
    future(LATER)
    before = digest(V1)
    check_file(V1)  # not refused as "thiếu cột changed": v1 is checked against v1
    received = Session(AssessmentFile.open_readonly(V1))  # read through an upgraded private copy
    try:
        assert_v1_values(received)
        assert received.store.conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
    finally:
        received.close()
    assert digest(V1) == before

    working = tmp_path / "cua-toi.sqlite"
    shutil.copyfile(V1, working)
    session = Session.open(working)  # our own working file: upgraded in place
    try:
        assert_v1_values(session)
        names = {r[1] for r in session.store.conn.execute('PRAGMA table_info("texts")')}
        assert "changed" in names
    finally:
        session.close()
    assert rows(working) == rows(V1)


def test_a_new_file_of_a_later_version_is_the_upgraded_old_one(tmp_path, future, qn_set):
    future(LATER)
    made = AssessmentFile.create(tmp_path / "moi.sqlite", qn_set, unit="Sở X", year=2026)
    made.close()
    copy = upgraded_copy(V1)
    try:
        assert shape_of(copy) == shape_of(tmp_path / "moi.sqlite")
    finally:
        shutil.rmtree(copy.parent)


def shape_of(path: Path) -> tuple[int, dict[str, list[tuple[object, ...]]], list[tuple[str, str]]]:
    """Version, every table's column declarations, and the indexes of a file."""
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        columns = {t: [r[1:] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
        indexes = conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
        return conn.execute("PRAGMA user_version").fetchone()[0], columns, indexes
    finally:
        conn.close()


def test_a_migration_failing_midway_leaves_the_file_byte_identical(tmp_path, future):
    failing = 'ALTER TABLE "texts" ADD COLUMN "changed" TEXT;\nCREATE TABLE "later" (x);\n'
    future(failing + "INSERT INTO nowhere VALUES (1);")
    working = tmp_path / "cua-toi.sqlite"
    shutil.copyfile(V1, working)
    before = digest(working)
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        AssessmentFile.open(working)
    assert digest(working) == before
    assert not Path(f"{working}-journal").exists() and not Path(f"{working}-wal").exists()
    conn = sqlite3.connect(working)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    assert not names & {"later", "rounds", "appraisals", "manifest", "sources"}  # version 2 rolled back too
    conn.close()


def test_a_file_of_a_newer_version_is_refused_unchanged(tmp_path):
    newer = tmp_path / "moi-hon.sqlite"
    shutil.copyfile(V1, newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(newer)
    with pytest.raises(Exception, match="phiên bản PAR Desk mới hơn"):
        AssessmentFile.open(newer)
    assert digest(newer) == before


def test_an_edit_is_committed_through_the_wal_and_one_file_is_left_on_close(tmp_path):
    working = tmp_path / "cua-toi.sqlite"
    shutil.copyfile(V1, working)
    session = Session.open(working)
    session.set_value("1.1", Scenario.TARGET, "0,5")
    assert Path(f"{working}-wal").exists()  # the edit is durable in the WAL
    session.close()
    assert not Path(f"{working}-wal").exists() and not Path(f"{working}-shm").exists()
    conn = sqlite3.connect(working)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_wal_left_by_a_crash_is_folded_in_not_lost(tmp_path):
    working = tmp_path / "cua-toi.sqlite"
    shutil.copyfile(V1, working)
    session = Session.open(working)
    session.set_value("1.1", Scenario.TARGET, "0,5")
    # the process dies: the WAL and its index stay beside the file, holding the committed edit
    saved = {s: Path(f"{working}{s}").read_bytes() for s in ("", "-wal", "-shm")}
    session.close()
    for suffix, data in saved.items():
        Path(f"{working}{suffix}").write_bytes(data)
    reopened = Session.open(working)
    try:
        assert reopened.assessment.score("1.1", Scenario.TARGET) == Decimal("0.5")
    finally:
        reopened.close()
    assert not Path(f"{working}-wal").exists()


def test_the_v1_file_is_in_tu_danh_gia_and_keeps_its_fingerprint_when_upgraded():
    from desktop.assessment_file.fingerprint import fingerprint
    from desktop.assessment_file.rounds import current_round, desk_of
    from desktop.exchange.manifest import read_manifest
    from scoring.rounds import Desk, Round

    copy = upgraded_copy(V1)
    try:
        old = sqlite3.connect(f"{V1.resolve().as_uri()}?mode=ro", uri=True)
        new = sqlite3.connect(copy)
        assert fingerprint(old) == fingerprint(new)  # a paper printed from the v1 file still matches
        assert (current_round(new), desk_of(new), read_manifest(new)) == (Round.SELF, Desk.UNIT, {})
        assert current_round(old) is Round.SELF  # read from the v1 file itself, which has no rounds table
        old.close()
        new.close()
    finally:
        shutil.rmtree(copy.parent)


def test_version_2_data_survives_the_next_upgrade(tmp_path, future):
    """A file that went through the rounds (rounds, appraisals, a manifest) keeps them all."""
    from desktop.cli.commands import main

    working = tmp_path / "stp.sqlite"
    shutil.copyfile(V1, working)
    assert main(["pack", str(working), str(tmp_path / "gui.sqlite")]) == 0
    council = tmp_path / "snv.sqlite"
    assert main(["receive", str(tmp_path / "gui.sqlite"), str(council)]) == 0
    assert main(["set", str(council), "1.1", "--appraised", "0", "--reason", "Chưa cập nhật Kiến trúc"]) == 0
    assert main(["pack", str(council), str(tmp_path / "tra.sqlite")]) == 0
    tables = ("rounds", "appraisals", "manifest", "meta", "entries", "texts")

    def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
        conn = sqlite3.connect(path)
        try:
            found = {}
            for t in tables:
                names = ", ".join(f'"{c}"' for c in sorted(schema.columns_of(2)[t]))
                found[t] = sorted(conn.execute(f'SELECT {names} FROM "{t}"').fetchall(), key=repr)
            return found
        finally:
            conn.close()

    before = dump(tmp_path / "tra.sqlite")
    assert before["appraisals"] and before["manifest"] and len(before["rounds"]) == 3
    future(LATER)
    copy = upgraded_copy(tmp_path / "tra.sqlite")
    try:
        assert dump(copy) == before
    finally:
        shutil.rmtree(copy.parent)
    session = Session.open(council)  # the council's working copy, upgraded in place
    try:
        assert session.workflow.round.value == "giai_trinh"
        assert session.texts("reason")[("1.1", "appraised")] == "Chưa cập nhật Kiến trúc"
    finally:
        session.close()
