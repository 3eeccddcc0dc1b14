"""The real-window check of ``.ci/run`` (``.ci/xvfb-check``) fails when a library the window needs is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool")
def test_the_real_window_check_fails_without_a_library_the_window_needs(tmp_path):
    (tmp_path / "libxcb-icccm.so.4").write_bytes(b"")  # present but unloadable, as a missing package is
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "xvfb-check")], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "the window did not appear" in done.stderr and "xcb" in done.stderr
