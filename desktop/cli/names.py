"""The subcommand names, apart from the parser so ``pardesk FILE`` can be told from a command cheaply."""

from __future__ import annotations

__all__ = ["COMMANDS"]

COMMANDS = (
    "templates",
    "new",
    "set",
    "score",
    "settings",
    "demo",
    "import-xlsx",
    "export-xlsx",
    "pdf",
    "evidence",
    "pack",
    "verify",
    "receive",
    "round",
    "assemble",
    "compare",
)
