"""The ``pardesk`` command line: Sở Nội vụ's batch work, scripts and tests.

Only the command names are imported here (``names``), so ``desktop.entry`` can tell a subcommand
from a file without paying for argparse; the parser and the commands load with the first command.
"""

from __future__ import annotations

from collections.abc import Sequence

from .names import COMMANDS

__all__ = ["COMMANDS", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; see ``desktop.cli.commands``."""
    from .commands import main as run

    return run(argv)
