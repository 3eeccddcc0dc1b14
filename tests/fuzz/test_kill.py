"""SIGKILL in the middle of edits, round after round (50 in CI): every returned edit is in the file,
the file passes integrity_check, the lock and the WAL left behind are taken over and folded in."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.assessment_file.check import check_file
from desktop.cli.commands import main
from desktop.session import Session
from scoring import Scenario
from tests.fuzz.conftest import TALLY, scale, seed

# a window's way (one session, many edits) and a script's way (one `pardesk set` per edit)
WINDOW = textwrap.dedent(
    """
    import sys
    from desktop.session import Session
    from scoring import Scenario
    session = Session.open(sys.argv[1])
    for i in range(1, 100000):
        b = i % 50 + 1
        session.set_inputs("3.3", Scenario.ACTUAL, {"a": "50", "b": str(b)})
        session.set_text("1.1", "tasks", f"lần {i}")
        print(i, b, flush=True)   # only after both edits were committed
    """
)
SCRIPT = textwrap.dedent(
    """
    import sys
    from desktop.cli.commands import main
    for i in range(1, 100000):
        b = i % 50 + 1
        assert main(["set", sys.argv[1], "3.3", "--input", "a=50", "--input", f"b={b}"]) == 0
        print(i, b, flush=True)
    """
)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_again_and_again_nothing_returned_is_lost(tmp_path):
    path = tmp_path / "f.sqlite"
    assert main(["new", str(path), "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022"]) == 0
    chance = random.Random(seed())
    last_b = None
    for round_ in range(scale()["kills"]):
        writer = WINDOW if round_ % 2 == 0 else SCRIPT
        proc = subprocess.Popen(
            [sys.executable, "-c", writer, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stderr is not None
        returned = [proc.stdout.readline().split() for _ in range(chance.randint(1, 6))]
        proc.send_signal(signal.SIGKILL)  # in the middle of the next edit, or just after it
        proc.wait()
        returned += [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
        error = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        assert all(len(r) == 2 for r in returned), (round_, returned, error)
        last_b = int(returned[-1][1])
        _assert_whole(path, last_b, round_)
        TALLY.counts["kills"] += 1
    assert last_b is not None


def _assert_whole(path: Path, last_b: int, round_: int) -> None:
    check_file(path)  # integrity_check passes, and reading it left nothing behind
    session = Session.open(path)  # the killed holder's lock is taken over, its WAL folded in
    try:
        b = session.assessment.entry("3.3", Scenario.ACTUAL).inputs["b"]
        assert b in (last_b, last_b % 50 + 1), (round_, b, last_b)  # the next edit, if committed before the kill
    finally:
        session.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.sqlite"], round_
