"""The one refusal type every layer shares: a request declined, with the reason for the officer.

It is deliberately not a ``ValueError``: a refusal is caught and shown politely, while a
``ValueError`` from a bug must reach the crash handler (logged, with its traceback), not be
dressed up as "the value was refused".
"""

from __future__ import annotations

__all__ = ["Refusal"]


class Refusal(Exception):
    """Input, a file or an action that cannot be accepted; ``str(error)`` is the Vietnamese reason.

    Whoever raises it guarantees that nothing was written (or that what was written is whole).
    """
