"""Where PAR Desk keeps its own files on the user's computer: the demo copy and the error log.

The same folder Qt's ``QStandardPaths.AppDataLocation`` gives the window (organisation and
application "PAR Desk"), worked out without Qt so the command line agrees with the app.
``PARDESK_DATA_DIR`` overrides it (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["user_data_folder"]

_NAME = Path("PAR Desk") / "PAR Desk"


def user_data_folder() -> Path:
    """The per-user data folder (not created here)."""
    override = os.environ.get("PARDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / _NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / _NAME
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / _NAME
