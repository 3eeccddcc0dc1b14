"""Numbers beyond the documented range are refused on every way in, before anything is written."""

import hashlib

import pytest

from desktop.cli.commands import main
from desktop.session import Session
from scoring import Scenario

HUGE = "1234567890123456789012345678"


def run(*args):
    return main([str(a) for a in args])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def qn(tmp_path):
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "x", "--year", 2022) == 0
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["3.3", "--input", f"a={HUGE}", "--input", "b=1"],  # was: committed, then InvalidOperation (exit 4)
        ["3.3", "--input", f"a={HUGE}", "--input", f"b={HUGE[:-3]}"],
        ["2.1", "--input", f"a={HUGE}", "--input", "b=1", "--input", "c=1"],
        ["1.1", "--actual", HUGE],
        ["1.1", "--actual", "1e999"],
        ["3.3", "--input", "a=1e999", "--input", "b=1"],
        ["1.1", "--target", "9" * 10_000],
    ],
)
def test_set_refuses_out_of_range_numbers_and_writes_nothing(qn, capsys, args):
    before = digest(qn)
    assert run("set", qn, *args) == 2
    assert "không mong muốn" not in capsys.readouterr().err
    assert digest(qn) == before


def test_inputs_at_the_limit_are_scored(qn, capsys):
    assert run("set", qn, "3.3", "--input", "a=999.999.999.999", "--input", "b=999.999.999.998") == 0
    session = Session.open(qn)
    try:
        assert session.assessment.score(session.node("3.3").key, Scenario.ACTUAL) is not None
    finally:
        session.close()
