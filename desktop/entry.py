"""The ``pardesk`` entry point: subcommands go to the command line, anything else opens the app.

Kept tiny so that starting the app does not pay for argparse and the command-line modules. On a
machine without a screen the app's place is taken by its command-line equivalent: the scores of
the file it would have opened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .cli import COMMANDS

__all__ = ["main"]


def _is_command(word: str) -> bool:
    """A subcommand, help, or a bare word that is no file (a mistyped command, for a usage error)."""
    if word in (*COMMANDS, "-h", "--help"):
        return True
    return not word.startswith("-") and not Path(word).suffix and not Path(word).exists()


def _has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _headless(files: list[str]) -> int:
    """No screen: print what the window would show, from the same services (the CLI equivalent)."""
    from .app import demo_path
    from .cli import main as cli_main
    from .paths import user_data_folder

    target = Path(files[0]) if files else demo_path(user_data_folder())
    print(f"Không có màn hình: in bảng điểm của {target} (cửa sổ cần màn hình).", file=sys.stderr)
    return cli_main(["score", str(target)])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and _is_command(args[0]):
        from .cli import main as cli_main

        return cli_main(args)
    if "--smoke-test" not in args and not _has_screen():
        return _headless([a for a in args if not a.startswith("--")])
    from .app import main as app_main

    return int(app_main(args))
