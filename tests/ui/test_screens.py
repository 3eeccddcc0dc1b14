"""The window on the screens officers have: 1366 × 768 and 1280 × 720 at 100 %, 1920 × 1080 at
125 % and 150 %. Each runs the real app in its own process (scaling is fixed at start), writes a
screenshot for a person to look at (README: "Screenshots") and checks nothing is off-screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("PARDESK_SCREENSHOTS", ROOT / "screenshots"))
SCREENS = [
    ("1366x768", 1366, 768, None),
    ("1280x720", 1280, 720, None),
    ("1920x1080-125", 1920, 1080, "1.25"),
    ("1920x1080-150", 1920, 1080, "1.5"),
]


@pytest.mark.parametrize(("name", "width", "height", "scale"), SCREENS, ids=[s[0] for s in SCREENS])
def test_the_window_fits_the_screen(name, width, height, scale):
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"main-window-{name}.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    if scale:
        env["QT_SCALE_FACTOR"] = scale
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_shot", str(out), str(width), str(height)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    checks = json.loads(done.stdout.strip().splitlines()[-1])
    area = checks["screen"]
    assert checks["inside"], checks  # the whole window, frame included, on the screen
    assert checks["outside_on"] == [], checks  # and still once Tổng quan, Thẩm định… have been opened
    assert checks["minimum"][0] <= area[0] and checks["minimum"][1] <= area[1] - 40, checks
    assert checks["side_visible"] and checks["status_visible"] and checks["summary_visible"], checks
    assert checks["toolbar_hidden"] == [], checks  # no toolbar button pushed into the overflow
    assert checks["row_height"] > checks["font_height"], checks
    assert out.stat().st_size > 20_000
