"""Helpers for the tests of hostile files: run the CLI in process, hash a file, spoil a copy."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

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
