"""The edit lock outlives a file dialog: opening and closing ``.lock``, ``.sqlite``, ``-wal`` and
``-shm`` in the holder's process (Qt's dialog reads files to guess their type) must neither let a
second process write nor lose the holder's later edits (tester-1 defect 1: a POSIX record lock
is dropped when any descriptor of the file closes in the process)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import child, listing, run, say

SNIFFED = ("", ".lock", "-wal", "-shm")

# A window: opens the file, edits, then on each line of stdin either sniffs its files as a file
# dialog does ("sniff") or types a value ("edit CODE VALUE"); closes when stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop.session import Session
    from scoring import Scenario
    path = sys.argv[1]
    session = Session.open(Path(path))
    session.set_value("1.3", Scenario.ACTUAL, "0,25")
    print("ready", flush=True)
    for line in sys.stdin:
        word, *rest = line.split()
        if word == "sniff":
            for suffix in ("", ".lock", "-wal", "-shm"):
                try:
                    with open(path + suffix, "rb") as handle:
                        handle.read(64)
                except OSError:
                    pass
        else:
            session.set_value(rest[0], Scenario.ACTUAL, rest[1])
        print("done", flush=True)
    session.close()
    """
)


def _sniff(path: Path) -> None:
    """What Qt's file dialog does in its folder: open, read a little, close."""
    for suffix in SNIFFED:
        target = Path(f"{path}{suffix}")
        if target.exists():
            with target.open("rb") as handle:
                handle.read(64)


def _pardesk(*args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main(sys.argv[1:]))"]
    command += [str(a) for a in args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _stored(path: Path, code: str) -> tuple[str | None, int]:
    """The stored self-assessment of ``code`` and its audit lines, read from a copy of the file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        key = conn.execute("SELECT key FROM nodes WHERE code = ?", (code,)).fetchone()[0]
        row = conn.execute("SELECT value FROM entries WHERE node_key = ? AND scenario = 'actual'", (key,)).fetchone()
        (lines,) = conn.execute("SELECT count(*) FROM audit WHERE node_key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return (row[0] if row else None), lines


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "lt.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    return path


def test_in_process_a_dialog_reading_the_files_leaves_the_lock_held(f):
    session = Session.open(f)
    try:
        session.set_value("1.3", Scenario.ACTUAL, "0,25")  # in WAL mode now: -wal and -shm beside it
        _sniff(f)
        refused = _pardesk("set", f, "1.1", "--actual", "0,5")
        assert refused.returncode == 3, refused.stderr
        assert "đang được mở để sửa bởi" in refused.stderr
        assert Path(f"{f}-wal").exists() and Path(f"{f}.lock").exists()  # nothing folded or removed
        session.set_value("1.4", Scenario.ACTUAL, "0,5")  # a later edit of the window
    finally:
        session.close()
    assert _stored(f, "1.4") == ("0.5", 1)
    assert _stored(f, "1.1") == (None, 0)  # the refused command wrote nothing
    assert listing(f.parent) == ["lt.sqlite"]


def test_across_processes_the_holder_keeps_the_file_after_a_dialog_sniffed_it(f):
    with child(HOLDER, f) as holder:
        assert say(holder, "sniff") == "done"
        refused = _pardesk("set", f, "1.1", "--actual", "0,5")
        assert refused.returncode == 3, refused.stderr
        assert f"tiến trình {holder.pid}" in refused.stderr
        assert run("set", f, "1.1", "--actual", "0,5") == 3  # and from this process too
        assert _pardesk("score", f).returncode in (0, 1)  # reading is never refused
        assert say(holder, "edit 1.4 0,5") == "done"
    assert _stored(f, "1.3") == ("0.25", 1)
    assert _stored(f, "1.4") == ("0.5", 1)  # the holder's later commit reached the file
    assert _stored(f, "1.1") == (None, 0)
    assert listing(f.parent) == ["lt.sqlite"]


# Another program (a SQLite tool, or an older PAR Desk that took no edit lock) with the file open
# in WAL mode, a committed change still in its WAL; with "truncate" its WAL is checkpointed to 0 bytes.
OTHER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("UPDATE settings SET value = 'Sở Y' WHERE key = 'unit'")
    conn.commit()
    if sys.argv[2:] == ["truncate"]:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print("ready", flush=True)
    sys.stdin.read()
    conn.close()
    """
)


@pytest.mark.parametrize("wal", ["full", "truncate"])
def test_a_file_another_program_has_open_is_neither_folded_nor_edited(f, capsys, wal):
    from desktop.assessment_file.disk import drop_empty_wal

    with child(OTHER, f, wal):
        companions = {s: Path(f"{f}{s}").read_bytes() for s in ("-wal", "-shm")}
        assert (len(companions["-wal"]) == 0) == (wal == "truncate")
        assert run("set", f, "1.1", "--actual", "0,5") == 3
        assert "đang được một chương trình khác mở" in capsys.readouterr().err
        drop_empty_wal(f)  # what a refused open or a close tidies: never a WAL someone has open
        assert {s: Path(f"{f}{s}").read_bytes() for s in ("-wal", "-shm")} == companions
        assert not Path(f"{f}.lock").exists()  # the lock taken for the check is given back
        second = Session.open(f, or_read_only=True)
        try:
            assert "chương trình khác" in second.read_only
            assert second.settings()["unit"] == "Sở Y"  # its committed change, read through a copy
        finally:
            second.close()
    assert listing(f.parent) == ["lt.sqlite"]  # it folded its own WAL when it closed
    assert run("set", f, "1.1", "--actual", "0,5") == 0
