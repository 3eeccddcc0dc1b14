"""Stored values are read strictly: canonical numbers exactly, anything else refused by table, row, field."""

import sqlite3

import pytest

from desktop.assessment_file.store import AssessmentFile
from desktop.errors import FileRefused
from desktop.session import Session
from scoring import TOTAL_KEY, Scenario
from tests.conftest import D


@pytest.fixture
def made(tmp_path, qn_set):
    path = tmp_path / "qn.sqlite"
    AssessmentFile.create(path, qn_set, unit="Sở Thông tin và Truyền thông", year=2022).close()
    return path


def _sql(path, statement, *params):
    conn = sqlite3.connect(path)
    conn.execute(statement, params)
    conn.commit()
    conn.close()


def test_every_form_the_app_writes_reads_back_exactly(made):
    session = Session.open(made)
    session.set_value("1.1", Scenario.ACTUAL, "0,5")
    session.set_value("1.3", Scenario.PREVIOUS, "0,0000")
    session.set_inputs("3.3", Scenario.ACTUAL, {"a": "1.234.567", "b": "1000000,25"})
    session.close()
    _sql(made, "INSERT INTO entries VALUES (?, 'target', '-86.2391', '{}')", TOTAL_KEY)
    again = Session.open(made)
    entries = again.assessment.entries
    assert str(entries[Scenario.ACTUAL]["1.1"].value) == "0.5"
    assert str(entries[Scenario.PREVIOUS]["1.3"].value) == "0.0000"
    assert entries[Scenario.ACTUAL]["3.3"].inputs == {"a": D(1234567), "b": D("1000000.25")}
    assert entries[Scenario.TARGET][TOTAL_KEY].value == D("-86.2391")
    again.close()


@pytest.mark.parametrize(
    ("value", "inputs", "field", "shown"),
    [
        ("1E+25", "{}", "value", "“1E+25”"),
        ("0,5", "{}", "value", "“0,5”"),
        ("NaN", "{}", "value", "“NaN”"),
        (" 0.5", "{}", "value", "“ 0.5”"),
        ("0.12345", "{}", "value", "“0.12345”"),
        ("١", "{}", "value", "“١”"),  # an Arabic-Indic digit: Decimal() would take it
        (b"1", "{}", "value", "kiểu bytes"),
        (None, '{"a": "1e3"}', "inputs.a", "“1e3”"),
        (None, '{"a": 5}', "inputs.a", "kiểu int"),
        (None, "[1, 2]", "inputs", "JSON"),
        (None, "{a", "inputs", "JSON"),
    ],
)
def test_a_malformed_entry_is_refused_naming_table_row_and_field(made, value, inputs, field, shown):
    _sql(made, "INSERT INTO entries VALUES ('1.1', 'actual', ?, ?)", value, inputs)
    with pytest.raises(FileRefused) as refused:
        Session.open(made)
    message = str(refused.value)
    assert message.startswith("Tệp “qn.sqlite” bị hỏng: bảng entries, dòng của tiêu chí 1.1 (actual)")
    assert f"trường {field}:" in message and shown in message


def test_an_unknown_scenario_is_refused(made):
    _sql(made, "INSERT INTO entries VALUES ('1.1', 'hope', '0.5', '{}')")
    with pytest.raises(FileRefused, match=r"1\.1 \(hope\), trường scenario: “hope” không phải là một kịch bản"):
        Session.open(made)


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("max", "1.5e0", "trường max: “1.5e0”"),
        ("is_part", 2, "trường is_part: cần 0 hoặc 1"),
        ("implied", 1.5, "trường implied: cần 0 hoặc 1"),
        ("title", b"x", "trường title: cần văn bản"),
        ("rule", "{oops", "trường rule: không phải một đối tượng JSON"),
        ("inputs", '"a"', "trường inputs: không phải một đối tượng JSON"),
    ],
)
def test_a_malformed_node_is_refused_naming_its_field(made, column, value, shown):
    _sql(made, f'UPDATE nodes SET "{column}" = ? WHERE key = ?', value, "2.1")
    with pytest.raises(FileRefused) as refused:
        Session.open(made)
    assert "bảng nodes, dòng của tiêu chí 2.1" in str(refused.value) and shown in str(refused.value)


def test_a_null_where_the_schema_forbids_it_is_refused_with_the_changed_schema(made):
    """NULL can only reach ``nodes.max`` through a schema without its NOT NULL: not ours."""
    _drop_not_null(made, "max")
    _sql(made, 'UPDATE nodes SET "max" = NULL WHERE key = ?', "2.1")
    from desktop.assessment_file.schema import SCHEMA_VERSION

    with pytest.raises(FileRefused, match=f"cấu trúc table “nodes” khác định dạng {SCHEMA_VERSION}"):
        Session.open(made)


def _drop_not_null(path, column):
    """Let a NOT NULL column hold NULL, as a file written by another tool could."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'nodes'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    loose = sql.replace(f'"{column}" TEXT NOT NULL', f'"{column}" TEXT')
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'nodes'", (loose,))
    conn.commit()
    conn.close()
