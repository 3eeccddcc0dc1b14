"""The fuzz harness: scale, seed, counts, and what every run must hold (issue 14).

``PARDESK_FUZZ`` chooses how much: unset, a quick pass inside the ordinary test run; ``ci`` what
``.ci/run`` reports (≥ 1 000 assessment mutants, ≥ 300 .xlsx mutants, 50 kills); ``long`` ten
times that; a number multiplies the quick pass. ``PARDESK_FUZZ_SEED`` changes the seed (default:
fixed, so a run is reproducible). Every command must exit with a documented code (0–3; 4 is a
bug), print no traceback, finish within ``HANG_SECONDS``, and leave what it reads unchanged.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

_SCALES = {
    "quick": {"assessment": 40, "xlsx": 20, "formulas": 300, "kills": 3},
    "ci": {"assessment": 1400, "xlsx": 400, "formulas": 3000, "kills": 50},  # ≥ 1 000 and ≥ 300 differ
    "long": {"assessment": 10_000, "xlsx": 3000, "formulas": 30_000, "kills": 500},
}
HANG_SECONDS = 10.0
DOCUMENTED = (0, 1, 2, 3)  # DESIGN.md §10 and the README; 4 means a bug


def scale() -> dict[str, int]:
    chosen = os.environ.get("PARDESK_FUZZ", "quick")
    if chosen.isdigit():
        return {k: v * int(chosen) for k, v in _SCALES["quick"].items()}
    return _SCALES.get(chosen, _SCALES["quick"])


def seed() -> int:
    return int(os.environ.get("PARDESK_FUZZ_SEED", "20261201"))


@dataclass
class Tally:
    """What the harness did, printed at the end of the session."""

    counts: Counter[str] = field(default_factory=Counter)
    codes: Counter[int] = field(default_factory=Counter)
    slowest: float = 0.0


TALLY = Tally()


class Hang(BaseException):  # noqa: N818 - not an Exception: the CLI's own handler must not catch it
    """A run still going after twice ``HANG_SECONDS``: stopped so the suite never hangs."""


@contextmanager
def hang_guard(seconds: float = 2 * HANG_SECONDS) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """Run ``pardesk`` in process; returns (exit code, stderr) after the checks every run must pass."""
    import desktop.errors
    from desktop.cli.commands import main

    bugs: list[str] = []

    def record(error: BaseException, *, context: str = "") -> object:
        bugs.append(context + "\n" + "".join(traceback.format_exception(error)))
        return "(fuzz: not logged)"

    monkeypatch.setattr(desktop.errors, "log_unexpected", record)

    def run(args: Sequence[object]) -> tuple[int, str]:
        capsys.readouterr()
        started = time.perf_counter()
        with hang_guard():
            code = main([str(a) for a in args])
        elapsed = time.perf_counter() - started
        err = capsys.readouterr().err
        TALLY.codes[code] += 1
        TALLY.counts["commands"] += 1
        TALLY.slowest = max(TALLY.slowest, elapsed)
        assert not bugs, bugs[0]
        assert code in DOCUMENTED, (args, code, err)
        assert "Traceback" not in err, (args, err)
        assert elapsed <= HANG_SECONDS, (args, elapsed)
        return code, err

    return run


@pytest.fixture(scope="session")
def qapp(qapp_args):  # noqa: ANN001, ANN201 - pytest-qt's fixture, in test mode (never the real settings)
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(qapp_args)
    app.setOrganizationName("PAR Desk fuzz")
    app.setApplicationName("PAR Desk fuzz")
    return app


# What ``.ci/run`` promises (issue 14): mutants that really differ from their base, and kills.
CI_FLOORS = {"assessment mutants": 1000, "xlsx mutants": 300, "kills": 50}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In the CI run, fewer mutants than promised fails the run (a harness that stopped mutating)."""
    if os.environ.get("PARDESK_FUZZ") != "ci" or exitstatus != 0:
        return
    short = {name: TALLY.counts[name] for name, floor in CI_FLOORS.items() if TALLY.counts[name] < floor}
    if short:
        print(f"fuzz: fewer than promised {short} (floors {CI_FLOORS})", file=sys.stderr)
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY.counts:
        return
    counts = ", ".join(f"{name} {count}" for name, count in sorted(TALLY.counts.items()))
    codes = ", ".join(f"{code}: {count}" for code, count in sorted(TALLY.codes.items()))
    failed = len(terminalreporter.stats.get("failed", []))
    terminalreporter.write_line(
        f"fuzz ({os.environ.get('PARDESK_FUZZ', 'quick')}, seed {seed()}): {counts}; exit codes {codes}; "
        f"slowest run {TALLY.slowest:.2f} s; failing tests {failed} "
        "(a traceback, a hang over 10 s, a changed input or an undocumented exit code fails its test)"
    )
    sys.stdout.flush()
