"""Two windows, one file: the second is told who has it and opens it read-only; a lock left by a
killed process is taken over; a command-line write waits for no one and writes nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.assessment_file.store import NotWritable
from desktop.session import Session
from scoring import Scenario
from tests.desktop.hostile import digest, listing, run

HOLDER = textwrap.dedent(
    """
    import sys
    from desktop.session import Session
    from scoring import Scenario
    session = Session.open(sys.argv[1])
    session.set_value("1.3", Scenario.ACTUAL, "0,25")
    print("ready", flush=True)
    sys.stdin.read()   # until the test closes our stdin (or kills us)
    session.close()
    """
)


@pytest.fixture
def f(tmp_path: Path) -> Path:
    path = tmp_path / "f.sqlite"
    assert run("new", path, "--template", "cqdt-876-qn2022", "--unit", "Sở X", "--year", "2022") == 0
    return path


@pytest.fixture
def held(f: Path):
    """Another process (another window) with ``f`` open for editing."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(f)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    assert proc.stdin is not None
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=30)
    for stream in (proc.stdin, proc.stdout):
        stream.close()


def test_the_second_window_is_told_who_has_the_file_and_reads_it(f, held):
    with pytest.raises(NotWritable) as refused:
        Session.open(f)
    message = str(refused.value)
    assert "đang được mở để sửa bởi" in message and f"tiến trình {held.pid}" in message
    record = json.loads(Path(f"{f}.lock").read_text(encoding="utf-8"))
    assert record["pid"] == held.pid and record["machine"]
    second = Session.open(f, or_read_only=True)
    try:
        assert f"tiến trình {held.pid}" in second.read_only
        assert second.assessment.entry("1.3", Scenario.ACTUAL).value is not None  # the holder's edit
        with pytest.raises(NotWritable):
            second.set_value("1.3", Scenario.ACTUAL, "0,5")
        with pytest.raises(NotWritable):
            second.set_text("1.1", "tasks", "x")
    finally:
        second.close()


def test_a_command_line_write_is_refused_while_a_window_holds_the_file(f, held, capsys):
    assert run("set", f, "1.1", "--actual", "0,5") == 3
    assert "đang được mở để sửa bởi" in capsys.readouterr().err
    assert run("score", f) in (0, 1)  # reading is never refused


def test_two_windows_of_one_app_cannot_both_edit(f):
    first = Session.open(f)
    try:
        with pytest.raises(NotWritable, match=f"tiến trình {os.getpid()}"):
            Session.open(f)
    finally:
        first.close()
    Session.open(f).close()  # given back on close
    assert listing(f.parent) == ["f.sqlite"]


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_lock_left_by_a_killed_process_is_taken_over(f, held):
    held.send_signal(signal.SIGKILL)
    held.wait(timeout=30)
    assert Path(f"{f}.lock").exists()  # the record stays; the system released the OS lock
    session = Session.open(f)
    try:
        assert session.assessment.entry("1.3", Scenario.ACTUAL).value is not None  # committed before the kill
        session.set_value("1.1", Scenario.ACTUAL, "0,5")
    finally:
        session.close()
    assert listing(f.parent) == ["f.sqlite"]
    before = digest(f)
    assert run("score", f) in (0, 1) and digest(f) == before


@pytest.mark.parametrize(
    ("since", "shown"),
    [
        ("2026-12-02T01:43:51+00:00", "từ ngày 02 tháng 12 năm 2026 lúc 08:43:51)"),  # seconds whole, local time
        ("2026-02-05T09:05:07+07:00", "từ ngày 05 tháng 02 năm 2026 lúc 09:05:07)"),
        ("0001-01-01T00:00:00+14:00", "từ 0001-01-01T00:00:00+14:00)"),  # out of range here: as written
        ("", "từ ?)"),
    ],
)
def test_the_holder_is_described_with_a_vietnamese_local_moment(monkeypatch, since, shown):
    """tester-1 defect 15: "từ 2026-12-02 lúc 01:43:5" (an ISO string cut at 22 characters)."""
    import time

    from desktop.assessment_file.lock import Holder

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    if not hasattr(time, "tzset"):
        pytest.skip("the local time zone cannot be set here (Windows)")
    time.tzset()
    try:
        described = Holder("an", "PC-01", 4242, since).describe()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert described == f"an trên máy “PC-01” (tiến trình 4242, {shown}"


def test_a_link_to_the_file_finds_the_same_lock(f, held, capsys):
    """Two names for one file (a link, a relative path) are one file to edit: the lock is its own."""
    link = f.parent / "lien-ket.sqlite"
    try:
        link.symlink_to(f)
    except OSError:
        pytest.skip("this system makes no symbolic links here")
    assert run("set", link, "1.1", "--actual", "0,5") == 3
    assert f"tiến trình {held.pid}" in capsys.readouterr().err
    session = Session.open(link, or_read_only=True)
    try:
        assert f"tiến trình {held.pid}" in session.read_only
    finally:
        session.close()
    assert sorted(p.name for p in f.parent.iterdir()) == [
        "f.sqlite",
        "f.sqlite-shm",
        "f.sqlite-wal",
        "f.sqlite.lock",
        "lien-ket.sqlite",
    ]
