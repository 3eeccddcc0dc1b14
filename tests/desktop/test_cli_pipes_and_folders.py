"""The command line's exit codes hold at the edges (tester-1 item 20): a reader that closes the pipe
early (``pardesk set … 2>&1 | head``) is no error — the value is written, the code is the
command's, nothing in the error log — and an output folder that does not exist is a usage error
(2), as the README's table says, for ``pack FILE missing-dir/`` as for every other output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import digest, listing, run

TEMPLATE = "cqdt-876-qn2022"


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở X", "--year", "2022") == 0
    return path


def _into_a_closed_pipe(tmp_path: Path, *args: object) -> int:
    """``pardesk ARGS 2>&1 | true``: stdout and stderr are a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    env = {**os.environ, "PARDESK_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-c", "import sys; from desktop.entry import main; sys.exit(main(sys.argv[1:]))"]
    try:
        done = subprocess.run(
            command + [str(a) for a in args], stdout=write, stderr=write, env=env, timeout=120, check=False
        )
    finally:
        os.close(write)
    return done.returncode


def test_a_reader_that_leaves_early_costs_neither_the_value_nor_the_exit_code(f, tmp_path):
    assert _into_a_closed_pipe(tmp_path, "set", f, "1.3", "--actual", "0,25") == 0
    assert _into_a_closed_pipe(tmp_path, "score", f) == 0
    assert _into_a_closed_pipe(tmp_path, "set", f, "1.3", "--actual", "99") == 2  # a refusal stays a refusal
    assert not (tmp_path / "data" / "logs").exists()  # no BrokenPipeError traceback logged as a bug
    session = Session.open_readonly(f)
    try:
        assert str(session.assessment.entry("1.3", Scenario.ACTUAL).value) == "0.25"
    finally:
        session.close()


@pytest.mark.parametrize(
    "args",
    [
        ("pack", "{f}", "{missing}/"),
        ("pack", "{f}", "{missing}/tep.sqlite"),
        ("export-xlsx", "{f}", "{missing}/bang.xlsx"),
        ("pdf", "{f}", "--plan", "{missing}/ke-hoach.pdf"),
        ("new", "{missing}/moi.sqlite", "--template", TEMPLATE, "--unit", "Sở X", "--year", "2022"),
    ],
)
def test_an_output_folder_that_does_not_exist_is_a_usage_error(f, tmp_path, capsys, args):
    missing = tmp_path / "khong-co"
    before = digest(f)
    assert run(*(a.format(f=f, missing=missing) for a in args)) == 2
    assert f"Thư mục “{missing}” không tồn tại" in capsys.readouterr().err
    assert digest(f) == before and listing(tmp_path) == ["f.sqlite"]
