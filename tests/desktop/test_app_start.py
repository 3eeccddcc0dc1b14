"""Start-up loads what the first paint needs and nothing else; what the first edit needs comes after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# Run in a fresh interpreter: the test process has long imported everything.
PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from desktop.app import main

LATER = ("desktop.documents", "openpyxl", "reportlab", "pypdfium2", "docx", "sqlite_utils")
loaded = lambda: sorted({m.split(".")[0] if not m.startswith("desktop") else ".".join(m.split(".")[:2])
                         for m in sys.modules if m.startswith(LATER)})
app, window = main([sys.argv[1]], exec=False)
shown = loaded()
from PySide6.QtCore import QCoreApplication
if QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel":
    raise SystemExit("Qt's texts were installed before the first paint")

class Painted(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            Painted.done = True
        return False

watcher = Painted()
window.view.viewport().installEventFilter(watcher)
while not Painted.done:
    app.processEvents()
painted = loaded()
for _ in range(50):
    app.processEvents()
from PySide6.QtCore import QCoreApplication
cancel = lambda: QCoreApplication.translate("QPlatformTheme", "Cancel")
print(json.dumps({"shown": shown, "painted": painted, "after": loaded(), "cancel": cancel()}))
"""


def test_the_window_paints_before_the_services_of_later_actions_are_loaded(tmp_path):
    from desktop.demo import write_demo

    demo = write_demo(tmp_path / "demo.sqlite")  # here: writing a file loads the editing library
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(demo)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["shown"] == seen["painted"] == []  # print, Excel, Word and the editing library wait
    assert seen["after"] == ["sqlite_utils"]  # loaded for the first edit once the window is up
    assert seen["cancel"] == "Hủy"  # Qt's own texts: in Vietnamese once the window is up, not before
