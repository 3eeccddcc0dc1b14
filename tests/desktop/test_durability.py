"""A process killed with SIGKILL in the middle of a series of `set` calls loses nothing returned."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from desktop.cli.commands import main
from desktop.session import Session
from scoring import Scenario

WRITER = textwrap.dedent(
    """
    import sys
    from desktop.cli.commands import main
    path = sys.argv[1]
    for i in range(1, 100000):
        value = f"{i % 50 + 1}"
        code = main(["set", path, "1.3", "--input", "a=50", "--input", f"b={value}", "--target", f"0,{i % 10}"])
        assert code == 0, code
        print(i, value, flush=True)   # printed only after `set` returned: the value is committed
    """
)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_kill_9_during_a_series_of_sets(tmp_path):
    path = tmp_path / "f.sqlite"
    assert main(["new", str(path), "--template", "cqdt-876-qn2022", "--unit", "x", "--year", "2022"]) == 0
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    returned = []
    assert proc.stdout is not None
    for line in proc.stdout:
        returned.append(line.split())
        if len(returned) == 40:
            break
    proc.send_signal(signal.SIGKILL)  # while it is in the middle of the next `set`
    proc.wait()
    rest = proc.stdout.read().split("\n")
    proc.stdout.close()
    returned += [line.split() for line in rest if line.strip()]
    last_i, last_b = returned[-1]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    session = Session.open(path)
    entry = session.assessment.entry("1.3", Scenario.ACTUAL)
    # the last returned value is there, or (if the kill came after the commit but before the print) the next one
    assert entry.inputs["b"] in (int(last_b), int(last_b) % 50 + 1)
    audit_count = len(session.store.audit("1.3"))
    assert audit_count >= 2 * len(returned)
    session.close()
