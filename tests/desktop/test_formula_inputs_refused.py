"""Quảng Ninh 2.1's inputs are refused by the command line and the edit service as soon as b or c
exceeds a, before the third input is given: exit 2, the rule's own words, nothing written."""

import hashlib
import json
import sqlite3

import pytest

from desktop.cli.commands import main
from desktop.errors import InputRefused
from desktop.session import Session
from scoring import Scenario

TEMPLATE = "cqdt-876-qn2022"


def run(*args):
    return main([str(a) for a in args])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored(path, scenario):
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT inputs FROM entries WHERE node_key = '2.1' AND scenario = ?", (scenario,)).fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


@pytest.fixture
def qn(tmp_path):
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở Thông tin và Truyền thông", "--year", 2022) == 0
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "a=100", "--input", "b=120"], "Tiêu chí 2.1 (Tự đánh giá): b = 120 lớn hơn a = 100."),
        (
            ["--input", "a=100", "--input", "b=120", "--scenario", "target"],
            "Tiêu chí 2.1 (Mục tiêu): b = 120 lớn hơn a = 100.",
        ),
        (["--input", "a=100", "--input", "c=101"], "Tiêu chí 2.1 (Tự đánh giá): c = 101 lớn hơn a = 100."),
    ],
)
def test_cli_refuses_a_part_above_a_before_the_third_input(qn, capsys, args, message):
    before = digest(qn)
    capsys.readouterr()
    assert run("set", qn, "2.1", *args) == 2
    assert f"Lỗi: {message}" in capsys.readouterr().err
    assert digest(qn) == before
    assert stored(qn, "actual") is None and stored(qn, "target") is None


def test_cli_refuses_b_typed_after_a_and_keeps_a(qn, capsys):
    assert run("set", qn, "2.1", "--input", "a=100") == 0
    before = digest(qn)
    capsys.readouterr()
    assert run("set", qn, "2.1", "--input", "b=120") == 2
    assert "b = 120 lớn hơn a = 100" in capsys.readouterr().err
    assert digest(qn) == before
    assert stored(qn, "actual") == {"a": "100"}


def test_the_detail_panels_sequence_leaves_no_refused_input_in_the_file(qn):
    # the window's Mục tiêu row commits one input per Tab through Session.set_inputs
    session = Session.open(qn)
    try:
        session.set_inputs("2.1", Scenario.TARGET, {"a": "100"})
        with pytest.raises(InputRefused) as refused:
            session.set_inputs("2.1", Scenario.TARGET, {"b": "120"})
        assert str(refused.value) == "Tiêu chí 2.1 (Mục tiêu): b = 120 lớn hơn a = 100."
        session.set_inputs("2.1", Scenario.TARGET, {"c": "0"})
    finally:
        session.close()
    assert stored(qn, "target") == {"a": "100", "c": "0"}
