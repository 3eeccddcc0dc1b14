"""What lies beside a working file: a companion planted as a link into another file is never
written through, and a process killed while it tries the folder leaves nothing there."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import digest, listing, run


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "tep" / "f.sqlite"
    path.parent.mkdir()
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    return path


@pytest.mark.skipif(os.name == "nt", reason="links as a received folder on POSIX may hold them")
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock"])
@pytest.mark.parametrize("how", ["symlink", "hardlink"])
def test_a_companion_linked_to_another_file_is_never_written_through(f, tmp_path, capsys, suffix, how):
    """Measured before: a hard-linked -wal emptied the other file, a -shm or a .lock (either link)
    overwrote it with SQLite's index or the lock record."""
    other = tmp_path / "thu-khac.txt"
    other.write_text("nội dung quan trọng\n" * 50, encoding="utf-8")
    companion = Path(f"{f}{suffix}")
    if how == "symlink":
        companion.symlink_to(other)
    else:
        os.link(other, companion)
    before, content = digest(f), digest(other)
    capsys.readouterr()
    assert run("set", f, "1.1", "--actual", "0,5") == 3
    err = capsys.readouterr().err
    assert f"“{companion.name}” không phải tệp riêng của nó" in err, err
    session = Session.open(f, or_read_only=True)  # the window's way: it reads, and says why
    try:
        assert companion.name in session.read_only
        assert session.assessment.entry("1.1", Scenario.ACTUAL).value is None
    finally:
        session.close()
    assert run("score", f) == 0
    assert (digest(f), digest(other)) == (before, content)
    assert listing(f.parent) == sorted(["f.sqlite", companion.name])


KILLED_WHILE_PROBING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    folder = os.path.realpath(sys.argv[1])
    made = []

    def hook(event, args):
        if made and event != "os.kill":  # the first step after the probe was created: killed there
            os.kill(os.getpid(), signal.SIGKILL)
        if event == "open" and isinstance(args[0], str) and os.path.dirname(os.path.realpath(args[0])) in (
            folder, os.path.dirname(folder)
        ) and args[2] & (os.O_CREAT | getattr(os, "O_TMPFILE", 0)) and not args[0].endswith(".lock"):
            made.append(args[0])

    from desktop.assessment_file.disk import unwritable_reason
    sys.addaudithook(hook)
    unwritable_reason(Path(sys.argv[1]) / "f.sqlite")
    print("not killed", made)
    """
)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_process_killed_while_trying_the_folder_leaves_nothing_beside_the_file(f):
    """tests/fuzz/test_kill.py met it at random: a `.pardesk-thu-…` probe left beside the file."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_PROBING, str(f.parent)], capture_output=True, text=True, check=False
    )
    assert done.returncode == -9, (done.stdout, done.stderr)
    assert listing(f.parent) == ["f.sqlite"]
