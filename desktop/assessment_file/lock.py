"""Who has a working file open for editing: a small record beside it, held with an OS lock.

``<file>.lock`` holds JSON (user, machine, process, since when) and, while a session edits the
file, an exclusive OS lock: ``flock`` on POSIX, ``msvcrt`` on Windows (a byte range past the text,
honoured on network shares). Both belong to the open handle, so nothing else the process does
with the file drops them — a POSIX record lock (``fcntl``/``lockf``) would be: it is released
when *any* descriptor of the file closes in the process, and Qt's file dialog opens ``.lock`` to
guess its type (tester-1 defect 1: a second process then took the file and folded the window's
WAL away). A second window or a command-line write finds the lock taken and is told who has the
file; a record left by a crash holds no OS lock (the system releases it with the process) and is
taken over. (Not combined with the ``lockf`` of earlier versions: on Linux NFS ``flock`` is
emulated with record locks, and the two would refuse each other within one process.) Within one
process (two windows of one app) a registry answers first, and says which files this process
edits (``held_here``, ``connected_here``): nothing may open those with plain file I/O.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from scoring.dates import local_time

__all__ = ["EditLock", "Holder", "connected_here", "held_here", "lock_path"]

_REGION = 1 << 20  # the locked byte range starts past any record we write
_RECORD_MAX = 4096


def lock_path(path: Path) -> Path:
    """Beside the file itself: a link to it (or another spelling of its path) finds the same lock."""
    return Path(f"{os.path.realpath(path)}.lock")


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as its record says."""

    user: str
    machine: str
    pid: int
    since: str

    def describe(self) -> str:
        """ "an trên máy “PC-01” (tiến trình 4242, từ ngày 02 tháng 12 năm 2026 lúc 08:43:51)"."""
        who = self.user or "một người dùng"
        return f"{who} trên máy “{self.machine or '?'}” (tiến trình {self.pid}, từ {self.since_text()})"

    def since_text(self) -> str:
        """When the holder took the file, in this computer's time to the second ("?" if unknown)."""
        return local_time(self.since, official=True) or "?"


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows set-ups
        user = ""
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return Holder(user, platform.node(), os.getpid(), now)


def _try_lock(handle: IO[bytes]) -> bool:
    """An exclusive lock of the handle itself, without waiting (see the module docstring)."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_REGION)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_REGION)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def held_here(path: Path) -> Holder | None:
    """Who in this process holds ``path``'s edit lock, or None."""
    lock = EditLock._held.get(_key(path))
    return lock.holder if lock is not None else None


def connected_here(path: Path) -> bool:
    """A connection of this process edits ``path``: its SQLite locks (POSIX record locks) would
    go with any descriptor of the file this process closed, so nothing here may open it with
    plain file I/O (``header.read_header`` refuses, ``check.private_copy`` reads through SQLite)."""
    lock = EditLock._held.get(_key(path))
    return lock is not None and lock.connected


def read_holder(path: Path) -> Holder | None:
    """The record of ``path``'s lock file, if there is a readable one."""
    try:
        with lock_path(path).open("rb") as handle:
            data = json.loads(handle.read(_RECORD_MAX).decode("utf-8"))
        return Holder(str(data["user"])[:100], str(data["machine"])[:100], int(data["pid"]), str(data["since"])[:40])
    except (OSError, ValueError, KeyError, TypeError):  # none, or a record half written or not ours
        return None


class EditLock:
    """The editing lock of one working file, held from ``acquire`` until ``release``."""

    _held: ClassVar[dict[str, EditLock]] = {}

    def __init__(self, path: Path, handle: IO[bytes], holder: Holder) -> None:
        self.path = path
        self.handle = handle
        self.holder = holder
        self.connected = False  # set by the store once its connection is open (``connected_here``)

    @classmethod
    def acquire(cls, path: Path, user: str = "") -> EditLock | Holder:
        """The lock, or the ``Holder`` who has it (another window, process or machine).

        ``OSError`` when the lock file cannot be made (a read-only folder: then nobody edits)."""
        key = _key(path)
        if key in cls._held:
            return cls._held[key].holder
        target = lock_path(path)
        for _attempt in range(3):
            handle = open(target, "a+b")  # noqa: SIM115 - kept open while the lock is held
            if not _try_lock(handle):
                handle.close()
                return read_holder(path) or Holder("", "", 0, "")
            if _same_file(handle, target):
                break
            handle.close()  # the record was removed by its holder meanwhile: lock the new one
        else:
            return read_holder(path) or Holder("", "", 0, "")
        me = _me()
        holder = Holder(user or me.user, me.machine, me.pid, me.since)
        record = {"user": holder.user, "machine": holder.machine, "pid": holder.pid, "since": holder.since}
        lock = cls(path, handle, holder)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            handle.flush()
        except OSError:  # a full disk: no record, no lock, nothing left beside the file
            lock._give_back()
            raise
        cls._held[key] = lock
        return lock

    def release(self) -> None:
        """Give the file back: the record is removed with the lock (never one of another holder)."""
        key = _key(self.path)
        if self._held.get(key) is not self:
            return
        del self._held[key]
        self._give_back()

    def _give_back(self) -> None:
        target = lock_path(self.path)
        if sys.platform != "win32":
            _remove(target)  # while still locked: nobody else's record can be removed
        try:
            _unlock(self.handle)
        except OSError:
            pass  # the drive is gone: the system drops the lock with the handle
        try:
            self.handle.close()
        except OSError:
            pass  # a buffered record that a full disk refused: the lock goes with the handle
        if sys.platform == "win32":
            _remove(target)  # Windows cannot remove an open file; another holder keeps it open


def _same_file(handle: IO[bytes], target: Path) -> bool:
    """The locked handle is still the file at ``target`` (its holder may have removed it)."""
    try:
        mine, there = os.fstat(handle.fileno()), os.stat(target)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _remove(target: Path) -> None:
    try:
        target.unlink(missing_ok=True)
    except OSError:
        pass
