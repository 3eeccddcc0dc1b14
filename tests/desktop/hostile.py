"""Helpers for the tests of hostile files: run the CLI in process, hash a file, spoil a copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.cli.commands import main


def run(*args: object) -> int:
    return main([str(a) for a in args])


TEMPLATE = "cqdt-876-qn2022"


def scored_file(folder: Path) -> Path:
    """A working file of "Sở X", 2022, with one ratio rule scored (3.3: 181 of 200): the sound file
    the hostile tests change."""
    path = folder / "f.sqlite"
    assert run("new", path, "--template", TEMPLATE, "--unit", "Sở X", "--year", 2022) == 0
    assert run("set", path, "3.3", "--input", "a=200", "--input", "b=181") == 0
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def received(
    base: Path, folder: Path, *statements: str, params: tuple[object, ...] = (), name: str = "nhan.sqlite"
) -> Path:
    """A copy of ``base`` in ``folder``, changed by ``statements`` run with plain sqlite3."""
    path = folder / name
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement, params)
    conn.commit()
    conn.close()
    return path


@contextmanager
def small_disk(size: str = "2m") -> Iterator[Path]:
    """A real filesystem of ``size`` (tmpfs), to fill up or make read-only; skips where none can be
    mounted (not root, no ``mount``, not POSIX)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root on POSIX")
    folder = Path(tempfile.mkdtemp(prefix="pardesk-dia-"))
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    done = subprocess.run(mount, capture_output=True, check=False)
    if done.returncode:
        folder.rmdir()
        pytest.skip(f"tmpfs could not be mounted: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def remount(folder: Path, mode: str) -> None:
    """``ro`` or ``rw``: the real condition, which root's permissions cannot bypass."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Fill the filesystem of ``folder`` to the last byte."""
    with (folder / "ballast").open("wb", buffering=0) as handle:
        try:
            while handle.write(b"\0" * 65536):
                pass
        except OSError:
            pass


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def content(path: Path) -> list[str]:
    """Every row of every table, as SQL (a working file's bytes may change while its data does not),
    read from a copy: the file may be on a full disk and in WAL mode."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        conn = sqlite3.connect(copy)
        try:
            return [line for line in conn.iterdump() if "PRAGMA" not in line]
        finally:
            conn.close()


@contextmanager
def child(script: str, *args: object, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[str]]:
    """Another process running ``script``, once it printed "ready"; it ends when its stdin is
    closed (by the test, or here at the end) and must end well; killed if it hangs."""
    command = [sys.executable, "-c", script, *(str(a) for a in args)]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield proc
        if not proc.stdin.closed:
            proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def say(proc: subprocess.Popen[str], line: str) -> str:
    """Send ``child`` one line of instructions and return its answer."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{line}\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) made read-only for real: the read-only attribute on Windows,
    write permission removed on POSIX — and, for root (whom permissions do not stop), the
    immutable attribute (``chattr +i``). Skips where none of these holds."""
    if os.name == "nt":
        if path.is_dir():
            pytest.skip("Windows ignores a folder's read-only attribute")
        os.chmod(path, stat.S_IREAD)
        try:
            yield path
        finally:
            os.chmod(path, stat.S_IREAD | stat.S_IWRITE)
        return
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        os.chmod(path, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield path
        finally:
            os.chmod(path, mode)
        return
    chattr = shutil.which("chattr")
    done = subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False) if chattr else None
    if done is None or done.returncode:
        pytest.skip("root, and this filesystem has no immutable attribute (chattr +i)")
    try:
        yield path
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


_TAKE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0.2)
try:
    conn.execute("PRAGMA journal_mode = DELETE")  # folds and removes a window's WAL if it can
    print("taken")
except sqlite3.OperationalError as exc:
    print("busy" if "locked" in str(exc) else exc)
conn.close()
"""


def others_can_take(path: Path) -> bool:
    """Another program (a SQLite tool) could take ``path`` from the window that edits it: SQLite's
    own locks on it are gone (a descriptor of the file closed in the window's process)."""
    command = [sys.executable, "-c", _TAKE, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() in ("taken", "busy"), done
    return done.stdout.strip() == "taken"
