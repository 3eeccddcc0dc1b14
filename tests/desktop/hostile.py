"""Helpers for the tests of hostile files: run the CLI in process, hash a file, spoil a copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.cli.commands import main


def run(*args: object) -> int:
    return main([str(a) for a in args])


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
