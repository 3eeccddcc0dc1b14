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


def _debian_package(soname: str) -> str:
    """Debian's name for a library's package: libxcb-icccm.so.4 → libxcb-icccm4, libX11.so.6 → libx11-6."""
    name, _, version = soname.partition(".so.")
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _apt_packages(text: str, start: str) -> set[str]:
    block = text[text.index(start) :]
    block = block[: block.index("\n\n")] if "\n\n" in block else block
    return {word for word in block.replace("\\", " ").split() if word.startswith("lib")}


@pytest.mark.skipif(not shutil.which("ldd"), reason="needs ldd")
def test_the_readme_and_ci_list_every_x_library_the_window_loads():
    """Before: libxcb-icccm4 and libxcb-keysyms1 were missing from the README's list and .ci/run,
    and pardesk aborted with a display until they were installed."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    done = subprocess.run(
        ["ldd", str(qt / "plugins" / "platforms" / "libqxcb.so"), str(qt / "lib" / "libQt6XcbQpa.so.6")],
        check=True,
        capture_output=True,
        text=True,
    )
    sonames = {line.split()[0] for line in done.stdout.splitlines() if "=>" in line}
    x_libraries = {_debian_package(s) for s in sonames if s.lower().startswith(("libx11", "libxcb", "libxkb"))}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0"} <= x_libraries
    readme = _apt_packages((ROOT / "README.md").read_text(encoding="utf-8"), "apt-get install libegl1")
    ci = _apt_packages((ROOT / ".ci" / "run").read_text(encoding="utf-8"), "apt-get install -y")
    assert not x_libraries - readme, sorted(x_libraries - readme)
    assert not readme - ci, sorted(readme - ci)  # CI installs what users are told to
