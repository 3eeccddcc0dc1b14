"""The ``pardesk`` entry point: subcommands go to the command line, anything else opens the app.

Kept tiny so that starting the app does not pay for argparse and the command-line modules.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["COMMANDS", "main"]

COMMANDS = ("templates", "new", "set", "score", "settings", "demo", "import-xlsx", "export-xlsx", "pdf")


def _is_command(word: str) -> bool:
    """A subcommand, help, or a bare word that is no file (a mistyped command, for a usage error)."""
    if word in (*COMMANDS, "-h", "--help"):
        return True
    return not word.startswith("-") and not Path(word).suffix and not Path(word).exists()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and _is_command(args[0]):
        from .cli import main as cli_main

        return cli_main(args)
    from .app import main as app_main

    return int(app_main(args))
