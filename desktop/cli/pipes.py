"""A reader that stops reading is not an error: ``pardesk set … 2>&1 | head`` completes its work.

When the other end of stdout or stderr is closed (``head`` had its lines), a write raises
``BrokenPipeError`` — in the middle of a command whose work may not be done, and again when Python
flushes the stream at exit. Each stream is wrapped so that from the first broken write on, its
output goes to the null device: the command finishes, and its exit code is its own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["reader_may_leave"]


class _Quiet:
    """A text stream whose writes are dropped once its reader has gone."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._leave()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._leave()

    def _leave(self) -> None:
        """Point the descriptor at the null device, so that the exit's flush has nowhere to fail."""
        self.gone = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self.stream.fileno())
            finally:
                os.close(null)
        except (OSError, ValueError, AttributeError):
            pass  # no descriptor (a test's captured stream): dropping the writes is enough

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` that survive a closed pipe, for one command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Quiet(saved[0]), _Quiet(saved[1])
    try:
        yield
    finally:
        for quiet in (sys.stdout, sys.stderr):
            quiet.flush()
        sys.stdout, sys.stderr = saved
